package lianxin.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lianxin.http.ApiException;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a pull or capture may reach (PULL_ALLOW; the shared test node allows 127.0.0.0/8 and localhost), and the
 * percent a host sees while a pull with a known length runs.
 */
@ExtendWith(VertxExtension.class)
@Slow
class AllowListTest {

  static boolean allowed(AllowList allow, String address) throws Exception {
    return allow.allowed(InetAddress.getByName(address).getAddress());
  }

  @Test
  void privateAndLoopbackAddressesNeedTheAllowList() throws Exception {
    AllowList none = new AllowList(List.of());
    for (String inside : List.of("127.0.0.1", "10.2.3.4", "172.20.0.1", "192.168.1.10", "169.254.169.254", "100.64.1.1",
      "0.0.0.0", "::1", "fd00::1", "fe80::1")) {
      assertFalse(allowed(none, inside), inside);
    }
    assertTrue(allowed(none, "203.0.113.7"));
    assertTrue(allowed(none, "8.8.8.8"));
    assertTrue(allowed(none, "2001:4860:4860::8888"));
    AllowList some = new AllowList(List.of("10.1.0.0/16", "127.0.0.1", "media.internal"));
    assertTrue(allowed(some, "10.1.200.3"));
    assertFalse(allowed(some, "10.2.0.1"));
    assertTrue(allowed(some, "127.0.0.1"));
    assertFalse(allowed(some, "127.0.0.2"));
    some.checkNow("sourceUrl", URI.create("http://media.internal/a.mp4")); // a listed name passes without lookup
    ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
      () -> none.checkNow("captureUrl", URI.create("rtmp://127.0.0.1/live/key")));
    assertEquals(422, refused.status());
    assertTrue(refused.getMessage().contains("captureUrl") && refused.getMessage().contains("PULL_ALLOW"), refused.getMessage());
  }

  @Test
  void fileSourcesOnlyFromInsideTheCaptureFileRootLinksFollowed() throws Exception {
    Path root = Files.createTempDirectory("lianxin-capture-root");
    Path inside = Files.writeString(root.resolve("live.flv"), "x");
    Path outside = Files.writeString(Files.createTempDirectory("lianxin-elsewhere").resolve("other-org.mp4"), "x");
    Path link = Files.createSymbolicLink(root.resolve("link.mp4"), outside);
    AllowList allow = new AllowList(List.of(), root);
    allow.checkFileNow("captureUrl", inside);
    for (Path refused : List.of(outside, link, root.resolve("../" + outside.getParent().getFileName() + "/other-org.mp4"))) {
      ApiException e = assertThrows(ApiException.class, () -> allow.checkFileNow("captureUrl", refused), refused.toString());
      assertEquals(422, e.status());
      assertTrue(e.getMessage().contains("CAPTURE_FILE_ROOT"), e.getMessage());
    }
    ApiException none = assertThrows(ApiException.class, () -> new AllowList(List.of()).checkFileNow("captureUrl", inside));
    assertTrue(none.getMessage().contains("CAPTURE_FILE_ROOT"), none.getMessage());
  }

  @Test
  void theApiRefusesInternalAddressesNamingTheField(Vertx vertx) {
    Http http = Http.local(vertx);
    Seed seed = new Seed(http);
    long room = seed.room();
    long episode = seed.episode(room, "内网地址", "2031-05-08T19:30:00+08:00", "2031-05-08T20:30:00+08:00").getLong("id");
    for (String url : List.of("http://10.0.0.8/replay.mp4", "http://192.168.1.1/a.m3u8", "http://[::1]:8080/a.mp4",
      "rtmp://169.254.169.254/latest")) {
      Http.Reply reply = http.post("/api/episodes/" + episode + "/recordings", new JsonObject().put("sourceUrl", url));
      assertEquals(422, reply.status(), url + " " + reply.body());
      assertEquals("sourceUrl", reply.json().getJsonObject("details").getString("field"));
      assertTrue(reply.message().contains("PULL_ALLOW"), reply.body());
    }
    Http.Reply capture = http.patch("/api/rooms/" + room, new JsonObject().put("captureUrl", "srt://10.9.8.7:9000"));
    assertEquals(422, capture.status(), capture.body());
    assertEquals("captureUrl", capture.json().getJsonObject("details").getString("field"));
    Http.Reply notASource = http.patch("/api/rooms/" + room, new JsonObject().put("captureUrl", "ftp://example.org/live"));
    assertEquals(422, notASource.status());
    assertEquals(422, http.patch("/api/rooms/" + room, new JsonObject().put("captureUrl", "/srv/../etc/passwd")).status());
    // A file on the server only from CAPTURE_FILE_ROOT, which the test node does not set: not another org's recording.
    Http.Reply file = http.patch("/api/rooms/" + room, new JsonObject().put("captureUrl",
      TestServer.mediaDir().resolve("originals/any-recording").toString()));
    assertEquals(422, file.status(), file.body());
    assertEquals("captureUrl", file.json().getJsonObject("details").getString("field"));
    assertTrue(file.message().contains("CAPTURE_FILE_ROOT"), file.body());
    // Allowed (loopback is on the test node's list) and cleared again.
    assertEquals("rtmp://127.0.0.1:1935/…", http.patch("/api/rooms/" + room,
      new JsonObject().put("captureUrl", "rtmp://127.0.0.1:1935/live/secret-key")).json().getString("captureUrl"));
    assertEquals(null, http.patch("/api/rooms/" + room, new JsonObject().putNull("captureUrl")).json().getValue("captureUrl"));
  }

  @Test
  void aPullWithAKnownLengthShowsItsPercent(Vertx vertx) throws Exception {
    Http http = Http.local(vertx);
    Seed seed = new Seed(http);
    byte[] clip = Files.readAllBytes(Clips.video(Clips.tempDir("lianxin-slow"), "slow.mp4", 3, 640, 360));
    // A slow server: the file in ten pieces, 400 ms apart, with its Content-Length up front.
    HttpServer slow = vertx.createHttpServer().requestHandler(request -> {
      var response = request.response().putHeader("content-length", String.valueOf(clip.length)).putHeader("content-type", "video/mp4");
      int piece = clip.length / 10 + 1;
      for (int i = 0; i * piece < clip.length; i++) {
        int from = i * piece;
        vertx.setTimer(1 + 400L * i, t -> response.write(Buffer.buffer(java.util.Arrays.copyOfRange(clip, from, Math.min(clip.length, from + piece))))
          .onSuccess(v -> {
            if (from + piece >= clip.length) {
              response.end();
            }
          }));
      }
    }).listen(0, "127.0.0.1").await();
    try {
      long episode = seed.episode(seed.room(), "慢速拉取", "2031-05-09T19:30:00+08:00", "2031-05-09T20:30:00+08:00").getLong("id");
      long id = http.post("/api/episodes/" + episode + "/recordings",
        new JsonObject().put("sourceUrl", "http://127.0.0.1:" + slow.actualPort() + "/slow.mp4")).json().getLong("id");
      List<Double> seen = new ArrayList<>();
      JsonObject r;
      do {
        r = http.get("/api/recordings/" + id).json();
        if ("pull".equals(r.getString("stage"))) {
          seen.add(r.getDouble("percent"));
        }
        Node.sleep(100);
      } while (!List.of("archived", "failed").contains(r.getString("status")));
      assertEquals("archived", r.getString("status"), r.encode());
      assertTrue(seen.stream().anyMatch(p -> p > 10 && p < 95), "percents seen while pulling: " + seen);
      for (int i = 1; i < seen.size(); i++) {
        assertTrue(seen.get(i) >= seen.get(i - 1), seen.toString());
      }
    } finally {
      slow.close().await();
    }
  }
}
