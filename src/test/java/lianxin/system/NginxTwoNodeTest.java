package lianxin.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Debian's nginx, configured by the very file docs/operations.md gives ({@code docs/nginx/lianxin.conf}), in front of
 * two nodes on one PostgreSQL and one MEDIA_DIR: both nodes answer; a resumable upload whose chunks go through both
 * archives once; a node killed with SIGKILL under steady load costs at most the requests in flight (fewer than 1% of
 * the requests in the 10 s after the kill fail), and the archive job it was running finishes on the other node.
 */
@ExtendWith(VertxExtension.class)
@Slow
class NginxTwoNodeTest {

  static final String PASSWORD = "nginx-admin-password";
  static final String NGINX = "/usr/sbin/nginx";
  static final Path CONF = Path.of("docs/nginx/lianxin.conf");
  static final String HEADER = "x-lianxin-node";

  static Node a;
  static Node b;
  static Process nginx;

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.destroy();
    }
    for (Node n : new Node[] {a, b}) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void nginxBalancesTwoNodesAndASigkillCostsOnlyTheRequestsInFlight(Vertx vertx) throws Exception {
    String url = TestDb.fresh("nginx_nodes");
    Path media = Clips.tempDir("lianxin-nginx-media");
    Map<String, String> env = Map.of("DATABASE_URL", url, "DEMO", "0", "MEDIA_DIR", media.toString(),
      "LIANXIN_ADMIN_PASSWORD", PASSWORD, "TRANSCODES", "1");
    a = Node.start(with(env, "DATA_DIR", Clips.tempDir("lianxin-nginx-a").toString())).awaitHealthy(Duration.ofSeconds(150));
    b = Node.start(with(env, "DATA_DIR", Clips.tempDir("lianxin-nginx-b").toString())).awaitHealthy(Duration.ofSeconds(150));
    int port = startNginx(List.of(a.port, b.port));
    Http http = Http.admin(vertx, port, PASSWORD);
    Seed seed = new Seed(http);
    long room = seed.room();

    // Both nodes answer, each naming itself.
    Set<String> nodes = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      Http.Reply health = http.get("/api/health");
      assertEquals(200, health.status(), health.body());
      nodes.add(health.headers().get(HEADER));
    }
    assertEquals(Set.of(a.pid() + "@" + host(a, vertx), b.pid() + "@" + host(b, vertx)), nodes);

    resumableUploadThroughBothNodesArchivesOnce(http, seed, room, url);
    killUnderLoadCostsOnlyTheRequestsInFlight(http, seed, room, url, port);
  }

  private void resumableUploadThroughBothNodesArchivesOnce(Http http, Seed seed, long room, String url) throws Exception {
    long episode = seed.episode(room, "经过负载均衡的续传", "2031-06-01T10:00:00+08:00", "2031-06-01T11:00:00+08:00").getLong("id");
    byte[] file = Files.readAllBytes(Clips.video(Clips.tempDir("lianxin-nginx-clip"), "chunks.mp4", 4, 640, 360));
    Http.Reply opened = http.post("/api/episodes/" + episode + "/uploads", new JsonObject().put("size", file.length));
    assertEquals(201, opened.status(), opened.body());
    String upload = opened.json().getString("uploadId");
    Set<String> chunkNodes = new HashSet<>();
    int chunk = file.length / 4 + 1;
    Http.Reply last = null;
    for (int from = 0; from < file.length; from += chunk) {
      int to = Math.min(file.length, from + chunk);
      last = http.bytesWith(HttpMethod.PUT, "/api/uploads/" + upload, Buffer.buffer(Arrays.copyOfRange(file, from, to)),
        "application/octet-stream", "content-range", "bytes " + from + "-" + (to - 1) + "/" + file.length);
      assertEquals(to == file.length ? 202 : 200, last.status(), last.body());
      chunkNodes.add(last.headers().get(HEADER));
    }
    assertEquals(2, chunkNodes.size(), "the chunks went through " + chunkNodes);
    long id = last.json().getLong("id");
    JsonObject archived = Recordings.await(http, id, r -> List.of("archived", "failed").contains(r.getString("status")),
      Duration.ofSeconds(120));
    assertEquals("archived", archived.getString("status"), archived.encode());
    try (Connection c = TestDb.jdbc(url)) {
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM recordings WHERE episode_id = " + episode));
      assertEquals("1", TestDb.one(c, "SELECT attempts FROM recordings WHERE id = " + id));
    }
  }

  private void killUnderLoadCostsOnlyTheRequestsInFlight(Http http, Seed seed, long room, String url, int port)
      throws Exception {
    // A job that encodes for a while (MPEG-4 Part 2 cannot be copied), so the kill lands inside it.
    Path clip = Clips.tempDir("lianxin-nginx-legacy").resolve("legacy.mp4");
    Clips.ffmpeg("-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=30", "-f", "lavfi", "-i", "sine=duration=30",
      "-c:v", "mpeg4", "-q:v", "6", "-c:a", "aac", clip.toString());
    long episode = seed.episode(room, "节点被杀", "2031-07-01T10:00:00+08:00", "2031-07-01T11:00:00+08:00").getLong("id");
    Http.Reply accepted = http.bytes(HttpMethod.POST, "/api/episodes/" + episode + "/recordings",
      Buffer.buffer(Files.readAllBytes(clip)), "video/mp4");
    assertEquals(202, accepted.status(), accepted.body());
    long id = accepted.json().getLong("id");
    Recordings.await(http, id, r -> "package".equals(r.getString("stage")), Duration.ofSeconds(60));
    String owner;
    try (Connection c = TestDb.jdbc(url)) {
      owner = TestDb.one(c, "SELECT picked_by FROM scheduled_tasks WHERE task_instance = '" + id + "'");
    }
    Node victim = owner.startsWith(a.pid() + "@") ? a : b;

    Load load = new Load(port, List.of("/api/health", "/api/rooms/" + room + "/upcoming", "/api/episodes/" + episode));
    load.start(6);
    Node.sleep(2000);
    List<ProcessHandle> children = ProcessHandle.of(victim.pid()).orElseThrow().descendants().toList();
    long killedAt = System.nanoTime();
    victim.close(); // SIGKILL, and its FFmpeg with it: the machine is gone
    children.forEach(ProcessHandle::destroyForcibly);
    Node.sleep(10_000);
    load.stop();

    long after = killedAt + Duration.ofSeconds(10).toNanos();
    long sent = load.results.stream().filter(r -> r.at >= killedAt && r.at < after).count();
    long failed = load.results.stream().filter(r -> r.at >= killedAt && r.at < after && !r.ok).count();
    long before = load.results.stream().filter(r -> r.at < killedAt && !r.ok).count();
    System.out.printf("nginx two-node kill: %d of %d requests failed in the 10 s after the SIGKILL (%.3f%%); %d failed before%n",
      failed, sent, 100.0 * failed / Math.max(1, sent), before);
    assertEquals(0, before, "failures before the kill");
    assertTrue(sent > 100, "only " + sent + " requests in 10 s");
    assertTrue(failed * 100 < sent, failed + " of " + sent + " requests failed after the kill");

    // The dead node's job is revived by the survivor and finishes there: one recording, a second attempt.
    JsonObject done = Recordings.await(http, id, r -> !List.of("queued", "processing").contains(r.getString("status")),
      Duration.ofSeconds(300));
    assertEquals("archived", done.getString("status"), done.encode());
    try (Connection c = TestDb.jdbc(url)) {
      assertEquals("1", TestDb.one(c, "SELECT count(*) FROM recordings WHERE episode_id = " + episode));
      assertEquals("2", TestDb.one(c, "SELECT attempts FROM recordings WHERE id = " + id));
    }
    assertEquals(200, http.get(done.getJsonObject("media").getString("master")).status());
  }

  /** The docs' configuration with this test's nodes and port, inside the smallest main file that runs it as a child. */
  static int startNginx(List<Integer> nodes) throws IOException {
    Path dir = Clips.tempDir("lianxin-nginx");
    Files.createDirectories(dir.resolve("conf"));
    Files.createDirectories(dir.resolve("temp"));
    int port = Node.freePort();
    String site = Files.readString(CONF);
    List<String> servers = new ArrayList<>();
    nodes.forEach(p -> servers.add("server 127.0.0.1:" + p + " "));
    String[] documented = site.split("server 10\\.0\\.0\\.\\d+:8080 ", -1);
    assertEquals(nodes.size() + 1, documented.length, "the docs' upstream should list " + nodes.size() + " example nodes");
    StringBuilder ours = new StringBuilder(documented[0]);
    for (int i = 0; i < nodes.size(); i++) {
      ours.append(servers.get(i)).append(documented[i + 1]);
    }
    assertTrue(ours.toString().contains("listen 80;"), "the docs' server block should listen on 80");
    Files.writeString(dir.resolve("conf/lianxin.conf"), ours.toString().replace("listen 80;", "listen 127.0.0.1:" + port + ";"));
    String temp = dir.resolve("temp").toString();
    // Debian's /etc/nginx/nginx.conf plays this part in production; as root, workers run as root to reach these folders.
    Files.writeString(dir.resolve("conf/nginx.conf"), """
      user root;
      worker_processes 1;
      pid %1$s/nginx.pid;
      lock_file %1$s/nginx.lock;
      events { worker_connections 1024; }
      http {
        access_log %1$s/access.log;
        client_body_temp_path %2$s/body;
        proxy_temp_path %2$s/proxy;
        fastcgi_temp_path %2$s/fastcgi;
        uwsgi_temp_path %2$s/uwsgi;
        scgi_temp_path %2$s/scgi;
        include lianxin.conf;
      }
      """.formatted(dir, temp));
    nginx = new ProcessBuilder(NGINX, "-p", dir.toString(), "-c", "conf/nginx.conf", "-e", dir.resolve("error.log").toString(),
      "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < 100; i++) {
      if (!nginx.isAlive()) {
        throw new AssertionError("nginx exited: " + Files.readString(dir.resolve("nginx.out")) + Files.readString(dir.resolve("error.log")));
      }
      try {
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health")).build(),
          HttpResponse.BodyHandlers.discarding());
        return port;
      } catch (IOException notYet) {
        Node.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("nginx did not listen on " + port);
  }

  /** The host part a node puts after its pid in X-Lianxin-Node (its JVM's name, pid@host). */
  private static String host(Node node, Vertx vertx) {
    Http direct = Http.anonymous(vertx, node.port);
    String name = direct.get("/api/health").headers().get(HEADER);
    assertTrue(name.startsWith(node.pid() + "@"), name);
    return name.substring(name.indexOf('@') + 1);
  }

  private static Map<String, String> with(Map<String, String> env, String key, String value) {
    Map<String, String> out = new java.util.HashMap<>(env);
    out.put(key, value);
    return out;
  }

  /** Clients reading through nginx without pause, each request's moment and outcome kept. */
  static final class Load {

    record Result(long at, boolean ok) {
    }

    final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final List<String> paths;

    Load(int port, List<String> paths) {
      this.port = port;
      this.paths = paths;
    }

    void start(int clients) {
      for (int i = 0; i < clients; i++) {
        int first = i;
        Thread t = new Thread(() -> {
          for (int n = first; running.get(); n++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + paths.get(n % paths.size())))
              .timeout(Duration.ofSeconds(5)).build();
            long at = System.nanoTime();
            boolean ok;
            try {
              ok = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
              ok = false;
            } catch (InterruptedException e) {
              return;
            }
            results.add(new Result(at, ok));
          }
        }, "nginx-load-" + i);
        t.start();
        threads.add(t);
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(10));
      }
    }
  }
}
