package lianxin.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lianxin.support.Node;
import lianxin.support.RtmpPlatform;

/**
 * What a relay test streams through, all on loopback and all stopped by {@link #close}: an nginx-rtmp child as the
 * ingest ({@link RtmpPlatform#ingest}), a publisher sending a test pattern with sound to it as OBS would,
 * "platforms" (FFmpeg in RTMP listen mode writing what it receives to a file), a port nothing listens on, and a
 * listener that accepts connections and then never reads.
 */
final class RtmpRig implements AutoCloseable {

  final Path dir;
  private final RtmpPlatform ingest;
  private final List<Process> processes = new ArrayList<>();
  private final List<ServerSocket> sockets = new ArrayList<>();
  private final List<Socket> held = new ArrayList<>();

  RtmpRig() throws IOException {
    dir = Files.createTempDirectory("lianxin-relay");
    Files.createDirectories(dir.resolve("logs"));
    ingest = RtmpPlatform.ingest();
  }

  /** The ingest's URL of stream {@code name}. */
  String ingest(String name) {
    return ingest.pushUrl(name);
  }

  /** A test pattern with a 440 Hz tone, encoded as it plays (720p would only cost CPU here), published to the ingest. */
  void publish(String name) {
    start("publisher", List.of("ffmpeg", "-nostdin", "-v", "error", "-re",
      "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
      "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "50", "-pix_fmt", "yuv420p",
      "-c:a", "aac", "-b:a", "64k", "-f", "flv", ingest(name)));
  }

  /** Whether the ingest plays stream {@code name} (ffprobe finds its video). */
  boolean live(String name) {
    try {
      Process p = new ProcessBuilder("ffprobe", "-v", "error", "-rw_timeout", "3000000", "-show_entries", "stream=codec_name",
        "-of", "csv=p=0", ingest(name)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return out.contains("h264");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A platform: FFmpeg waiting for one RTMP publisher on a free port, writing what it gets to {@code file}. */
  int platform(Path file) {
    int port = Node.freePort();
    start("platform", List.of("ffmpeg", "-nostdin", "-v", "error", "-listen", "1",
      "-i", "rtmp://127.0.0.1:" + port + "/live/x", "-c", "copy", "-y", file.toString()));
    return port;
  }

  /** A port nothing listens on. */
  int closedPort() {
    return Node.freePort();
  }

  /** A server that accepts every connection and never reads from it (nor answers the RTMP handshake). */
  int stalled() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    sockets.add(server);
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          synchronized (held) {
            held.add(s);
          }
        } catch (IOException closed) {
          return;
        }
      }
    }, "stalled-platform");
    t.setDaemon(true);
    t.start();
    return server.getLocalPort();
  }

  private Process start(String name, List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("logs/" + name + "-" + processes.size() + ".log").toFile()).start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The platforms' FFmpeg processes end by themselves when the relay closes the stream; waits for that. */
  boolean platformsEnded(long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (Process p : processes) {
      if (p.info().commandLine().orElse("").contains("-listen")) {
        if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    for (ServerSocket s : sockets) {
      s.close();
    }
    synchronized (held) {
      for (Socket s : held) {
        s.close();
      }
    }
    try {
      ingest.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
