package lianxin.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/bench scale}: Lianxin's cached reads and health next to the calibration server ({@link Calib}: a bare
 * Vert.x 5 server answering ready bytes of the same size, and one trivial query), in one run on one machine, with the
 * node at {@code HTTP_INSTANCES=1} and at its default (one per core). Prints (and writes) a Markdown table whose
 * ratios are the targets: cached reads at least 0.8 of the calibration's {@code /cached} for the same body
 * size, health at least 0.8 of its {@code /db}. Other work on the machine moves every figure by more than the
 * targets' margin, so at the default the calibration servers and the node run side by side and each read is measured
 * in pairs, the calibration and the node back to back (their order alternating), over several rounds; the ratio is
 * each pair's, and the report gives their median and range, with the share of CPU others used.
 */
public final class ScaleBench {

  private static final String DURATION = env("BENCH_DURATION", "10s");
  private static final String WARMUP = env("BENCH_WARMUP", "2s");
  private static final int WARMUP_ROUNDS = Integer.parseInt(env("BENCH_WARMUP_ROUNDS", "2"));
  private static final int THREADS = Integer.parseInt(env("BENCH_THREADS", "2"));
  private static final int CONNECTIONS = Integer.parseInt(env("BENCH_CONNECTIONS", "64"));
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final int ROUNDS = Integer.parseInt(env("BENCH_SCALE_ROUNDS", "3"));

  /** One measured line: what was asked of which server (in which round of pairs; 0: alone), and wrk's figures. */
  private record Line(String server, int round, String what, Wrk.Result result, double otherWork) {
  }

  private ScaleBench() {
  }

  public static void main(String[] args) throws Exception {
    ScheduleBench.drive(args, "target/bench-scale.md", THREADS, CONNECTIONS, ScaleBench::run);
  }

  private static String run(String serverClasspath, Cleanup cleanup) throws Exception {
    String url = ScheduleBench.startDatabase(cleanup);
    long room;
    try (Connection db = cleanup.pg.getPostgresDatabase().getConnection()) {
      log("seeding: " + BenchData.seed(db));
      room = BenchData.middleRoom(db);
    }
    long postmaster = Long.parseLong(Files.readAllLines(cleanup.dir.resolve("pg/postmaster.pid")).get(0).trim());
    YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai"));
    String roomPage = "/api/rooms/" + room + "/upcoming";
    String list = "/api/episodes?roomId=" + room + "&from=" + month.atDay(1) + "&to=" + month.atEndOfMonth();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<Line> lines = new ArrayList<>();

    // One instance: each read once, against the calibration's median below (what the default gains is the point).
    if (CORES > 1) {
      ServerProcess one = startNode(serverClasspath, url, cleanup, http, 1);
      String name = "Lianxin, HTTP_INSTANCES=1";
      lines.add(measure(cleanup.wrk, postmaster, name, 0, "cached room page", one.base, roomPage));
      lines.add(measure(cleanup.wrk, postmaster, name, 0, "cached episode list", one.base, list));
      lines.add(measure(cleanup.wrk, postmaster, name, 0, "health (one query)", one.base, "/api/health"));
      one.stop();
      cleanup.server = null;
    }

    // The default: the node and the calibration servers (one per body size) side by side, measured in pairs.
    ServerProcess node = startNode(serverClasspath, url, cleanup, http, CORES);
    HttpResponse<byte[]> first = get(http, node.base + roomPage);
    int roomBytes = first.body().length;
    String nodeHeader = first.headers().firstValue("x-lianxin-node").orElse("(none)");
    int listBytes = get(http, node.base + list).body().length;
    String name = "Lianxin, HTTP_INSTANCES=" + CORES;
    String calibName = "calibration, " + CORES + " instance(s)";
    try (CalibProcess calibRoom = CalibProcess.start(cleanup.dir, roomBytes, CORES, url);
         CalibProcess calibList = CalibProcess.start(cleanup.dir, listBytes, CORES, url)) {
      List<String[]> pairs = List.of(
        new String[] {"cached room page", roomPage, calibRoom.base, "/cached", "`/cached`, " + roomBytes + " bytes"},
        new String[] {"cached episode list", list, calibList.base, "/cached", "`/cached`, " + listBytes + " bytes"},
        new String[] {"health (one query)", "/api/health", calibRoom.base, "/db", "`/db` (one query)"});
      for (int round = 1; round <= ROUNDS; round++) {
        for (String[] pair : pairs) {
          Line calib = null;
          Line ours = null;
          for (boolean calibFirst : new boolean[] {round % 2 == 1, round % 2 == 0}) {
            if (calibFirst) {
              calib = measure(cleanup.wrk, postmaster, calibName, round, pair[4], pair[2], pair[3]);
            } else {
              ours = measure(cleanup.wrk, postmaster, name, round, pair[0], node.base, pair[1]);
            }
          }
          lines.add(calib);
          lines.add(ours);
        }
      }
    }
    node.stop();
    cleanup.server = null;
    return report(lines, roomPage, list, roomBytes, listBytes, nodeHeader);
  }

  private static ServerProcess startNode(String serverClasspath, String url, Cleanup cleanup, HttpClient http, int n)
      throws IOException, InterruptedException {
    ServerProcess server = ServerProcess.start(serverClasspath, env("BENCH_SERVER_OPTS", "-Xmx1g"), url, cleanup.dir,
      Map.of("HTTP_INSTANCES", String.valueOf(n)));
    cleanup.server = server;
    server.awaitHealthy(http);
    log("Lianxin with HTTP_INSTANCES=" + n + " on " + server.base);
    return server;
  }

  private static Line measure(Wrk wrk, long postmaster, String server, int round, String what, String base, String path)
      throws IOException, InterruptedException {
    log("wrk: " + server + (round > 0 ? ", round " + round : "") + ": " + what);
    for (int warm = 1; warm <= WARMUP_ROUNDS; warm++) {
      wrk.run(base + path, null, null, WARMUP);
    }
    Report.Cpu before = Report.Cpu.now(postmaster);
    Wrk.Result r = wrk.run(base + path, null, null, DURATION);
    double others = Report.Cpu.now(postmaster).othersSince(before);
    log(String.format(Locale.ROOT, "  %,.0f req/s, p50 %.2f ms, p99 %.2f ms, other work %.0f%%", r.requestsPerSecond(),
      r.p50(), r.p99(), others));
    if (!r.clean()) {
      // Kept and shown: on a loaded machine wrk's 5 s timeout is what fails first, and the other lines still count.
      log("  not clean: " + r.non2xx() + " non-2xx answers, socket errors " + r.socketErrors());
    }
    return new Line(server, round, what, r, others);
  }

  private static String report(List<Line> lines, String roomPage, String list, int roomBytes, int listBytes,
      String nodeHeader) {
    StringBuilder md = new StringBuilder("### Every core in use (`scripts/bench scale`)\n\n");
    md.append("| server | round | read | req/s | p50 | p99 | errors | other work on the machine |\n")
      .append("|---|---:|---|---:|---:|---:|---|---:|\n");
    for (Line l : lines) {
      Wrk.Result r = l.result();
      String errors = r.clean() ? "none" : r.non2xx() + " non-2xx" + (r.socketErrors() == null ? "" : "; " + r.socketErrors());
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %.2f ms | %.2f ms | %s | %.0f%% |%n", l.server(),
        l.round() == 0 ? "" : String.valueOf(l.round()), l.what(), r.requestsPerSecond(), r.p50(), r.p99(), errors,
        l.otherWork()));
    }
    md.append("\n| ratio to the calibration (target ≥ ").append(Report.TARGET_RATIO).append(")");
    if (CORES > 1) {
      md.append(" | HTTP_INSTANCES=1 (÷ the calibration's median)");
    }
    md.append(" | HTTP_INSTANCES=").append(CORES).append(": median of ").append(ROUNDS).append(" pairs | range |\n|---")
      .append("|---:".repeat(CORES > 1 ? 3 : 2)).append("|\n");
    ratioRow(md, lines, "cached room page ÷ `/cached` (same size)", "cached room page", "`/cached`, " + roomBytes + " bytes");
    ratioRow(md, lines, "cached episode list ÷ `/cached` (same size)", "cached episode list", "`/cached`, " + listBytes + " bytes");
    ratioRow(md, lines, "health ÷ `/db`", "health (one query)", "`/db` (one query)");
    md.append(String.format(Locale.ROOT, """

      Room page `%s` (%,d bytes), episode list `%s` (%,d bytes), both answered from the response cache; health asks
      PostgreSQL every time. wrk -t%d -c%d, %s per line after %d warm-up round(s) of %s. At the default the node and
      two calibration servers (%d instance(s) each, one per body size) ran side by side, and each round measured every
      read as a pair, the calibration and the node back to back, the calibration first in odd rounds. A node names
      itself in `X-Lianxin-Node` (here `%s`). %s
      """, roomPage, roomBytes, list, listBytes, THREADS, CONNECTIONS, DURATION, WARMUP_ROUNDS, WARMUP, CORES,
      nodeHeader, Report.machine()));
    return md.toString();
  }

  /** One read's ratios: at one instance against the calibration's median; at the default, pair by pair. */
  private static void ratioRow(StringBuilder md, List<Line> lines, String label, String what, String calibWhat) {
    List<Double> calib = rates(lines, "calibration", calibWhat);
    List<Double> ours = rates(lines, "Lianxin, HTTP_INSTANCES=" + CORES, what);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(calib.size(), ours.size()); i++) {
      ratios.add(ours.get(i) / calib.get(i));
    }
    md.append("| ").append(label);
    if (CORES > 1) {
      md.append(String.format(Locale.ROOT, " | %.2f", rates(lines, "Lianxin, HTTP_INSTANCES=1", what).get(0) / median(calib)));
    }
    md.append(String.format(Locale.ROOT, " | **%.2f** | %.2f–%.2f |%n", median(ratios),
      ratios.stream().mapToDouble(d -> d).min().orElse(0), ratios.stream().mapToDouble(d -> d).max().orElse(0)));
  }

  /** req/s of every line of {@code server} reading {@code what}, in round order. */
  private static List<Double> rates(List<Line> lines, String server, String what) {
    List<Double> rates = lines.stream().filter(l -> l.server().startsWith(server) && l.what().equals(what))
      .map(l -> l.result().requestsPerSecond()).toList();
    if (rates.isEmpty()) {
      throw new IllegalStateException("no line " + server + " " + what);
    }
    return rates;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static HttpResponse<byte[]> get(HttpClient http, String uri) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered " + r.statusCode());
    }
    return r;
  }

  /** The calibration server in a JVM of its own, on the bench's classpath. */
  private record CalibProcess(Process process, String base) implements AutoCloseable {

    static CalibProcess start(Path dir, int bytes, int instances, String pgUrl) throws IOException, InterruptedException {
      int port = ServerProcess.freePort();
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Calib.class.getName(), String.valueOf(port), String.valueOf(bytes),
        String.valueOf(instances), pgUrl)
        .redirectErrorStream(true).redirectOutput(dir.resolve("calib-" + bytes + ".log").toFile()).start();
      CalibProcess calib = new CalibProcess(p, "http://127.0.0.1:" + port);
      HttpClient http = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && p.isAlive()) {
        try {
          if (http.send(HttpRequest.newBuilder(URI.create(calib.base + "/db")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return calib;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(200);
      }
      calib.close();
      throw new IllegalStateException("the calibration server did not answer:\n" + Files.readString(dir.resolve("calib-" + bytes + ".log")));
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void log(String line) {
    ScheduleBench.log(line);
  }
}
