package lianxin.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import lianxin.StartupException;
import lianxin.db.JobDatabase;
import lianxin.support.TestServer;
import org.junit.jupiter.api.Test;

/** HTTP_INSTANCES: its bounds, and a node with several HTTP verticles answering on one port, naming itself. */
class HttpInstancesTest {

  @Test
  void defaultIsOnePerCoreAndBadValuesSaySo() {
    assertEquals(Math.min(64, Runtime.getRuntime().availableProcessors()), NodeConfig.fromEnv(Map.of()).httpInstances());
    assertEquals(3, NodeConfig.fromEnv(Map.of("HTTP_INSTANCES", " 3 ")).httpInstances());
    for (String bad : List.of("0", "65", "many")) {
      StartupException e = assertThrows(StartupException.class, () -> NodeConfig.fromEnv(Map.of("HTTP_INSTANCES", bad)));
      assertEquals("HTTP_INSTANCES must be a number from 1 to 64, got '" + bad + "'", e.getMessage());
    }
  }

  @Test
  void everyConnectionOnTheOnePortIsAnsweredAndNamesTheNode() {
    // Separate clients, so separate connections, which Vert.x spreads over the node's HTTP verticles.
    int port = TestServer.port();
    List<CompletableFuture<HttpResponse<String>>> replies = IntStream.range(0, 16)
      .mapToObj(i -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/health")).build(),
          HttpResponse.BodyHandlers.ofString()))
      .toList();
    Set<String> nodes = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> reply : replies) {
      HttpResponse<String> r = reply.join();
      assertEquals(200, r.statusCode(), r.body());
      nodes.add(r.headers().firstValue("x-lianxin-node").orElse("(none)"));
    }
    assertEquals(Set.of(JobDatabase.node()), nodes);
    assertTrue(JobDatabase.node().startsWith(ProcessHandle.current().pid() + "@"));
  }
}
