package lianxin.archive.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import lianxin.support.Await;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Chunked uploads with Content-Range over real HTTP: a dropped chunk resumes from the offset the server reports. */
@ExtendWith(VertxExtension.class)
@Slow
class ResumableUploadTest {

  static Http http;
  static Seed seed;
  static String token;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
    token = Http.anonymous(vertx, TestServer.port()).signIn("admin", TestServer.ADMIN_PASSWORD);
  }

  static long episode() {
    return seed.episode(seed.room(), "续传", "2031-06-01T10:00:00+08:00", "2031-06-01T11:00:00+08:00").getLong("id");
  }

  static Http.Reply put(String upload, byte[] bytes, long start, long size) {
    return putRange(upload, bytes, "bytes " + start + "-" + (start + bytes.length - 1) + "/" + size);
  }

  static Http.Reply putRange(String upload, byte[] bytes, String range) {
    return http.bytesWith(HttpMethod.PUT, "/api/uploads/" + upload, Buffer.buffer(bytes), "application/octet-stream",
      "content-range", range);
  }

  /** Sends a chunk's headers and only {@code sent} of its bytes, then drops the connection, as a train tunnel would. */
  static void dropMidChunk(String upload, byte[] chunk, int sent, long size) throws Exception {
    try (Socket socket = new Socket("localhost", TestServer.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /api/uploads/" + upload + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-" + (chunk.length - 1) + "/" + size
        + "\r\nContent-Length: " + chunk.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(chunk, 0, sent);
      out.flush();
      // Dropped only once what was sent has landed: the drop should cut the chunk, not the bytes still in flight.
      Await.until("the first " + sent + " bytes on the server's disk", Duration.ofSeconds(10),
        () -> http.get("/api/uploads/" + upload).json().getLong("offset") >= sent);
    }
  }

  @Test
  void aDroppedChunkResumesFromTheServersOffsetAndTheWholeFileIsHashed() throws Exception {
    Path clip = Clips.video(Clips.tempDir("lianxin-resumable"), "long.mp4", 4, 640, 360);
    byte[] file = Files.readAllBytes(clip);
    long size = file.length;
    long episode = episode();
    Http.Reply opened = http.post("/api/episodes/" + episode + "/uploads", new JsonObject().put("size", size).put("name", "long.mp4"));
    assertEquals(201, opened.status(), opened.body());
    String upload = opened.json().getString("uploadId");
    assertEquals("/api/uploads/" + upload, opened.headers().get("location"));

    // The first chunk (half the file) is cut off after 20,000 bytes; what arrived is kept.
    int half = file.length / 2;
    dropMidChunk(upload, Arrays.copyOfRange(file, 0, half), 20_000, size);
    JsonObject state = http.get("/api/uploads/" + upload).json();
    for (int i = 0; i < 100 && state.getBoolean("receiving"); i++) {
      Node.sleep(100); // until the server has noticed the dropped connection
      state = http.get("/api/uploads/" + upload).json();
    }
    assertEquals(false, state.getBoolean("receiving"), state.encode());
    long offset = state.getLong("offset");
    assertTrue(offset > 0 && offset <= 20_000, "offset after the drop: " + offset);

    // A chunk from the wrong place is refused with the offset to resume from.
    Http.Reply wrong = put(upload, Arrays.copyOfRange(file, half, file.length), half, size);
    assertEquals(409, wrong.status(), wrong.body());
    assertEquals(offset, wrong.json().getJsonObject("details").getLong("offset"));

    Http.Reply middle = put(upload, Arrays.copyOfRange(file, (int) offset, half), offset, size);
    assertEquals(200, middle.status(), middle.body());
    assertEquals(half, middle.json().getLong("offset"));
    Http.Reply last = put(upload, Arrays.copyOfRange(file, half, file.length), half, size);
    assertEquals(202, last.status(), last.body());
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
    assertEquals(sha256, last.json().getString("sha256"));

    JsonObject archived = Recordings.await(http, last.json().getLong("id"),
      r -> List.of("archived", "failed").contains(r.getString("status")), Duration.ofSeconds(90));
    assertEquals("archived", archived.getString("status"), archived.encode());
    assertEquals(sha256, archived.getString("sha256"));
    assertEquals(size, archived.getLong("bytes"));
    assertEquals(last.json().getLong("id"), http.get("/api/uploads/" + upload).json().getLong("recordingId"));
    assertEquals(409, put(upload, new byte[] {1}, 0, size).status());
  }

  @Test
  void sizesAndRangesAreChecked() {
    long episode = episode();
    Http.Reply huge = http.post("/api/episodes/" + episode + "/uploads", new JsonObject().put("size", 9L << 30));
    assertEquals(413, huge.status(), huge.body());
    Http.Reply zero = http.post("/api/episodes/" + episode + "/uploads", new JsonObject().put("size", 0));
    assertEquals(422, zero.status());
    assertEquals("size", zero.json().getJsonObject("details").getString("field"));

    String upload = http.post("/api/episodes/" + episode + "/uploads", new JsonObject().put("size", 100)).json().getString("uploadId");
    Http.Reply past = put(upload, new byte[50], 60, 100);
    assertEquals(422, past.status(), past.body());
    assertEquals("content-range", past.json().getJsonObject("details").getString("field"));
    // More bytes than the range announces are refused; the range itself must be well formed.
    assertEquals(400, putRange(upload, new byte[10], "bytes=0-9").status());
    assertEquals(400, putRange(upload, new byte[20], "bytes 0-9/100").status());
    assertEquals(0, http.get("/api/uploads/" + upload).json().getLong("offset"));
    assertEquals(404, http.get("/api/uploads/" + java.util.UUID.randomUUID()).status());
  }
}
