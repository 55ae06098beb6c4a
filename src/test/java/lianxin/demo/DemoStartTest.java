package lianxin.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import lianxin.support.Await;
import lianxin.support.Node;
import lianxin.support.Slow;
import org.junit.jupiter.api.Test;

/**
 * A newcomer's first start: the real process on an empty data folder with the demo on (the default), looked at
 * through the API as a resident and an official would: the newspaper's figures, the weekly series, and, within a
 * minute of start, search finding a demo transcript whose episode plays from the archive.
 */
@Slow
class DemoStartTest {

  private static final Duration MINUTE = Duration.ofSeconds(60);
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void firstStartShowsTheNewspapersRoomsAndAWorkingArchive() throws Exception {
    Path data = Files.createTempDirectory("lianxin-demo");
    long began = System.nanoTime();
    Node node = Node.start(Map.of("DATA_DIR", data.toString()));
    try {
      // The first start creates the database: slow on a busy machine, and not what this test is about.
      node.awaitHealthy(Duration.ofSeconds(240));
      long healthyMs = (System.nanoTime() - began) / 1_000_000;

      JsonArray rooms = json(node, "/api/rooms").getJsonArray("items");
      JsonObject bridge = room(rooms, "党群连心桥民生直播间");
      assertEquals(14_400, bridge.getLong("followers"));
      assertEquals("1.44万", bridge.getString("followersLabel"), "the label the web's room page and lists show");
      assertEquals(114, bridge.getLong("episodeCount"), "the newspaper's 114, the demo's aired episodes among them");
      assertEquals(List.of("医疗", "养老", "民政", "就业创业培训"), names(bridge.getJsonArray("columns")));
      long bridgeId = bridge.getLong("id");
      JsonArray aired = json(node, "/api/episodes?roomId=" + bridgeId + "&status=ended&limit=50").getJsonArray("items");
      assertEquals(Set.of("第111期", "第112期", "第113期", "第114期"), labels(aired));
      JsonObject next = json(node, "/api/rooms/" + bridgeId + "/upcoming?limit=1").getJsonArray("items").getJsonObject(0);
      assertEquals("第115期", next.getString("numberLabel"));

      // The followers climb over the months to the newspaper's 1.44万.
      String from = LocalDate.now().minusMonths(13).withDayOfMonth(1).toString();
      JsonArray points = json(node, "/api/rooms/" + bridgeId + "/followers?interval=month&from=" + from).getJsonArray("points");
      List<Long> totals = points.stream().map(p -> ((JsonObject) p).getLong("total")).filter(t -> t != null).toList();
      assertTrue(totals.size() >= 10, "a reading in each of the last months: " + points);
      assertEquals(14_400, totals.get(totals.size() - 1));
      assertTrue(totals.get(0) < 11_000, "it grew: " + totals);
      for (int i = 1; i < totals.size(); i++) {
        assertTrue(totals.get(i) >= totals.get(i - 1), "never falls: " + totals);
      }

      // Benteng: on Douyin, each of its three columns a weekly series with episodes to come.
      JsonObject benteng = room(rooms, "奔腾社区直播间");
      assertEquals("douyin", benteng.getJsonArray("platforms").getJsonObject(0).getString("platform"));
      JsonArray upcoming = json(node, "/api/rooms/" + benteng.getLong("id") + "/upcoming?limit=50").getJsonArray("items");
      Map<Long, List<JsonObject>> bySeries = new TreeMap<>(upcoming.stream().map(JsonObject.class::cast)
        .filter(e -> e.getLong("seriesId") != null).collect(Collectors.groupingBy(e -> e.getLong("seriesId"))));
      assertEquals(3, bySeries.size(), "three weekly series: " + upcoming);
      Set<String> columns = new java.util.HashSet<>();
      for (List<JsonObject> series : bySeries.values()) {
        assertTrue(series.size() >= 4, "weeks of episodes ahead: " + series);
        for (int i = 1; i < series.size(); i++) {
          assertEquals(7, ChronoUnit.DAYS.between(OffsetDateTime.parse(series.get(i - 1).getString("startsAt")),
            OffsetDateTime.parse(series.get(i).getString("startsAt"))), "weekly: " + series);
        }
        columns.add(series.get(0).getString("columnName"));
      }
      assertEquals(Set.of("政策解读", "办事流程", "活动风采"), columns);

      // Within a minute of the port opening: a word of a demo transcript finds its episode, which plays from the
      // archive. (From the process's start it is longer by the database's first start and the migrations.)
      JsonObject hit;
      try {
        hit = Await.until("search for 医保 finds a demo episode with its archive",
          MINUTE.minusMillis((System.nanoTime() - began) / 1_000_000 - healthyMs), () -> archivedHit(node, "医保"), h -> h != null);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nnode output:\n" + node.output(), e);
      }
      long searchableMs = (System.nanoTime() - began) / 1_000_000;
      JsonObject episode = hit.getJsonObject("episode");
      assertEquals("医保报销怎么办", episode.getString("title"));
      assertTrue(hit.getJsonArray("cues").stream().anyMatch(c -> ((JsonObject) c).getString("text").contains("医保")), hit.encode());
      String master = master(hit);
      HttpResponse<String> playlist = get(node, master);
      assertEquals(200, playlist.statusCode(), master);
      assertTrue(playlist.body().startsWith("#EXTM3U"), playlist.body());
      String variant = playlist.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
      String variantPath = master.substring(0, master.lastIndexOf('/') + 1) + variant;
      HttpResponse<String> media = get(node, variantPath);
      assertEquals(200, media.statusCode(), variantPath);
      assertTrue(media.body().contains("#EXT-X-ENDLIST"), "a whole recording: " + media.body());
      System.out.printf("demo: healthy %d ms after start; 医保 searchable and playable %d ms after start%n", healthyMs, searchableMs);
    } finally {
      node.terminate(Duration.ofSeconds(30));
    }
  }

  /** The first hit of {@code q} whose episode has an archive, or null. */
  private JsonObject archivedHit(Node node, String q) {
    try {
      JsonArray items = json(node, "/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).getJsonArray("items");
      return items.stream().map(JsonObject.class::cast)
        .filter(h -> master(h) != null)
        .findFirst().orElse(null);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The master playlist of a search hit's archive (as an episode's: {@code archive.media.master}), or null. */
  private static String master(JsonObject hit) {
    JsonObject archive = hit.getJsonObject("episode").getJsonObject("archive");
    JsonObject media = archive == null ? null : archive.getJsonObject("media");
    return media == null ? null : media.getString("master");
  }

  private static JsonObject room(JsonArray rooms, String name) {
    return rooms.stream().map(JsonObject.class::cast).filter(r -> r.getString("name").equals(name)).findFirst()
      .orElseThrow(() -> new AssertionError("no demo room " + name + " in " + rooms));
  }

  private static List<String> names(JsonArray columns) {
    List<String> names = new ArrayList<>();
    columns.forEach(c -> names.add(((JsonObject) c).getString("name")));
    return names;
  }

  private static Set<String> labels(JsonArray episodes) {
    return episodes.stream().map(e -> ((JsonObject) e).getString("numberLabel")).collect(Collectors.toSet());
  }

  private JsonObject json(Node node, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(node, path);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return new JsonObject(r.body());
  }

  private HttpResponse<String> get(Node node, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + node.port + path)).build(),
      HttpResponse.BodyHandlers.ofString());
    assertNotNull(r.body());
    return r;
  }
}
