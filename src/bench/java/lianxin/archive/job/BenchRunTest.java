package lianxin.archive.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import lianxin.support.Clips;
import org.junit.jupiter.api.Test;
import lianxin.archive.ffmpeg.Probe;

/** The benchmark's naive baseline, as argument lists: each rendition decodes and encodes on its own. */
class BenchRunTest {

  @Test
  void baselineDecodesOncePerOutput() {
    Path dir = Clips.tempDir("lianxin-bench-args");
    List<List<String>> commands = BenchRun.naiveCommands(Path.of("/m/src.mp4"), dir, new Probe(600, 3_000_000, "h264", 1280, 720, "aac"))
      .stream().map(b -> b.build()).toList();
    assertEquals(5, commands.size());
    assertEquals(List.of("-y", "-v", "error", "-nostdin", "-i", "/m/src.mp4", "-f", "hls", "-map", "0:v:0", "-map", "0:a:0",
        "-vf", "scale=-2:360", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-c:a", "aac", "-b:a", "128k",
        "-hls_time", "4", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
        "-hls_segment_filename", dir.resolve("360/seg%05d.m4s").toString(), dir.resolve("360/index.m3u8").toString()),
      commands.get(1));
    assertEquals(List.of("-y", "-v", "error", "-nostdin", "-i", "/m/src.mp4", "-map", "0:v:0", "-vf", "fps=1/6,scale=160:90,tile=10x10",
      "-frames:v", "1", "-update", "1", dir.resolve("sprite.jpg").toString()), commands.get(4));
  }
}
