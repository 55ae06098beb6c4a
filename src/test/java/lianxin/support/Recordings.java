package lianxin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Recordings and captures as the archive tests follow them: upload, wait for a state, look at the media. */
public final class Recordings {

  /** HTTP/1.1 as a player speaks it (the JDK client would otherwise try an h2c upgrade). */
  public static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Recordings() {
  }

  /** A one-shot upload of {@code file} as the request body; 202 expected. */
  public static JsonObject upload(Http http, long episode, Path file, String type) throws Exception {
    Http.Reply reply = http.bytes(HttpMethod.POST, "/api/episodes/" + episode + "/recordings", Buffer.buffer(Files.readAllBytes(file)), type);
    assertEquals(202, reply.status(), reply.body());
    return reply.json();
  }

  /** Polls until the recording is archived or failed; a stall says what the job queue held. */
  public static JsonObject settle(Http http, long id) {
    try {
      return await(http, id, r -> List.of("archived", "failed").contains(r.getString("status")), Duration.ofSeconds(90));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\njob table and unfinished recordings then:\n" + jobsNow(), e);
    }
  }

  /** Polls the recording until {@code condition} holds. */
  public static JsonObject await(Http http, long id, Predicate<JsonObject> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = http.get("/api/recordings/" + id).json();
      if (condition.test(last)) {
        return last;
      }
      Node.sleep(100);
    }
    throw new AssertionError("recording " + id + " never got there; last: " + last);
  }

  /** Polls the episode's capture until {@code condition} holds. */
  public static JsonObject awaitCapture(Http http, long episode, Predicate<JsonObject> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      Http.Reply reply = http.get("/api/episodes/" + episode + "/capture");
      last = reply.status() == 200 ? reply.json() : null;
      if (last != null && condition.test(last)) {
        return last;
      }
      Node.sleep(250);
    }
    throw new AssertionError("the capture of episode " + episode + " never got there; last: " + last);
  }

  /** ffprobe's list of the streams at {@code url} (codec_type and codec_name lines); it must read them. */
  public static String ffprobe(String url) throws Exception {
    Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name", "-of", "default=nw=1", url)
      .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  /** What the shared node's job queue held, so a stall says which job held the node's slot. */
  static String jobsNow() {
    StringBuilder out = new StringBuilder();
    try (Connection c = TestDb.jdbc(TestDb.url()); Statement st = c.createStatement()) {
      for (String sql : new String[] {
        "SELECT task_name, task_instance, picked, picked_by, last_heartbeat, execution_time FROM scheduled_tasks ORDER BY execution_time",
        "SELECT id, status, stage, percent, attempts, created_at FROM recordings WHERE status NOT IN ('archived', 'failed') ORDER BY id"}) {
        try (ResultSet rs = st.executeQuery(sql)) {
          int n = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= n; i++) {
              out.append(i > 1 ? " | " : "").append(rs.getString(i));
            }
            out.append('\n');
          }
        }
      }
    } catch (java.sql.SQLException e) {
      out.append("(could not read: ").append(e.getMessage()).append(')');
    }
    return out.toString();
  }
}
