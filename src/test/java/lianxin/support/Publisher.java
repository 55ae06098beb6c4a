package lianxin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** FFmpeg publishing a test pattern with a tone over RTMP, as OBS would (H.264 with 2-s keyframes, AAC). */
public final class Publisher implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final Path progress;

  private Publisher(Process process, Path log, Path progress) {
    this.process = process;
    this.log = log;
    this.progress = progress;
  }

  /** Publishes to {@code url} (the server address and the stream key) for {@code seconds}, in real time. */
  public static Publisher start(String url, int seconds) {
    return start(url, seconds, 50);
  }

  /** The same with a keyframe every {@code gop} frames (25 per second), as an encoder's keyframe setting does. */
  public static Publisher start(String url, int seconds, int gop) {
    try {
      Path log = Files.createTempFile("lianxin-publisher", ".log");
      Path progress = Files.createTempFile("lianxin-publisher", ".progress");
      Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-progress", progress.toString(),
        "-stats_period", "0.5", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", String.valueOf(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
        "-g", String.valueOf(gop), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-f", "flv", url)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new Publisher(p, log, progress);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for FFmpeg to end by itself; its exit code. */
  public int awaitExit(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("the publisher still runs after " + seconds + " s: " + output());
    }
    return process.exitValue();
  }

  /**
   * Seconds of stream sent so far, from FFmpeg's progress reports (every half second, so up to 0.5 s short for a
   * publisher that was killed); 0 before the first report.
   */
  public double publishedSeconds() {
    try {
      List<String> lines = Files.readAllLines(progress);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith("out_time_us=") && !lines.get(i).endsWith("N/A")) {
          return Long.parseLong(lines.get(i).substring("out_time_us=".length())) / 1e6;
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: the encoder crashed or the network dropped, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
