package lianxin.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real server, {@code lianxin.Main}, in a JVM of its own, as {@code scripts/run} would start it. */
final class ServerProcess {

  final String base;
  final String javaOptions;
  private final Process process;
  private final Path log;

  private ServerProcess(Process process, String base, String javaOptions, Path log) {
    this.process = process;
    this.base = base;
    this.javaOptions = javaOptions;
    this.log = log;
  }

  /** Starts the server on a free loopback port against {@code databaseUrl}, without demo data; logs go to dir. */
  static ServerProcess start(String classpath, String javaOptions, String databaseUrl, Path dir) throws IOException {
    return start(classpath, javaOptions, databaseUrl, dir, java.util.Map.of());
  }

  /** As above, with more environment variables (a bench that signs in sets the first admin's password). */
  static ServerProcess start(String classpath, String javaOptions, String databaseUrl, Path dir,
      java.util.Map<String, String> env) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(javaOptions.trim().split("\\s+")));
    command.addAll(List.of("-cp", classpath, "lianxin.Main"));
    Path log = dir.resolve("server.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("DATABASE_URL", databaseUrl);
    builder.environment().put("PORT", String.valueOf(port));
    builder.environment().put("DEMO", "0");
    // Each process's own RTMP ingest on a free port: several run at once here.
    builder.environment().putIfAbsent("RTMP_PORT", "0");
    builder.environment().put("DATA_DIR", dir.resolve("data").toString());
    builder.environment().putAll(env);
    return new ServerProcess(builder.start(), "http://127.0.0.1:" + port, javaOptions, log);
  }

  /** A loopback port free now, for a process the bench is about to start. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  long pid() {
    return process.pid();
  }

  /** Waits up to three minutes (a loaded machine starts slowly) for {@code GET /api/health} to answer 200. */
  void awaitHealthy(HttpClient http) throws IOException, InterruptedException {
    awaitHealthy(http, Duration.ofSeconds(180));
  }

  /** Waits up to {@code limit} for {@code GET /api/health} to answer 200 (longer on a machine others load). */
  void awaitHealthy(HttpClient http, Duration limit) throws IOException, InterruptedException {
    HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/api/health")).timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited (" + process.exitValue() + "):\n" + Files.readString(log));
      }
      try {
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the server did not answer /api/health within " + limit.toSeconds() + " s:\n"
      + Files.readString(log));
  }

  /** CPU time the server's JVM has used so far (all its threads), in microseconds. */
  long cpuMicros() {
    return process.info().totalCpuDuration().map(d -> d.toNanos() / 1000).orElse(0L);
  }

  /** The most memory the server has held (VmHWM), e.g. "312 MB". */
  String peakRss() {
    String kb = Report.field(Path.of("/proc/" + process.pid() + "/status"), "VmHWM:");
    return kb == null ? "unknown" : Math.round(Long.parseLong(kb.replace("kB", "").trim()) / 1024.0) + " MB";
  }

  /** SIGTERM, as a service manager would stop it; killed if it has not ended within 20 s. */
  void stop() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
