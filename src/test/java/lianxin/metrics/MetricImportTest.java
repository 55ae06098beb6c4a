package lianxin.metrics;

import static lianxin.support.Asserts.assertField;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MetricImportTest {

  static Http http;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  static Http.Reply upload(String query, String csv) {
    return http.raw(HttpMethod.POST, "/api/metrics/import" + query, csv, "text/csv; charset=utf-8");
  }

  static JsonArray platforms(long episode) {
    JsonArray platforms = http.get("/api/episodes/" + episode + "/metrics").json().getJsonArray("platforms");
    platforms.forEach(p -> ((JsonObject) p).remove("updatedAt"));
    return platforms;
  }

  @Test
  void anExcelExportWithChineseHeadersImportsAndImportsAgainTheSame() {
    long room = seed.room();
    long a = seed.airedEpisode(room, "2024-09-04");
    long b = seed.airedEpisode(room, "2024-09-11");
    String csv = "\uFEFF节目ID,平台,开播时间,观看人次,观看人数,点赞,评论,分享,新增关注,最高在线,平均观看时长\r\n"
      + a + ",抖音,2024-09-04 19:30,\"12,000\",5000,1.2万,300,50,80,420,3分25秒\r\n"
      + b + ",douyin,2024-09-11 19:30,800,,40,5,2,1,60,00:01:30\r\n"
      + a + ",快手,2024-09-04 19:30,1000,,10,1,0,3,30,45\r\n";
    Http.Reply first = upload("", csv);
    assertEquals(200, first.status(), first.body());
    assertEquals(3, first.json().getInteger("imported"));
    assertEquals(0, first.json().getJsonArray("errors").size());
    assertEquals(new JsonArray().add("开播时间"), first.json().getJsonArray("ignoredColumns"));
    JsonObject douyin = platforms(a).getJsonObject(0);
    assertEquals(12_000, douyin.getLong("views"));
    assertEquals(12_000, douyin.getLong("likes"));
    assertEquals(205, douyin.getLong("avgWatchSeconds"));
    assertEquals("csv", douyin.getString("source"));
    assertEquals(90, platforms(b).getJsonObject(0).getLong("avgWatchSeconds"));
    assertEquals(13_000, http.get("/api/episodes/" + a + "/metrics").json().getJsonObject("totals").getLong("views"));

    JsonArray before = platforms(a).copy().addAll(platforms(b));
    Http.Reply again = upload("", csv);
    assertEquals(200, again.status(), again.body());
    assertEquals(before, platforms(a).copy().addAll(platforms(b)), "the same file twice gives the same data");
  }

  @Test
  void oneBadRowAndNothingIsImportedEveryBadRowReportedByLine() {
    long room = seed.room();
    long a = seed.airedEpisode(room, "2024-10-02");
    long b = seed.airedEpisode(room, "2024-10-09");
    assertEquals(200, upload("", "episodeId,platform,views\n" + a + ",douyin,100\n").status());
    String csv = "episodeId,platform,views,likes,comments,备注\n"
      + a + ",douyin,999,10,1,\n"                              // line 2: good (would change views)
      + b + ",douyin,-5,10,1,\n"                               // line 3: negative views
      + "\n"                                                   // line 4: empty, skipped
      + "999999999,douyin,10,1,1,\n"                           // line 5: no such episode
      + b + ",weibo,10,1,1,\"两行\n的备注\"\n"                   // lines 6-7: unknown platform
      + b + ",kuaishou,10,二十,1,\n"                            // line 8: not a number
      + a + ",douyin,5,1,1,\n";                                 // line 9: repeats line 2
    Http.Reply reply = upload("", csv);
    assertEquals(422, reply.status(), reply.body());
    assertEquals(0, reply.json().getInteger("imported"));
    JsonArray errors = reply.json().getJsonArray("errors");
    assertEquals(5, errors.size(), errors.encodePrettily());
    assertError(errors.getJsonObject(0), 3, "views");
    assertError(errors.getJsonObject(1), 5, "episodeId");
    assertError(errors.getJsonObject(2), 6, "platform");
    assertError(errors.getJsonObject(3), 8, "likes");
    assertError(errors.getJsonObject(4), 9, "episodeId");
    assertTrue(errors.getJsonObject(0).getString("message").contains("-5"), errors.getJsonObject(0).getString("message"));
    assertEquals(100, platforms(a).getJsonObject(0).getLong("views"), "the good row was not imported either");
    assertEquals(0, platforms(b).size());
  }

  @Test
  void aHeaderMappingNamesColumnsThePlatformDoesNot() {
    long episode = seed.airedEpisode(seed.room(), "2024-11-06");
    String mapping = URLEncoder.encode(new JsonObject().put("场次", "episodeId").put("播放次数", "views").put("观看人次", "").encode(), StandardCharsets.UTF_8);
    Http.Reply reply = upload("?platform=wechat-channels&mapping=" + mapping, "场次,播放次数,观看人次,点赞\n" + episode + ",2300,99,70\n");
    assertEquals(200, reply.status(), reply.body());
    JsonObject row = platforms(episode).getJsonObject(0);
    assertEquals("wechat-channels", row.getString("platform"));
    assertEquals(2300, row.getLong("views"), "the mapping wins over the built-in header");
    assertEquals(70, row.getLong("likes"));
  }

  @Test
  void filesPastTheJsonLimitImportWholeOrNotAtAll() {
    long room = seed.room();
    long[] episodes = {seed.airedEpisode(room, "2024-12-04"), seed.airedEpisode(room, "2024-12-11"),
      seed.airedEpisode(room, "2024-12-18"), seed.airedEpisode(room, "2024-12-25")};
    String[] platforms = {"抖音", "快手", "视频号", "B站"};
    // Platform exports carry each live's description: 16 rows of 100 KB make a 1.6 MB file.
    String description = "\"" + "社区医院就医指南，预约挂号、医保报销一步一步讲清楚。".repeat(4_000) + "\"";
    StringBuilder good = new StringBuilder("节目ID,平台,直播简介,观看人次,点赞\n");
    long views = 0;
    for (long episode : episodes) {
      for (int p = 0; p < platforms.length; p++) {
        good.append(episode).append(',').append(platforms[p]).append(',').append(description).append(',')
          .append(1_000 + episode % 100 + p).append(",10\n");
        views += 1_000 + episode % 100 + p;
      }
    }
    assertTrue(good.toString().getBytes(StandardCharsets.UTF_8).length > 1_500_000, "past the 1 MiB JSON limit");
    Http.Reply imported = upload("", good.toString());
    assertEquals(200, imported.status(), imported.body().substring(0, Math.min(500, imported.body().length())));
    assertEquals(16, imported.json().getInteger("imported"));
    assertEquals(new JsonArray().add("直播简介"), imported.json().getJsonArray("ignoredColumns"));
    long stored = 0;
    for (long episode : episodes) {
      stored += http.get("/api/episodes/" + episode + "/metrics").json().getJsonObject("totals").getLong("views");
    }
    assertEquals(views, stored);

    // The same big file with new numbers and one bad row at its very end: nothing of it is written.
    String bad = good.toString().replace(",10\n", ",20\n") + episodes[0] + ",小红书," + description + ",5,5\n";
    Http.Reply refused = upload("", bad);
    assertEquals(422, refused.status(), refused.body().substring(0, Math.min(500, refused.body().length())));
    JsonArray errors = refused.json().getJsonObject("details").getJsonArray("errors");
    assertEquals(1, errors.size(), errors.encode());
    assertEquals(18, errors.getJsonObject(0).getInteger("line"));
    assertEquals(10, platforms(episodes[0]).getJsonObject(0).getLong("likes"), "nothing of the refused file was written");

    Http.Reply tooLarge = upload("", "节目ID,平台,直播简介\n" + "x".repeat(33 * 1024 * 1024));
    assertEquals(413, tooLarge.status());
  }

  @Test
  void unusableFilesAreRefused() {
    assertField(upload("", "标题,观看人次\nx,1\n"), 422, "episodeId");
    assertField(upload("", "episodeId,views\n1,1\n"), 422, "platform");
    assertField(upload("?mapping=" + URLEncoder.encode("{\"a\":\"watchers\"}", StandardCharsets.UTF_8), "episodeId,platform\n"), 400, "mapping");
    assertField(upload("", "episodeId,platform\n"), 422, "body");
    assertEquals(415, http.raw(HttpMethod.POST, "/api/metrics/import", "episodeId,platform\n1,douyin\n", "application/json").status());
  }

  static void assertError(JsonObject error, int line, String field) {
    assertEquals(line, error.getInteger("line"), error.encode());
    assertEquals(field, error.getString("field"), error.encode());
  }
}
