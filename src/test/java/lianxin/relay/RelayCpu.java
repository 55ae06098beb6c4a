package lianxin.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Measures for the relay tests: CPU and memory of this JVM's relay processes, and what a received file holds. */
final class RelayCpu {

  private RelayCpu() {
  }

  /** {@code ps -o pid,%cpu,rss} of every relay FFmpeg this JVM started (they alone read progress to stdout). */
  static String sample() throws IOException, InterruptedException {
    List<String> pids = ProcessHandle.current().descendants()
      .filter(p -> p.info().commandLine().orElse("").contains("-progress pipe:1"))
      .map(p -> String.valueOf(p.pid())).toList();
    if (pids.isEmpty()) {
      return "no relay process";
    }
    List<String> command = new ArrayList<>(List.of("ps", "-o", "pid=,%cpu=,rss=", "-p", String.join(",", pids)));
    return run(command).strip().replaceAll("\\s*\\n\\s*", "; ");
  }

  static String ffprobe(Path file) throws IOException, InterruptedException {
    return run(List.of("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file.toString()));
  }

  static double seconds(Path file) throws IOException, InterruptedException {
    String out = run(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file.toString())).strip();
    return out.isEmpty() || out.equals("N/A") ? 0 : Double.parseDouble(out);
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }
}
