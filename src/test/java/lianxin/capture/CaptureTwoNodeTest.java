package lianxin.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two server processes on one database and one MEDIA_DIR, both planning captures (2 s lead, 3 s grace): the
 * episode is captured once. The node recording it is killed with SIGKILL mid-window; the other takes the capture
 * over, records the gap, and makes the one recording, which archives.
 */
@ExtendWith(VertxExtension.class)
@Slow
class CaptureTwoNodeTest {

  static Node a;
  static Node b;

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
  }

  @Test
  void twoNodesCaptureAnEpisodeOnceAndTheSurvivorTakesOver(Vertx vertx) throws Exception {
    String url = TestDb.fresh("capture_nodes");
    Path media = Clips.tempDir("lianxin-capture-media");
    Path data = Clips.tempDir("lianxin-capture-data");
    Path live = Clips.video(Clips.tempDir("lianxin-capture-source"), "live.mp4", 60, 320, 240);
    Map<String, String> env = Map.of("DATABASE_URL", url, "DEMO", "0", "DATA_DIR", data.toString(),
      "MEDIA_DIR", media.toString(), "LIANXIN_ADMIN_PASSWORD", "capture-admin-password",
      "CAPTURE_LEAD", "2s", "CAPTURE_GRACE", "3s", "CAPTURE_FILE_ROOT", live.getParent().toString());
    a = Node.start(env).awaitHealthy(Duration.ofSeconds(90));
    b = Node.start(env).awaitHealthy(Duration.ofSeconds(90));
    Http anonymous = Http.anonymous(vertx, a.port);
    Http http = anonymous.as(anonymous.signIn("admin", "capture-admin-password"));
    Http httpB = Http.anonymous(vertx, b.port).as(anonymous.signIn("admin", "capture-admin-password"));
    Seed seed = new Seed(http);

    long room = seed.room();
    assertEquals(200, http.patch("/api/rooms/" + room, new JsonObject().put("captureUrl", live.toString())).status());
    OffsetDateTime starts = OffsetDateTime.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
    long episode = seed.episode(room, "两个节点", starts.toString(), starts.plusSeconds(36).toString()).getLong("id");

    JsonObject recording = Recordings.awaitCapture(http, episode, c -> c.getInteger("segments") >= 1, Duration.ofSeconds(40));
    String first = recording.getString("node");
    Node owner = first.startsWith(a.pid() + "@") ? a : b;
    Node survivor = owner == a ? b : a;
    Http survivorHttp = owner == a ? httpB : http;
    // The node's machine dies: SIGKILL for it and its FFmpeg alike; no goodbye, its job's heartbeat just stops.
    List<ProcessHandle> children = ProcessHandle.of(owner.pid()).orElseThrow().descendants().toList();
    owner.close();
    children.forEach(ProcessHandle::destroyForcibly);

    JsonObject taken = Recordings.awaitCapture(survivorHttp, episode, c -> !first.equals(c.getString("node"))
      && c.getJsonArray("gaps").size() == 1 && c.getJsonArray("gaps").getJsonObject(0).getString("endedAt") != null,
      Duration.ofSeconds(40));
    assertTrue(taken.getString("node").startsWith(survivor.pid() + "@"), taken.encode());
    JsonObject done = Recordings.awaitCapture(survivorHttp, episode, c -> c.getLong("recordingId") != null, Duration.ofSeconds(60));
    assertEquals("done", done.getString("status"));
    double gap = done.getJsonArray("gaps").getJsonObject(0).getDouble("seconds");
    assertTrue(gap >= 4 && gap <= 30, "takeover gap " + gap + " s");

    JsonObject archived = Recordings.await(survivorHttp, done.getLong("recordingId"),
      r -> List.of("archived", "failed").contains(r.getString("status")), Duration.ofSeconds(120));
    assertEquals("archived", archived.getString("status"), archived.encodePrettily());
    // The window was 41 s: what was recorded is the window less the gap (and the killed node's unfinished segment
    // is inside that gap), give or take the segment and start-up edges.
    double duration = archived.getDouble("durationSeconds");
    System.out.println("capture takeover test: gap " + gap + " s, recorded " + duration + " s of a 41 s window");
    assertTrue(duration >= 41 - gap - 12 && duration <= 41 - gap + 3, "recorded " + duration + " s with a gap of " + gap + " s");

    try (Connection c = TestDb.jdbc(url)) {
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM captures WHERE episode_id = " + episode));
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM recordings WHERE episode_id = " + episode));
      assertEquals("2", TestDb.one(c, "SELECT count(DISTINCT r.node) FROM capture_runs r JOIN captures c ON c.id = r.capture_id"
        + " WHERE c.episode_id = " + episode + " AND r.first_output IS NOT NULL"));
    }
    assertNotEquals(first, done.getString("node"));
  }
}
