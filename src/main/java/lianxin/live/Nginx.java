package lianxin.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import lianxin.StartupException;

/**
 * This node's nginx-rtmp, a child process with its own prefix and generated configuration. It only takes publishers
 * in and asks Lianxin (on_publish) whether to; readers are this node's own FFmpeg processes on loopback. Never
 * reloaded (a reload while live strands the stream on the old worker); stopped with SIGTERM.
 */
final class Nginx {

  private static final Logger LOG = Logger.getLogger(Nginx.class.getName());
  static final String MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so";
  /** The RTMP application publishers use: {@code rtmp://host:port/live/<stream key>}. */
  static final String APP = "live";

  /**
   * nginx runs under a small shell that stops it when this JVM is gone (a killed node must not leave an nginx
   * holding the port and taking publishers nobody records) and when the shell itself is told to stop (SIGTERM).
   * Arguments: this JVM's pid, then nginx's command line.
   */
  private static final String WATCHDOG = """
      trap 'kill -TERM $n 2>/dev/null; wait $n; exit 0' TERM INT
      jvm=$1; shift
      "$@" & n=$!
      while kill -0 "$jvm" 2>/dev/null && kill -0 $n 2>/dev/null; do sleep 1; done
      kill -TERM $n 2>/dev/null
      wait $n""";

  private final Process process;
  private final Path prefix;
  final int port;

  private Nginx(Process process, Path prefix, int port) {
    this.process = process;
    this.prefix = prefix;
    this.port = port;
  }

  /**
   * Blocking: writes the configuration under {@code dataDir/nginx/<port>}, stops an nginx a killed run left there,
   * starts nginx and waits until it accepts connections. Fails with one clear line.
   */
  static Nginx start(Path dataDir, int wantedPort, int httpPort, String secret) {
    String program = program();
    if (program == null || !Files.isRegularFile(Path.of(MODULE))) {
      throw new StartupException("live ingest needs nginx with the RTMP module (Debian: apt-get install nginx "
        + "libnginx-mod-rtmp; scripts/run installs it as root), or RTMP_EXTERNAL to use another server");
    }
    int port = wantedPort == 0 ? freePort() : wantedPort;
    Path prefix = dataDir.resolve("nginx").resolve(String.valueOf(port)).toAbsolutePath();
    try {
      for (String dir : List.of("conf", "logs", "temp")) {
        Files.createDirectories(prefix.resolve(dir));
      }
      stopLeftover(prefix);
      Files.writeString(prefix.resolve("conf/nginx.conf"), NginxConf.render(prefix, port, httpPort, secret));
      Process p = new ProcessBuilder("sh", "-c", WATCHDOG, "nginx-watchdog", String.valueOf(ProcessHandle.current().pid()),
        program, "-p", prefix + "/", "-c", "conf/nginx.conf", "-e", "logs/error.log", "-g", "daemon off;")
        .redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        if (!p.isAlive()) {
          String log = tail(prefix.resolve("logs/error.log")) + tail(prefix.resolve("logs/stdout.log"));
          if (log.contains("Address already in use")) {
            throw new StartupException("RTMP_PORT " + port + " is already in use; stop the other program or set RTMP_PORT");
          }
          throw new StartupException("nginx (RTMP ingest) did not start: " + log.strip());
        }
        if (accepts(port)) {
          LOG.info("RTMP ingest: nginx (under watchdog " + p.pid() + ") on port " + port);
          return new Nginx(p, prefix, port);
        }
        Thread.sleep(50);
      }
      p.destroyForcibly();
      throw new StartupException("nginx (RTMP ingest) did not open port " + port + " within 10 s");
    } catch (IOException e) {
      throw new StartupException("cannot prepare nginx (RTMP ingest) in " + prefix + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while starting nginx", e);
    }
  }

  /** Blocking: SIGTERM (it exits in a fraction of a second even with publishers connected), then SIGKILL. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** An nginx that a killed node left running on this prefix (its pid file names it) would hold the port. */
  private static void stopLeftover(Path prefix) throws IOException, InterruptedException {
    Path pidFile = prefix.resolve("logs/nginx.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    Optional<ProcessHandle> old;
    try {
      old = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (NumberFormatException e) {
      return;
    }
    if (old.isPresent() && old.get().info().commandLine().orElse("").contains(prefix.toString())) {
      LOG.info("stopping nginx " + old.get().pid() + " left running on " + prefix);
      old.get().destroy();
      try {
        old.get().onExit().get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        old.get().destroyForcibly();
      }
    }
  }

  private static String program() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new StartupException("no free port for RTMP ingest: " + e.getMessage(), e);
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.isRegularFile(log) ? Files.readString(log) : "";
      return text.length() > 600 ? text.substring(text.length() - 600) : text;
    } catch (IOException e) {
      return "";
    }
  }
}
