package lianxin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An nginx-rtmp child on a free loopback port (the configuration of FACTS.md) that takes any publisher on application
 * {@code live}: a "platform" for relay tests, recording what it receives ({@code record all}) into {@link #records},
 * one FLV per publish; or, without recording, an ingest that players read from. Stopped with SIGTERM by
 * {@link #close}.
 */
public final class RtmpPlatform implements AutoCloseable {

  public final Path dir;
  public final Path records;
  public final int port;
  private final Process nginx;

  private RtmpPlatform(Path dir, int port, Process nginx) {
    this.dir = dir;
    this.records = dir.resolve("records");
    this.port = port;
    this.nginx = nginx;
  }

  /** A platform that records every publish. */
  public static RtmpPlatform start() {
    return start(true);
  }

  /** An ingest: it relays each publish to its players and keeps nothing. */
  public static RtmpPlatform ingest() {
    return start(false);
  }

  private static RtmpPlatform start(boolean record) {
    try {
      Path dir = Files.createTempDirectory("lianxin-platform");
      int port = Node.freePort();
      for (String d : List.of("conf", "logs", "temp", "records")) {
        Files.createDirectories(dir.resolve(d));
      }
      // nginx's worker runs as nobody when the tests run as root: it must reach and write the records.
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(dir.resolve("records"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.writeString(dir.resolve("conf/nginx.conf"), """
        load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
        worker_processes 1;
        pid %1$s/logs/nginx.pid;
        lock_file %1$s/logs/nginx.lock;
        error_log %1$s/logs/error.log;
        events { worker_connections 256; }
        rtmp {
          access_log %1$s/logs/rtmp_access.log;
          server {
            listen 127.0.0.1:%2$d;
            application live {
              live on;
              %3$s
            }
          }
        }
        http {
          access_log off;
          client_body_temp_path %1$s/temp/client;
          proxy_temp_path %1$s/temp/proxy;
          fastcgi_temp_path %1$s/temp/fastcgi;
          uwsgi_temp_path %1$s/temp/uwsgi;
          scgi_temp_path %1$s/temp/scgi;
        }
        """.formatted(dir, port, record ? "record all; record_path " + dir.resolve("records") + "; record_unique on;" : ""));
      Process p = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", "conf/nginx.conf", "-e", "logs/error.log",
        "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("logs/nginx.out").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!listening(port)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new AssertionError("the platform's nginx is not listening: " + read(dir.resolve("logs/nginx.out"))
            + read(dir.resolve("logs/error.log")));
        }
        Node.sleep(100);
      }
      return new RtmpPlatform(dir, port, p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** Where a relay pushes stream {@code name} to this platform. */
  public String pushUrl(String name) {
    return "rtmp://127.0.0.1:" + port + "/live/" + name;
  }

  /** Bytes recorded so far, over every publish. */
  public long recordedBytes() {
    try (Stream<Path> files = Files.list(records)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The recorded FLV files, oldest first. */
  public List<Path> recordings() {
    try (Stream<Path> files = Files.list(records)) {
      return files.filter(f -> f.toString().endsWith(".flv")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    nginx.destroy(); // SIGTERM: nginx-rtmp exits at once (FACTS.md)
    if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
      nginx.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
