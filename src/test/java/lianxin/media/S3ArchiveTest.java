package lianxin.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lianxin.archive.job.Pull;
import lianxin.support.Await;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Recordings;
import lianxin.support.S3Proxy;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Media in a bucket, end to end, against s3proxy on loopback and two nodes on one database: an upload is archived
 * into the bucket and plays through {@code /media} with ranges from either node, a resumable upload's chunks go
 * through different nodes and archive once, the nodes keep no media of their own, and deleting takes it all.
 */
@ExtendWith(VertxExtension.class)
@Slow
class S3ArchiveTest {

  static final String PASSWORD = "s3-test-password";
  static final String BUCKET = "lianxin-media";

  static S3Proxy s3;
  static Bucket bucket;
  static Node a;
  static Node b;
  static Path dataA;
  static Path dataB;
  static String db;

  @BeforeAll
  static void start() {
    s3 = S3Proxy.start();
    bucket = new Bucket(s3.config(BUCKET));
    db = TestDb.fresh("lianxin_s3");
    dataA = Clips.tempDir("lianxin-s3-a");
    dataB = Clips.tempDir("lianxin-s3-b");
    a = Node.start(env(db, dataA)).awaitHealthy(Duration.ofSeconds(150));
    b = Node.start(env(db, dataB)).awaitHealthy(Duration.ofSeconds(150));
  }

  static Map<String, String> env(String db, Path data) {
    Map<String, String> env = new HashMap<>(s3.env(BUCKET));
    env.putAll(Map.of("DATABASE_URL", db, "DATA_DIR", data.toString(), "DEMO", "0", "LIANXIN_ADMIN_PASSWORD", PASSWORD,
      "TRANSCODES", "1"));
    return env;
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {a, b}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
    if (bucket != null) {
      bucket.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void uploadArchivesIntoTheBucketPlaysWithRangesAndDeletes(Vertx vertx) throws Exception {
    Http viaA = Http.admin(vertx, a.port, PASSWORD);
    Http viaB = Http.admin(vertx, b.port, PASSWORD);
    Seed seed = new Seed(viaA);
    long episode = seed.episode(seed.room(), "桶里的节目", "2031-03-01T19:30:00+08:00", "2031-03-01T20:30:00+08:00").getLong("id");
    Path clip = Clips.video(Clips.tempDir("lianxin-s3-clip"), "talk.mp4", 6, 640, 360);
    long id = Recordings.upload(viaA, episode, clip, "video/mp4").getLong("id");
    JsonObject done = settle(viaB, id);
    assertEquals("archived", done.getString("status"), done.encodePrettily() + a.output() + b.output());
    JsonObject media = done.getJsonObject("media");

    // Every file the recording names is in the bucket and plays through either node.
    for (String url : List.of(media.getString("master"), media.getString("audio"), media.getString("poster"),
      media.getString("storyboard"), media.getString("chapters"))) {
      assertTrue(bucket.head(url.substring("/media/".length())) != null, url + " is in the bucket");
      assertEquals(200, get(b, url, null).statusCode(), url);
    }
    String master = new String(get(a, media.getString("master"), null).body());
    assertTrue(master.startsWith("#EXTM3U"), master);
    assertEquals("public, max-age=10", get(a, media.getString("master"), null).headers().firstValue("cache-control").orElse(""));
    String v0 = media.getString("master").replace("master.m3u8", "v0/index.m3u8");
    String segment = Arrays.stream(new String(get(b, v0, null).body()).split("\n"))
      .filter(l -> l.endsWith(".m4s")).findFirst().orElseThrow();
    assertEquals(200, get(b, v0.replace("index.m3u8", segment), null).statusCode());
    assertTrue(Recordings.ffprobe("http://localhost:" + b.port + media.getString("master")).contains("codec_type=video"));

    // A live stream's files, copied into the bucket by the node its publisher is on, play through any node, never
    // cached; one not copied (yet) is a 404.
    bucket.putText("live/" + episode + "/src/index.m3u8", "#EXTM3U\n#EXTINF:2.0,\nseg00000.ts\n", "application/vnd.apple.mpegurl");
    HttpResponse<byte[]> live = get(b, "/media/live/" + episode + "/src/index.m3u8", null);
    assertEquals(200, live.statusCode());
    assertTrue(new String(live.body()).contains("seg00000.ts"));
    assertEquals("no-cache", live.headers().firstValue("cache-control").orElse(""));
    assertEquals(404, get(a, "/media/live/" + episode + "/src/seg00099.ts", null).statusCode());
    bucket.delete(List.of("live/" + episode + "/src/index.m3u8"));

    // Ranges, as an audio element and a seeking player ask for them.
    String audio = media.getString("audio");
    byte[] whole = get(a, audio, null).body();
    HttpResponse<byte[]> part = get(b, audio, "bytes=100-1099");
    assertEquals(206, part.statusCode());
    assertEquals("bytes 100-1099/" + whole.length, part.headers().firstValue("content-range").orElse(""));
    assertArrayEquals(Arrays.copyOfRange(whole, 100, 1100), part.body());
    HttpResponse<byte[]> tail = get(a, audio, "bytes=-500");
    assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 500, whole.length), tail.body());
    HttpResponse<byte[]> past = get(a, audio, "bytes=" + whole.length + "-");
    assertEquals(416, past.statusCode());
    assertEquals("bytes */" + whole.length, past.headers().firstValue("content-range").orElse(""));
    String etag = part.headers().firstValue("etag").orElseThrow();
    HttpResponse<byte[]> again = Recordings.CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + a.port + audio))
      .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(304, again.statusCode());
    HttpResponse<Void> head = Recordings.CLIENT.send(HttpRequest.newBuilder(URI.create("http://localhost:" + a.port + audio))
      .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    assertEquals(String.valueOf(whole.length), head.headers().firstValue("content-length").orElse(""));

    // The nodes keep no media: nothing in their media folders, their scratch folders emptied when the job ended.
    Await.until("both scratch folders empty", Duration.ofSeconds(20), () -> files(dataA).isEmpty() && files(dataB).isEmpty());

    long originals = list("originals/").stream().filter(k -> !k.endsWith("/")).count();
    Http.Reply deleted = viaA.raw(HttpMethod.DELETE, "/api/recordings/" + id, "{}", "application/json");
    assertTrue(deleted.status() < 300, deleted.body());
    Await.until("the recording's objects gone", Duration.ofSeconds(20),
      // (other tests' originals share the bucket; s3proxy also lists folder markers ending in "/")
      () -> list("archive/" + id + "/").stream().allMatch(k -> k.endsWith("/"))
        && list("originals/").stream().filter(k -> !k.endsWith("/")).count() == originals - 1);
    assertEquals(404, get(b, media.getString("master"), null).statusCode());
  }

  @Test
  void resumableChunksThroughTwoNodesArchiveOnce(Vertx vertx) throws Exception {
    Http viaA = Http.admin(vertx, a.port, PASSWORD);
    Http viaB = Http.admin(vertx, b.port, PASSWORD);
    Seed seed = new Seed(viaA);
    long episode = seed.episode(seed.room(), "分块上传", "2031-03-02T19:30:00+08:00", "2031-03-02T20:30:00+08:00").getLong("id");
    Path clip = Clips.audio(Clips.tempDir("lianxin-s3-chunks"), "talk.m4a", 4);
    byte[] bytes = Files.readAllBytes(clip);
    int half = bytes.length / 2;
    Http.Reply opened = viaA.post("/api/episodes/" + episode + "/uploads", new JsonObject().put("size", bytes.length).put("name", "talk.m4a"));
    assertEquals(201, opened.status(), opened.body());
    String upload = opened.json().getString("uploadId");

    Http.Reply first = viaA.bytesWith(HttpMethod.PUT, "/api/uploads/" + upload, Buffer.buffer(Arrays.copyOfRange(bytes, 0, half)),
      "application/octet-stream", "content-range", "bytes 0-" + (half - 1) + "/" + bytes.length);
    assertEquals(200, first.status(), first.body());
    assertEquals(half, viaB.get("/api/uploads/" + upload).json().getLong("offset"), "the other node sees the offset");
    Http.Reply last = viaB.bytesWith(HttpMethod.PUT, "/api/uploads/" + upload, Buffer.buffer(Arrays.copyOfRange(bytes, half, bytes.length)),
      "application/octet-stream", "content-range", "bytes " + half + "-" + (bytes.length - 1) + "/" + bytes.length);
    assertEquals(202, last.status(), last.body());
    assertEquals(Pull.sha256(clip), last.json().getString("sha256"));
    JsonObject done = settle(viaA, last.json().getLong("id"));
    assertEquals("archived", done.getString("status"), done.encodePrettily());
    try (java.sql.Connection c = TestDb.jdbc(db)) {
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM recordings WHERE episode_id = " + episode), "archived once");
    }
    assertEquals(List.of(), list("uploads/" + upload + "/"), "the chunks are gone once joined");
    assertArrayEquals(bytes, Files.readAllBytes(download("originals/" + upload)), "the original is the bytes sent");
    assertNotEquals(-1, bucket.head(done.getJsonObject("media").getString("audio").substring("/media/".length())).contentLength());
  }

  @Test
  void halfSetS3VariablesRefuseToStartNamingWhatIsMissing() {
    Node node = Node.start(Map.of("S3_BUCKET", "media", "S3_ENDPOINT", "http://127.0.0.1:1", "S3_ACCESS_KEY", "k",
      "DATA_DIR", Clips.tempDir("lianxin-s3-half").toString()));
    assertNotEquals(0, node.awaitExit(Duration.ofSeconds(60)));
    List<String> lines = node.output().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), node.output());
    assertTrue(lines.get(0).contains("S3_SECRET_KEY is missing"), lines.get(0));
    assertFalse(lines.get(0).contains("k,"), "no secret printed");
  }

  /** Archived or failed; with more time than {@link Recordings#settle}, as a loaded machine runs two nodes and s3proxy. */
  static JsonObject settle(Http http, long id) {
    return Recordings.await(http, id, r -> List.of("archived", "failed").contains(r.getString("status")), Duration.ofMinutes(4));
  }

  static HttpResponse<byte[]> get(Node node, String path, String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + node.port + path)).timeout(Duration.ofSeconds(20));
    if (range != null) {
      request.header("Range", range);
    }
    return Recordings.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static List<String> list(String prefix) {
    try {
      return bucket.list(prefix).stream().map(o -> o.key()).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path download(String key) throws Exception {
    Path file = Files.createTempFile("lianxin-s3-download", ".bin");
    assertTrue(bucket.get(key, file), key);
    return file;
  }

  /** Regular files a node holds in its media and scratch folders. */
  static List<Path> files(Path data) {
    List<Path> found = new java.util.ArrayList<>();
    for (Path dir : List.of(data.resolve("media"), data.resolve("scratch"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.filter(Files::isRegularFile).forEach(found::add);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    return found;
  }
}
