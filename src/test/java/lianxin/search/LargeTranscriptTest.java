package lianxin.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A 3-hour talk show's transcript is past the API's 1 MiB JSON limit; the upload has a limit of its own, 16 MiB. */
@ExtendWith(VertxExtension.class)
@Slow
class LargeTranscriptTest {

  static final int MIB = 1024 * 1024;
  /** Said only in the last cue. */
  static final String LAST_WORDS = "萤火虫音乐会";

  /** {@code cues} cues 0.72 s apart (15,000 fill three hours), the last one saying {@link #LAST_WORDS}. */
  static String transcript(int cues) {
    StringBuilder vtt = new StringBuilder("WEBVTT\n\n");
    for (int i = 0; i < cues; i++) {
      long start = i * 720L;
      String text = i == cues - 1 ? "最后提醒大家，周六晚上社区广场有" + LAST_WORDS + "，欢迎参加"
        : "第" + i + "句：我们接着聊聊小区里大家关心的事情，欢迎来电";
      vtt.append(time(start)).append(" --> ").append(time(start + 700)).append('\n').append(text).append("\n\n");
    }
    return vtt.toString();
  }

  static String time(long ms) {
    return String.format("%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }

  @Test
  void aThreeHourTranscriptIsTakenAndOneOverTheLimitIsRefusedKeepingTheOld(Vertx vertx) {
    Http admin = Http.local(vertx);
    Seed seed = new Seed(admin);
    long district = seed.district();
    long room = seed.room(district, 0, "Asia/Shanghai");
    Http.Reply created = admin.post("/api/rooms/" + room + "/episodes", new JsonObject().put("title", "周末夜谈三小时特别节目")
      .put("startsAt", "2031-06-01T19:00:00+08:00").put("endsAt", "2031-06-01T22:00:00+08:00"));
    assertEquals(201, created.status(), created.body());
    long id = created.json().getLong("id");

    String big = transcript(15_000);
    assertTrue(big.getBytes(StandardCharsets.UTF_8).length > MIB, "the transcript must be past the 1 MiB JSON limit");
    Http.Reply put = admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/transcript", big, "text/vtt");
    assertEquals(200, put.status(), put.body());
    assertEquals(15_000, put.json().getInteger("cues"));
    assertLastCueFound(admin, district, id, "萤火虫");

    // 17 MiB: refused before it is read whole, with the limit named; the transcript stays as it was.
    String cues = big.substring("WEBVTT\n\n".length());
    long cueBytes = cues.getBytes(StandardCharsets.UTF_8).length;
    StringBuilder huge = new StringBuilder(big);
    for (long bytes = big.getBytes(StandardCharsets.UTF_8).length; bytes <= 17L * MIB; bytes += cueBytes) {
      huge.append(cues);
    }
    Http.Reply refused = admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/transcript", huge.toString(), "text/vtt");
    assertEquals(413, refused.status(), refused.body());
    assertEquals("too_large", refused.json().getString("error"));
    String message = refused.json().getString("message");
    assertTrue(message.startsWith("字幕文件超过 16 MiB") && !message.contains("limit"), message);

    String served = admin.anonymous().get("/api/episodes/" + id + "/transcript.vtt").body();
    assertTrue(served.contains("02:59:59.280 --> 02:59:59.980\n最后提醒大家"), served.substring(served.length() - 200));
    // Another query than before: a cached answer would not show a changed transcript.
    assertLastCueFound(admin, district, id, "音乐会");
  }

  private static void assertLastCueFound(Http admin, long district, long id, String word) {
    Http.Reply reply = admin.anonymous().get("/api/search?orgId=" + district + "&q="
      + URLEncoder.encode(word, StandardCharsets.UTF_8));
    assertEquals(200, reply.status(), reply.body());
    JsonArray items = reply.json().getJsonArray("items");
    assertEquals(1, items.size(), reply.body());
    JsonObject hit = items.getJsonObject(0);
    assertEquals(id, hit.getJsonObject("episode").getLong("id"));
    JsonArray cues = hit.getJsonArray("cues");
    assertEquals(1, cues.size(), cues.encode());
    assertEquals(10_799.28, cues.getJsonObject(0).getDouble("start"), 0.001);
    assertTrue(cues.getJsonObject(0).getString("highlight").contains("<mark>" + word + "</mark>"), cues.encode());
  }

  @Test
  void aChunkedTranscriptIsRefusedOnceItPassesTheLimit(Vertx vertx) {
    Http admin = Http.local(vertx);
    Seed seed = new Seed(admin);
    long episode = seed.episode(seed.room(), "分块上传", "2031-06-02T19:00:00+08:00", "2031-06-02T20:00:00+08:00").getLong("id");
    Buffer mib = Buffer.buffer(transcript(15_000)).getBuffer(0, MIB);
    // No Content-Length: the limit can only be seen when the chunks pass it.
    HttpClient client = vertx.createHttpClient();
    Http.Reply refused = client.request(HttpMethod.PUT, TestServer.port(), "localhost", "/api/episodes/" + episode + "/transcript")
      .compose(request -> {
        request.setChunked(true).putHeader("content-type", "text/vtt").putHeader("authorization", "Bearer " + admin.token());
        request.write("WEBVTT\n\n");
        for (int i = 0; i < 17; i++) {
          request.write(mib); // writes after the refusal fail, unseen: the answer is what counts
        }
        request.end();
        return request.response().compose(response -> response.body()
          .map(body -> new Http.Reply(response.statusCode(), response.headers(), body.toString())));
      }).await();
    assertEquals(413, refused.status(), refused.body());
    assertTrue(refused.message().contains("16 MiB 的上限"), refused.body());
    assertEquals(404, admin.anonymous().get("/api/episodes/" + episode + "/transcript.vtt").status(), "nothing was stored");
  }

  /** Before the body is read: a caller may not make the server read 16 MiB for a room that is not theirs. */
  @Test
  void aCallerWithoutTheRoomOrWithTheWrongTypeIsRefusedBeforeTheBodyIsRead(Vertx vertx) throws Exception {
    Http admin = Http.local(vertx);
    Seed seed = new Seed(admin);
    long episode = seed.episode(seed.room(), "别人的节目", "2031-06-03T19:00:00+08:00", "2031-06-03T20:00:00+08:00").getLong("id");
    String password = "correct horse battery";
    JsonObject otherHost = admin.post("/api/users", new JsonObject().put("username", Seed.unique("host")).put("password", password)
      .put("role", "host").put("roomIds", new JsonArray().add(seed.room()))).json();
    String token = admin.signIn(otherHost.getString("username"), password);

    assertEquals("HTTP/1.1 403 Forbidden", statusBeforeBody(episode, token, "text/vtt"));
    assertEquals("HTTP/1.1 415 Unsupported Media Type", statusBeforeBody(episode, admin.token(), "application/json"));
    assertEquals("HTTP/1.1 404 Not Found", statusBeforeBody(999_999_999L, admin.token(), "text/vtt"));
  }

  /** The status line answering a 16 MB upload of which only the first 4 KiB are sent. */
  private static String statusBeforeBody(long episode, String token, String type) throws Exception {
    try (Socket socket = new Socket("localhost", TestServer.port())) {
      socket.setSoTimeout(20_000); // a server waiting for the whole body never answers
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /api/episodes/" + episode + "/transcript HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
        + "\r\nContent-Type: " + type + "\r\nContent-Length: 16000000\r\n\r\nWEBVTT\n\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[4096]);
      out.flush();
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }
}
