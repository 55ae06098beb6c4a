package lianxin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import lianxin.db.EmbeddedDatabase;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node stopped the way a service manager stops it (SIGTERM) writes the replay beacons it still holds, before it
 * stops its embedded PostgreSQL. The node runs as {@code scripts/run} starts it by default (embedded database in
 * DATA_DIR) and flushes only once an hour here (PLAYS_FLUSH), so every beacon counted was written by the stop.
 */
@ExtendWith(VertxExtension.class)
@Slow
class PlaysOnStopTest {

  private static final String PASSWORD = "stop-test-password-1";

  @Test
  void beaconsHeldInMemoryAreWrittenWhenTheNodeIsStopped(Vertx vertx) throws Exception {
    Path data = Files.createTempDirectory("lianxin-plays-stop");
    try (Node node = Node.start(Map.of("DEMO", "0", "LIANXIN_ADMIN_PASSWORD", PASSWORD, "DATA_DIR", data.toString(),
        // PLAYS_GRACE lifted: the beacons below claim their seconds at once.
        "PLAYS_FLUSH", "1h", "PLAYS_GRACE", "86400")).awaitHealthy(Duration.ofSeconds(90))) {
      Http anonymous = Http.anonymous(vertx, node.port);
      Seed seed = new Seed(anonymous.as(anonymous.signIn("admin", PASSWORD)));
      long episode = seed.episode(seed.room(), "社区医院就医指南", "2024-09-06T19:30:00+08:00", "2024-09-06T20:30:00+08:00")
        .getLong("id");
      for (String viewer : new String[] {"viewer-a", "viewer-b", "viewer-c"}) {
        String session = Seed.unique(viewer);
        assertEquals(204, beacon(anonymous, episode, session, 30, 30).status());
        assertEquals(204, beacon(anonymous, episode, session, 60, 30).status());
      }
      Http.Reply held = anonymous.get("/api/episodes/" + episode + "/metrics");
      assertEquals(0, held.json().getJsonObject("replay").getLong("watchSeconds"), "held in memory until the stop");

      node.terminate(Duration.ofSeconds(30));

      // The node's PostgreSQL is stopped with it; start it again to read what was written.
      EmbeddedDatabase db = EmbeddedDatabase.start(data.resolve("pg"));
      try {
        assertEquals(3 * 60, watchSeconds(db.url(), episode), "written by the stop:\n" + node.output());
      } finally {
        db.close();
      }
    }
  }

  private static Http.Reply beacon(Http http, long episode, String session, int position, int watched) {
    return http.post("/api/episodes/" + episode + "/plays",
      new JsonObject().put("sessionId", session).put("position", position).put("watchedSeconds", watched));
  }

  private static long watchSeconds(String url, long episode) throws Exception {
    try (Connection c = TestDb.jdbc(url);
         ResultSet r = c.createStatement().executeQuery("SELECT coalesce(sum(watched_seconds), 0) FROM replay_sessions WHERE episode_id = " + episode)) {
      r.next();
      return r.getLong(1);
    }
  }
}
