package lianxin.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Capture from a live HTTP-FLV source (an FFmpeg process encoding a test pattern and serving it on loopback), on
 * the shared node with the default 2-minute lead: the source drops for 20 s and comes back; the capture
 * reconnects, records one gap of about that length, and the archive made from the segments plays.
 */
@ExtendWith(VertxExtension.class)
@Slow
class CaptureTest {

  static Http http;
  static Seed seed;
  Process source;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  @AfterEach
  void stopSource() {
    if (source != null) {
      source.destroyForcibly();
    }
  }

  /** A live source: a test pattern with a tone, encoded as it plays, served once over HTTP as FLV. */
  static Process live(int port) {
    try {
      return new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "64k", "-f", "flv", "-listen", "1", "http://127.0.0.1:" + port + "/live/room.flv")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aSourceThatDropsFor20SecondsLeavesOneGapAndAPlayableArchive() throws Exception {
    int port = Node.freePort();
    source = live(port);
    long room = seed.room();
    JsonObject patch = http.patch("/api/rooms/" + room, new JsonObject().put("captureUrl", "http://127.0.0.1:" + port + "/live/room.flv")).json();
    // Pages show the kind and host only: the path may hold a stream key.
    assertEquals("http://127.0.0.1:" + port + "/…", patch.getString("captureUrl"));
    OffsetDateTime starts = OffsetDateTime.now().plusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
    long episode = seed.episode(room, "直播录制", starts.toString(), starts.plusHours(1).toString()).getLong("id");

    // The window (start minus the 2-minute lead) is open: the capture starts and its first segments complete.
    JsonObject recording = Recordings.awaitCapture(http, episode, c -> c.getInteger("segments") >= 1, Duration.ofSeconds(40));
    assertEquals("recording", recording.getString("status"));
    // Time passing is the point: a few more seconds of picture before the drop, in a segment cut short by it.
    Node.sleep(4000);

    source.destroy();
    source.waitFor();
    long dropped = System.nanoTime();
    JsonObject gapOpen = Recordings.awaitCapture(http, episode, c -> c.getJsonArray("gaps").size() == 1, Duration.ofSeconds(20));
    assertEquals(null, gapOpen.getJsonArray("gaps").getJsonObject(0).getString("endedAt"));
    // Time passing is the point: the source stays away for 20 s in all.
    Node.sleep(Math.max(0, 20_000 - (System.nanoTime() - dropped) / 1_000_000));
    source = live(port);

    JsonObject back = Recordings.awaitCapture(http, episode, c -> c.getJsonArray("gaps").getJsonObject(0).getString("endedAt") != null,
      Duration.ofSeconds(30));
    double gap = back.getJsonArray("gaps").getJsonObject(0).getDouble("seconds");
    assertTrue(gap >= 18 && gap <= 35, "gap of " + gap + " s for a 20 s drop");
    // Time passing is the point: 12 s more of picture after the return (waiting for one complete segment after it
    // instead once left 19 s in all, under the 20 s the recording must hold).
    Node.sleep(12_000);

    // The host goes live and ends the episode: recording stops and the segments become the recording.
    assertEquals(200, http.post("/api/episodes/" + episode + "/start", null).status());
    assertEquals(200, http.post("/api/episodes/" + episode + "/end", null).status());
    JsonObject done = Recordings.awaitCapture(http, episode, c -> c.getLong("recordingId") != null, Duration.ofSeconds(30));
    assertEquals("done", done.getString("status"));
    JsonObject archived = Recordings.await(http, done.getLong("recordingId"),
      r -> List.of("archived", "failed").contains(r.getString("status")), Duration.ofSeconds(120));
    assertEquals("archived", archived.getString("status"), archived.encodePrettily());
    assertEquals("capture", archived.getString("source"));
    JsonArray gaps = archived.getJsonObject("capture").getJsonArray("gaps");
    assertEquals(1, gaps.size(), gaps.encode());
    // About 14 s before the drop and 12 s or more after it; the gap itself is not in the recording.
    double duration = archived.getDouble("durationSeconds");
    System.out.println("capture drop test: gap " + gap + " s for a 20 s drop, recorded " + duration + " s");
    assertTrue(duration >= 20 && duration <= 45, "recorded " + duration + " s");
    String probed = Recordings.ffprobe("http://localhost:" + TestServer.port() + archived.getJsonObject("media").getString("master"));
    assertTrue(probed.contains("codec_type=video") && probed.contains("codec_type=audio"), probed);
  }
}
