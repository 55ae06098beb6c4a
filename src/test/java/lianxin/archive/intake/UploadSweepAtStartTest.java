package lianxin.archive.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import lianxin.support.Await;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A node SIGKILLed mid-upload leaves its partial file; the next node to start sweeps it before it listens, even
 * when the recurring sweep is not due for an hour. Server processes of their own, on their own database and
 * MEDIA_DIR; a fresh partial file (another node still streaming) stays.
 */
@ExtendWith(VertxExtension.class)
@Slow
class UploadSweepAtStartTest {

  static final String PASSWORD = "sweep-admin-password";

  static List<Path> parts(Path uploads) throws Exception {
    try (Stream<Path> files = Files.list(uploads)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
    }
  }

  @Test
  void aNodeKilledMidUploadLeavesAPartialFileThatTheNextStartDeletes(Vertx vertx) throws Exception {
    Path media = Clips.tempDir("lianxin-sweep-media");
    Path uploads = Files.createDirectories(media.resolve("uploads"));
    String db = TestDb.fresh("sweep");
    Map<String, String> env = Map.of("DATABASE_URL", db, "DEMO", "0", "MEDIA_DIR", media.toString(),
      "DATA_DIR", Clips.tempDir("lianxin-sweep-data").toString(), "LIANXIN_ADMIN_PASSWORD", PASSWORD);

    Path killed;
    long episode;
    try (Node first = Node.start(env)) {
      first.awaitHealthy(Duration.ofSeconds(90));
      Http http = Http.admin(vertx, first.port, PASSWORD);
      Seed seed = new Seed(http);
      episode = seed.episode(seed.room(), "断电", "2031-08-01T10:00:00+08:00", "2031-08-01T11:00:00+08:00").getLong("id");
      try (Socket socket = new Socket("localhost", first.port)) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/episodes/" + episode + "/recordings HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
          + http.token() + "\r\nContent-Type: video/mp4\r\nContent-Length: 2000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[300_000]);
        out.flush();
        killed = Await.until("the upload's partial file", Duration.ofSeconds(10), () -> {
          try {
            return parts(uploads);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, l -> !l.isEmpty()).get(0);
        first.close(); // SIGKILL, mid-body: nothing of the node runs to clean up
        first.awaitExit(Duration.ofSeconds(10));
      }
    }
    assertTrue(Files.exists(killed), "a killed node leaves its partial file");
    // An hour and more later, with the recurring sweep not due for another hour: only the start's sweep can act.
    Files.setLastModifiedTime(killed, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    Path streaming = Files.write(uploads.resolve(UUID.randomUUID() + ".part"), new byte[4096]);
    try (Connection c = TestDb.jdbc(db)) {
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'upload-sweep'"));
      c.createStatement().execute("UPDATE scheduled_tasks SET execution_time = now() + interval '1 hour' WHERE task_name = 'upload-sweep'");
    }

    try (Node second = Node.start(env)) {
      second.awaitHealthy(Duration.ofSeconds(90));
      assertFalse(Files.exists(killed), second.output());
      assertTrue(Files.exists(streaming), second.output());
      try (Connection c = TestDb.jdbc(db)) {
        assertEquals("0", TestDb.one(c, "SELECT count(*) FROM recordings WHERE episode_id = " + episode));
        // Still one recurring execution, whichever node runs it each period.
        assertEquals("1", TestDb.one(c, "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'upload-sweep'"));
      }
    }
  }
}
