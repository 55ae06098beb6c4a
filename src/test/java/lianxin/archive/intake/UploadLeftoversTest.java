package lianxin.archive.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import lianxin.db.Databases;
import lianxin.media.LocalMediaStore;
import lianxin.support.Await;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.TestDb;
import lianxin.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What uploads leave behind in MEDIA_DIR, against the shared node's real PostgreSQL and folder: a one-shot upload cut
 * mid-body deletes its partial file at once; the sweep ({@link UploadSweep}, called directly rather than waiting for
 * its schedule) deletes a killed node's stale partial files but not fresh ones, and expires resumable uploads
 * untouched for UPLOAD_EXPIRY (their file deleted, later chunks 410) but not recent or busy ones.
 */
@ExtendWith(VertxExtension.class)
class UploadLeftoversTest {

  static Http http;
  static Seed seed;
  static String token;
  static Path media;
  static Pool pool;
  static UploadSweep sweep;

  @BeforeAll
  static void start(Vertx vertx) throws IOException {
    http = Http.local(vertx);
    seed = new Seed(http);
    token = Http.anonymous(vertx, TestServer.port()).signIn("admin", TestServer.ADMIN_PASSWORD);
    media = TestServer.mediaDir();
    pool = Databases.pool(vertx, Databases.options(TestDb.url()), 4);
    // The shared node's own sweep, with the default expiry; the test moves rows' last activity back instead of waiting.
    sweep = new UploadSweep(vertx, pool, new LocalMediaStore(media), Duration.ofHours(24));
  }

  @AfterAll
  static void close() {
    pool.close().await();
  }

  static long episode() {
    return seed.episode(seed.room(), "上传残留", "2031-07-01T10:00:00+08:00", "2031-07-01T11:00:00+08:00").getLong("id");
  }

  /** Every regular file under originals/ and uploads/, with its size: where a one-shot upload writes. */
  static Map<Path, Long> uploadFiles() {
    Map<Path, Long> files = new HashMap<>();
    for (String folder : new String[] {"originals", "uploads"}) {
      Path dir = media.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> list = Files.list(dir)) {
        list.forEach(p -> {
          try {
            if (Files.isRegularFile(p)) {
              files.put(p, Files.size(p));
            }
          } catch (IOException gone) {
            // renamed or deleted meanwhile
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  static Map<Path, Long> newSince(Map<Path, Long> before) {
    Map<Path, Long> now = uploadFiles();
    now.keySet().removeAll(before.keySet());
    return now;
  }

  @ParameterizedTest(name = "multipart: {0}")
  @ValueSource(booleans = {false, true})
  void anUploadCutMidBodyLeavesNoPartialFileAndNoRecording(boolean multipart) throws Exception {
    long episode = episode();
    Map<Path, Long> before = uploadFiles();
    String boundary = "lianxin-cut-" + UUID.randomUUID();
    byte[] head = multipart ? ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\"\r\n"
      + "Content-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.US_ASCII) : new byte[0];
    int sent = 300_000;
    try (Socket socket = new Socket("localhost", TestServer.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/episodes/" + episode + "/recordings HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: " + (multipart ? "multipart/form-data; boundary=" + boundary : "video/mp4")
        + "\r\nContent-Length: 2000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(head);
      out.write(new byte[sent]);
      out.flush();
      // Cut only once the bytes have landed in a file: the test must see the partial file exist to see it go.
      Map<Path, Long> partial = Await.until("part of the body in a file on the server", Duration.ofSeconds(10),
        () -> newSince(before), m -> m.values().stream().anyMatch(size -> size >= sent / 2));
      assertEquals(1, partial.size(), partial.toString());
      // Under a name of its own until whole: a partial file is never mistaken for an original, so the sweep may
      // delete one that a killed node left (see the next test).
      Path file = partial.keySet().iterator().next();
      assertEquals(media.resolve("uploads"), file.getParent(), file.toString());
      assertTrue(file.getFileName().toString().endsWith(".part"), file.toString());
    }
    Await.until("the cut upload's partial file deleted", Duration.ofSeconds(10), () -> newSince(before).isEmpty());
    try (Connection c = TestDb.jdbc(TestDb.url())) {
      assertEquals("0", TestDb.one(c, "SELECT count(*) FROM recordings WHERE episode_id = " + episode));
    }
    // The node goes on taking uploads; a whole one leaves its original and nothing else.
    Map<Path, Long> beforeWhole = uploadFiles();
    Http.Reply whole = http.bytes(HttpMethod.POST, "/api/episodes/" + episode + "/recordings", Buffer.buffer(new byte[1000]), "video/mp4");
    assertEquals(202, whole.status(), whole.body());
    assertEquals(Map.of(media.resolve(originalKey(whole.json().getLong("id"))), 1000L), newSince(beforeWhole));
  }

  static String originalKey(long recording) throws Exception {
    try (Connection c = TestDb.jdbc(TestDb.url())) {
      return TestDb.one(c, "SELECT original_key FROM recordings WHERE id = " + recording);
    }
  }

  static Path stale(Path file, Duration age) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[1024]);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    return file;
  }

  @Test
  void theSweepDeletesAKilledNodesStalePartialFilesButNotFreshOnes() throws Exception {
    Path uploads = media.resolve("uploads");
    // Left by a node killed mid-upload two hours ago, and by one still streaming on another node (written just now,
    // or 50 minutes ago by a client that paused: still inside the hour's grace).
    Path killed = stale(uploads.resolve(UUID.randomUUID() + ".part"), Duration.ofHours(2));
    Path streaming = stale(uploads.resolve(UUID.randomUUID() + ".part"), Duration.ZERO);
    Path paused = stale(uploads.resolve(UUID.randomUUID() + ".part"), Duration.ofMinutes(50));
    // A resumable upload's file whose row is gone (its episode was deleted), and a file the sweep does not name.
    Path orphan = stale(uploads.resolve(UUID.randomUUID().toString()), Duration.ofHours(2));
    Path foreign = stale(uploads.resolve("README.txt"), Duration.ofHours(2));

    UploadSweep.Swept swept = sweep.run().await();

    assertFalse(Files.exists(killed), swept.toString());
    assertFalse(Files.exists(orphan), swept.toString());
    assertTrue(Files.exists(streaming));
    assertTrue(Files.exists(paused));
    assertTrue(Files.exists(foreign));
    for (Path p : new Path[] {streaming, paused, foreign}) {
      Files.delete(p);
    }
  }

  /** Opens a resumable upload of {@code size} bytes and sends its first {@code first} bytes. */
  static String resumable(long episode, int size, int first) {
    Http.Reply opened = http.post("/api/episodes/" + episode + "/uploads", new JsonObject().put("size", size).put("name", "slow.mp4"));
    assertEquals(201, opened.status(), opened.body());
    String id = opened.json().getString("uploadId");
    Http.Reply chunk = chunk(id, new byte[first], 0, size);
    assertEquals(200, chunk.status(), chunk.body());
    return id;
  }

  static Http.Reply chunk(String upload, byte[] bytes, long start, long size) {
    return http.bytesWith(HttpMethod.PUT, "/api/uploads/" + upload, Buffer.buffer(bytes), "application/octet-stream",
      "content-range", "bytes " + start + "-" + (start + bytes.length - 1) + "/" + size);
  }

  static void sql(String statement) throws Exception {
    try (Connection c = TestDb.jdbc(TestDb.url())) {
      c.createStatement().execute(statement);
    }
  }

  @Test
  void resumableUploadsUntouchedPastTheExpiryExpireAndRecentOnesStay() throws Exception {
    long episode = episode();
    String abandoned = resumable(episode, 3000, 1000);
    String recent = resumable(episode, 3000, 1000);
    String busy = resumable(episode, 3000, 1000);
    Path abandonedFile = media.resolve("uploads/" + abandoned);
    Path recentFile = media.resolve("uploads/" + recent);
    assertEquals(1000, Files.size(abandonedFile));
    // Last chunk 25 hours ago; the recent one's file is old too (a client that paused within the expiry) and stays:
    // its row is open. The busy one has a chunk arriving right now (its lease) although its last activity is old.
    sql("UPDATE uploads SET touched_at = now() - interval '25 hours' WHERE id IN ('" + abandoned + "', '" + busy + "')");
    sql("UPDATE uploads SET busy_until = now() + interval '1 minute' WHERE id = '" + busy + "'");
    Files.setLastModifiedTime(recentFile, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

    // Two nodes sweeping at once: the upload is expired by exactly one of them (or by the node's own schedule).
    var both = Future.all(sweep.run(), sweep.run()).await();
    long times = both.<UploadSweep.Swept>list().stream().mapToLong(s -> s.expired().stream().filter(id -> id.toString().equals(abandoned)).count()).sum();
    assertTrue(times <= 1, "expired " + times + " times");

    assertFalse(Files.exists(abandonedFile));
    try (Connection c = TestDb.jdbc(TestDb.url())) {
      assertEquals("t", TestDb.one(c, "SELECT expired_at IS NOT NULL FROM uploads WHERE id = '" + abandoned + "'"));
      assertEquals("f", TestDb.one(c, "SELECT expired_at IS NOT NULL FROM uploads WHERE id = '" + recent + "'"));
      assertEquals("f", TestDb.one(c, "SELECT expired_at IS NOT NULL FROM uploads WHERE id = '" + busy + "'"));
    }
    Http.Reply late = chunk(abandoned, new byte[1000], 1000, 3000);
    assertEquals(410, late.status(), late.body());
    assertEquals("gone", late.json().getString("error"));
    assertTrue(late.message().contains(abandoned), late.body());
    assertFalse(Files.exists(abandonedFile), "a late chunk must not make the file again");
    Http.Reply status = http.get("/api/uploads/" + abandoned);
    assertEquals(410, status.status(), status.body());
    assertTrue(status.message().contains(abandoned), status.body());

    assertTrue(Files.exists(recentFile));
    Http.Reply next = chunk(recent, new byte[1000], 1000, 3000);
    assertEquals(200, next.status(), next.body());
    assertEquals(2000, next.json().getLong("offset"));
    assertEquals(2000, http.get("/api/uploads/" + recent).json().getLong("offset"));
    assertTrue(Files.exists(media.resolve("uploads/" + busy)));
    assertNull(http.get("/api/uploads/" + busy).json().getValue("recordingId"));
  }
}
