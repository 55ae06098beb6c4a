package lianxin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import lianxin.support.Node;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.Test;

/** Start-up and shutdown of the real process, the way an operator meets them. */
@Slow
class StartupTest {

  @Test
  void portInUseEndsWithOneClearLine() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      // A database of its own: on the shared one it would make the first admin (with a password of its own) when it
      // runs before the shared test node, whose sign-ins would then fail.
      Node node = Node.start(Map.of("DATABASE_URL", TestDb.fresh("port_in_use"), "PORT", String.valueOf(taken.getLocalPort())));
      assertNotEquals(0, node.awaitExit(Duration.ofSeconds(60)));
      assertOneLine(node.output(), "port " + taken.getLocalPort() + " is already in use");
    }
  }

  @Test
  void unreachableDatabaseEndsWithOneClearLine() {
    Node node = Node.start(Map.of("DATABASE_URL", "postgresql://lianxin:secret@127.0.0.1:1/lianxin"));
    assertNotEquals(0, node.awaitExit(Duration.ofSeconds(60)));
    assertOneLine(node.output(), "database");
    assertFalse(node.output().contains("secret"), "the password is never printed");
  }

  @Test
  void malformedDatabaseUrlEndsWithOneClearLine() {
    Node node = Node.start(Map.of("DATABASE_URL", "mysql://root@localhost/lianxin"));
    assertNotEquals(0, node.awaitExit(Duration.ofSeconds(30)));
    assertOneLine(node.output(), "DATABASE_URL must look like postgresql://");
  }

  @Test
  void unwritableDataDirEndsWithOneClearLine() {
    // Even root cannot make a folder inside a regular file.
    Node node = Node.start(Map.of("DATA_DIR", "/etc/hostname/lianxin"));
    assertNotEquals(0, node.awaitExit(Duration.ofSeconds(30)));
    assertOneLine(node.output(), "DATA_DIR /etc/hostname/lianxin cannot be created");
  }

  @Test
  void embeddedDefaultServesTheDemoAndStopsCleanly() throws Exception {
    Path data = Files.createTempDirectory("lianxin-embedded");
    Node first = Node.start(Map.of("DATA_DIR", data.toString())).awaitHealthy(Duration.ofSeconds(90));
    JsonObject health = get(first, "/api/health");
    assertEquals("UTF8", health.getJsonObject("database").getString("encoding"));
    assertTrue(health.getJsonObject("database").getString("ctype").toUpperCase().contains("UTF"));
    JsonObject bridge = room(get(first, "/api/rooms").getJsonArray("items"), "党群连心桥民生直播间");
    assertEquals(114, bridge.getLong("episodeCount"));
    assertTrue(bridge.getLong("upcomingCount") > 0);
    JsonObject next = get(first, "/api/rooms/" + bridge.getLong("id") + "/upcoming?limit=1").getJsonArray("items").getJsonObject(0);
    assertEquals("第115期", next.getString("numberLabel"));
    room(get(first, "/api/rooms").getJsonArray("items"), "奔腾社区直播间");

    // The first start made an admin and printed its generated password once; it signs in.
    String line = first.output().lines().filter(l -> l.contains("created the first account")).findFirst()
      .orElseThrow(() -> new AssertionError("no bootstrap line in:\n" + first.output()));
    String password = line.replaceAll(".*password: (\\S+).*", "$1");
    HttpResponse<String> signIn = HttpClient.newHttpClient().send(
      HttpRequest.newBuilder(URI.create("http://localhost:" + first.port + "/api/session"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "admin").put("password", password).encode())).build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals(200, signIn.statusCode(), signIn.body());

    assertEquals(143, first.terminate(Duration.ofSeconds(30)), "SIGTERM ends the JVM through its shutdown hook");
    assertFalse(postgresRunningIn(data), "no orphan postgres after SIGTERM");

    // Kept between runs: the same rooms, the demo not loaded twice.
    Node second = Node.start(Map.of("DATA_DIR", data.toString())).awaitHealthy(Duration.ofSeconds(90));
    assertEquals(5, get(second, "/api/rooms").getJsonArray("items").size());
    assertFalse(second.output().contains("created the first account"), "the password is printed only once");
    // SIGKILL leaves postgres behind; the next start stops it and carries on.
    second.close();
    second.awaitExit(Duration.ofSeconds(10));
    Node third = Node.start(Map.of("DATA_DIR", data.toString())).awaitHealthy(Duration.ofSeconds(90));
    try {
      assertEquals(5, get(third, "/api/rooms").getJsonArray("items").size());
    } finally {
      third.terminate(Duration.ofSeconds(30));
    }
    assertFalse(postgresRunningIn(data));
  }

  private static JsonObject room(JsonArray rooms, String name) {
    return rooms.stream().map(JsonObject.class::cast).filter(r -> r.getString("name").equals(name)).findFirst()
      .orElseThrow(() -> new AssertionError("no demo room " + name + " in " + rooms));
  }

  private static JsonObject get(Node node, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
      HttpRequest.newBuilder(URI.create("http://localhost:" + node.port + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  private static boolean postgresRunningIn(Path data) throws IOException {
    return Files.list(Path.of("/proc")).filter(p -> p.getFileName().toString().matches("\\d+")).anyMatch(p -> {
      try {
        return new String(Files.readAllBytes(p.resolve("cmdline"))).contains(data.toString());
      } catch (IOException e) {
        return false;
      }
    });
  }

  /** The reason is one line saying what to fix, with no stack trace around it. */
  private static void assertOneLine(String output, String expected) {
    long lines = output.lines().filter(l -> l.startsWith("lianxin: cannot start:")).count();
    assertEquals(1, lines, output);
    assertTrue(output.lines().anyMatch(l -> l.startsWith("lianxin: cannot start:") && l.contains(expected)), output);
    assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
  }
}
