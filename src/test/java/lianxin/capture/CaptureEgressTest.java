package lianxin.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A capture source on an allowed host that sends FFmpeg on to an internal one, by a redirect or by a live
 * playlist naming internal segments: FFmpeg follows both by itself, so before the egress proxy the internal server
 * was read and archived. Now the capture fails at once with the reason naming the address, and the internal server
 * (IPv6 loopback, which the shared node's PULL_ALLOW does not cover) is never reached.
 */
@ExtendWith(VertxExtension.class)
@Slow
class CaptureEgressTest {

  static final AtomicInteger INSIDE_HITS = new AtomicInteger();
  static Http http;
  static Seed seed;
  static int port;
  static int insidePort;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    http = Http.local(vertx);
    seed = new Seed(http);
    Path served = Clips.tempDir("lianxin-capture-egress");
    Clips.video(served, "clip.mp4", 2, 320, 240);
    HttpServer inside = vertx.createHttpServer().requestHandler(request -> {
      INSIDE_HITS.incrementAndGet();
      request.response().sendFile(served.resolve("clip.mp4").toString());
    }).listen(0, "::1").await();
    insidePort = inside.actualPort();
    // A live playlist (no end) whose segments sit on the internal server.
    String live = String.join("\n", "#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:0",
      "#EXTINF:2.0,", "http://[::1]:" + insidePort + "/seg0.ts", "#EXTINF:2.0,", "http://[::1]:" + insidePort + "/seg1.ts", "");
    Files.writeString(served.resolve("live.m3u8"), live);
    HttpServer source = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/room.flv")) {
        request.response().setStatusCode(302).putHeader("location", "http://[::1]:" + insidePort + "/room.flv").end();
      } else {
        request.response().putHeader("content-type", "application/vnd.apple.mpegurl")
          .sendFile(served.resolve("live.m3u8").toString());
      }
    }).listen(0, "127.0.0.1").await();
    port = source.actualPort();
  }

  JsonObject captureOf(String path) {
    long room = seed.room();
    assertEquals(200, http.patch("/api/rooms/" + room, new JsonObject().put("captureUrl", "http://127.0.0.1:" + port + path)).status());
    OffsetDateTime starts = OffsetDateTime.now().plusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
    long episode = seed.episode(room, "直播录制", starts.toString(), starts.plusHours(1).toString()).getLong("id");
    return Recordings.awaitCapture(http, episode, c -> c.getString("status").equals("failed"), Duration.ofSeconds(60));
  }

  @Test
  void aRedirectToAnInternalAddressFailsTheCaptureNamingIt() {
    int hits = INSIDE_HITS.get();
    JsonObject failed = captureOf("/room.flv");
    String error = failed.getString("error");
    assertTrue(error.contains("[::1]:" + insidePort) && error.contains("PULL_ALLOW"), error);
    assertNull(failed.getValue("recordingId"));
    assertEquals(hits, INSIDE_HITS.get(), "the internal server was reached");
  }

  @Test
  void aLivePlaylistNamingInternalSegmentsFailsTheCaptureNamingThem() {
    int hits = INSIDE_HITS.get();
    JsonObject failed = captureOf("/live.m3u8");
    String error = failed.getString("error");
    assertTrue(error.contains("[::1]:" + insidePort) && error.contains("PULL_ALLOW"), error);
    assertEquals(hits, INSIDE_HITS.get(), "the internal server was reached");
  }
}
