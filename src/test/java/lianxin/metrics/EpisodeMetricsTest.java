package lianxin.metrics;

import static lianxin.support.Asserts.assertField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import lianxin.support.Http;
import lianxin.support.Seed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class EpisodeMetricsTest {

  static Http http;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  static Http.Reply put(long episode, JsonObject body) {
    return http.raw(HttpMethod.PUT, "/api/episodes/" + episode + "/metrics", body.encode(), "application/json");
  }

  @Test
  void numbersEnteredPerPlatformAddUp() {
    long episode = seed.airedEpisode(seed.room(), "2024-09-04");
    Http.Reply douyin = put(episode, new JsonObject().put("platform", "douyin").put("views", 12_000).put("uniqueViewers", 5_000)
      .put("likes", 2_400).put("comments", 400).put("shares", 200).put("newFollowers", 150).put("peakViewers", 320).put("avgWatchSeconds", 205));
    assertEquals(200, douyin.status(), douyin.body());
    assertEquals(201, http.raw(HttpMethod.PUT, "/api/episodes/" + episode + "/metrics",
      new JsonObject().put("platform", "快手").put("views", 800).put("likes", 40).encode(), "application/json").status() == 200 ? 201 : 0);
    JsonObject metrics = http.get("/api/episodes/" + episode + "/metrics").json();
    assertEquals(2, metrics.getJsonArray("platforms").size());
    JsonObject totals = metrics.getJsonObject("totals");
    assertEquals(12_800, totals.getLong("views"));
    assertEquals("1.28万", totals.getString("viewsLabel"));
    assertEquals(2_440, totals.getLong("likes"));
    assertEquals(400, totals.getLong("comments"));
    // (2,440 + 400 + 200) / 12,800
    assertEquals(0.2375, totals.getDouble("engagementRate"));
    JsonObject first = metrics.getJsonArray("platforms").getJsonObject(0);
    assertEquals("douyin", first.getString("platform"));
    assertEquals(205, first.getInteger("avgWatchSeconds"));
    assertEquals("api", first.getString("source"));

    // PUT replaces what the platform reported: a metric left out is unknown again, not kept.
    assertEquals(200, put(episode, new JsonObject().put("platform", "douyin").put("views", 13_000)).status());
    JsonObject after = http.get("/api/episodes/" + episode + "/metrics").json();
    assertEquals(13_800, after.getJsonObject("totals").getLong("views"));
    assertNull(after.getJsonArray("platforms").getJsonObject(0).getLong("likes"));
  }

  @Test
  void negativeOrAbsurdValuesAreRefusedNamingTheField() {
    long episode = seed.airedEpisode(seed.room(), "2024-09-05");
    assertField(put(episode, new JsonObject().put("platform", "douyin").put("views", -1)), 422, "views");
    assertField(put(episode, new JsonObject().put("platform", "douyin").put("likes", 100_000_000_000L)), 422, "likes");
    assertField(put(episode, new JsonObject().put("platform", "douyin").put("peakViewers", 2_000_000_000L)), 422, "peakViewers");
    assertField(put(episode, new JsonObject().put("platform", "douyin").put("avgWatchSeconds", 50_000)), 422, "avgWatchSeconds");
    assertField(put(episode, new JsonObject().put("platform", "douyin").put("views", 10).put("uniqueViewers", 11)), 422, "uniqueViewers");
    assertField(put(episode, new JsonObject().put("platform", "douyin").put("comments", "很多")), 400, "comments");
    assertField(put(episode, new JsonObject().put("platform", "weibo").put("views", 1)), 422, "platform");
    assertField(put(episode, new JsonObject().put("views", 1)), 422, "platform");
    assertEquals(0, http.get("/api/episodes/" + episode + "/metrics").json().getJsonArray("platforms").size(), "nothing was stored");
  }

  @Test
  void onlyAiredEpisodesCarryNumbers() {
    long room = seed.room();
    long future = seed.episode(room, "下周", "2031-01-01T10:00:00+08:00", "2031-01-01T11:00:00+08:00").getLong("id");
    assertEquals(409, put(future, new JsonObject().put("platform", "douyin").put("views", 1)).status());
    long cancelled = seed.episode(room, "取消了", "2031-01-02T10:00:00+08:00", "2031-01-02T11:00:00+08:00").getLong("id");
    http.post("/api/episodes/" + cancelled + "/cancel", new JsonObject().put("reason", "主播生病"));
    assertEquals(409, put(cancelled, new JsonObject().put("platform", "douyin").put("views", 1)).status());
    assertEquals(404, put(999_999_999L, new JsonObject().put("platform", "douyin").put("views", 1)).status());
    assertEquals(404, http.get("/api/episodes/999999999/metrics").status());
  }
}
