package lianxin.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server process killed with SIGKILL in the middle of an archive job: the next process on the same database and
 * media folder finishes the job, with one recording row, one job and one set of files.
 */
@ExtendWith(VertxExtension.class)
@Slow
class KillMidJobTest {

  static final String PASSWORD = "kill-test-password";

  @Test
  void jobKilledMidStageFinishesAfterRestartWithoutDuplicates(Vertx vertx) throws Exception {
    // Its own database: the shared test node's job runner must not pick this job up.
    String db = TestDb.fresh("lianxin_kill");
    Path data = Clips.tempDir("lianxin-kill");
    Path media = data.resolve("media");
    // MPEG-4 Part 2 at 720p: quick to generate, but nothing can be copied, so the package stage encodes for
    // seconds (720p, then the one-decode pass) and the kill surely lands inside it.
    Path clip = Clips.tempDir("lianxin-kill-clip").resolve("legacy.mp4");
    Clips.ffmpeg("-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=30", "-f", "lavfi", "-i", "sine=duration=30",
      "-c:v", "mpeg4", "-q:v", "6", "-c:a", "aac", clip.toString());
    Map<String, String> env = Map.of("DATABASE_URL", db, "DATA_DIR", data.toString(), "MEDIA_DIR", media.toString(),
      "DEMO", "0", "LIANXIN_ADMIN_PASSWORD", PASSWORD, "TRANSCODES", "1");

    long id;
    long episode;
    try (Node first = Node.start(env).awaitHealthy(Duration.ofSeconds(150))) {
      Http http = Http.admin(vertx, first.port, PASSWORD);
      Seed seed = new Seed(http);
      episode = seed.episode(seed.room(), "断电也不怕", "2031-02-01T19:30:00+08:00", "2031-02-01T20:30:00+08:00").getLong("id");
      Http.Reply accepted = http.bytes(HttpMethod.POST, "/api/episodes/" + episode + "/recordings",
        Buffer.buffer(Files.readAllBytes(clip)), "video/mp4");
      assertEquals(202, accepted.status(), accepted.body());
      id = accepted.json().getLong("id");

      // Mid package, FFmpeg encoding.
      JsonObject mid = Recordings.await(http, id, r -> "package".equals(r.getString("stage")) && r.getDouble("percent") > 8,
        Duration.ofSeconds(60));
      assertTrue(mid.getDouble("percent") < 70, mid.encode());
      first.close(); // SIGKILL: no shutdown hook, no chance to tidy up
      first.awaitExit(Duration.ofSeconds(10));
    }
    try (Connection c = TestDb.jdbc(db)) {
      assertEquals("processing", TestDb.one(c, "SELECT status FROM recordings WHERE id = " + id));
    }

    // The killed node's FFmpeg outlives it (an orphan, still encoding into the first attempt's folder).
    String firstAttempt = media.toRealPath().resolve("archive/" + id + "/1").toString();
    assertTrue(ffmpegOn(firstAttempt) > 0, "expected the killed node's FFmpeg to be still running");

    try (Node second = Node.start(env).awaitHealthy(Duration.ofSeconds(150))) {
      Http http = Http.admin(vertx, second.port, PASSWORD);
      // Once the job is revived, the orphan is stopped rather than left to compete for the cores.
      Recordings.await(http, id, r -> r.getInteger("attempts") == 2, Duration.ofSeconds(60));
      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (ffmpegOn(firstAttempt) > 0 && System.nanoTime() < deadline) {
        Node.sleep(100);
      }
      assertEquals(0, ffmpegOn(firstAttempt), "the killed node's FFmpeg still runs");
      JsonObject done = Recordings.await(http, id, r -> !List.of("queued", "processing").contains(r.getString("status")),
        Duration.ofSeconds(120));
      assertEquals("archived", done.getString("status"), done.encodePrettily() + "\n" + second.output());
      assertEquals(30, done.getDouble("durationSeconds"), 0.5);
      assertEquals(200, http.get(done.getJsonObject("media").getString("master")).status());
      assertEquals(200, http.get(done.getJsonObject("media").getString("storyboard")).status());

      try (Connection c = TestDb.jdbc(db)) {
        assertEquals("1", TestDb.one(c, "SELECT count(*) FROM recordings WHERE episode_id = " + episode));
        assertEquals("2", TestDb.one(c, "SELECT attempts FROM recordings WHERE id = " + id));
        // A finished one-time job leaves no row behind; the killed run's row was revived, not doubled. The scheduler
        // removes the row just after the task returns, which can be a moment after the recording reads archived.
        String left = "SELECT count(*) FROM scheduled_tasks WHERE task_instance = '" + id + "'";
        long removed = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"0".equals(TestDb.one(c, left)) && System.nanoTime() < removed) {
          Node.sleep(100);
        }
        assertEquals("0", TestDb.one(c, left));
      }
      // One attempt folder (the killed run's is gone), one original, no half-written temporaries.
      try (Stream<Path> attempts = Files.list(media.resolve("archive/" + id))) {
        assertEquals(List.of("2"), attempts.map(p -> p.getFileName().toString()).toList());
      }
      try (Stream<Path> originals = Files.list(media.resolve("originals"))) {
        assertEquals(1, originals.count());
      }
      try (Stream<Path> all = Files.walk(media)) {
        List<Path> temporaries = all.filter(p -> p.toString().endsWith(".tmp")).toList();
        assertEquals(List.of(), temporaries);
      }
      // Each rendition once: as many segments as the playlist names, no strays from the killed run.
      Path dir = media.resolve("archive/" + id + "/2");
      for (String rendition : List.of("v0", "v1", "v2", "a")) {
        long listed = Files.readAllLines(dir.resolve(rendition + "/index.m3u8")).stream().filter(l -> l.endsWith(".m4s")).count();
        try (Stream<Path> files = Files.list(dir.resolve(rendition))) {
          assertEquals(listed, files.filter(p -> p.toString().endsWith(".m4s")).count(), rendition);
        }
      }
    }
  }

  /** FFmpeg processes writing into {@code folder}. */
  static long ffmpegOn(String folder) {
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("ffmpeg") && c.contains(folder + "/"))
      .orElse(false)).count();
  }

}
