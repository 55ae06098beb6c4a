package lianxin.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import lianxin.db.Databases;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.TestDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Follower figures two ways: one pass over a period's account-months (whole months) and probes of the readings
 * at the period's edges (any period). Both must give the same rooms and months on the same readings, including
 * an account with a month without readings, one first counted inside the period, one counted only after it, a
 * room on another clock and readings entered out of order, replaced or deleted afterwards.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverviewFollowersTest {

  static Http http;
  static long district;
  static long shanghai;
  static long berlin;
  static Seed seed;
  /** Runs the overview's statements as the server does: prepared, with their parameters. */
  static Pool pool;

  /** Past whole months, periods under way, and periods cut inside months (those always probe). */
  static final List<String[]> PERIODS = List.of(
    new String[] {"2024-01-01", "2024-03-31"}, new String[] {"2024-02-01", "2024-02-29"},
    new String[] {"2024-03-01", "2024-04-30"}, new String[] {null, "2024-03-31"}, new String[] {"2024-01-01", "2024-12-31"},
    new String[] {"2024-01-01", null}, new String[] {null, null}, new String[] {"2024-02-01", "2030-12-31"},
    new String[] {"2024-01-20", "2024-03-15"}, new String[] {"2024-01-01", "2024-03-15"}, new String[] {"2024-01-20", "2024-03-31"});

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    pool = Databases.pool(vertx, Databases.options(TestDb.url()), 2);
    seed = new Seed(http);
    district = seed.org("玉泉区", "district", null);
    long community = seed.org("小召社区", "community", district);
    shanghai = room(community, "Asia/Shanghai", "douyin", "kuaishou", "bilibili");
    berlin = room(district, "Europe/Berlin", "douyin", "wechat-channels");

    // Shanghai douyin: before the period, in January, none in February (a gap), twice in March, after it.
    follow(shanghai, "douyin", 1_000, "2023-12-20T12:00:00+08:00");
    follow(shanghai, "douyin", 1_200, "2024-01-15T12:00:00+08:00");
    follow(shanghai, "douyin", 1_500, "2024-03-10T12:00:00+08:00");
    follow(shanghai, "douyin", 1_550, "2024-03-25T12:00:00+08:00");
    follow(shanghai, "douyin", 1_600, "2024-04-20T12:00:00+08:00");
    // First counted inside the period, entered newest first.
    follow(shanghai, "kuaishou", 350, "2024-02-25T12:00:00+08:00");
    follow(shanghai, "kuaishou", 300, "2024-02-20T12:00:00+08:00");
    // Counted only after the period; bilibili... never.
    follow(shanghai, "bilibili", 80, "2024-05-02T12:00:00+08:00");
    // On Berlin's clock 31 January 23:30 is January (February in Shanghai); then nothing until April.
    follow(berlin, "douyin", 500, "2024-01-31T23:30:00+01:00");
    follow(berlin, "douyin", 520, "2024-01-10T09:00:00+01:00");
    follow(berlin, "douyin", 640, "2024-04-01T00:30:00+02:00");
    follow(berlin, "wechat-channels", 90, "2023-11-30T10:00:00+01:00");
    // Month rows come with aired episodes (scheduled ones past their end count as aired).
    for (String day : List.of("2024-01-10", "2024-02-14", "2024-03-13")) {
      seed.episode(shanghai, "第" + day + "期", day + "T19:30:00+08:00", day + "T20:30:00+08:00");
    }
  }

  @Test
  @Order(2)
  void onePassGivesWhatTheProbesGive() throws Exception {
    assertSameBothWays("as entered");
  }

  @Test
  @Order(1)
  void wholeMonthsAddUpToWhatWasEntered() {
    // January to March: Shanghai douyin 1,000 → 1,550, kuaishou from its first reading 300 → 350; Berlin douyin
    // 520 (its first, inside) → 500, wechat-channels 90 → 90.
    JsonObject q1 = overview("from=2024-01-01&to=2024-03-31&groupBy=month");
    assertEquals(550 + 50 - 20, q1.getJsonObject("totals").getLong("followerGrowth"));
    JsonArray months = q1.getJsonArray("groups");
    assertEquals(List.of("2024-01", "2024-02", "2024-03"), months.stream().map(m -> ((JsonObject) m).getString("key")).toList());
    // Followers at each month's end, carried over the months without readings; growth within each month.
    assertMonth(months.getJsonObject(0), 1_200 + 500 + 90, 200 - 20);
    assertMonth(months.getJsonObject(1), 1_200 + 350 + 500 + 90, 50);
    assertMonth(months.getJsonObject(2), 1_550 + 350 + 500 + 90, 350);
    JsonArray rooms = overview("from=2024-01-01&to=2024-03-31&groupBy=room").getJsonArray("groups");
    assertEquals(550 + 50, group(rooms, shanghai).getLong("followerGrowth"));
    assertEquals(-20, group(rooms, berlin).getLong("followerGrowth"));
    assertEquals(1_600 + 350 + 80, group(rooms, shanghai).getLong("followers"), "followers now");
    assertEquals(640 + 90, group(rooms, berlin).getLong("followers"));
    // A period's first and last days count whole on each room's clock: Shanghai douyin grows from before 15 January
    // (1,000; that day's 1,200 is inside) to 10 March's 1,500; Berlin douyin from 10 January's 520 to 500.
    JsonArray cut = overview("from=2024-01-15&to=2024-03-10&groupBy=room").getJsonArray("groups");
    assertEquals(500 + 50, group(cut, shanghai).getLong("followerGrowth"));
    assertEquals(-20, group(cut, berlin).getLong("followerGrowth"));
  }

  @Test
  @Order(3)
  void editsKeepBothWaysEqual() throws Exception {
    follow(shanghai, "douyin", 1_300, "2024-02-05T12:00:00+08:00"); // fills the gap
    assertSameBothWays("a reading in the gap");
    follow(shanghai, "douyin", 1_250, "2024-01-15T12:00:00+08:00"); // the same moment again: replaced
    assertSameBothWays("a reading replaced");
    exec("DELETE FROM follower_snapshots WHERE room_id = " + shanghai + " AND platform = 'douyin' AND at = '2024-02-05T12:00:00+08:00'");
    assertSameBothWays("a reading deleted, the gap again");
    exec("UPDATE follower_snapshots SET at = '2024-03-02T12:00:00+08:00' WHERE room_id = " + shanghai
      + " AND platform = 'kuaishou' AND at = '2024-02-20T12:00:00+08:00'");
    assertSameBothWays("a reading moved to another month");
    Http.Reply zone = http.raw(HttpMethod.PATCH, "/api/rooms/" + berlin, new JsonObject().put("timezone", "America/New_York").encode(),
      "application/json");
    assertEquals(200, zone.status(), zone.body());
    assertSameBothWays("a room moved to another clock");
    // Readings a few minutes ahead of the server's clock (allowed): on an account with older ones, and on one
    // with no other reading (its growth this year starts from nothing, not from that reading).
    follow(berlin, "wechat-channels", 95, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(3).toString());
    follow(shanghai, "bilibili", 70, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(2).toString());
    exec("DELETE FROM follower_snapshots WHERE room_id = " + shanghai + " AND platform = 'bilibili' AND at < now()");
    assertSameBothWays("a reading from the future");
    // Kuaishou taken off the room: its readings stay, but it no longer counts for the room.
    Http.Reply dropped = http.raw(HttpMethod.PATCH, "/api/rooms/" + shanghai, new JsonObject().put("platforms", new JsonArray()
      .add(new JsonObject().put("platform", "douyin").put("account", Seed.unique("dy")))
      .add(new JsonObject().put("platform", "bilibili").put("account", Seed.unique("bili")))).encode(), "application/json");
    assertEquals(200, dropped.status(), dropped.body());
    assertSameBothWays("a platform taken off a room");
    assertEquals(1_600 + 70, group(overview("from=2024-01-01&to=2024-03-31").getJsonArray("groups"), shanghai).getLong("followers"));
  }

  private static void assertMonth(JsonObject month, long followers, long growth) {
    assertEquals(followers, month.getLong("followers"), month.getString("key") + " followers");
    assertEquals(growth, month.getLong("followerGrowth"), month.getString("key") + " growth");
  }

  /** Every account-month links to the last reading of the account's previous month with readings. */
  private static void assertLinked() throws Exception {
    try (Connection c = TestDb.jdbc(TestDb.url()); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
        SELECT count(*) FROM (SELECT prev_count, lag(last_count) OVER (PARTITION BY room_id, platform ORDER BY month) AS lagged
        FROM follower_months) f WHERE prev_count IS DISTINCT FROM lagged""")) {
      rs.next();
      assertEquals(0, rs.getLong(1), "account-months whose link to the month before is stale");
    }
  }

  private static void assertSameBothWays(String when) throws Exception {
    assertLinked();
    int passes = 0;
    for (String[] p : PERIODS) {
      LocalDate from = p[0] == null ? null : LocalDate.parse(p[0]);
      LocalDate to = p[1] == null ? null : LocalDate.parse(p[1]);
      OverviewSql pass = OverviewSql.of(district, from, to, OverviewSql.GroupBy.MONTH, true, false, true);
      OverviewSql probes = OverviewSql.of(district, from, to, OverviewSql.GroupBy.MONTH, true, false, false);
      String period = when + ", " + p[0] + " to " + p[1];
      assertEquals(rows(probes.rooms()), rows(pass.rooms()), "rooms, " + period);
      assertEquals(rows(probes.months()), rows(pass.months()), "months, " + period);
      passes += pass.rooms().sql().equals(probes.rooms().sql()) ? 0 : 1;
    }
    assertEquals(8, passes, "the whole-month periods over or under way take the pass");
  }

  /** The rows as sorted text, so the two ways compare whatever order they come in. */
  private static List<String> rows(OverviewSql.Query query) {
    List<String> out = new ArrayList<>();
    for (Row r : pool.preparedQuery(query.sql()).execute(query.params()).await()) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        row.append(r.getColumnName(i)).append('=').append(r.getValue(i)).append(' ');
      }
      out.add(row.toString());
    }
    out.sort(null);
    assertTrue(!out.isEmpty(), "no rows from " + query);
    return out;
  }

  private static void exec(String sql) throws Exception {
    try (Connection c = TestDb.jdbc(TestDb.url()); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate(sql), sql);
    }
  }

  private static JsonObject group(JsonArray groups, long room) {
    return groups.stream().map(JsonObject.class::cast).filter(g -> g.getString("key").equals(String.valueOf(room))).findFirst()
      .orElseThrow(() -> new AssertionError("no group for room " + room + " in " + groups.encode()));
  }

  private static JsonObject overview(String query) {
    Http.Reply reply = http.get("/api/stats/overview?orgId=" + district + "&" + query + "&n=" + System.nanoTime());
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  private static long room(long org, String zone, String... platforms) {
    JsonArray accounts = new JsonArray();
    for (String p : platforms) {
      accounts.add(new JsonObject().put("platform", p).put("account", Seed.unique(p)));
    }
    Http.Reply reply = http.post("/api/rooms", new JsonObject().put("name", Seed.unique("直播间")).put("orgId", org)
      .put("timezone", zone).put("platforms", accounts));
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getLong("id");
  }

  private static void follow(long room, String platform, long count, String at) {
    Http.Reply reply = http.post("/api/rooms/" + room + "/followers", new JsonObject().put("platform", platform).put("count", count).put("at", at));
    assertEquals(201, reply.status(), reply.body());
  }
}
