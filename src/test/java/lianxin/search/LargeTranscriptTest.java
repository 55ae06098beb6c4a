package lianxin.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import lianxin.support.Http;
import lianxin.support.Seed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A 3-hour talk show's transcript is past the API's 1 MiB JSON limit; the upload has a limit of its own, 16 MiB. */
@ExtendWith(VertxExtension.class)
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
    assertTrue(message.startsWith("字幕文件超过 16 MiB") && message.contains("16 MiB limit"), message);

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
}
