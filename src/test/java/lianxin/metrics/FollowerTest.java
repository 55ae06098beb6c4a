package lianxin.metrics;

import static lianxin.support.Asserts.assertField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import lianxin.support.Http;
import lianxin.support.Seed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FollowerTest {

  static Http http;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  static long roomOnTwoPlatforms() {
    return http.post("/api/rooms", new JsonObject().put("name", Seed.unique("党群连心桥")).put("orgId", seed.district())
      .put("platforms", new JsonArray()
        .add(new JsonObject().put("platform", "douyin").put("account", "hlbl"))
        .add(new JsonObject().put("platform", "kuaishou").put("account", "hlbl-ks")))).json().getLong("id");
  }

  static void snapshot(long room, String platform, long count, String at) {
    Http.Reply reply = http.post("/api/rooms/" + room + "/followers", new JsonObject().put("platform", platform).put("count", count).put("at", at));
    assertEquals(201, reply.status(), reply.body());
  }

  @Test
  void roomShowsItsLatestTotalAsPeopleReadIt() {
    long room = roomOnTwoPlatforms();
    assertEquals(0, http.get("/api/rooms/" + room).json().getLong("followers"), "no readings yet");
    snapshot(room, "douyin", 9_000, "2024-08-01T12:00:00+08:00");
    snapshot(room, "douyin", 10_400, "2024-09-05T12:00:00+08:00");
    snapshot(room, "快手", 4_000, "2024-09-03T12:00:00+08:00");
    JsonObject page = http.get("/api/rooms/" + room).json();
    assertEquals(14_400, page.getLong("followers"));
    assertEquals("1.44万", page.getString("followersLabel"));
    // The same reading sent again replaces itself rather than counting twice.
    snapshot(room, "douyin", 10_400, "2024-09-05T12:00:00+08:00");
    assertEquals(14_400, http.get("/api/rooms/" + room).json().getLong("followers"));
  }

  @Test
  void dailySeriesCarriesTheLastValueAcrossGaps() {
    long room = roomOnTwoPlatforms();
    snapshot(room, "douyin", 10_000, "2024-09-01T12:00:00+08:00");
    snapshot(room, "kuaishou", 4_000, "2024-09-03T09:00:00+08:00");
    snapshot(room, "douyin", 10_400, "2024-09-05T23:59:00+08:00");
    JsonObject series = http.get("/api/rooms/" + room + "/followers?from=2024-08-31&to=2024-09-07&interval=day").json();
    JsonArray points = series.getJsonArray("points");
    assertEquals(8, points.size());
    assertEquals("2024-08-31T00:00:00+08:00", points.getJsonObject(0).getString("at"));
    assertNull(points.getJsonObject(0).getLong("total"), "nothing counted before the first reading");
    long[] expected = {10_000, 10_000, 14_000, 14_000, 14_400, 14_400, 14_400};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], points.getJsonObject(i + 1).getLong("total"), "day " + (i + 1));
    }
    assertEquals(10_000, points.getJsonObject(3).getJsonObject("byPlatform").getLong("douyin"));
    assertEquals(4_000, points.getJsonObject(3).getJsonObject("byPlatform").getLong("kuaishou"));
    assertEquals("1.44万", points.getJsonObject(7).getString("totalLabel"));
    // Growth per account from its first reading in the period: douyin +400, kuaishou +0.
    assertEquals(400, series.getLong("growth"));
    assertEquals(14_400, series.getLong("end"));

    JsonObject later = http.get("/api/rooms/" + room + "/followers?from=2024-09-04&to=2024-09-30&interval=day").json();
    assertEquals(400, later.getLong("growth"), "from the readings before the period");
    assertEquals(14_000, later.getLong("start"));
  }

  @Test
  void weeklyAndMonthlyBucketsStartOnMondayAndTheFirst() {
    long room = roomOnTwoPlatforms();
    snapshot(room, "douyin", 1_000, "2024-07-15T10:00:00+08:00");
    snapshot(room, "douyin", 3_000, "2024-09-10T10:00:00+08:00");
    JsonArray weeks = http.get("/api/rooms/" + room + "/followers?from=2024-09-04&to=2024-09-20&interval=week").json().getJsonArray("points");
    assertEquals("2024-09-02T00:00:00+08:00", weeks.getJsonObject(0).getString("at"));
    assertEquals(1_000, weeks.getJsonObject(0).getLong("total"));
    assertEquals(3_000, weeks.getJsonObject(1).getLong("total"));
    assertEquals(3, weeks.size());
    JsonObject months = http.get("/api/rooms/" + room + "/followers?from=2024-06-15&to=2024-09-30&interval=month").json();
    JsonArray points = months.getJsonArray("points");
    assertEquals(4, points.size());
    assertEquals("2024-06-01T00:00:00+08:00", points.getJsonObject(0).getString("at"));
    assertNull(points.getJsonObject(0).getLong("total"));
    assertEquals(1_000, points.getJsonObject(1).getLong("total"));
    assertEquals(1_000, points.getJsonObject(2).getLong("total"), "August carries July's reading");
    assertEquals(3_000, points.getJsonObject(3).getLong("total"));
    assertEquals(2_000, months.getLong("growth"));
  }

  @Test
  void badReadingsAreRefusedNamingTheField() {
    long room = roomOnTwoPlatforms();
    String path = "/api/rooms/" + room + "/followers";
    assertField(http.post(path, new JsonObject().put("platform", "douyin").put("count", -1)), 422, "count");
    assertField(http.post(path, new JsonObject().put("platform", "douyin").put("count", 3_000_000_000L)), 422, "count");
    assertField(http.post(path, new JsonObject().put("platform", "douyin").put("count", "很多")), 400, "count");
    assertField(http.post(path, new JsonObject().put("platform", "weibo").put("count", 1)), 422, "platform");
    assertField(http.post(path, new JsonObject().put("platform", "bilibili").put("count", 1)), 422, "platform");
    assertField(http.post(path, new JsonObject().put("platform", "douyin").put("count", 1).put("at", "2099-01-01T00:00:00+08:00")), 422, "at");
    assertEquals(404, http.post("/api/rooms/999999999/followers", new JsonObject().put("platform", "douyin").put("count", 1)).status());
    assertField(http.get(path + "?interval=year"), 400, "interval");
    assertField(http.get(path + "?from=2024-09-10&to=2024-09-01"), 422, "to");
    assertField(http.get(path + "?from=2000-01-01&to=2024-09-01"), 422, "from");
    assertEquals(0, http.get("/api/rooms/" + room).json().getLong("followers"), "nothing was stored");
  }
}
