package lianxin.archive.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /api/episodes/{id}/recordings {sourceUrl}}: pulled from a server this test runs on loopback. */
@ExtendWith(VertxExtension.class)
@Slow
class PullTest {

  static Http http;
  static Seed seed;
  static Path served;
  static HttpServer source;
  static HttpServer inside;
  static final AtomicInteger insideHits = new AtomicInteger();
  static final AtomicInteger liveReloads = new AtomicInteger();
  /** The Authorization header of the last request that carried the query {@code token=abc}. */
  static final java.util.concurrent.atomic.AtomicReference<String> credentialsSeen = new java.util.concurrent.atomic.AtomicReference<>();
  static int port;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    http = Http.local(vertx);
    seed = new Seed(http);
    served = Clips.tempDir("lianxin-served");
    Clips.video(served, "show.mp4", 3, 640, 360);
    // The same clip as an HLS stream (MPEG-TS segments), as a live platform's replay would offer it.
    Clips.ffmpeg("-i", served.resolve("show.mp4").toString(), "-c", "copy", "-f", "hls", "-hls_time", "1",
      "-hls_playlist_type", "vod", "-hls_segment_filename", served.resolve("seg%03d.ts").toString(),
      served.resolve("show.m3u8").toString());
    // A master playlist as a platform serves it: video and audio as separate renditions, two variants (the pull
    // takes the higher; the lower is not served), behind a URL without .m3u8 that says what it is by content type.
    for (String kind : List.of("v", "a")) {
      Files.createDirectories(served.resolve(kind));
      Clips.ffmpeg("-i", served.resolve("show.mp4").toString(), "-map", kind.equals("v") ? "0:v" : "0:a", "-c", "copy",
        "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
        "-hls_segment_filename", served.resolve(kind + "/seg%03d.ts").toString(), served.resolve(kind + "/index.m3u8").toString());
    }
    Files.writeString(served.resolve("master.m3u8"), String.join("\n", "#EXTM3U",
      "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"main\",DEFAULT=YES,URI=\"a/index.m3u8\"",
      "#EXT-X-STREAM-INF:BANDWIDTH=300000,AUDIO=\"aud\"", "low/index.m3u8",
      "#EXT-X-STREAM-INF:BANDWIDTH=900000,AUDIO=\"aud\"", "v/index.m3u8", ""));
    // An internal server: IPv6 loopback, which the shared node's PULL_ALLOW (127.0.0.0/8, localhost) does not cover.
    inside = vertx.createHttpServer().requestHandler(request -> {
      insideHits.incrementAndGet();
      request.response().sendFile(served.resolve("show.mp4").toString());
    }).listen(0, "::1").await();
    String insideUrl = "http://[::1]:" + inside.actualPort();
    // The HLS stream again, its segments on the internal server.
    Files.writeString(served.resolve("sneaky.m3u8"), Files.readString(served.resolve("show.m3u8"))
      .replaceAll("(?m)^(seg\\d+\\.ts)$", insideUrl + "/$1"));
    String vod = Files.readString(served.resolve("show.m3u8"));
    // The HLS stream again, its second duration not a number.
    Files.writeString(served.resolve("broken.m3u8"), vod.replaceFirst("(?s)(#EXTINF:[^\n]*\n[^\n]*\n)#EXTINF:[^\n]*", "$1#EXTINF:two,"));
    // HTTP/2 over cleartext allowed, as a media server may: a URL's userinfo still arrives, as Basic credentials.
    source = vertx.createHttpServer()
      .requestHandler(request -> {
      if ("token=abc".equals(request.query())) {
        credentialsSeen.set(request.getHeader("authorization"));
      }
      if (request.path().equals("/inside.mp4")) {
        request.response().setStatusCode(302).putHeader("location", insideUrl + "/secret.mp4").end();
        return;
      }
      if (request.path().equals("/loop.mp4") || request.path().equals("/file.mp4")) {
        request.response().setStatusCode(302)
          .putHeader("location", request.path().equals("/loop.mp4") ? "/loop.mp4" : "file:///etc/passwd").end();
        return;
      }
      if (request.path().equals("/live.m3u8")) {
        // A live playlist: the first answer has only the first segment and no end; later ones all and the end.
        String full = vod.replace("#EXT-X-PLAYLIST-TYPE:VOD\n", "");
        String first = full.substring(0, full.indexOf("seg000.ts") + "seg000.ts\n".length());
        request.response().putHeader("content-type", "application/vnd.apple.mpegurl")
          .end(liveReloads.getAndIncrement() == 0 ? first : full);
        return;
      }
      if (request.path().equals("/moved.mp4")) {
        request.response().setStatusCode(302).putHeader("location", "show.mp4").end();
        return;
      }
      if (request.path().equals("/replay")) {
        request.response().putHeader("content-type", "application/vnd.apple.mpegurl")
          .sendFile(served.resolve("master.m3u8").toString());
        return;
      }
      String name = request.path().substring(1);
      Path file = served.resolve(name).normalize();
      if (!file.startsWith(served) || !Files.isRegularFile(file)) {
        request.response().setStatusCode(404).end();
      } else {
        request.response().sendFile(file.toString());
      }
    }).listen(0, "127.0.0.1").await();
    port = source.actualPort();
  }

  @AfterAll
  static void stop() {
    source.close().await();
    inside.close().await();
  }

  static JsonObject settle(long id) {
    return Recordings.await(http, id, r -> List.of("archived", "failed").contains(r.getString("status")), java.time.Duration.ofSeconds(90));
  }

  static long episode() {
    return seed.episode(seed.room(), "从网址拉取", "2031-04-08T19:30:00+08:00", "2031-04-08T20:30:00+08:00").getLong("id");
  }

  @Test
  void fileUrlIsPulledByteForByteAndArchived() throws Exception {
    String url = "http://127.0.0.1:" + port + "/show.mp4";
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings", new JsonObject().put("sourceUrl", url));
    assertEquals(202, accepted.status(), accepted.body());
    assertEquals(url, accepted.json().getString("sourceUrl"));

    JsonObject r = settle(accepted.json().getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
    assertEquals("url", r.getString("source"));
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(served.resolve("show.mp4")))),
      r.getString("sha256"));
    assertEquals(Files.size(served.resolve("show.mp4")), r.getLong("bytes"));
    assertEquals(3, r.getDouble("durationSeconds"), 0.2);
    assertEquals(200, http.get(r.getJsonObject("media").getString("master")).status());
  }

  @Test
  void aUrlWithCredentialsIsShownInFullOnlyToTheRoomsManagers() {
    long room = seed.room();
    long ep = seed.episode(room, "带密码的网址", "2031-04-09T19:30:00+08:00", "2031-04-09T20:30:00+08:00").getLong("id");
    String url = "http://user:secret@127.0.0.1:" + port + "/show.mp4?token=abc";
    Http.Reply accepted = http.post("/api/episodes/" + ep + "/recordings", new JsonObject().put("sourceUrl", url));
    assertEquals(202, accepted.status(), accepted.body());
    long id = accepted.json().getLong("id");
    JsonObject pulled = settle(id);
    assertEquals("archived", pulled.getString("status"), pulled.encodePrettily());
    // The URL's userinfo went to its own server as Basic credentials ("user:secret").
    assertEquals("Basic dXNlcjpzZWNyZXQ=", credentialsSeen.get());

    String host = signedIn("host", null, List.of(room));
    String elsewhere = signedIn("host", null, List.of(seed.room()));
    for (Http reader : List.of(http.anonymous(), http.as(elsewhere))) {
      Http.Reply seen = reader.get("/api/recordings/" + id);
      assertEquals(200, seen.status(), seen.body());
      assertTrue(!seen.body().contains("secret") && !seen.body().contains("token=abc"), seen.body());
      assertEquals("http://127.0.0.1:" + port + "/show.mp4?…", seen.json().getString("sourceUrl"), seen.body());
      assertEquals("http://127.0.0.1:" + port + "/show.mp4?…", seen.json().getString("sourceName"), seen.body());
    }
    assertEquals(url, http.as(host).get("/api/recordings/" + id).json().getString("sourceUrl"));
    assertEquals(url, http.get("/api/recordings/" + id).json().getString("sourceUrl")); // an admin
    Http.Reply episode = http.anonymous().get("/api/episodes/" + ep);
    assertTrue(!episode.body().contains("secret") && !episode.body().contains("token="), episode.body());

    Http.Reply missing = http.post("/api/episodes/" + ep + "/recordings",
      new JsonObject().put("sourceUrl", "http://user:secret@127.0.0.1:" + port + "/missing.mp4?token=abc"));
    JsonObject failed = settle(missing.json().getLong("id"));
    assertEquals("failed", failed.getString("status"), failed.encodePrettily());
    String error = failed.getString("error");
    assertTrue(error.contains("/missing.mp4") && !error.contains("secret") && !error.contains("token=abc"), error);
    // The reason is kept in both languages, each reader shown theirs alone.
    assertTrue(error.startsWith("地址返回 404") && !error.contains("answered"), error);
    String english = http.inLanguage("en").get("/api/recordings/" + missing.json().getLong("id")).json().getString("error");
    assertTrue(english.startsWith("The URL answered 404") && english.contains("/missing.mp4") && !english.contains("地址"), english);
    String events = http.anonymous().get("/api/recordings/" + missing.json().getLong("id") + "/events").body();
    assertTrue(events.contains("missing.mp4") && !events.contains("secret"), events);
  }

  /** A new account with the given role and place, signed in; its bearer token. */
  static String signedIn(String role, Long orgId, List<Long> rooms) {
    String username = Seed.unique("user");
    assertEquals(201, http.post("/api/users", new JsonObject().put("username", username)
      .put("password", "correct horse battery").put("role", role).put("orgId", orgId)
      .put("roomIds", new io.vertx.core.json.JsonArray(rooms))).status());
    return http.signIn(username, "correct horse battery");
  }

  @Test
  void hlsStreamIsPulledWithFfmpegAndArchived() {
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + "/show.m3u8"));
    assertEquals(202, accepted.status(), accepted.body());
    JsonObject r = settle(accepted.json().getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
    assertEquals(3, r.getDouble("durationSeconds"), 0.3);
    assertEquals("h264", r.getString("videoCodec"));
    assertTrue(r.getString("sha256").matches("[0-9a-f]{64}"));
  }

  @Test
  void aRedirectOnTheAllowListIsFollowed() throws Exception {
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + "/moved.mp4"));
    JsonObject r = settle(accepted.json().getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
    assertEquals(Files.size(served.resolve("show.mp4")), r.getLong("bytes"));
  }

  @Test
  void aRedirectToAnInternalAddressFailsNamingItAndReachesNothingInside() {
    int hits = insideHits.get();
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + "/inside.mp4"));
    assertEquals(202, accepted.status(), accepted.body());
    JsonObject r = settle(accepted.json().getLong("id"));
    assertEquals("failed", r.getString("status"), r.encodePrettily());
    String error = r.getString("error");
    assertTrue(error.contains("http://[::1]:" + inside.actualPort() + "/secret.mp4") && error.contains("PULL_ALLOW"), error);
    assertTrue(error.contains("重定向") && !error.contains("redirect to"), error); // Chinese alone by default
    assertNull(r.getValue("sha256"), r.encodePrettily());
    assertNull(r.getJsonObject("media").getValue("master"), r.encodePrettily());
    assertEquals(hits, insideHits.get(), "the internal server was asked for something");
  }

  @Test
  void endlessRedirectsAndRedirectsOffTheWebFail() {
    long episode = episode();
    for (String path : List.of("/loop.mp4", "/file.mp4")) {
      Http.Reply accepted = http.post("/api/episodes/" + episode + "/recordings",
        new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + path));
      JsonObject r = settle(accepted.json().getLong("id"));
      assertEquals("failed", r.getString("status"), r.encodePrettily());
      assertTrue(r.getString("error").contains(path.equals("/loop.mp4") ? "超过 5 次" : "file:///etc/passwd"), r.getString("error"));
    }
  }

  @Test
  void anHlsPlaylistNamingAnInternalSegmentIsRefusedNamingIt() {
    int hits = insideHits.get();
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + "/sneaky.m3u8"));
    assertEquals(202, accepted.status(), accepted.body());
    JsonObject r = settle(accepted.json().getLong("id"));
    assertEquals("failed", r.getString("status"), r.encodePrettily());
    String error = r.getString("error");
    assertTrue(error.contains("http://[::1]:" + inside.actualPort() + "/seg000.ts") && error.contains("PULL_ALLOW"), error);
    assertNull(r.getJsonObject("media").getValue("master"), r.encodePrettily());
    assertEquals(hits, insideHits.get(), "the internal server was asked for something");
  }

  @Test
  void aMalformedHlsPlaylistFailsNamingItsLine() {
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + "/broken.m3u8"));
    assertEquals(202, accepted.status(), accepted.body());
    JsonObject r = settle(accepted.json().getLong("id"));
    assertEquals("failed", r.getString("status"), r.encodePrettily());
    String error = r.getString("error");
    assertTrue(error.contains("播放列表格式有误") && error.contains("/broken.m3u8") && error.contains("\"#EXTINF:two,\""), error);
  }

  @Test
  void anHlsMasterPlaylistIsCopiedWithItsBestVariantAndAudioRendition() {
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + "/replay"));
    assertEquals(202, accepted.status(), accepted.body());
    JsonObject r = settle(accepted.json().getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
    assertEquals("h264", r.getString("videoCodec"));
    assertEquals("aac", r.getString("audioCodec"));
    assertEquals(3, r.getDouble("durationSeconds"), 0.3);
  }

  @Test
  void aLivePlaylistIsReloadedUntilItEnds() {
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + "/live.m3u8"));
    JsonObject r = settle(accepted.json().getLong("id"));
    assertEquals("archived", r.getString("status"), r.encodePrettily());
    assertTrue(liveReloads.get() >= 2, "reloads: " + liveReloads.get());
    assertEquals(3, r.getDouble("durationSeconds"), 0.3);
  }

  @Test
  void missingFileFailsWithTheStatusAndCanBeRetried() {
    Http.Reply accepted = http.post("/api/episodes/" + episode() + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1:" + port + "/gone.mp4"));
    assertEquals(202, accepted.status(), accepted.body());
    long id = accepted.json().getLong("id");
    JsonObject r = settle(id);
    assertEquals("failed", r.getString("status"));
    assertTrue(r.getString("error").contains("404"), r.getString("error"));
    assertEquals(202, http.post("/api/recordings/" + id + "/retry", null).status());
  }

  @Test
  void onlyNetworkUrlsAreAccepted() {
    long episode = episode();
    for (String bad : List.of("file:///etc/passwd", "/etc/passwd", "ftp://example.org/a.mp4", "http:///nohost")) {
      Http.Reply reply = http.post("/api/episodes/" + episode + "/recordings", new JsonObject().put("sourceUrl", bad));
      assertEquals(422, reply.status(), bad + " " + reply.body());
      assertTrue(reply.message().contains("sourceUrl"));
    }
    assertEquals(422, http.post("/api/episodes/" + episode + "/recordings", new JsonObject()).status());
    assertEquals(404, http.post("/api/episodes/99999999/recordings", new JsonObject().put("sourceUrl", "http://127.0.0.1/a.mp4")).status());
    assertEquals(401, http.anonymous().post("/api/episodes/" + episode + "/recordings",
      new JsonObject().put("sourceUrl", "http://127.0.0.1/a.mp4")).status());
  }
}
