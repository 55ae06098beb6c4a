package lianxin.metrics;

import static lianxin.support.Asserts.assertField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
class PlayTest {

  static Http http;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  static Http.Reply beacon(long episode, String session, int position, int watched) {
    return http.post("/api/episodes/" + episode + "/plays",
      new JsonObject().put("sessionId", session).put("position", position).put("watchedSeconds", watched));
  }

  static JsonObject replay(long episode) {
    return http.get("/api/episodes/" + episode + "/metrics").json().getJsonObject("replay");
  }

  /** Beacons are written a moment after their 204 (each node flushes its sums every quarter second). */
  static JsonObject replayOnce(long episode, java.util.function.Predicate<JsonObject> written) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    JsonObject replay = replay(episode);
    while (!written.test(replay) && System.nanoTime() < deadline) {
      lianxin.support.Node.sleep(50);
      replay = replay(episode);
    }
    return replay;
  }

  @Test
  void aViewIsThirtySecondsOncePerSessionAndDay() {
    long episode = seed.airedEpisode(seed.room(), "2024-09-04");
    String shortSession = Seed.unique("short").replace("-", "_");
    assertEquals(204, beacon(episode, shortSession, 20, 20).status());
    assertEquals(0, replayOnce(episode, r -> r.getLong("watchSeconds") == 20).getLong("views"), "20 s is not a view");

    String longSession = Seed.unique("long");
    assertEquals(204, beacon(episode, longSession, 15, 15).status());
    assertEquals(204, beacon(episode, longSession, 35, 20).status());
    assertEquals(1, replayOnce(episode, r -> r.getLong("watchSeconds") == 55).getLong("views"), "35 s is");

    // The same session coming back the same day is still one view.
    assertEquals(204, beacon(episode, longSession, 600, 60).status());
    assertEquals(204, beacon(episode, longSession, 700, 60).status());
    JsonObject replay = replayOnce(episode, r -> r.getLong("watchSeconds") == 20 + 15 + 20 + 60 + 60);
    assertEquals(1, replay.getLong("views"));
    assertEquals(20 + 15 + 20 + 60 + 60, replay.getLong("watchSeconds"));
  }

  @Test
  void retentionShowsWhichMinutesWereWatchedAndRewatched() {
    long episode = seed.airedEpisode(seed.room(), "2024-09-05");
    String a = Seed.unique("viewer-a");
    String b = Seed.unique("viewer-b");
    assertEquals(204, beacon(episode, a, 90, 60).status());   // [30, 90): 30 s of minute 0, 30 s of minute 1
    assertEquals(204, beacon(episode, b, 120, 120).status()); // [0, 120): minutes 0 and 1 whole
    assertEquals(204, beacon(episode, b, 120, 60).status());  // re-watches minute 1
    JsonArray curve = replayOnce(episode, r -> r.getLong("watchSeconds") == 240).getJsonArray("retention");
    assertEquals(2, curve.size(), curve.encode());
    assertEquals(0, curve.getJsonObject(0).getInteger("minute"));
    assertEquals(90, curve.getJsonObject(0).getLong("watchSeconds"));
    assertEquals(150, curve.getJsonObject(1).getLong("watchSeconds"));
    assertEquals(2.5, curve.getJsonObject(1).getDouble("watches"));
  }

  @Test
  void watchingToNearTheEndIsACompletion() {
    long episode = seed.airedEpisode(seed.room(), "2024-09-06"); // one hour
    String session = Seed.unique("finisher");
    assertEquals(204, beacon(episode, session, 3_300, 300).status());
    assertEquals(204, beacon(episode, session, 3_400, 100).status());
    JsonObject replay = replayOnce(episode, r -> r.getLong("watchSeconds") == 400);
    assertEquals(1, replay.getLong("completions"));
    assertEquals(1.0, replay.getDouble("completionRate"));
  }

  @Test
  void aSessionThatBeaconsTooOftenIsToldToSlowDown() {
    long episode = seed.airedEpisode(seed.room(), "2024-09-07");
    String session = Seed.unique("chatty");
    int accepted = 0;
    Http.Reply refused = null;
    for (int i = 0; i < 15 && refused == null; i++) {
      Http.Reply reply = beacon(episode, session, 10 + i, 1);
      if (reply.status() == 204) {
        accepted++;
      } else {
        refused = reply;
      }
    }
    assertEquals(10, accepted);
    assertEquals(429, refused.status(), refused.body());
    assertEquals("session", refused.json().getJsonObject("details").getString("limit"));
    assertTrue(refused.headers().get("retry-after") != null);
    assertTrue(refused.message().contains("太频繁"), refused.message());
    assertEquals(204, beacon(episode, Seed.unique("other"), 10, 1).status(), "other sessions go on");
  }

  @Test
  void badBeaconsAreRefused() {
    long room = seed.room();
    long episode = seed.airedEpisode(room, "2024-09-08");
    assertField(beacon(episode, Seed.unique("session"), 100, 301), 422, "watchedSeconds");
    assertField(beacon(episode, Seed.unique("session"), 50_000, 10), 422, "position");
    assertField(beacon(episode, "短", 10, 10), 422, "sessionId");
    assertField(http.post("/api/episodes/" + episode + "/plays", new JsonObject().put("sessionId", Seed.unique("session"))), 422, "position");
    assertEquals(404, beacon(999_999_999L, Seed.unique("session"), 10, 10).status());
    long future = seed.episode(room, "将来", "2031-03-01T10:00:00+08:00", "2031-03-01T11:00:00+08:00").getLong("id");
    assertEquals(409, beacon(future, Seed.unique("session"), 10, 10).status());
    // A good beacon after the bad ones: once it is written, a flush has passed that would have written them too.
    long witness = seed.airedEpisode(room, "2024-09-09");
    assertEquals(204, beacon(witness, Seed.unique("session"), 10, 10).status());
    assertEquals(10, replayOnce(witness, r -> r.getLong("watchSeconds") == 10).getLong("watchSeconds"));
    assertEquals(0, replay(episode).getLong("watchSeconds"));
  }
}
