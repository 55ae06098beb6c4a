package lianxin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Replay views on a node with the default rule (the shared test node lifts PLAYS_GRACE). */
@ExtendWith(VertxExtension.class)
@Slow
class PlayInflationTest {

  static Node node;
  static Http shared;
  static Http anonymous;

  @BeforeAll
  static void start(Vertx vertx) {
    shared = Http.local(vertx);
    node = Node.start(Map.of("DATABASE_URL", TestDb.url(), "DEMO", "0")).awaitHealthy(Duration.ofSeconds(60));
    anonymous = Http.anonymous(vertx, node.port);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void fortyFreshSessionsClaimingThirtyFiveSecondsAtOnceMakeNoView() {
    Seed seed = new Seed(shared);
    long episode = seed.airedEpisode(seed.room(), "2024-09-08");
    List<Future<Http.Reply>> beacons = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      beacons.add(anonymous.postAsync("/api/episodes/" + episode + "/plays",
        new JsonObject().put("sessionId", Seed.unique("inflate") + "-" + i).put("position", 35).put("watchedSeconds", 35)));
    }
    for (Future<Http.Reply> beacon : beacons) {
      assertEquals(204, beacon.await().status(), beacon.result().body());
    }
    // The first 20 sessions of the address count 15 s each (one beacon interval), the other 20 not at all.
    JsonObject replay = replay(episode);
    for (long deadline = System.nanoTime() + 5_000_000_000L; replay.getLong("watchSeconds") < 20 * 15 && System.nanoTime() < deadline; ) {
      Node.sleep(50);
      replay = replay(episode);
    }
    Node.sleep(600); // a later flush would show here
    replay = replay(episode);
    assertEquals(20 * 15, replay.getLong("watchSeconds"), replay.encode());
    assertEquals(0, replay.getLong("views"), replay.encode());
  }

  static JsonObject replay(long episode) {
    return shared.get("/api/episodes/" + episode + "/metrics").json().getJsonObject("replay");
  }
}
