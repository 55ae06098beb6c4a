package lianxin.search;

import static lianxin.support.Search.ids;
import static lianxin.support.Search.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import lianxin.support.Http;
import lianxin.support.Indexed;
import lianxin.support.Seed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Search as a resident uses it: words, highlights, the second a word was said, filters, paging, suggestions. */
@ExtendWith(VertxExtension.class)
class SearchTest {

  static Http admin;
  static Seed seed;
  static long district;
  static long room;
  static long otherRoom;
  static long column;

  @BeforeAll
  static void start(Vertx vertx) {
    admin = Http.local(vertx);
    seed = new Seed(admin);
    district = seed.district();
    room = seed.room(seed.org("奔腾社区", "community", district), 0, "Asia/Shanghai");
    otherRoom = seed.room(district, 0, "Asia/Shanghai");
    column = seed.column(room, "政策解读");
  }

  static JsonObject search(String query, String filters) {
    Http.Reply reply = admin.anonymous().get(q("/api/search?orgId=" + district + filters, query));
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  static long episode(long roomId, String title, String day, JsonObject extra) {
    JsonObject body = new JsonObject().put("title", title).put("startsAt", day + "T10:00:00+08:00")
      .put("endsAt", day + "T11:00:00+08:00").put("confirmRenumber", true).mergeIn(extra);
    Http.Reply reply = admin.post("/api/rooms/" + roomId + "/episodes", body);
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getLong("id");
  }

  @Test
  void wordsApartAndInsideLongerWordsAreFoundAndMarked() {
    long parking = episode(room, "老旧小区停车管理新政策", "2031-03-01", new JsonObject().put("columnId", column)
      .put("description", "小区里车位少，<b>新政策</b>怎么排？"));
    long fees = episode(room, "物业服务收费标准解读", "2031-03-02", new JsonObject());
    episode(room, "邻里节活动回顾", "2031-03-03", new JsonObject().put("description", "社区停车场旁边的广场上"));
    Indexed.await();

    JsonObject found = search("停车政策", "");
    assertEquals(List.of(parking), ids(found), found.encode());
    JsonObject first = found.getJsonArray("items").getJsonObject(0);
    assertEquals("老旧小区<mark>停车</mark>管理新<mark>政策</mark>", first.getJsonObject("highlights").getString("title"));
    // The description's own markup is escaped; only the marks are markup.
    assertEquals("小区里车位少，&lt;b&gt;新<mark>政策</mark>&lt;/b&gt;怎么排？",
      first.getJsonObject("highlights").getString("description"));
    assertEquals(List.of(fees), ids(search("物业费标准", "")));
    assertEquals(1, search("物业费标准", "").getLong("total"));
  }

  @Test
  void aTranscriptMakesTheEpisodeFindableAndGivesTheSecond() {
    long id = episode(room, "小区环境大家谈", "2031-04-01", new JsonObject());
    String vtt = "\uFEFFWEBVTT\r\n\r\n1\r\n00:00:01.000 --> 00:00:04.500\r\n大家好，欢迎来到直播间\r\n\r\n"
      + "00:01:05.250 --> 00:01:09.000 align:start\r\n今天说说<i>垃圾分类</i>怎么做\r\n\r\n"
      + "00:02:00.000 --> 00:02:03.000\r\n厨余垃圾要单独投放\r\n";
    Http.Reply put = admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/transcript", vtt, "text/vtt");
    assertEquals(200, put.status(), put.body());
    assertEquals(3, put.json().getInteger("cues"));
    // Searchable as soon as the upload answers: the document is rebuilt in the same transaction.
    JsonObject found = search("垃圾分类", "");
    assertEquals(List.of(id), ids(found));
    JsonArray cues = found.getJsonArray("items").getJsonObject(0).getJsonArray("cues");
    assertEquals(65.25, cues.getJsonObject(0).getDouble("start"));
    assertEquals(69.0, cues.getJsonObject(0).getDouble("end"));
    assertEquals("今天说说<mark>垃圾分类</mark>怎么做", cues.getJsonObject(0).getString("highlight"));

    Http.Reply served = admin.anonymous().get("/api/episodes/" + id + "/transcript.vtt");
    assertEquals(200, served.status());
    assertTrue(served.headers().get("content-type").startsWith("text/vtt"));
    assertTrue(served.body().contains("00:01:05.250 --> 00:01:09.000\n今天说说垃圾分类怎么做"), served.body());

    // Re-uploading replaces: SRT this time, comma milliseconds, hours past 99.
    String srt = "1\n00:00:02,000 --> 00:00:03,000\n电动车充电桩在哪\n\n2\n100:00:00,000 --> 100:00:01,000\n晚安\n";
    assertEquals(200, admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/transcript", srt, "application/x-subrip").status());
    assertEquals(List.of(), ids(search("垃圾分类", "")));
    assertEquals(List.of(id), ids(search("充电桩", "")));
    assertTrue(admin.get("/api/episodes/" + id + "/transcript.vtt").body().contains("100:00:00.000 --> 100:00:01.000"));
  }

  @Test
  void badTranscriptsAreRefusedWithTheReason() {
    long id = episode(room, "字幕测试", "2031-05-01", new JsonObject());
    Http.Reply wrongType = admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/transcript", "{}", "application/json");
    assertEquals(415, wrongType.status(), wrongType.body());
    Http.Reply garbage = admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/transcript", "WEBVTT\n\nhello\n00:00 --> x\ntext\n", "text/vtt");
    assertEquals(422, garbage.status(), garbage.body());
    assertEquals(404, admin.get("/api/episodes/" + id + "/transcript.vtt").status());
  }

  @Test
  void chaptersAreEditedServedAndSearchable() {
    long id = episode(room, "冬季老年人常见病预防", "2031-06-01", new JsonObject());
    JsonArray chapters = new JsonArray().add(new JsonObject().put("start", 600).put("title", "流感疫苗接种时间"))
      .add(new JsonObject().put("start", 0).put("title", "开场 & <问候>"));
    Http.Reply put = admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/chapters", chapters.encode(), "application/json");
    assertEquals(200, put.status(), put.body());
    JsonObject json = admin.anonymous().get("/api/episodes/" + id + "/chapters").json();
    assertEquals("host", json.getString("source"));
    assertEquals(0.0, json.getJsonArray("chapters").getJsonObject(0).getDouble("startTime"));
    assertEquals("流感疫苗接种时间", json.getJsonArray("chapters").getJsonObject(1).getString("title"));
    String vtt = admin.anonymous().get("/api/episodes/" + id + "/chapters.vtt").body();
    assertTrue(vtt.startsWith("WEBVTT"), vtt);
    assertTrue(vtt.contains("00:00:00.000 --> 00:10:00.000\n开场 &amp; &lt;问候&gt;"), vtt);
    assertEquals(List.of(id), ids(search("流感疫苗", "")));
    assertEquals(422, admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/chapters",
      "[{\"start\":5,\"title\":\"a\"},{\"start\":5,\"title\":\"b\"}]", "application/json").status());
    assertEquals(400, admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/chapters", "{\"start\":1}", "application/json").status());
  }

  @Test
  void filtersPagingAndFallback() {
    long mine = episode(room, "居住证办理流程", "2031-07-01", new JsonObject().put("columnId", column));
    long other = episode(otherRoom, "居住证续签提醒", "2031-07-02", new JsonObject());
    Indexed.await();
    assertEquals(List.of(other, mine), ids(search("居住证", "")), "recency breaks the tie");
    assertEquals(List.of(mine), ids(search("居住证", "&roomId=" + room)));
    assertEquals(List.of(mine), ids(search("居住证", "&columnId=" + column)));
    assertEquals(List.of(other), ids(search("居住证", "&from=2031-07-02")));
    assertEquals(List.of(mine), ids(search("居住证", "&to=2031-07-01")));
    JsonObject page1 = search("居住证", "&limit=1");
    assertEquals(2, page1.getLong("total"));
    JsonObject page2 = search("居住证", "&limit=1&cursor=" + page1.getString("next"));
    assertEquals(List.of(mine), ids(page2));
    assertFalse(page2.containsKey("next"));
    // Nothing has every word: the episodes with any of them answer, marked as such.
    JsonObject any = search("居住证 火星", "");
    assertEquals("any", any.getString("matched"));
    assertEquals(2, ids(any).size());
    assertEquals(400, admin.get(q("/api/search?cursor=nonsense", "居住证")).status());
    assertEquals(422, admin.get("/api/search?q=").status());
  }

  @Test
  void episodesFoundOnlyByTheirTranscriptComeAfterAndAreCountedAndPaged() {
    long titled = episode(room, "燃气灶安全检查", "2031-08-01", new JsonObject());
    long olderSpoken = episode(room, "邻里茶话会", "2031-08-02", new JsonObject());
    long newerSpoken = episode(otherRoom, "周末读书会", "2031-08-03", new JsonObject());
    for (long id : List.of(olderSpoken, newerSpoken)) {
      assertEquals(200, admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/transcript",
        "WEBVTT\n\n00:00:10.000 --> 00:00:12.000\n顺便提醒大家燃气灶用完要关阀门\n", "text/vtt").status());
    }
    Indexed.await();
    // The episode whose own title has the words first, then the spoken-only ones, newest first.
    JsonObject all = search("燃气灶", "");
    assertEquals(List.of(titled, newerSpoken, olderSpoken), ids(all), all.encode());
    assertEquals(3, all.getLong("total"));
    assertEquals(10.0, all.getJsonArray("items").getJsonObject(2).getJsonArray("cues").getJsonObject(0).getDouble("start"));
    // Paged one at a time, across the seam between the two kinds.
    List<Long> seen = new ArrayList<>();
    String filters = "&limit=1";
    for (int page = 0; page < 3; page++) {
      JsonObject one = search("燃气灶", filters);
      assertEquals(3, one.getLong("total"));
      seen.addAll(ids(one));
      filters = "&limit=1&cursor=" + one.getString("next");
    }
    assertEquals(List.of(titled, newerSpoken, olderSpoken), seen);
    // Filters apply to spoken-only episodes too.
    assertEquals(List.of(newerSpoken), ids(search("燃气灶", "&roomId=" + otherRoom)));

    // A cached answer follows a change that does not touch the words (the end time, shown in the result).
    assertEquals(200, admin.patch("/api/episodes/" + titled, new JsonObject().put("endsAt", "2031-08-01T11:30:00+08:00")).status());
    JsonObject later = null;
    for (int i = 0; i < 100; i++) {
      later = search("燃气灶", "");
      if ("2031-08-01T11:30:00+08:00".equals(later.getJsonArray("items").getJsonObject(0).getJsonObject("episode").getString("endsAt"))) {
        break;
      }
      lianxin.support.Node.sleep(50);
    }
    assertEquals("2031-08-01T11:30:00+08:00", later.getJsonArray("items").getJsonObject(0).getJsonObject("episode").getString("endsAt"));
  }

  @Test
  void aTranscriptOnlyMatchFollowsItsEpisodeToANewDate() {
    long id = episode(room, "秋季家居讲座", "2031-10-05", new JsonObject());
    assertEquals(200, admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/transcript",
      "WEBVTT\n\n00:00:05.000 --> 00:00:08.000\n阳台晾衣架安装要注意承重\n", "text/vtt").status());
    Indexed.await();
    assertEquals(List.of(id), ids(search("晾衣架", "&from=2031-10-01")));
    assertEquals(List.of(), ids(search("晾衣架", "&to=2031-10-01")));
    // Moved before the date filter's start: the transcript's match moves with it.
    assertEquals(200, admin.patch("/api/episodes/" + id, new JsonObject().put("startsAt", "2031-09-20T10:00:00+08:00")
      .put("endsAt", "2031-09-20T11:00:00+08:00")).status());
    Indexed.await();
    assertEquals(List.of(), ids(search("晾衣架", "&from=2031-10-01")));
    JsonObject before = search("晾衣架", "&to=2031-10-01");
    assertEquals(List.of(id), ids(before));
    assertEquals(1, before.getLong("total"));
    // Cancelled: found by no search, though its transcript stays.
    assertEquals(200, admin.post("/api/episodes/" + id + "/cancel", new JsonObject().put("reason", "下雨")).status());
    Indexed.await();
    assertEquals(List.of(), ids(search("晾衣架", "")));
  }

  @Test
  void cancelledEpisodesLeaveTheIndex() {
    long id = episode(room, "临时取消的反诈讲座", "2031-08-01", new JsonObject());
    Indexed.await();
    assertEquals(List.of(id), ids(search("反诈讲座", "")));
    assertEquals(200, admin.post("/api/episodes/" + id + "/cancel", new JsonObject().put("reason", "下雨")).status());
    Indexed.await();
    assertEquals(List.of(), ids(search("反诈讲座", "")));
  }

  @Test
  void everydayWordsAndFullWidthTextFindTheServiceTerms() {
    long mine = seed.room(district, 0, "Asia/Shanghai");
    long clinic = episode(mine, "社区医院就医指南", "2031-10-01", new JsonObject().put("description", "挂号、转诊和家庭医生签约。"));
    long app = episode(mine, "“青城办”ＡＰＰ手把手教学", "2031-10-02", new JsonObject());
    long meals = episode(mine, "老年助餐点怎么用", "2031-10-03", new JsonObject().put("description", "刷卡就餐，八十岁以上有优惠。"));
    Indexed.await();
    String inRoom = "&roomId=" + mine;

    // A synonym finds the word the title has, and that word is marked.
    JsonObject sick = search("看病", inRoom);
    assertEquals(List.of(clinic), ids(sick), sick.encode());
    assertEquals("社区医院<mark>就医</mark>指南", sick.getJsonArray("items").getJsonObject(0).getJsonObject("highlights").getString("title"));
    assertEquals(List.of(meals), ids(search("老人吃饭", inRoom)));
    // Full-width letters in the text meet a half-width query and the other way round; suggestions too.
    JsonObject found = search("app", inRoom);
    assertEquals(List.of(app), ids(found), found.encode());
    assertEquals("“青城办”<mark>ＡＰＰ</mark>手把手教学",
      found.getJsonArray("items").getJsonObject(0).getJsonObject("highlights").getString("title"));
    assertEquals(List.of(app), ids(search("ＡＰＰ", inRoom)));
    JsonArray suggested = admin.anonymous().get(q("/api/suggest", "ＡＰ")).json().getJsonArray("items");
    assertTrue(suggested.stream().anyMatch(i -> "app".equals(((JsonObject) i).getString("text"))), suggested.encode());
    // A word nothing has: the fallback ranks by how much of the query an episode covers.
    JsonObject partly = search("家庭医生签约周末", inRoom);
    assertEquals("any", partly.getString("matched"));
    assertEquals(clinic, ids(partly).get(0));
  }

  @Test
  void suggestionsForOneOrTwoCharacters() {
    long person = seed.person("云金华");
    episode(room, "灵活就业社保政策", "2031-09-01", new JsonObject().put("hostIds", new JsonArray().add(person)));
    Indexed.await();
    JsonArray items = admin.anonymous().get(q("/api/suggest", "灵活")).json().getJsonArray("items");
    assertTrue(items.stream().anyMatch(i -> ((JsonObject) i).getString("text").equals("灵活")), items.encode());
    JsonArray columns = admin.anonymous().get(q("/api/suggest", "政")).json().getJsonArray("items");
    assertTrue(columns.stream().anyMatch(i -> "column".equals(((JsonObject) i).getString("type"))
      && ((JsonObject) i).getString("text").startsWith("政策解读")), columns.encode());
    JsonArray rooms = admin.anonymous().get(q("/api/suggest", "党群")).json().getJsonArray("items");
    assertTrue(rooms.stream().anyMatch(i -> "room".equals(((JsonObject) i).getString("type"))), rooms.encode());
    assertTrue(ids(search("云金华", "")).size() == 1);
    assertNotNull(admin.get("/api/suggest?q=").body());
    assertEquals(422, admin.get("/api/suggest?q=").status());
  }
}
