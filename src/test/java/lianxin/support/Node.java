package lianxin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Lianxin as its own operating-system process, started the way scripts/run starts it. */
public final class Node implements AutoCloseable {

  private final Process process;
  private final Path log;
  public final int port;

  private Node(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts {@code lianxin.Main} with these environment variables (PORT is chosen unless given). */
  public static Node start(Map<String, String> env) {
    try {
      Path log = Files.createTempFile("lianxin-node", ".log");
      int port = env.containsKey("PORT") ? Integer.parseInt(env.get("PORT")) : freePort();
      ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), "lianxin.Main"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(k -> k.equals("DATABASE_URL") || k.equals("DEMO") || k.equals("DATA_DIR"));
      // Each node's own RTMP ingest on a free port unless a test names one: several nodes run at once here.
      builder.environment().put("RTMP_PORT", "0");
      builder.environment().putAll(env);
      builder.environment().put("PORT", String.valueOf(port));
      return new Node(builder.start(), log, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until {@code /api/health} answers 200; fails with the node's output if it never does. */
  public Node awaitHealthy(Duration timeout) {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("node exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/health")).build(),
          HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      sleep(100);
    }
    throw new AssertionError("node did not become healthy in " + timeout + ":\n" + output());
  }

  /** Waits for the process to end by itself; returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("node still running after " + timeout + ":\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGTERM, as a service manager stops it. */
  public int terminate(Duration timeout) {
    process.destroy();
    return awaitExit(timeout);
  }

  public long pid() {
    return process.pid();
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
