package lianxin.archive.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lianxin.http.Text;
import java.util.concurrent.TimeUnit;
import net.bramp.ffmpeg.FFmpeg;
import net.bramp.ffmpeg.FFprobe;
import net.bramp.ffmpeg.ProcessFunction;
import net.bramp.ffmpeg.builder.FFmpegBuilder;
import net.bramp.ffmpeg.probe.FFmpegProbeResult;
import net.bramp.ffmpeg.progress.ProgressListener;

/**
 * Runs FFmpeg and ffprobe through ffmpeg-cli-wrapper (the programs named in the configuration). Blocking:
 * only ever called from job threads, never from an event loop. FFmpeg's error output goes to a log file whose
 * tail becomes the reason a recording failed.
 */
public final class FfmpegRunner {

  /** Failures of the machine, not of the recording: worth a retry later. */
  private static final List<String> TRANSIENT = List.of("No space left on device", "Cannot allocate memory",
    "Resource temporarily unavailable", "Too many open files");

  /** Where the command running on this thread sends its error output (the wrapper runs it on the caller's thread). */
  private static final ThreadLocal<Path> LOG = new ThreadLocal<>();
  /** What the command running on this thread adds to its environment (an egress proxy), or null. */
  private static final ThreadLocal<Map<String, String>> ENV = new ThreadLocal<>();

  private final String ffmpegPath;
  private final String ffprobe;
  private volatile FFmpeg ffmpeg;

  public FfmpegRunner(String ffmpeg, String ffprobe) {
    this.ffmpegPath = ffmpeg;
    this.ffprobe = ffprobe;
  }

  /** Made once: the wrapper checks {@code ffmpeg -version} on construction, ~0.4 s here. */
  private FFmpeg ffmpeg() throws IOException {
    if (ffmpeg == null) {
      synchronized (this) {
        if (ffmpeg == null) {
          ffmpeg = new FFmpeg(ffmpegPath, args -> {
            ProcessBuilder builder = environment(new ProcessBuilder(args), ENV.get());
            Path log = LOG.get();
            return (log == null ? builder.redirectError(ProcessBuilder.Redirect.DISCARD) : builder.redirectError(log.toFile())).start();
          });
        }
      }
    }
    return ffmpeg;
  }

  /** For commands this code runs itself (capture: it must stop FFmpeg when the window closes). */
  public String ffmpegPath() {
    return ffmpegPath;
  }

  /** ffprobe's view of {@code src}; a file it cannot read is a permanent failure with its reason. */
  public FFmpegProbeResult probe(Path src, Path log) throws IOException {
    try {
      FFmpegProbeResult result = new FFprobe(ffprobe, logged(log)).probe(src.toString());
      if (result.getError() != null) {
        throw new PermanentFailure(unreadable(result.getError().string));
      }
      return result;
    } catch (IOException e) {
      // The wrapper reports only the exit status; ask ffprobe once more for the reason, in plain words.
      String why = reason(src);
      if (why.isEmpty() || TRANSIENT.stream().anyMatch(why::contains)) {
        throw new IOException("ffprobe failed: " + (why.isEmpty() ? e.getMessage() : why), e);
      }
      throw new PermanentFailure(unreadable(why));
    }
  }

  /** Runs one command; progress (when a listener is given) comes from FFmpeg's -progress output. */
  public void run(FFmpegBuilder command, Path log, ProgressListener progress) throws IOException {
    run(command, log, progress, null);
  }

  /** The same, {@code env} added to FFmpeg's environment (a job's egress proxy). */
  public void run(FFmpegBuilder command, Path log, ProgressListener progress, Map<String, String> env) throws IOException {
    LOG.set(log);
    ENV.set(env);
    try {
      FFmpeg runner = ffmpeg();
      if (progress == null) {
        runner.run(command);
      } else {
        runner.run(command, progress);
      }
    } catch (IOException | RuntimeException e) {
      String tail = tail(log);
      if (tail.isEmpty() || TRANSIENT.stream().anyMatch(tail::contains)) {
        throw new IOException("FFmpeg failed: " + (tail.isEmpty() ? e.getMessage() : tail), e);
      }
      throw new PermanentFailure("FFmpeg 无法处理这个录像：" + tail + "。", "FFmpeg could not process the recording: " + tail);
    } finally {
      LOG.remove();
      ENV.remove();
    }
  }

  /**
   * FFmpeg's environment: {@code env} added, and never a {@code no_proxy} inherited from the server's, which would
   * let FFmpeg past the egress proxy for the hosts it names.
   */
  public static ProcessBuilder environment(ProcessBuilder builder, Map<String, String> env) {
    builder.environment().keySet().removeIf(k -> k.equalsIgnoreCase("no_proxy") || k.equalsIgnoreCase("http_proxy"));
    if (env != null) {
      builder.environment().putAll(env);
    }
    return builder;
  }

  private static Text unreadable(String why) {
    return Text.of("文件不是可识别的音视频，或已损坏（" + why + "）。",
      "The file is not a readable audio or video recording, or it is damaged: " + why);
  }

  private String reason(Path src) {
    try {
      Process p = new ProcessBuilder(ffprobe, "-v", "error", "-i", src.toString())
        .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor(30, TimeUnit.SECONDS);
      return lastLine(out.replace(src.toString() + ": ", ""));
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      // The cause is usually a line or two above FFmpeg's closing complaint.
      List<String> lines = Files.readAllLines(log).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
      return lastLine(String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
    } catch (IOException e) {
      return "";
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.length() > 500 ? last.substring(last.length() - 500) : last;
  }

  /** FFmpeg's error output to {@code log}, its standard output (unused: outputs are files) to the wrapper. */
  private static ProcessFunction logged(Path log) {
    return args -> new ProcessBuilder(args).redirectError(log.toFile()).start();
  }
}
