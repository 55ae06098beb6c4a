package lianxin.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A cached overview and room page on one node follow numbers entered through another. */
@ExtendWith(VertxExtension.class)
@Slow
class OverviewTwoNodeTest {

  static Node other;
  static Http a;
  static Http b;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    a = Http.local(vertx);
    other = Node.start(Map.of("DATABASE_URL", TestDb.url(), "DEMO", "0")).awaitHealthy(Duration.ofSeconds(60));
    b = Http.anonymous(vertx, other.port);
    seed = new Seed(a);
  }

  @AfterAll
  static void stop() {
    other.close();
  }

  @Test
  void metricsAndFollowersEnteredOnOneNodeShowOnTheOther() {
    long district = seed.district();
    long room = seed.room(district, 0, "Asia/Shanghai");
    long episode = seed.episode(room, "社区议事厅", "2024-09-04T19:30:00+08:00", "2024-09-04T20:30:00+08:00").getLong("id");
    String overview = "/api/stats/overview?orgId=" + district;
    assertEquals(0, b.get(overview).json().getJsonObject("totals").getLong("views"));
    assertEquals(0, b.get("/api/rooms/" + room).json().getLong("followers"));

    assertEquals(200, a.raw(HttpMethod.PUT, "/api/episodes/" + episode + "/metrics",
      new JsonObject().put("platform", "douyin").put("views", 1_234).encode(), "application/json").status());
    long waited = awaitOn(b, overview, json -> json.getJsonObject("totals").getLong("views") == 1_234);
    assertTrue(waited < 1000, "overview fresh after " + waited + " ms");

    assertEquals(201, a.post("/api/rooms/" + room + "/followers", new JsonObject().put("platform", "douyin").put("count", 14_400)).status());
    waited = awaitOn(b, "/api/rooms/" + room, json -> json.getLong("followers") == 14_400);
    assertTrue(waited < 1000, "room page fresh after " + waited + " ms");
    assertEquals("1.44万", b.get("/api/rooms/" + room).json().getString("followersLabel"));
  }

  @Test
  void replaysWatchedThroughOneNodeShowInTheOthersCachedOverview() {
    long district = seed.district();
    long room = seed.room(district, 0, "Asia/Shanghai");
    long episode = seed.episode(room, "社区议事厅回放", "2024-09-11T19:30:00+08:00", "2024-09-11T20:30:00+08:00").getLong("id");
    String overview = "/api/stats/overview?orgId=" + district;
    assertEquals(0, b.get(overview).json().getJsonObject("totals").getLong("replayViews"));
    assertEquals(0, b.get(overview).json().getJsonObject("totals").getLong("replayViews"), "now cached on the other node");

    for (String session : new String[] {"replay-one-1", "replay-two-2"}) {
      assertEquals(204, a.post("/api/episodes/" + episode + "/plays", new JsonObject()
        .put("sessionId", Seed.unique(session)).put("position", 45).put("watchedSeconds", 45)).status());
    }
    // Flushes write every quarter second and announce the room at most once a second; the cache's TTL is 30 s.
    long waited = awaitOn(b, overview, json -> json.getJsonObject("totals").getLong("replayViews") == 2, 30_000);
    assertTrue(waited < 5_000, "replays in the other node's overview after " + waited + " ms");
  }

  private static long awaitOn(Http node, String path, Predicate<JsonObject> seen) {
    return awaitOn(node, path, seen, 5_000);
  }

  private static long awaitOn(Http node, String path, Predicate<JsonObject> seen, long withinMs) {
    long start = System.nanoTime();
    while (System.nanoTime() - start < withinMs * 1_000_000L) {
      if (seen.test(node.get(path).json())) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Node.sleep(20);
    }
    throw new AssertionError("not seen on the other node within " + withinMs + " ms: " + node.get(path).body());
  }
}
