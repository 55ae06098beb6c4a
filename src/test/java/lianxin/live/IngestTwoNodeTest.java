package lianxin.live;

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
import lianxin.support.Await;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Publisher;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two server processes on one database and one MEDIA_DIR, each with its own nginx-rtmp: the publisher streams to
 * one, then reconnects to the other (as through a load balancer) within the grace; the same episode goes on, both
 * nodes record a run of it, and it ends once, with one recording. The grace is 30 s, not 10: on a loaded 2-core
 * machine a new FFmpeg publisher took up to 30 s to reach nginx.
 */
@ExtendWith(VertxExtension.class)
@Slow
class IngestTwoNodeTest {

  static Node a;
  static Node b;

  @AfterAll
  static void stop() {
    for (Node n : new Node[] {a, b}) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void aPublisherMovingToAnotherNodeContinuesTheSameEpisode(Vertx vertx) throws Exception {
    String url = TestDb.fresh("ingest_nodes");
    Path media = Clips.tempDir("lianxin-ingest-media");
    Map<String, String> env = Map.of("DATABASE_URL", url, "DEMO", "0", "MEDIA_DIR", media.toString(),
      "LIANXIN_ADMIN_PASSWORD", "ingest-admin-password", "LIVE_GRACE", "30s", "SECRET_KEY", "two-nodes-share-this-secret");
    a = Node.start(with(env, "DATA_DIR", Clips.tempDir("lianxin-ingest-a").toString())).awaitHealthy(Duration.ofSeconds(240));
    b = Node.start(with(env, "DATA_DIR", Clips.tempDir("lianxin-ingest-b").toString())).awaitHealthy(Duration.ofSeconds(240));
    Http anonymous = Http.anonymous(vertx, a.port);
    String token = anonymous.signIn("admin", "ingest-admin-password");
    Http httpA = anonymous.as(token);
    Http httpB = Http.anonymous(vertx, b.port).as(token);

    long room = new Seed(httpA).room();
    OffsetDateTime starts = OffsetDateTime.now().plusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
    long id = new Seed(httpA).episode(room, "换节点", starts.toString(), starts.plusHours(1).toString()).getLong("id");
    String toA = IngestTest.publishUrl(httpA, room);
    String toB = IngestTest.publishUrl(httpB, room);
    assertEquals(toA.substring(toA.lastIndexOf('/')), toB.substring(toB.lastIndexOf('/')), "one key, whichever node shows it");
    assertNotEquals(toA, toB, "each node its own RTMP port");

    try (Publisher first = Publisher.start(toA, 14)) {
      Await.until("live on node A", Duration.ofSeconds(20), () -> IngestTest.episode(httpB, id),
        e -> "live".equals(e.getString("status")));
      assertEquals(0, first.awaitExit(60), first.output());
    }
    try (Publisher second = Publisher.start(toB, 14)) {
      // The other node takes the publisher: the same episode, still live, one session.
      Await.until("publishing on node B", Duration.ofSeconds(20), () -> session(url, id), s -> s.startsWith("2|" + b.pid() + "@"));
      assertEquals("live", IngestTest.episode(httpA, id).getString("status"));
      assertEquals(0, second.awaitExit(60), second.output());
    }

    Await.until("the episode ended", Duration.ofSeconds(90), () -> IngestTest.episode(httpA, id),
      e -> "ended".equals(e.getString("status")));
    JsonObject capture = Recordings.awaitCapture(httpB, id, c -> c.getLong("recordingId") != null, Duration.ofSeconds(60));
    assertEquals(1, capture.getJsonArray("gaps").size(), capture.encodePrettily());
    JsonObject archived = Recordings.await(httpA, capture.getLong("recordingId"),
      r -> List.of("archived", "failed").contains(r.getString("status")), Duration.ofSeconds(120));
    assertEquals("archived", archived.getString("status"), archived.encodePrettily());
    System.out.println("ingest two-node test: recorded " + archived.getDouble("durationSeconds") + " s of two 14-s publishes");
    try (Connection c = TestDb.jdbc(url)) {
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM episodes WHERE room_id = " + room));
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM recordings WHERE episode_id = " + id));
      assertEquals("2", TestDb.one(c, "SELECT count(DISTINCT r.node) FROM capture_runs r JOIN captures c ON c.id = r.capture_id"
        + " WHERE c.episode_id = " + id + " AND r.first_output IS NOT NULL"));
    }
    assertTrue(IngestTest.episode(httpB, id).getJsonObject("archive") != null);
  }

  static String session(String db, long episode) {
    try (Connection c = TestDb.jdbc(db)) {
      return TestDb.one(c, "SELECT publishes || '|' || coalesce(node, '') FROM live_sessions WHERE episode_id = " + episode);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> with(Map<String, String> env, String key, String value) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put(key, value);
    return all;
  }
}
