package lianxin.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import lianxin.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Progress events across nodes: a second server process on the same database and MEDIA_DIR; one recording's
 * event stream is followed on both nodes at once. Only one of them runs the job, so the other's client sees the
 * whole progression only through PostgreSQL's NOTIFY.
 */
@ExtendWith(VertxExtension.class)
@Slow
class EventsTwoNodeTest {

  static Node other;
  static Http http;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    other = Node.start(Map.of("DATABASE_URL", TestDb.url(), "DEMO", "0", "MEDIA_DIR", TestServer.mediaDir().toString(),
      "DATA_DIR", Clips.tempDir("lianxin-events-node").toString())).awaitHealthy(Duration.ofSeconds(90));
  }

  @AfterAll
  static void stop() {
    other.close();
  }

  /** The events of one stream, read to its end. */
  static CompletableFuture<List<JsonObject>> follow(int port, long id) {
    return Recordings.CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/recordings/" + id + "/events"))
      .build(), HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
        List<JsonObject> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
          for (String line; (line = reader.readLine()) != null; ) {
            if (line.startsWith("data: ")) {
              events.add(new JsonObject(line.substring(6)));
            }
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return events;
      });
  }

  @Test
  void bothNodesStreamTheWholeProgressionWhicheverRunsTheJob() throws Exception {
    Seed seed = new Seed(http);
    long episode = seed.episode(seed.room(), "两个节点的进度", "2031-02-01T19:30:00+08:00", "2031-02-01T20:30:00+08:00").getLong("id");
    Path clip = Clips.video(Clips.tempDir("lianxin-events"), "events.mp4", 8, 1280, 720);
    Http.Reply accepted = http.bytes(HttpMethod.POST, "/api/episodes/" + episode + "/recordings",
      Buffer.buffer(Files.readAllBytes(clip)), "video/mp4");
    assertEquals(202, accepted.status(), accepted.body());
    long id = accepted.json().getLong("id");
    CompletableFuture<List<JsonObject>> onA = follow(TestServer.port(), id);
    CompletableFuture<List<JsonObject>> onB = follow(other.port, id);
    for (List<JsonObject> events : List.of(onA.get(120, TimeUnit.SECONDS), onB.get(120, TimeUnit.SECONDS))) {
      assertEquals("archived", events.get(events.size() - 1).getString("status"), events.toString());
      List<String> stages = events.stream().map(e -> e.getString("stage")).filter(s -> s != null).distinct().toList();
      assertTrue(stages.containsAll(List.of("poster", "chapters", "loudness", "audio", "archived")), stages.toString());
      assertTrue(events.stream().anyMatch(e -> "processing".equals(e.getString("status"))), events.toString());
    }
  }
}
