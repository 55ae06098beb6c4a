package lianxin.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL restarts while an archive job runs: the job finishes (retrying with backoff if it must), the recording
 * is archived, and the server stays healthy. Its own PostgreSQL, stopped and started on the same folder and port.
 */
@ExtendWith(VertxExtension.class)
@Slow
class PostgresRestartTest {

  static final String PASSWORD = "restart-test-password";

  @Test
  void jobSurvivesAPostgresRestart(Vertx vertx) throws Exception {
    Path pgDir = Clips.tempDir("lianxin-restart-pg");
    int pgPort = Node.freePort();
    EmbeddedPostgres pg = postgres(pgDir, pgPort);
    String db = "postgresql://postgres:postgres@localhost:" + pgPort + "/postgres";
    Path data = Clips.tempDir("lianxin-restart");
    Path clip = Clips.tempDir("lianxin-restart-clip").resolve("legacy.mp4");
    // Nothing to copy: seconds of encoding, so the restart lands inside the job.
    Clips.ffmpeg("-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=20", "-f", "lavfi", "-i", "sine=duration=20",
      "-c:v", "mpeg4", "-q:v", "6", "-c:a", "aac", clip.toString());

    try (Node node = Node.start(Map.of("DATABASE_URL", db, "DATA_DIR", data.toString(), "DEMO", "0",
      "LIANXIN_ADMIN_PASSWORD", PASSWORD, "TRANSCODES", "1")).awaitHealthy(Duration.ofSeconds(150))) {
      Http http = Http.admin(vertx, node.port, PASSWORD);
      Seed seed = new Seed(http);
      long episode = seed.episode(seed.room(), "数据库重启", "2031-03-01T19:30:00+08:00", "2031-03-01T20:30:00+08:00").getLong("id");
      Http.Reply accepted = http.bytes(HttpMethod.POST, "/api/episodes/" + episode + "/recordings",
        Buffer.buffer(Files.readAllBytes(clip)), "video/mp4");
      assertEquals(202, accepted.status(), accepted.body());
      long id = accepted.json().getLong("id");
      Recordings.await(http, id, r -> "package".equals(r.getString("stage")) && r.getDouble("percent") > 5, Duration.ofSeconds(60));

      long room = seed.room();
      pg.close();
      assertTrue(http.get("/api/health").status() >= 500, "health should say the database is away");
      // Any other request that needs the database says so too, rather than "internal error".
      Http.Reply away = http.post("/api/rooms/" + room + "/columns", new JsonObject().put("name", "停库期间"));
      assertEquals(503, away.status(), away.body());
      assertEquals("database", away.json().getString("error"), away.body());
      // Time passing is the point: the database stays away for seconds, not a blip, while the job runs on.
      Node.sleep(3000);
      pg = postgres(pgDir, pgPort);
      try {
        JsonObject done = Recordings.await(http, id, r -> !List.of("queued", "processing").contains(r.getString("status")),
          Duration.ofSeconds(120));
        assertEquals("archived", done.getString("status"), done.encodePrettily() + "\n" + node.output());
        assertEquals(200, http.get(done.getJsonObject("media").getString("master")).status());
        assertEquals(200, http.get("/api/health").status());
        // Requests keep working on the reconnected pool, writes included.
        assertEquals(201, http.post("/api/rooms/" + seed.room() + "/columns", new JsonObject().put("name", "重启之后")).status());
        try (Connection c = TestDb.jdbc(db)) {
          assertEquals("1", TestDb.one(c, "SELECT count(*) FROM recordings WHERE episode_id = " + episode));
          // No archive job left (the upload sweep's recurring row stays, as it should).
          assertEquals("0", TestDb.one(c, "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'archive-recording'"));
        }
      } finally {
        node.close();
        pg.close();
      }
    }
  }

  private static EmbeddedPostgres postgres(Path dir, int port) throws java.io.IOException {
    return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
      .setLocaleConfig("encoding", "UTF8").setLocaleConfig("locale", "C.UTF-8").start();
  }
}
