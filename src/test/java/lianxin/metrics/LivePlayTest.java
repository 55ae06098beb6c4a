package lianxin.metrics;

import static lianxin.support.Asserts.assertField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.TestDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * First-party live viewers: three devices beat while an episode is live; the episode page says how many watch now,
 * its metrics keep the unique viewers and the peak, and the overview adds them up next to replay views.
 */
@ExtendWith(VertxExtension.class)
class LivePlayTest {

  static Http http;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  /** A resident's beat: no sign-in, as the live player sends it. */
  static Http.Reply beat(long episode, String session) {
    return http.anonymous().post("/api/episodes/" + episode + "/live-plays", new JsonObject().put("sessionId", session));
  }

  /** A live episode of a new district's room and column, its live session as the ingest would have made it. */
  static long liveEpisode(long room, long column) throws Exception {
    OffsetDateTime starts = OffsetDateTime.now().plusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
    Http.Reply created = http.post("/api/rooms/" + room + "/episodes", new JsonObject().put("title", "直播议事会")
      .put("columnId", column).put("startsAt", starts.toString()).put("endsAt", starts.plusHours(1).toString()));
    assertEquals(201, created.status(), created.body());
    long id = created.json().getLong("id");
    assertEquals(200, http.post("/api/episodes/" + id + "/start", new JsonObject()).status());
    try (Connection c = TestDb.jdbc(TestDb.url())) {
      c.createStatement().execute("INSERT INTO live_sessions (episode_id, room_id, unscheduled) VALUES (" + id + ", " + room + ", false)");
    }
    return id;
  }

  @Test
  void threeDevicesAreCountedNowUniquelyAndAtTheirPeak() throws Exception {
    long district = seed.district();
    long room = seed.room(district, 0, "Asia/Shanghai");
    long column = seed.column(room, "议事会");
    long episode = liveEpisode(room, column);
    String a = Seed.unique("phone-a");
    String b = Seed.unique("phone-b");
    String c = Seed.unique("phone-c");

    assertEquals(0, http.get("/api/episodes/" + episode).json().getJsonObject("live").getLong("viewers"));
    assertEquals(1, beat(episode, a).json().getLong("watching"));
    assertEquals(2, beat(episode, b).json().getLong("watching"));
    Http.Reply third = beat(episode, c);
    assertEquals(200, third.status(), third.body());
    assertEquals(3, third.json().getLong("watching"));
    // A device beating again (every 30 s) is still one viewer.
    assertEquals(3, beat(episode, a).json().getLong("watching"));
    assertEquals(3, http.get("/api/episodes/" + episode).json().getJsonObject("live").getLong("viewers"));

    // Device a stopped a minute ago (its last beat is older than the window): two watch now, the peak stays 3.
    try (Connection conn = TestDb.jdbc(TestDb.url())) {
      conn.createStatement().execute("UPDATE live_viewers SET seen_at = now() - interval '61 seconds' WHERE session_id = '" + a + "'");
    }
    assertEquals(2, http.get("/api/episodes/" + episode).json().getJsonObject("live").getLong("viewers"));
    assertEquals(2, beat(episode, b).json().getLong("watching"));

    assertEquals(200, http.post("/api/episodes/" + episode + "/end", new JsonObject()).status());
    JsonObject after = http.get("/api/episodes/" + episode).json();
    assertEquals("ended", after.getString("status"));
    assertNull(after.getValue("live"));
    JsonObject live = http.get("/api/episodes/" + episode + "/metrics").json().getJsonObject("live");
    assertEquals(3, live.getLong("viewers"), live.encode());
    assertEquals(3, live.getLong("peak"), live.encode());
    // Beats after the end are refused and count nothing.
    Http.Reply late = beat(episode, Seed.unique("phone-d"));
    assertEquals(409, late.status(), late.body());
    assertEquals(3, http.get("/api/episodes/" + episode + "/metrics").json().getJsonObject("live").getLong("viewers"));

    // The overview adds them up next to replay views: in total, by column and by month.
    String month = after.getString("startsAt").substring(0, 7);
    LocalDate first = LocalDate.parse(month + "-01");
    String period = "orgId=" + district + "&from=" + first + "&to=" + first.plusMonths(1).minusDays(1);
    JsonObject totals = overview(period).getJsonObject("totals");
    assertEquals(3, totals.getLong("liveViewers"), totals.encode());
    assertEquals("3", totals.getString("liveViewersLabel"));
    assertEquals(3, group(overview(period + "&groupBy=column"), String.valueOf(column)).getLong("liveViewers"));
    assertEquals(3, group(overview(period + "&groupBy=month"), month).getLong("liveViewers"));
    assertEquals(3, group(overview(period + "&groupBy=room"), String.valueOf(room)).getLong("liveViewers"));
    // Once the month is folded into the rollup (no mark left), the rollup carries them too.
    try (Connection conn = TestDb.jdbc(TestDb.url())) {
      lianxin.support.Await.until("the room's month folded", java.time.Duration.ofSeconds(20),
        () -> one(conn, "SELECT count(*) FROM room_month_dirty WHERE room_id = " + room), "0"::equals);
      assertEquals("3", one(conn, "SELECT live_viewers FROM room_month_stats WHERE room_id = " + room));
    }
    assertEquals(3, overview(period + "&groupBy=org").getJsonObject("totals").getLong("liveViewers"));
    String csv = http.get("/api/stats/overview?" + period + "&format=csv").body();
    assertTrue(csv.lines().findFirst().orElseThrow().contains("直播观看人数"), csv);
  }

  @Test
  void badBeatsAreRefusedNamingWhatIsWrong() throws Exception {
    long room = seed.room();
    long live = liveEpisode(room, seed.column(room, "议事会"));
    assertField(beat(live, "短"), 422, "sessionId");
    assertField(beat(live, "has space in it"), 422, "sessionId");
    assertField(http.anonymous().post("/api/episodes/" + live + "/live-plays", new JsonObject()), 422, "sessionId");
    Http.Reply unknown = beat(999_999_999L, Seed.unique("phone"));
    assertEquals(404, unknown.status(), unknown.body());
    assertTrue(unknown.message().contains("999999999"), unknown.message());
    long planned = seed.episode(room, "将来", "2031-03-01T10:00:00+08:00", "2031-03-01T11:00:00+08:00").getLong("id");
    Http.Reply notLive = beat(planned, Seed.unique("phone"));
    assertEquals(409, notLive.status(), notLive.body());
    assertTrue(notLive.message().contains("没有在直播"), notLive.message());
    assertTrue(http.anonymous().inLanguage("en").post("/api/episodes/" + planned + "/live-plays",
      new JsonObject().put("sessionId", Seed.unique("phone"))).message().contains("not live"));
    assertEquals(0, http.get("/api/episodes/" + live + "/metrics").json().getJsonObject("live").getLong("viewers"));
  }

  @Test
  void aChattyDeviceIsToldToSlowDown() throws Exception {
    long room = seed.room();
    long live = liveEpisode(room, seed.column(room, "议事会"));
    String session = Seed.unique("chatty");
    int accepted = 0;
    Http.Reply refused = null;
    for (int i = 0; i < 15 && refused == null; i++) {
      Http.Reply reply = beat(live, session);
      if (reply.status() == 200) {
        accepted++;
      } else {
        refused = reply;
      }
    }
    assertEquals(10, accepted, "the same burst as replay beacons");
    assertEquals(429, refused.status(), refused.body());
    assertEquals("session", refused.json().getJsonObject("details").getString("limit"));
    assertEquals(1, http.get("/api/episodes/" + live + "/metrics").json().getJsonObject("live").getLong("viewers"));
  }

  static String one(Connection conn, String sql) {
    try {
      return TestDb.one(conn, sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject overview(String query) {
    Http.Reply reply = http.get("/api/stats/overview?" + query);
    assertEquals(200, reply.status(), reply.body());
    return reply.json();
  }

  static JsonObject group(JsonObject overview, String key) {
    return overview.getJsonArray("groups").stream().map(JsonObject.class::cast)
      .filter(g -> key.equals(String.valueOf(g.getValue("key")))).findFirst()
      .orElseThrow(() -> new AssertionError("no group " + key + " in " + overview.encode()));
  }
}
