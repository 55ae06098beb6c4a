package lianxin.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
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

/** Two server processes on one PostgreSQL: a write through either is seen through the other within a second. */
@ExtendWith(VertxExtension.class)
@Slow
class TwoNodeCacheTest {

  static Node other;
  static Http a;
  static Http b;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    a = Http.local(vertx);
    other = Node.start(Map.of("DATABASE_URL", TestDb.url(), "DEMO", "0")).awaitHealthy(Duration.ofSeconds(60));
    // The same bearer token works on every node: sessions live in PostgreSQL.
    Http anonymousB = Http.anonymous(vertx, other.port);
    b = anonymousB.as(anonymousB.signIn("admin", lianxin.support.TestServer.ADMIN_PASSWORD));
    seed = new Seed(a);
  }

  @AfterAll
  static void stop() {
    other.close();
  }

  @Test
  void roomPageChangedOnOneNodeIsFreshOnTheOther() {
    long room = seed.room();
    assertEquals(200, b.get("/api/rooms/" + room).status());
    String etag = b.get("/api/rooms/" + room).headers().get("etag");
    assertTrue(etag != null);

    assertEquals(200, a.patch("/api/rooms/" + room, new JsonObject().put("name", "连心桥·改名")).status());
    long waited = awaitOn(b, "/api/rooms/" + room, json -> "连心桥·改名".equals(json.getString("name")));
    assertTrue(waited < 1000, "seen after " + waited + " ms");
  }

  @Test
  void scheduleAndFeedWrittenOnTheOtherNodeShowHere() {
    long room = seed.room();
    String day = java.time.LocalDate.now().plusDays(2).toString();
    assertEquals(0, a.get("/api/rooms/" + room + "/upcoming").items().size());
    String feed = a.get("/api/rooms/" + room + "/calendar.ics").body();
    assertTrue(!feed.contains("VEVENT"));

    assertEquals(201, b.post("/api/rooms/" + room + "/episodes", new JsonObject().put("title", "另一节点排的节目")
      .put("startsAt", day + "T10:00:00+08:00").put("endsAt", day + "T11:00:00+08:00")).status());
    long waited = awaitOn(a, "/api/rooms/" + room + "/upcoming", json -> json.getJsonArray("items").size() == 1);
    assertTrue(waited < 1000, "seen after " + waited + " ms");
    assertTrue(a.get("/api/rooms/" + room + "/calendar.ics").body().contains("另一节点排的节目"));
  }

  /** Polls a cached page until it shows the change; returns how long that took. */
  private static long awaitOn(Http node, String path, Predicate<JsonObject> changed) {
    long start = System.nanoTime();
    while (System.nanoTime() - start < 5_000_000_000L) {
      if (changed.test(node.get(path).json())) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Node.sleep(20);
    }
    throw new AssertionError("the change never showed on " + path);
  }
}
