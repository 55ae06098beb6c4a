package lianxin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import lianxin.support.Await;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Publisher;
import lianxin.support.Recordings;
import lianxin.support.RtmpPlatform;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A node with its own nginx-rtmp (RTMP_PORT=0, LIVE_GRACE=10s) and FFmpeg publishing as OBS would: keys for
 * managers only, refused keys, the right episode going live with a live HLS that plays, a publisher that crashes
 * and comes back within the grace (one episode, one recording with one gap), the end after the grace and the
 * archive; and the unscheduled 临时直播 or a refusal outside every window. The streaming tests, each in a room of its
 * own and mostly waiting on a publisher in real time, run two at a time.
 */
@ExtendWith(VertxExtension.class)
@Slow
class IngestTest {

  static final String PASSWORD = "ingest-admin-password";
  static Node node;
  static String db;
  static Http http;
  static Seed seed;
  static Path dataDir;

  @BeforeAll
  static void start(Vertx vertx) {
    db = TestDb.fresh("ingest");
    dataDir = Clips.tempDir("lianxin-ingest-data");
    node = Node.start(Map.of("DATABASE_URL", db, "DEMO", "0", "DATA_DIR", dataDir.toString(),
      "LIANXIN_ADMIN_PASSWORD", PASSWORD, "LIVE_GRACE", "10s",
      // The relay test's platform listens on loopback, which the allow-list refuses unless told.
      "PULL_ALLOW", "127.0.0.0/8")).awaitHealthy(Duration.ofSeconds(240));
    Http anonymous = Http.anonymous(vertx, node.port);
    http = anonymous.as(anonymous.signIn("admin", PASSWORD));
    seed = new Seed(http);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.terminate(Duration.ofSeconds(30));
    }
  }

  static String publishUrl(Http http, long room) {
    JsonObject ingest = http.get("/api/rooms/" + room + "/ingest").json();
    return ingest.getString("url").replace("localhost", "127.0.0.1") + "/" + ingest.getString("streamKey");
  }

  static JsonObject episode(Http http, long id) {
    return http.get("/api/episodes/" + id).json();
  }

  @Test
  void onlyTheRoomsManagersSeeTheKeyAndRotatingChangesIt() {
    long room = seed.room();
    long other = seed.room();
    assertEquals(401, http.anonymous().get("/api/rooms/" + room + "/ingest").status());
    String otherHost = Seed.unique("host");
    assertEquals(201, http.post("/api/users", new JsonObject().put("username", otherHost).put("password", "correct horse battery")
      .put("role", "host").put("roomIds", new JsonArray().add(other))).status());
    Http host = http.as(http.signIn(otherHost, "correct horse battery"));
    assertEquals(403, host.get("/api/rooms/" + room + "/ingest").status());
    assertEquals(403, host.post("/api/rooms/" + room + "/ingest/rotate", new JsonObject()).status());
    assertEquals(200, host.get("/api/rooms/" + other + "/ingest").status());
    assertEquals(404, http.get("/api/rooms/999999999/ingest").status());

    JsonObject first = http.get("/api/rooms/" + room + "/ingest").json();
    assertTrue(first.getString("url").matches("rtmp://localhost:\\d+/live"), first.encode());
    assertEquals(first.getString("streamKey"), http.get("/api/rooms/" + room + "/ingest").json().getString("streamKey"));
    assertEquals("episode", first.getString("unscheduled"));
    JsonObject rotated = http.post("/api/rooms/" + room + "/ingest/rotate", new JsonObject()).json();
    assertNotEquals(first.getString("streamKey"), rotated.getString("streamKey"));
    assertEquals(rotated.getString("streamKey"), http.get("/api/rooms/" + room + "/ingest").json().getString("streamKey"));
    Http.Reply bad = http.patch("/api/rooms/" + room + "/ingest", new JsonObject().put("unscheduled", "maybe"));
    assertEquals(422, bad.status());
    assertTrue(bad.message().contains("unscheduled"), bad.body());
  }

  @Test
  void wrongRotatedAndDoubledKeysAreRefused() throws Exception {
    long room = seed.room();
    String url = publishUrl(http, room);
    String base = url.substring(0, url.lastIndexOf('/'));
    String key = url.substring(url.lastIndexOf('/') + 1);
    try (Publisher wrong = Publisher.start(base + "/lx" + room + "-" + "A".repeat(32), 3)) {
      assertNotEquals(0, wrong.awaitExit(30), "a wrong key was let in");
    }
    // nginx passes the URL's query arguments on as more form fields: a second name is a refusal, whichever it is.
    try (Publisher doubled = Publisher.start(base + "/lx" + room + "-" + "B".repeat(32) + "?name=" + key, 3)) {
      assertNotEquals(0, doubled.awaitExit(30), "a doubled name was let in");
    }
    http.post("/api/rooms/" + room + "/ingest/rotate", new JsonObject());
    try (Publisher rotated = Publisher.start(url, 3)) {
      assertNotEquals(0, rotated.awaitExit(30), "a rotated key was let in");
    }
    assertEquals(0, http.get("/api/episodes?roomId=" + room).items().size(), "nothing went live");
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aPublisherInTheWindowGoesLiveComesBackWithinTheGraceAndIsArchived() throws Exception {
    long room = seed.room();
    OffsetDateTime starts = OffsetDateTime.now().plusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
    long id = seed.episode(room, "推流直播", starts.toString(), starts.plusHours(1).toString()).getLong("id");
    String url = publishUrl(http, room);

    Publisher first = Publisher.start(url, 120);
    double firstSeconds;
    try {
      JsonObject live = Await.until("the episode live", Duration.ofSeconds(20), () -> episode(http, id),
        e -> "live".equals(e.getString("status")) && e.getJsonObject("live") != null);
      String hls = live.getJsonObject("live").getString("hls");
      assertEquals("/media/live/" + id + "/master.m3u8", hls);
      // The live HLS plays: the copied source, the 360p rendition and audio only.
      String streams = Await.until("the live HLS plays", Duration.ofSeconds(30),
        () -> probe("http://127.0.0.1:" + node.port + hls), s -> s.contains("h264"));
      assertTrue(streams.contains("codec_name=aac"), streams);
      // The first 10-s segment of the recording completes; then the encoder crashes.
      Recordings.awaitCapture(http, id, c -> c.getInteger("segments") >= 1, Duration.ofSeconds(40));
    } finally {
      firstSeconds = first.publishedSeconds();
      first.kill();
    }
    Node.sleep(3000);
    assertEquals("live", episode(http, id).getString("status"), "still live within the grace");
    Publisher second = Publisher.start(url, 12);
    assertEquals(0, second.awaitExit(60), second.output());

    // Back within the grace: the same episode went on, the gap is recorded; 10 s after the publisher left, it ends.
    JsonObject ended = Await.until("the episode ended", Duration.ofSeconds(40), () -> episode(http, id),
      e -> "ended".equals(e.getString("status")));
    assertNull(ended.getValue("live"));
    assertNotNull(ended.getString("actualEndsAt"));
    StringBuilder listed = new StringBuilder();
    JsonObject capture = awaitRecording(id, listed);
    assertEquals(1, capture.getJsonArray("gaps").size(), capture.encodePrettily());
    double gap = capture.getJsonArray("gaps").getJsonObject(0).getDouble("seconds");
    assertTrue(gap >= 2 && gap <= 20, "gap " + gap + " s");
    JsonObject archived = Recordings.await(http, capture.getLong("recordingId"),
      r -> List.of("archived", "failed").contains(r.getString("status")), Duration.ofSeconds(120));
    assertEquals("archived", archived.getString("status"), archived.encodePrettily());
    JsonObject done = episode(http, id);
    assertNotNull(done.getJsonObject("archive"), done.encodePrettily());
    double published = firstSeconds + second.publishedSeconds();
    double recorded = archived.getDouble("durationSeconds");
    System.out.printf("ingest test: gap %.1f s, published %.1f + %.1f s, archived %.1f s%n%s", gap, firstSeconds,
      second.publishedSeconds(), recorded, listed);
    // Each of the two runs may miss what came before its FFmpeg subscribed (under a second each, measured).
    assertTrue(Math.abs(recorded - published) <= 3, "published " + published + " s, archived " + recorded + " s; " + listed);
    try (Connection c = TestDb.jdbc(db)) {
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM episodes WHERE room_id = " + room));
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM recordings WHERE episode_id = " + id));
      assertEquals("2", TestDb.one(c, "SELECT publishes FROM live_sessions WHERE episode_id = " + id));
    }
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void theArchiveIsAsLongAsWhatWasPublished() throws Exception {
    long room = seed.room();
    OffsetDateTime starts = OffsetDateTime.now().plusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
    long id = seed.episode(room, "整段录下", starts.toString(), starts.plusHours(1).toString()).getLong("id");
    int published = 25;
    Publisher p = Publisher.start(publishUrl(http, room), published);
    assertEquals(0, p.awaitExit(published + 30), p.output());
    // What the recorder listed, read before the join deletes it (printed when the durations differ).
    StringBuilder listed = new StringBuilder();
    JsonObject capture = awaitRecording(id, listed);
    JsonObject archived = Recordings.await(http, capture.getLong("recordingId"),
      r -> List.of("archived", "failed").contains(r.getString("status")), Duration.ofSeconds(120));
    assertEquals("archived", archived.getString("status"), archived.encodePrettily());
    double recorded = archived.getDouble("durationSeconds");
    System.out.printf("ingest test: published %.1f s, archived %.1f s%n%s", p.publishedSeconds(), recorded, listed);
    assertTrue(Math.abs(recorded - p.publishedSeconds()) <= 2, "published " + p.publishedSeconds() + " s, archived "
      + recorded + " s; " + listed);
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aRelayTargetGetsTheStreamWhileLiveAndStopsWhenTheEpisodeEnds() throws Exception {
    long room = seed.room();
    OffsetDateTime starts = OffsetDateTime.now().plusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
    long id = seed.episode(room, "转推直播", starts.toString(), starts.plusHours(1).toString()).getLong("id");
    try (RtmpPlatform platform = RtmpPlatform.start()) {
      JsonArray targets = new JsonArray().add(new JsonObject().put("platform", "douyin")
        .put("pushUrl", platform.pushUrl("stream-douyin-0123456789abcdef")).put("enabled", true));
      Http.Reply put = http.raw(HttpMethod.PUT, "/api/rooms/" + room + "/relays", targets.encode(), "application/json");
      assertEquals(200, put.status(), put.toString());

      Publisher publisher = Publisher.start(publishUrl(http, room), 12);
      // The first second's rate is FFmpeg's start; the test pattern runs at about 2 Mb/s.
      JsonObject connected = Await.until("the relay connected", Duration.ofSeconds(30), () -> relay(id),
        r -> "connected".equals(r.getString("state")) && r.getInteger("bitrateKbps", 0) >= 100);
      long bytes = Await.until("the platform records the stream", Duration.ofSeconds(10), platform::recordedBytes, b -> b > 0);
      Await.until("the platform keeps receiving", Duration.ofSeconds(10), platform::recordedBytes, b -> b > bytes);
      assertEquals(0, publisher.awaitExit(60), publisher.output());

      Await.until("the episode ended", Duration.ofSeconds(40), () -> episode(http, id), e -> "ended".equals(e.getString("status")));
      JsonObject off = relay(id);
      assertEquals("off", off.getString("state"), off.encode());
      System.out.printf("relay test: connected at %d kb/s; the platform recorded %d bytes%n",
        connected.getInteger("bitrateKbps"), platform.recordedBytes());
      List<Path> files = platform.recordings();
      assertEquals(1, files.size(), files.toString());
      String streams = Recordings.ffprobe(files.get(0).toString());
      assertTrue(streams.contains("h264") && streams.contains("aac"), streams);
    }
  }

  /** The room's one relay target's state for {@code episode}. */
  static JsonObject relay(long episode) {
    Http.Reply reply = http.get("/api/episodes/" + episode + "/relays");
    assertEquals(200, reply.status(), reply.toString());
    assertEquals(1, reply.items().size(), reply.toString());
    return reply.items().getJsonObject(0);
  }

  /**
   * The episode's capture once its recording is made; {@code listed} gets the runs' segment lists as last seen before
   * the join deleted them (printed when durations differ).
   */
  static JsonObject awaitRecording(long episode, StringBuilder listed) {
    return Await.until("the recording made", Duration.ofSeconds(60), () -> {
      JsonObject capture = http.get("/api/episodes/" + episode + "/capture").json();
      String now = segmentLists(capture.getLong("id"));
      if (!now.isEmpty()) {
        listed.setLength(0);
        listed.append(now);
      }
      return capture;
    }, c -> c.getLong("recordingId") != null);
  }

  /** Every run's segments.csv of a capture, as text. */
  static String segmentLists(long capture) {
    Path captures = dataDir.resolve("media/captures/" + capture);
    if (!java.nio.file.Files.isDirectory(captures)) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    try (var files = java.nio.file.Files.walk(captures)) {
      for (Path csv : files.filter(f -> f.getFileName().toString().equals("segments.csv")).sorted().toList()) {
        out.append(captures.relativize(csv)).append(":\n").append(java.nio.file.Files.readString(csv));
      }
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return ""; // the join deleted it meanwhile
    }
    return out.toString();
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void outsideEveryWindowTheRoomDecides() throws Exception {
    long room = seed.room();
    String url = publishUrl(http, room);
    assertEquals(200, http.patch("/api/rooms/" + room + "/ingest", new JsonObject().put("unscheduled", "refuse")).status());
    try (Publisher refused = Publisher.start(url, 3)) {
      assertNotEquals(0, refused.awaitExit(30), "refused outside every window");
    }
    assertEquals(0, http.get("/api/episodes?roomId=" + room).items().size());

    assertEquals(200, http.patch("/api/rooms/" + room + "/ingest", new JsonObject().put("unscheduled", "episode")).status());
    // An encoder set to a keyframe every 6 s (150 frames at 25 per second).
    try (Publisher p = Publisher.start(url, 30, 150)) {
      JsonObject live = Await.until("an unscheduled episode", Duration.ofSeconds(20),
        () -> http.get("/api/episodes?roomId=" + room).items(), items -> items.size() == 1).getJsonObject(0);
      assertEquals("临时直播", live.getString("title"));
      assertEquals("live", live.getString("status"));
      assertEquals(1, live.getInteger("number"));
      // The desk sees the stream's health as the publishing node measured it, and the keyframe warning.
      JsonObject session = Await.until("the stream's health", Duration.ofSeconds(25),
        () -> http.get("/api/rooms/" + room + "/ingest").json().getJsonObject("live"),
        l -> l != null && l.getJsonObject("health") != null).copy();
      assertEquals(live.getLong("id"), session.getLong("episodeId"));
      assertTrue(session.getBoolean("publishing"));
      JsonObject health = session.getJsonObject("health");
      assertEquals(6.0, health.getDouble("keyframeSeconds"), 0.11, health.encode());
      assertEquals("keyframe", health.getJsonArray("warnings").getString(0), health.encode());
      assertEquals(25.0, health.getDouble("frameRate"), 0.01, health.encode());
      assertTrue(health.getLong("bitrateKbps") > 64, health.encode());
    }
  }

  static String probe(String url) {
    try {
      Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of",
        "default=nw=1", url).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor() == 0 ? out : "";
    } catch (Exception e) {
      return "";
    }
  }
}
