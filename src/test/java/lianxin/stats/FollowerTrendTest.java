package lianxin.stats;

import static lianxin.support.Asserts.assertField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
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

/**
 * GET /api/stats/followers: a scope's followers with each account carried forward. Rooms whose first readings
 * come in different weeks must not make the line jump when they start being counted, and its rise must be the
 * overview's growth for the same period.
 */
@ExtendWith(VertxExtension.class)
class FollowerTrendTest {

  static Http http;
  static long district;
  static long a;
  static long b;
  static long c;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    Seed seed = new Seed(http);
    district = seed.org("赛罕区", "district", null);
    long community = seed.org("大学东路社区", "community", district);
    a = seed.room(community, 0, "Asia/Shanghai");
    b = seed.room(community, 0, "Asia/Shanghai");
    c = seed.room(district, 0, "Europe/Berlin");
    seed.room(community, 0, "Asia/Shanghai"); // never read
    // A is read from the first week of 2024, B only from mid-February (its first readings are weeks apart), C
    // before the period; C's second reading is Sunday night on Berlin's clock (Monday morning in Beijing).
    follow(a, 1_000, "2024-01-03T12:00:00+08:00");
    follow(a, 1_100, "2024-01-17T12:00:00+08:00");
    follow(a, 1_300, "2024-03-06T12:00:00+08:00");
    follow(b, 5_000, "2024-02-14T12:00:00+08:00");
    follow(b, 5_200, "2024-02-28T12:00:00+08:00");
    follow(c, 300, "2023-12-20T12:00:00+01:00");
    follow(c, 320, "2024-02-04T23:30:00+01:00");
  }

  static void follow(long room, long count, String at) {
    assertEquals(201, http.post("/api/rooms/" + room + "/followers",
      new JsonObject().put("platform", "douyin").put("count", count).put("at", at)).status());
  }

  static JsonObject trend(String query) {
    Http.Reply reply = http.get("/api/stats/followers?" + query);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  static List<Long> totals(JsonObject trend) {
    List<Long> out = new ArrayList<>();
    trend.getJsonArray("points").forEach(p -> out.add(((JsonObject) p).getLong("total")));
    return out;
  }

  static List<String> days(JsonObject trend) {
    List<String> out = new ArrayList<>();
    trend.getJsonArray("points").forEach(p -> out.add(((JsonObject) p).getString("day")));
    return out;
  }

  @Test
  void weeksCarryEachAccountAndNeverJumpWhenARoomStartsBeingCounted() {
    JsonObject weeks = trend("orgId=" + district + "&from=2024-01-01&to=2024-03-31&interval=week");
    assertEquals("week", weeks.getString("interval"));
    assertEquals(3, weeks.getLong("accounts"));
    // The start counts A and B with their first readings and C with its reading before the period.
    long start = 1_000 + 5_000 + 300;
    assertEquals(List.of(start,
      start,                    // 1-7 Jan: A's first reading, already in the start
      start, start + 100,       // 15-21 Jan: A 1,000 → 1,100
      start + 100,
      start + 120,              // 29 Jan - 4 Feb: C 300 → 320 on Berlin's clock
      start + 120,
      start + 120,              // 12-18 Feb: B's first reading moves nothing
      start + 120,
      start + 320,              // 26 Feb - 3 Mar: B 5,000 → 5,200
      start + 520,              // 4-10 Mar: A 1,100 → 1,300
      start + 520, start + 520, start + 520), totals(weeks));
    assertTrue(weeks.getJsonArray("points").getJsonObject(0).getBoolean("start"));
    assertEquals(List.of("2023-12-31", "2024-01-07", "2024-01-14", "2024-01-21", "2024-01-28", "2024-02-04", "2024-02-11",
      "2024-02-18", "2024-02-25", "2024-03-03", "2024-03-10", "2024-03-17", "2024-03-24", "2024-03-31"), days(weeks));

    // Every step is what the readings moved, and the rise is the overview's growth for the same period.
    JsonObject totals = http.get("/api/stats/overview?orgId=" + district + "&from=2024-01-01&to=2024-03-31").json().getJsonObject("totals");
    assertEquals(520, weeks.getLong("growth"));
    assertEquals(totals.getLong("followerGrowth"), weeks.getLong("growth"));
    assertEquals(totals.getLong("followers"), weeks.getLong("end"), "no reading since: the end is now");
    assertEquals(start, weeks.getLong("start"));
    assertEquals("520", weeks.getString("growthLabel"));
  }

  @Test
  void monthsDaysAndAnOpenStart() {
    long start = 1_000 + 5_000 + 300;
    JsonObject months = trend("orgId=" + district + "&from=2024-01-01&to=2024-03-31&interval=month");
    assertEquals(List.of(start, start + 100, start + 320, start + 520), totals(months));
    assertEquals(List.of("2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31"), days(months));

    // Ten days in February, by day (chosen for so short a period): B's first reading is no growth.
    JsonObject days = trend("orgId=" + district + "&from=2024-02-10&to=2024-02-20");
    assertEquals("day", days.getString("interval"));
    assertEquals(12, days.getJsonArray("points").size());
    assertTrue(totals(days).stream().allMatch(t -> t == 1_100 + 5_000 + 320), totals(days).toString());
    assertEquals(0, days.getLong("growth"));
    assertEquals(0, http.get("/api/stats/overview?orgId=" + district + "&from=2024-02-10&to=2024-02-20").json()
      .getJsonObject("totals").getLong("followerGrowth"));

    // Without from the series starts at the earliest reading (C's, 20 December on Berlin's clock).
    JsonObject open = trend("orgId=" + district + "&to=2024-03-31");
    assertEquals("2023-12-20", open.getString("from"));
    assertEquals("week", open.getString("interval"));
    assertEquals(http.get("/api/stats/overview?orgId=" + district + "&to=2024-03-31").json().getJsonObject("totals").getLong("followerGrowth"),
      open.getLong("growth"));
    assertEquals(1_000 + 5_000 + 300, open.getLong("start"));
  }

  @Test
  void aScopeWithoutReadingsIsUnknownNotZero() {
    Seed seed = new Seed(http);
    long quiet = seed.org("新建区", "district", null);
    seed.room(quiet, 0, "Asia/Shanghai");
    JsonObject none = trend("orgId=" + quiet);
    assertEquals(0, none.getLong("accounts"));
    assertNull(none.getValue("end"));
    assertNull(none.getValue("growth"));
    JsonArray points = none.getJsonArray("points");
    assertTrue(points.stream().allMatch(p -> ((JsonObject) p).getValue("total") == null), points.encode());
    JsonObject past = trend("orgId=" + quiet + "&from=2024-01-01&to=2024-01-31");
    assertNull(past.getValue("end"));
  }

  @Test
  void aNewReadingShowsAtOnceAndTheCityAddsEveryScope() {
    Seed seed = new Seed(http);
    long org = seed.org("如意区", "district", null);
    long room = seed.room(org, 0, "Asia/Shanghai");
    follow(room, 700, "2024-03-20T12:00:00+08:00");
    String query = "orgId=" + org + "&from=2024-04-01&to=2024-04-30&interval=month";
    assertEquals(700, trend(query).getLong("end"));
    follow(room, 800, "2024-04-10T12:00:00+08:00");
    JsonObject after = trend(query);
    assertEquals(800, after.getLong("end"));
    assertEquals(100, after.getLong("growth"));
    JsonObject city = trend("from=2024-01-01&to=2024-03-31&interval=month");
    assertTrue(city.getLong("accounts") >= 3, city.encode());
    assertNull(city.getValue("orgId"));
  }

  @Test
  void badQueriesAreRefused() {
    assertEquals(404, http.get("/api/stats/followers?orgId=999999999").status());
    assertField(http.get("/api/stats/followers?interval=year"), 400, "interval");
    assertField(http.get("/api/stats/followers?from=2024-03-01&to=2024-02-01"), 422, "to");
    assertField(http.get("/api/stats/followers?from=2020-01-01&to=2024-12-31&interval=day"), 422, "from");
    assertField(http.get("/api/stats/followers?from=yesterday"), 400, "from");
  }
}
