package lianxin.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ranges a player never sends (too large for a number, backwards, not bytes) are answered 416 at once. */
@ExtendWith(VertxExtension.class)
@Slow
class MediaRangeTest {

  static String base;
  static String audio;
  static long size;

  @BeforeAll
  static void archive(Vertx vertx) throws Exception {
    Http http = Http.local(vertx);
    Seed seed = new Seed(http);
    Path clip = Clips.audio(Clips.tempDir("lianxin-range"), "talk.m4a", 2);
    long episode = seed.episode(seed.room(), "垃圾分类问答", "2031-02-08T19:30:00+08:00", "2031-02-08T20:30:00+08:00").getLong("id");
    JsonObject r = Recordings.settle(http, Recordings.upload(http, episode, clip, "audio/mp4").getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
    base = "http://localhost:" + TestServer.port();
    audio = r.getJsonObject("media").getString("audio");
    size = get(null).body().length;
  }

  static HttpResponse<byte[]> get(String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + audio)).timeout(Duration.ofSeconds(5));
    if (range != null) {
      request.header("Range", range);
    }
    return Recordings.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void unsatisfiableAndMalformedRangesAre416() throws Exception {
    for (String range : new String[] {"bytes=99999999999999999999-", "bytes=99999999999999999999-99999999999999999999",
      "bytes=" + size + "-", "bytes=5-2", "bytes=-", "bytes=-0", "bytes=1-2,4-5", "items=0-1", "bytes=x-"}) {
      HttpResponse<byte[]> reply = get(range);
      assertEquals(416, reply.statusCode(), range);
      assertEquals("bytes */" + size, reply.headers().firstValue("content-range").orElse(""), range);
    }
  }

  @Test
  void aLastByteOrSuffixPastTheEndMeansTheWholeRest() throws Exception {
    HttpResponse<byte[]> rest = get("bytes=10-99999999999999999999");
    assertEquals(206, rest.statusCode());
    assertEquals("bytes 10-" + (size - 1) + "/" + size, rest.headers().firstValue("content-range").orElse(""));
    assertEquals(size - 10, rest.body().length);
    HttpResponse<byte[]> all = get("bytes=-99999999999999999999");
    assertEquals(206, all.statusCode());
    assertEquals(size, all.body().length);
  }
}
