package lianxin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.support.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the host desk is told about the stream it sends, measured as on a node: HLS cut like the live source copy
 * (2 s, at keyframes) from a stream with keyframes every second, and from one with keyframes every 6 s.
 */
@Slow
class IngestHealthTest {

  static final FfmpegRunner TOOLS = new FfmpegRunner("ffmpeg", "ffprobe");

  static Path stream(Path dir, int gop) throws Exception {
    Files.createDirectories(dir);
    Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
      "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "14", "-c:v", "libx264", "-preset", "ultrafast",
      "-g", String.valueOf(gop), "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k",
      "-f", "hls", "-hls_time", String.valueOf(LiveCommands.SEGMENT_SECONDS), "-hls_list_size", "10",
      dir.resolve("index.m3u8").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    return dir;
  }

  @Test
  void keyframesEverySecondAreFine() throws Exception {
    JsonObject h = IngestHealth.measure(stream(Files.createTempDirectory("lianxin-health").resolve("src"), 25), TOOLS);
    assertEquals(25.0, h.getDouble("frameRate"), 0.01, h.encode());
    assertTrue(h.getBoolean("keyframeAtMost"), h.encode());
    assertEquals(2.0, h.getDouble("keyframeSeconds"), 0.11, h.encode());
    assertTrue(h.getLong("bitrateKbps") > 64, h.encode());
    assertEquals(new JsonArray(), h.getJsonArray("warnings"));
  }

  @Test
  void keyframesEverySixSecondsAreWarnedAbout() throws Exception {
    JsonObject h = IngestHealth.measure(stream(Files.createTempDirectory("lianxin-health").resolve("src"), 150), TOOLS);
    assertEquals(6.0, h.getDouble("keyframeSeconds"), 0.11, h.encode());
    assertEquals(false, h.getBoolean("keyframeAtMost"), h.encode());
    assertEquals(new JsonArray().add("keyframe"), h.getJsonArray("warnings"));
  }

  @Test
  void nothingBeforeTheFirstSegment(@TempDir Path dir) throws Exception {
    assertNull(IngestHealth.measure(dir, TOOLS));
    Files.writeString(dir.resolve("index.m3u8"), "#EXTM3U\n#EXT-X-TARGETDURATION:2\n");
    assertNull(IngestHealth.measure(dir, TOOLS));
  }

  @Test
  void theMedianIsTheMiddleLength() {
    assertEquals(2.0, IngestHealth.median(java.util.List.of(2.0, 6.0, 2.0)));
    assertEquals(4.0, IngestHealth.median(java.util.List.of(2.0, 6.0)));
  }
}
