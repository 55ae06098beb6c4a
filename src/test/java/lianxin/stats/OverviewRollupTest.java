package lianxin.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Seed;
import lianxin.support.TestDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whole months come from the monthly rollup, edges and fresh changes from the episodes: the figures must be the
 * same either way, before and after a fold, and the month breakdown carries followers at each month's end.
 */
@ExtendWith(VertxExtension.class)
class OverviewRollupTest {

  static Http http;
  static long district;
  static long roomA;
  static long roomB;
  static long feb7;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    Seed seed = new Seed(http);
    district = seed.org("赛罕区", "district", null);
    long community = seed.org("大学东路社区", "community", district);
    roomA = created(http.post("/api/rooms", new JsonObject().put("name", Seed.unique("大学东路直播间")).put("orgId", community)
      .put("timezone", "Asia/Shanghai").put("platforms", new JsonArray()
        .add(new JsonObject().put("platform", "douyin").put("account", "dxdl"))
        .add(new JsonObject().put("platform", "kuaishou").put("account", "dxdl-ks")))));
    // A room on another clock: its 23:30 on 31 January is February in Shanghai, but January for this room.
    roomB = seed.room(district, 0, "Europe/Berlin");

    List<Long> ended = new java.util.ArrayList<>();
    ended.add(metrics(episode(roomA, "2024-01-10T19:30:00+08:00"), 1_000, 100L, null, null));
    ended.add(metrics(episode(roomA, "2024-01-24T19:30:00+08:00"), 2_000, 50L, 10L, null));
    feb7 = episode(roomA, "2024-02-07T19:30:00+08:00");
    ended.add(feb7);
    ended.add(metrics(episode(roomA, "2024-03-06T19:30:00+08:00"), 500, null, null, 5L));
    // Left scheduled: it counts as aired because its end has passed (read from the episodes, not the rollup).
    metrics(episode(roomA, "2024-03-20T19:30:00+08:00"), 700, null, null, null);
    ended.add(metrics(episode(roomA, "2024-04-03T19:30:00+08:00"), 9_999, null, null, null));
    ended.add(metrics(episode(roomB, "2024-01-31T23:30:00+01:00"), 300, 30L, 3L, 3L));
    // The rest went live and ended back then, as a back-catalogue import records them (that route needs media
    // files and FFmpeg jobs, which this test is not about).
    try (Connection c = TestDb.jdbc(TestDb.url()); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE episodes SET status = 'ended', actual_start = starts_at, actual_end = ends_at WHERE id IN ("
        + ended.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + ")");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }

    follow(roomA, "douyin", 1_000, "2023-12-20T12:00:00+08:00");
    follow(roomA, "douyin", 1_200, "2024-01-15T12:00:00+08:00");
    follow(roomA, "douyin", 1_500, "2024-03-10T12:00:00+08:00");
    follow(roomA, "douyin", 1_550, "2024-03-25T12:00:00+08:00");
    follow(roomA, "douyin", 1_600, "2024-04-20T12:00:00+08:00");
    // First counted inside the period: grows from its first reading.
    follow(roomA, "kuaishou", 300, "2024-02-20T12:00:00+08:00");
    follow(roomA, "kuaishou", 350, "2024-02-25T12:00:00+08:00");
  }

  @Test
  void monthsCarryFollowersAtTheirEndAndGrowthWithin() {
    JsonArray months = overview("from=2024-01-01&to=2024-03-31&groupBy=month").getJsonArray("groups");
    assertEquals(List.of("2024-01", "2024-02", "2024-03"), months.stream().map(m -> ((JsonObject) m).getString("key")).toList());
    assertFollowers(months.getJsonObject(0), 1_200, 200);
    assertFollowers(months.getJsonObject(1), 1_200 + 350, 50);
    assertFollowers(months.getJsonObject(2), 1_550 + 350, 350);
    JsonObject totals = overview("from=2024-01-01&to=2024-03-31&groupBy=month").getJsonObject("totals");
    assertEquals(1_600 + 350, totals.getLong("followers"), "followers now");
    assertEquals(200 + 50 + 350, totals.getLong("followerGrowth"), "the months' growths add up to the period's");

    // A period ending mid-month ends March with the reading before its end; one starting mid-month starts
    // January from the reading before its start.
    JsonArray cut = overview("from=2024-01-20&to=2024-03-15&groupBy=month").getJsonArray("groups");
    assertFollowers(cut.getJsonObject(0), 1_200, 0);
    assertFollowers(cut.getJsonObject(2), 1_500 + 350, 300);
    assertEquals(0 + 50 + 300, overview("from=2024-01-20&to=2024-03-15&groupBy=month").getJsonObject("totals").getLong("followerGrowth"));
  }

  @Test
  void columnsAreDefinedWithoutFollowers() {
    JsonObject column = overview("from=2024-01-01&to=2024-03-31&groupBy=column").getJsonArray("groups").getJsonObject(0);
    assertNull(column.getValue("followers"), "followers belong to a room's accounts, not to a column");
    assertNull(column.getValue("followerGrowth"));
  }

  @Test
  void rollupAndEpisodesGiveTheSameFigures() throws Exception {
    List<String> periods = List.of("from=2024-01-01&to=2024-03-31", "from=2024-01-20&to=2024-03-15", "from=2024-02-01&to=2024-02-29", "");
    awaitFolded();
    for (String period : periods) {
      assertSameEverywhere(period);
    }
    // A change shows at once, while its month is still marked (read from the episodes)...
    JsonObject before = overview("from=2024-01-01&to=2024-03-31&groupBy=month").getJsonObject("totals");
    Http.Reply put = http.raw(HttpMethod.PUT, "/api/episodes/" + feb7 + "/metrics",
      new JsonObject().put("platform", "douyin").put("views", 800).put("likes", 8).encode(), "application/json");
    assertEquals(200, put.status(), put.body());
    JsonObject after = overview("from=2024-01-01&to=2024-03-31&groupBy=month").getJsonObject("totals");
    assertEquals(before.getLong("views") + 800, after.getLong("views"));
    assertEquals(before.getLong("episodesWithMetrics") + 1, after.getLong("episodesWithMetrics"));
    for (String period : periods) {
      assertSameEverywhere(period);
    }
    // ...and the same once folded into the rollup.
    awaitFolded();
    assertEquals(after.encode(), overview("from=2024-01-01&to=2024-03-31&groupBy=month&after=fold").getJsonObject("totals").encode());
    for (String period : periods) {
      assertSameEverywhere(period);
    }
    JsonArray months = overview("from=2024-01-01&to=2024-03-31&groupBy=month&after=fold").getJsonArray("groups");
    assertEquals(3, months.getJsonObject(0).getLong("episodesAired"), "room B's 31 January is January on its clock");
    assertEquals(1_000 + 2_000 + 300, months.getJsonObject(0).getLong("views"));
    assertEquals(800, months.getJsonObject(1).getLong("views"));
    assertEquals(500 + 700, months.getJsonObject(2).getLong("views"));
  }

  @Test
  void aPeriodsFirstAndLastDaysCountWhole() {
    // 24 January, 7 February and 6 March in room A, and room B's 31 January; the edges come from the episodes, the
    // whole February between them from the rollup (by room) or the episodes too (by column).
    for (String groupBy : List.of("room", "column")) {
      JsonObject edges = overview("from=2024-01-24&to=2024-03-06&groupBy=" + groupBy);
      assertEquals(4, edges.getJsonObject("totals").getLong("episodesAired"), "by " + groupBy);
      JsonObject inside = overview("from=2024-01-25&to=2024-03-05&groupBy=" + groupBy);
      assertEquals(2, inside.getJsonObject("totals").getLong("episodesAired"), "by " + groupBy);
    }
    List<Long> topViews = topViews(overview("from=2024-01-24&to=2024-03-06"));
    assertTrue(topViews.containsAll(List.of(2_000L, 500L, 300L)), topViews.toString());
    topViews = topViews(overview("from=2024-01-25&to=2024-03-05"));
    assertTrue(topViews.contains(300L) && !topViews.contains(2_000L) && !topViews.contains(500L), topViews.toString());
    assertSameEverywhere("from=2024-01-24&to=2024-03-06");
  }

  private static List<Long> topViews(JsonObject overview) {
    return overview.getJsonArray("topEpisodes").stream().map(e -> ((JsonObject) e).getLong("views")).toList();
  }

  /** Totals by room and by month (rollup) equal totals by column (every episode), less the follower figures. */
  private static void assertSameEverywhere(String period) {
    JsonObject byColumn = overview(period + "&groupBy=column&n=" + System.nanoTime()).getJsonObject("totals");
    for (String groupBy : List.of("room", "month", "org")) {
      JsonObject totals = overview(period + "&groupBy=" + groupBy + "&n=" + System.nanoTime()).getJsonObject("totals");
      assertEquals(byColumn.encode(), totals.encode(), period + " by " + groupBy);
    }
  }

  private static void assertFollowers(JsonObject month, long followers, long growth) {
    assertEquals(followers, month.getLong("followers"), month.getString("key") + " followers");
    assertEquals(growth, month.getLong("followerGrowth"), month.getString("key") + " growth");
  }

  /** Waits until every node's fold has taken this test's room-months into the rollup. */
  private static void awaitFolded() throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    try (Connection c = TestDb.jdbc(TestDb.url()); Statement s = c.createStatement()) {
      while (true) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM room_month_dirty WHERE room_id IN (" + roomA + ", " + roomB + ")")) {
          rs.next();
          if (rs.getLong(1) == 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the rollup was not folded within 20 s");
        }
        Node.sleep(100);
      }
    }
  }

  private static JsonObject overview(String query) {
    Http.Reply reply = http.get("/api/stats/overview?orgId=" + district + "&" + query);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  private static long episode(long room, String startsAt) {
    String endsAt = startsAt.replace("T19:30", "T20:30").replace("T23:30", "T23:59");
    Http.Reply reply = http.post("/api/rooms/" + room + "/episodes", new JsonObject().put("title", "第" + startsAt.substring(0, 10) + "期")
      .put("startsAt", startsAt).put("endsAt", endsAt).put("confirmRenumber", true));
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getLong("id");
  }

  private static long metrics(long episode, long views, Long likes, Long comments, Long shares) {
    JsonObject body = new JsonObject().put("platform", "douyin").put("views", views).put("likes", likes)
      .put("comments", comments).put("shares", shares);
    Http.Reply reply = http.raw(HttpMethod.PUT, "/api/episodes/" + episode + "/metrics", body.encode(), "application/json");
    assertEquals(200, reply.status(), reply.body());
    return episode;
  }

  private static void follow(long room, String platform, long count, String at) {
    assertEquals(201, http.post("/api/rooms/" + room + "/followers",
      new JsonObject().put("platform", platform).put("count", count).put("at", at)).status());
  }

  private static long created(Http.Reply reply) {
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getLong("id");
  }
}
