package lianxin.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import lianxin.support.Http;
import lianxin.support.Seed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EpisodeTest {

  static Http http;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  static JsonObject episode(String title, String start, String end) {
    return new JsonObject().put("title", title).put("startsAt", start).put("endsAt", end);
  }

  @Test
  void firstEpisodeContinuesAfterTheOffset() {
    long room = seed.room(seed.district(), 114, "Asia/Shanghai");
    long column = seed.column(room, "医疗");
    long host = seed.person("云金华");
    Http.Reply created = http.post("/api/rooms/" + room + "/episodes", episode("社区医院就医指南",
      "2030-01-08T19:30:00+08:00", "2030-01-08T20:30:00+08:00").put("columnId", column).put("hostIds", new JsonArray().add(host)));
    assertEquals(201, created.status(), created.body());
    JsonObject ep = created.json();
    assertEquals(115, ep.getInteger("number"));
    assertEquals("第115期", ep.getString("numberLabel"));
    assertEquals("scheduled", ep.getString("status"));
    assertEquals("2030-01-08T19:30:00+08:00", ep.getString("startsAt"));
    assertEquals(host, ep.getJsonArray("hosts").getJsonObject(0).getLong("id"));
    assertEquals(1, http.get("/api/rooms/" + room).json().getLong("upcomingCount"));
  }

  @Test
  void overlappingEpisodeIsRefusedWithTheClash() {
    long room = seed.room();
    JsonObject first = seed.episode(room, "政策解读", "2030-02-01T10:00:00+08:00", "2030-02-01T11:00:00+08:00");
    Http.Reply clash = http.post("/api/rooms/" + room + "/episodes", episode("办事流程", "2030-02-01T10:30:00+08:00", "2030-02-01T11:30:00+08:00"));
    assertEquals(409, clash.status());
    assertEquals("conflict", clash.json().getString("error"));
    JsonObject conflict = clash.json().getJsonArray("conflicts").getJsonObject(0);
    assertEquals(first.getLong("id"), conflict.getLong("id"));
    assertEquals("政策解读", conflict.getString("title"));
    assertEquals("2030-02-01T10:00:00+08:00", conflict.getString("startsAt"));
    assertTrue(clash.message().contains("政策解读"), clash.message());
    // Back to back is fine: ranges are [start, end).
    assertEquals(201, http.post("/api/rooms/" + room + "/episodes", episode("活动风采", "2030-02-01T11:00:00+08:00", "2030-02-01T12:00:00+08:00")).status());
  }

  @Test
  void aPersonCannotBeInTwoRoomsAtOnce() {
    long host = seed.person("主播小王");
    long roomA = seed.room();
    long roomB = seed.room();
    assertEquals(201, http.post("/api/rooms/" + roomA + "/episodes", episode("A", "2030-03-01T10:00:00+08:00", "2030-03-01T11:00:00+08:00")
      .put("hostIds", new JsonArray().add(host))).status());
    Http.Reply clash = http.post("/api/rooms/" + roomB + "/episodes", episode("B", "2030-03-01T10:30:00+08:00", "2030-03-01T11:30:00+08:00")
      .put("guestIds", new JsonArray().add(host)));
    assertEquals(409, clash.status(), clash.body());
    JsonObject conflict = clash.json().getJsonArray("conflicts").getJsonObject(0);
    assertEquals("people", conflict.getString("reason"));
    assertEquals("主播小王", conflict.getJsonArray("people").getString(0));
    assertTrue(clash.message().contains("主播小王"), clash.message());
  }

  @Test
  void fiftyParallelRequestsForOneSlotBookItOnce() {
    long room = seed.room();
    List<Future<Http.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      replies.add(http.postAsync("/api/rooms/" + room + "/episodes", episode("抢同一时段 " + i, "2030-04-01T19:30:00+08:00", "2030-04-01T20:30:00+08:00")));
    }
    Future.join(replies).await();
    long created = replies.stream().filter(f -> f.result().status() == 201).count();
    long conflicts = replies.stream().filter(f -> f.result().status() == 409).count();
    assertEquals(1, created);
    assertEquals(49, conflicts);
    assertEquals(1, http.get("/api/episodes?roomId=" + room).items().size());
  }

  @Test
  void validationNamesTheField() {
    long room = seed.room();
    long otherRoom = seed.room();
    long foreignColumn = seed.column(otherRoom, "养老");
    String path = "/api/rooms/" + room + "/episodes";
    assertField(http.post(path, episode("倒着", "2030-05-01T10:00:00+08:00", "2030-05-01T09:00:00+08:00")), 422, "endsAt");
    assertField(http.post(path, episode("太长", "2030-05-01T06:00:00+08:00", "2030-05-01T18:00:01+08:00")), 422, "endsAt");
    assertField(http.post(path, episode("", "2030-05-01T10:00:00+08:00", "2030-05-01T11:00:00+08:00")), 422, "title");
    assertField(http.post(path, episode("长".repeat(201), "2030-05-01T10:00:00+08:00", "2030-05-01T11:00:00+08:00")), 422, "title");
    assertField(http.post(path, episode("x", "2030-05-01T10:00:00+08:00", "2030-05-01T11:00:00+08:00").put("columnId", foreignColumn)), 422, "columnId");
    assertField(http.post(path, episode("x", "2030-05-01T10:00:00+08:00", "2030-05-01T11:00:00+08:00").put("hostIds", new JsonArray().add(999999999L))), 422, "hostIds");
    assertField(http.post(path, episode("x", "tomorrow", "2030-05-01T11:00:00+08:00")), 400, "startsAt");
    assertField(http.post(path, new JsonObject().put("title", "x")), 422, "startsAt");
    assertField(http.raw(HttpMethod.POST, path, "{\"title\":", "application/json"), 400, "body");
    assertEquals(404, http.post("/api/rooms/999999999/episodes", episode("x", "2030-05-01T10:00:00+08:00", "2030-05-01T11:00:00+08:00")).status());
    assertEquals(0, http.get("/api/episodes?roomId=" + room).items().size(), "nothing was stored");
    // Exactly twelve hours is allowed; a past episode (back catalogue) too, before the planned one: it takes 第1期
    // and moves the planned one on, so it confirms that.
    assertEquals(201, http.post(path, episode("通宵", "2030-05-02T06:00:00+08:00", "2030-05-02T18:00:00+08:00")).status());
    assertEquals(201, http.post(path, episode("往期", "2023-05-02T06:00:00+08:00", "2023-05-02T07:00:00+08:00")
      .put("confirmRenumber", true)).status());
  }

  @Test
  void idsPastTheirTypeAreRefusedNotWrapped() {
    // 2^64 + id used to wrap to id: a host id of 18446744073709551617 booked person 1.
    long room = seed.room();
    long host = seed.person("主播小周");
    long column = seed.column(room, "法律");
    String path = "/api/rooms/" + room + "/episodes";
    String wrapsToHost = new java.math.BigInteger("18446744073709551616").add(java.math.BigInteger.valueOf(host)).toString();
    String wrapsToColumn = new java.math.BigInteger("18446744073709551616").add(java.math.BigInteger.valueOf(column)).toString();
    String slot = "\"title\":\"溢出\",\"startsAt\":\"2030-07-01T10:00:00+08:00\",\"endsAt\":\"2030-07-01T11:00:00+08:00\"";
    assertField(http.raw(HttpMethod.POST, path, "{" + slot + ",\"hostIds\":[" + wrapsToHost + "]}", "application/json"), 400, "hostIds");
    assertField(http.raw(HttpMethod.POST, path, "{" + slot + ",\"hostIds\":[18446744073709551617]}", "application/json"), 400, "hostIds");
    assertField(http.raw(HttpMethod.POST, path, "{" + slot + ",\"guestIds\":[1e300]}", "application/json"), 400, "guestIds");
    assertField(http.raw(HttpMethod.POST, path, "{" + slot + ",\"hostIds\":[" + host + ".5]}", "application/json"), 400, "hostIds");
    assertField(http.raw(HttpMethod.POST, path, "{" + slot + ",\"columnId\":" + wrapsToColumn + "}", "application/json"), 400, "columnId");
    assertField(http.raw(HttpMethod.POST, path, "{" + slot + ",\"columnId\":9.3e18}", "application/json"), 400, "columnId");
    assertEquals(0, http.get("/api/episodes?roomId=" + room).items().size(), "nothing was booked");
    // The same ids within range still book.
    assertEquals(201, http.raw(HttpMethod.POST, path, "{" + slot + ",\"hostIds\":[" + host + ".0],\"columnId\":" + column + "}",
      "application/json").status());
  }

  @Test
  void numbersAreGaplessAndAiredOnesNeverChange() {
    long room = seed.room(seed.district(), 114, "Asia/Shanghai");
    long a = seed.episode(room, "A", "2030-06-01T10:00:00+08:00", "2030-06-01T11:00:00+08:00").getLong("id");
    long c = seed.episode(room, "C", "2030-06-03T10:00:00+08:00", "2030-06-03T11:00:00+08:00").getLong("id");
    assertNumber(a, 115);
    assertNumber(c, 116);
    // B between A and C moves C, whose number residents have seen: only when the request confirms it.
    JsonObject middle = episode("B", "2030-06-02T10:00:00+08:00", "2030-06-02T11:00:00+08:00");
    Http.Reply refused = http.post("/api/rooms/" + room + "/episodes", middle);
    assertEquals(409, refused.status(), refused.body());
    assertEquals(new JsonArray().add(new JsonObject().put("episodeId", c).put("from", 116).put("to", 117)), refused.json().getJsonArray("renumbered"));
    assertNumber(c, 116);
    long b = http.post("/api/rooms/" + room + "/episodes", middle.put("confirmRenumber", true)).json().getLong("id");
    assertNumber(b, 116);
    assertNumber(c, 117);

    assertEquals(200, http.post("/api/episodes/" + a + "/start", null).status());
    assertEquals(200, http.post("/api/episodes/" + a + "/end", null).status());
    assertEquals(115, http.get("/api/rooms/" + room).json().getLong("episodeCount"));

    assertEquals(409, http.post("/api/episodes/" + b + "/cancel", new JsonObject().put("reason", "主播生病")).status(), "C would move");
    Http.Reply cancelled = http.post("/api/episodes/" + b + "/cancel", new JsonObject().put("reason", "主播生病").put("confirmRenumber", true));
    assertEquals(200, cancelled.status(), cancelled.body());
    assertEquals("cancelled", cancelled.json().getString("status"));
    assertNull(cancelled.json().getInteger("number"));
    assertEquals("主播生病", cancelled.json().getString("cancelReason"));
    assertNumber(c, 116);

    // An episode inserted before the aired one does not take its number (and moves C on, confirmed by the seed).
    long early = seed.episode(room, "补录", "2030-05-30T10:00:00+08:00", "2030-05-30T11:00:00+08:00").getLong("id");
    assertNumber(a, 115);
    assertNumber(early, 116);
    assertNumber(c, 117);
    // The slot of a cancelled episode is free again (booking it moves C on once more).
    assertEquals(201, http.post("/api/rooms/" + room + "/episodes", episode("B2", "2030-06-02T10:00:00+08:00", "2030-06-02T11:00:00+08:00")
      .put("confirmRenumber", true)).status());
  }

  @Test
  void lifecycleRecordsActualTimesAndRefusesWrongSteps() {
    long room = seed.room();
    long id = seed.episode(room, "直播", "2030-07-01T10:00:00+08:00", "2030-07-01T11:00:00+08:00").getLong("id");
    assertEquals(409, http.post("/api/episodes/" + id + "/end", null).status());
    JsonObject live = http.post("/api/episodes/" + id + "/start", null).json();
    assertEquals("live", live.getString("status"));
    assertTrue(live.getString("actualStartsAt") != null);
    Http.Reply again = http.post("/api/episodes/" + id + "/start", null);
    assertEquals(409, again.status());
    assertTrue(again.message().contains("直播中"), again.message());
    assertEquals(409, http.post("/api/episodes/" + id + "/cancel", new JsonObject().put("reason", "x")).status());
    JsonObject ended = http.post("/api/episodes/" + id + "/end", null).json();
    assertEquals("ended", ended.getString("status"));
    assertTrue(ended.getString("actualEndsAt") != null);
    assertEquals(422, http.post("/api/episodes/" + seed.episode(room, "x", "2030-07-02T10:00:00+08:00", "2030-07-02T11:00:00+08:00").getLong("id") + "/cancel",
      new JsonObject()).status(), "a cancel needs a reason");
    assertEquals(404, http.post("/api/episodes/999999999/start", null).status());
  }

  @Test
  void patchMovesAnEpisodeAndRenumbers() {
    long room = seed.room();
    long a = seed.episode(room, "A", "2030-08-01T10:00:00+08:00", "2030-08-01T11:00:00+08:00").getLong("id");
    long b = seed.episode(room, "B", "2030-08-02T10:00:00+08:00", "2030-08-02T11:00:00+08:00").getLong("id");
    JsonObject later = new JsonObject().put("startsAt", "2030-08-03T10:00:00+08:00").put("endsAt", "2030-08-03T11:00:00+08:00").put("title", "A 改期");
    // Past B, A and B swap numbers residents have seen: refused and nothing changed, unless confirmed.
    assertEquals(409, http.patch("/api/episodes/" + a, later).status());
    assertEquals("A", http.get("/api/episodes/" + a).json().getString("title"));
    Http.Reply moved = http.patch("/api/episodes/" + a, later.put("confirmRenumber", true));
    assertEquals(200, moved.status(), moved.body());
    assertEquals("A 改期", moved.json().getString("title"));
    assertEquals(2, moved.json().getInteger("number"));
    assertNumber(b, 1);
    Http.Reply clash = http.patch("/api/episodes/" + a, new JsonObject().put("startsAt", "2030-08-02T10:30:00+08:00").put("endsAt", "2030-08-02T11:30:00+08:00"));
    assertEquals(409, clash.status());
    assertEquals(b, clash.json().getJsonArray("conflicts").getJsonObject(0).getLong("id"));
    assertEquals(422, http.patch("/api/episodes/" + a, new JsonObject().put("endsAt", "2030-08-03T09:00:00+08:00")).status());
  }

  @Test
  void listFiltersAndPages() {
    long room = seed.room();
    long column = seed.column(room, "民政");
    for (int day = 1; day <= 5; day++) {
      http.post("/api/rooms/" + room + "/episodes", episode("十二月 " + day, "2030-12-0" + day + "T19:30:00+08:00", "2030-12-0" + day + "T20:30:00+08:00").put("columnId", column));
    }
    seed.episode(room, "一月", "2031-01-01T00:30:00+08:00", "2031-01-01T01:30:00+08:00");
    // A plain date is the room's local day: 00:30 on 1 January in Shanghai is still 31 December in UTC.
    JsonArray december = http.get("/api/episodes?roomId=" + room + "&from=2030-12-01&to=2030-12-31").items();
    assertEquals(5, december.size());
    assertEquals(1, http.get("/api/episodes?roomId=" + room + "&from=2031-01-01").items().size());
    assertEquals(5, http.get("/api/episodes?roomId=" + room + "&columnId=" + column).items().size());
    assertEquals(6, http.get("/api/episodes?roomId=" + room + "&status=scheduled").items().size());
    assertEquals(0, http.get("/api/episodes?roomId=" + room + "&status=ended").items().size());

    Http.Reply page1 = http.get("/api/episodes?roomId=" + room + "&limit=4");
    assertEquals(4, page1.items().size());
    String next = page1.json().getString("next");
    JsonArray page2 = http.get("/api/episodes?roomId=" + room + "&limit=4&cursor=" + next).items();
    assertEquals(2, page2.size());
    assertEquals("一月", page2.getJsonObject(1).getString("title"));

    assertEquals(400, http.get("/api/episodes?roomId=" + room + "&limit=0").status());
    assertEquals(400, http.get("/api/episodes?status=maybe").status());
    assertEquals(400, http.get("/api/episodes?from=yesterday").status());
    assertEquals(400, http.get("/api/episodes?cursor=!!").status());
  }

  private static void assertNumber(long episodeId, int number) {
    assertEquals(number, http.get("/api/episodes/" + episodeId).json().getInteger("number"));
  }

  @Test
  void titlesAreOneLineAndDescriptionsKeepOnlyLineBreaksAndTabs() {
    long room = seed.room();
    String path = "/api/rooms/" + room + "/episodes";
    String start = "2030-06-01T10:00:00+08:00";
    String end = "2030-06-01T11:00:00+08:00";
    for (String bad : List.of("回车\r标题", "换行\n标题", "制表\t标题", "下一行\u0085标题", "分行\u2028标题", "删除\u007f标题")) {
      assertField(http.post(path, episode(bad, start, end)), 422, "title");
    }
    // A lone surrogate can only be sent as a JSON escape; it used to be stored as "?".
    String slot = "\"startsAt\":\"" + start + "\",\"endsAt\":\"" + end + "\"";
    assertField(http.raw(HttpMethod.POST, path, "{\"title\":\"半个\\ud800字\"," + slot + "}", "application/json"), 422, "title");
    assertField(http.raw(HttpMethod.POST, path, "{\"title\":\"x\",\"description\":\"半个\\udc00字\"," + slot + "}", "application/json"), 422, "description");
    assertField(http.post(path, episode("说明", start, end).put("description", "第一行\r第二行")), 422, "description");
    assertField(http.post(path, episode("说明", start, end).put("description", "响铃\u0007")), 422, "description");
    assertEquals(0, http.get("/api/episodes?roomId=" + room).items().size(), "nothing was booked");

    Http.Reply ok = http.post(path, episode("正常的标题 😀", start, end).put("description", "第一行\r\n第二行\n\t缩进"));
    assertEquals(201, ok.status(), ok.body());
    assertEquals("第一行\n第二行\n\t缩进", ok.json().getString("description"));
    assertField(http.patch("/api/episodes/" + ok.json().getLong("id"), new JsonObject().put("title", "改\n名")), 422, "title");
  }

  private static void assertField(Http.Reply reply, int status, String field) {
    assertEquals(status, reply.status(), reply.body());
    assertEquals(field, reply.json().getJsonObject("details").getString("field"), reply.body());
  }

  @Test
  void datesOutsideThePlausibleWindowAreRefusedNamingTheField() {
    long room = seed.room();
    String path = "/api/rooms/" + room + "/episodes";
    assertField(http.post(path, episode("公元元年", "0001-05-01T10:00:00+08:00", "0001-05-01T11:00:00+08:00")), 422, "startsAt");
    assertField(http.post(path, episode("九九九九", "9999-05-01T10:00:00+08:00", "9999-05-01T11:00:00+08:00")), 422, "startsAt");
    assertField(http.post(path, episode("跨世纪", "1999-12-31T10:00:00+08:00", "1999-12-31T11:00:00+08:00")), 422, "startsAt");
    assertEquals(0, http.get("/api/episodes?roomId=" + room).items().size(), "nothing was booked");
    assertField(http.get("/api/episodes?roomId=" + room + "&from=0001-01-01"), 422, "from");
    assertField(http.get("/api/episodes?roomId=" + room + "&to=9999-12-31T00:00:00Z"), 422, "to");
    JsonObject ep = seed.episode(room, "正常", "2030-05-01T10:00:00+08:00", "2030-05-01T11:00:00+08:00");
    assertField(http.patch("/api/episodes/" + ep.getLong("id"), new JsonObject()
      .put("startsAt", "9999-05-01T10:00:00+08:00").put("endsAt", "9999-05-01T11:00:00+08:00")), 422, "startsAt");
  }

  @Test
  void patchRefusesFieldsItDoesNotTakeAndChangesNothing() {
    long room = seed.room();
    long otherRoom = seed.room();
    JsonObject ep = seed.episode(room, "原标题", "2030-07-01T10:00:00+08:00", "2030-07-01T11:00:00+08:00");
    String path = "/api/episodes/" + ep.getLong("id");
    assertField(http.patch(path, new JsonObject().put("title", "新标题").put("roomId", otherRoom)), 422, "roomId");
    assertField(http.patch(path, new JsonObject().put("title", "新标题").put("status", "cancelled")), 422, "status");
    assertField(http.patch(path, new JsonObject().put("number", 9)), 422, "number");
    JsonObject now = http.get(path).json();
    assertEquals("原标题", now.getString("title"));
    assertEquals(room, now.getLong("roomId"));
    assertEquals("scheduled", now.getString("status"));
    assertEquals(200, http.patch(path, new JsonObject().put("title", "新标题")).status());
  }
}
