package lianxin.archive.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /api/episodes/{id}/recordings {sourceUrl}}: pulled from a server this test runs on loopback. */
@ExtendWith(VertxExtension.class)
@Slow
class PullTest {

  static Http http;
  static Seed seed;
  static Path served;
  static HttpServer source;
  static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
    served = Clips.tempDir("lianxin-served");
    Clips.video(served, "show.mp4", 3, 640, 360);
    // The same clip as an HLS stream (MPEG-TS segments), as a live platform's replay would offer it.
    Clips.ffmpeg("-i", served.resolve("show.mp4").toString(), "-c", "copy", "-f", "hls", "-hls_time", "1",
      "-hls_playlist_type", "vod", "-hls_segment_filename", served.resolve("seg%03d.ts").toString(),
      served.resolve("show.m3u8").toString());
    source = vertx.createHttpServer().requestHandler(request -> {
      String name = request.path().substring(1);
      Path file = served.resolve(name).normalize();
      if (name.contains("/") || !Files.isRegularFile(file)) {
        request.response().setStatusCode(404).end();
      } else {
        request.response().sendFile(file.toString());
      }
    }).listen(0, "127.0.0.1").await();
    port = source.actualPort();
  }

  @AfterAll
  static void stop() {
    source.close().await();
  }

  static JsonObject settle(long id) {
    return Recordings.await(http, id, r -> List.of("archived", "failed").contains(r.getString("status")), java.time.Duration.ofSeconds(90));
  }

  static long episode() {
    return seed.episode(seed.room(), "从网址拉取", "2031-04-08T19:30:00+08:00", "2031-04-08T20:30:00+08:00").getLong("id");
  }

  @Test
  void fileUrlIsPulledByteForByteAndArchived() throws Exception {
    String url = "http://127.0.0.1:" + port + "/show.mp4";
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings", new JsonObject().put("sourceUrl", url));
    assertEquals(202, accepted.status(), accepted.body());
    assertEquals(url, accepted.json().getString("sourceUrl"));

    JsonObject r = settle(accepted.json().getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
    assertEquals("url", r.getString("source"));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(served.resolve("show.mp4")))),
      r.getString("sha256"));
    assertEquals(Files.size(served.resolve("show.mp4")), r.getLong("bytes"));
    assertEquals(3, r.getDouble("durationSeconds"), 0.2);
    assertEquals(200, http.get(r.getJsonObject("media").getString("master")).status());
  }

  @Test
  void hlsStreamIsPulledWithFfmpegAndArchived() {
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + "/show.m3u8"));
    assertEquals(202, accepted.status(), accepted.body());
    JsonObject r = settle(accepted.json().getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
    assertEquals(3, r.getDouble("durationSeconds"), 0.3);
    assertEquals("h264", r.getString("videoCodec"));
    assertTrue(r.getString("sha256").matches("[0-9a-f]{64}"));
  }

  @Test
  void missingFileFailsWithTheStatusAndCanBeRetried() {
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + "/gone.mp4"));
    assertEquals(202, accepted.status(), accepted.body());
    long id = accepted.json().getLong("id");
    JsonObject r = settle(id);
    assertEquals("failed", r.getString("status"));
    assertTrue(r.getString("error").contains("404"), r.getString("error"));
    assertEquals(202, http.post("/api/recordings/" + id + "/retry", null).status());
  }

  @Test
  void onlyNetworkUrlsAreAccepted() {
    long episode = episode();
    for (String bad : List.of("file:///etc/passwd", "/etc/passwd", "ftp://example.org/a.mp4", "http:///nohost")) {
      Http.Reply reply = http.post("/api/episodes/" + episode + "/recordings", new JsonObject().put("sourceUrl", bad));
      assertEquals(422, reply.status(), bad + " " + reply.body());
      assertTrue(reply.message().contains("sourceUrl"));
    }
    assertEquals(422, http.post("/api/episodes/" + episode + "/recordings", new JsonObject()).status());
    assertEquals(404, http.post("/api/episodes/99999999/recordings", new JsonObject().put("sourceUrl", "http://127.0.0.1/a.mp4")).status());
    assertEquals(401, http.anonymous().post("/api/episodes/" + episode + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1/a.mp4")).status());
  }
}
