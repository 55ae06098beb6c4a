package lianxin.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Runs Debian's wrk against the loopback server and reads its summary. */
final class Wrk {

  /** One run's figures; latencies in milliseconds. */
  record Result(double requestsPerSecond, double p50, double p99, long requests, long non2xx, String socketErrors) {

    boolean clean() {
      return non2xx == 0 && socketErrors == null;
    }
  }

  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET = Pattern.compile("Socket errors: (.*)");

  private final int threads;
  private final int connections;
  private volatile Process running;

  Wrk(int threads, int connections) {
    this.threads = threads;
    this.connections = connections;
  }

  /**
   * {@code script} may be null (plain GET of {@code url}); with a script, the script picks the paths.
   * {@code header} ("Name: value") is sent with every request when not null.
   */
  Result run(String url, Path script, String header, String duration) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration,
      "--timeout", "5s", "--latency"));
    if (header != null) {
      command.addAll(List.of("-H", header));
    }
    if (script != null) {
      command.addAll(List.of("-s", script.toString()));
    }
    command.add(url);
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    running = wrk;
    try {
      String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!wrk.waitFor(30, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
        throw new IllegalStateException("wrk failed on " + url + ":\n" + out);
      }
      return parse(out);
    } finally {
      wrk.destroy();
      running = null;
    }
  }

  /** Stops a run in progress (from the shutdown hook). */
  void stop() {
    Process wrk = running;
    if (wrk != null) {
      wrk.destroy();
    }
  }

  static Result parse(String out) {
    Matcher socket = SOCKET.matcher(out);
    Matcher non2xx = NON_2XX.matcher(out);
    return new Result(
      Double.parseDouble(find(RPS, out)),
      percentile(out, "50%"),
      percentile(out, "99%"),
      Long.parseLong(find(TOTAL, out)),
      non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
      socket.find() ? socket.group(1).trim() : null);
  }

  /** A line of the --latency distribution, e.g. {@code "     99%    3.21ms"}, in milliseconds. */
  private static double percentile(String out, String label) {
    Matcher m = Pattern.compile("^\\s+" + label + "\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE).matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + label + " latency in wrk's output:\n" + out);
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }

  private static String find(Pattern pattern, String out) {
    Matcher m = pattern.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("unexpected wrk output (" + pattern + "):\n" + out);
    }
    return m.group(1);
  }

  /** A request of a script: its path, a header ("Name: value") or null, and whether its URI is made unique. */
  record Target(String path, String header, boolean unique) {

    String lua() {
      String headers = header == null ? "nil"
        : "{[\"" + header.substring(0, header.indexOf(':')) + "\"] = \"" + header.substring(header.indexOf(':') + 1).trim() + "\"}";
      return "  {\"" + path + "\", " + headers + ", " + unique + "}";
    }
  }

  /**
   * A Lua script that cycles through {@code targets}, each wrk thread from its own starting point. Unique targets
   * get a parameter the server ignores, {@code &bench=<salt>-<thread>-<n>}, so no two requests share a cache entry.
   */
  static Path script(Path dir, String name, List<Target> targets, String salt) throws IOException {
    String list = targets.stream()
      .map(Target::lua)
      .collect(Collectors.joining(",\n"));
    String lua = """
      local targets = {
      %s
      }
      local threads = 0
      function setup(thread)
        threads = threads + 1
        thread:set("first", threads * 37)
      end
      local n = 0
      request = function()
        n = n + 1
        local t = targets[(first + n) %% #targets + 1]
        local path = t[1]
        if t[3] then
          path = path .. "&bench=%s-" .. first .. "-" .. n
        end
        return wrk.format("GET", path, t[2])
      end
      """.formatted(list, salt);
    Path file = dir.resolve(name + ".lua");
    Files.writeString(file, lua);
    return file;
  }
}
