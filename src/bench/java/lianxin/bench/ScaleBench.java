package lianxin.bench;

import java.io.IOException;
import java.net.ServerSocket;
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
 * size, health at least 0.8 of its {@code /db}. Other work on the machine moves every figure; the ratios are taken
 * within one run, and the share of CPU others used is printed with them.
 */
public final class ScaleBench {

  private static final String DURATION = env("BENCH_DURATION", "10s");
  private static final String WARMUP = env("BENCH_WARMUP", "2s");
  private static final int WARMUP_ROUNDS = Integer.parseInt(env("BENCH_WARMUP_ROUNDS", "2"));
  private static final int THREADS = Integer.parseInt(env("BENCH_THREADS", "2"));
  private static final int CONNECTIONS = Integer.parseInt(env("BENCH_CONNECTIONS", "64"));
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  /** One measured line: what was asked of which server, and wrk's figures. */
  private record Line(String server, String what, String path, int bytes, Wrk.Result result, double otherWork) {
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
    int roomBytes = 0;
    int listBytes = 0;
    String nodeHeader = null;

    int[] instances = CORES == 1 ? new int[] {1} : new int[] {1, CORES};
    for (int n : instances) {
      ServerProcess server = ServerProcess.start(serverClasspath, env("BENCH_SERVER_OPTS", "-Xmx1g"), url, cleanup.dir,
        Map.of("HTTP_INSTANCES", String.valueOf(n)));
      cleanup.server = server;
      server.awaitHealthy(http);
      log("Lianxin with HTTP_INSTANCES=" + n + " on " + server.base);
      HttpResponse<byte[]> first = get(http, server.base + roomPage);
      roomBytes = first.body().length;
      nodeHeader = first.headers().firstValue("x-lianxin-node").orElse("(none)");
      listBytes = get(http, server.base + list).body().length;
      String name = "Lianxin, HTTP_INSTANCES=" + n;
      lines.add(measure(cleanup.wrk, postmaster, name, "cached room page", server.base, roomPage, roomBytes));
      lines.add(measure(cleanup.wrk, postmaster, name, "cached episode list", server.base, list, listBytes));
      lines.add(measure(cleanup.wrk, postmaster, name, "health (one query)", server.base, "/api/health", 0));
      server.stop();
      cleanup.server = null;
    }

    // The calibration server at the node's default number of instances, once per body size.
    for (int bytes : new int[] {roomBytes, listBytes}) {
      boolean withDb = bytes == roomBytes;
      try (CalibProcess calib = CalibProcess.start(cleanup.dir, bytes, CORES, url)) {
        String name = "calibration, " + CORES + " instance(s)";
        lines.add(measure(cleanup.wrk, postmaster, name, "`/cached`, " + bytes + " bytes", calib.base, "/cached", bytes));
        if (withDb) {
          lines.add(measure(cleanup.wrk, postmaster, name, "`/db` (one query)", calib.base, "/db", 0));
        }
      }
    }
    return report(lines, roomPage, list, roomBytes, listBytes, nodeHeader);
  }

  private static Line measure(Wrk wrk, long postmaster, String server, String what, String base, String path, int bytes)
      throws IOException, InterruptedException {
    log("wrk: " + server + ": " + what);
    for (int round = 1; round <= WARMUP_ROUNDS; round++) {
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
    return new Line(server, what, path, bytes, r, others);
  }

  private static String report(List<Line> lines, String roomPage, String list, int roomBytes, int listBytes,
      String nodeHeader) {
    StringBuilder md = new StringBuilder("### Every core in use (`scripts/bench scale`)\n\n");
    md.append("| server | read | req/s | p50 | p99 | errors | other work on the machine |\n|---|---|---:|---:|---:|---|---:|\n");
    for (Line l : lines) {
      Wrk.Result r = l.result();
      String errors = r.clean() ? "none" : r.non2xx() + " non-2xx" + (r.socketErrors() == null ? "" : "; " + r.socketErrors());
      md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f ms | %.2f ms | %s | %.0f%% |%n", l.server(), l.what(),
        r.requestsPerSecond(), r.p50(), r.p99(), errors, l.otherWork()));
    }
    double calibRoom = find(lines, "calibration", "`/cached`, " + roomBytes + " bytes");
    double calibList = find(lines, "calibration", "`/cached`, " + listBytes + " bytes");
    double calibDb = find(lines, "calibration", "`/db` (one query)");
    md.append("\n| ratio to the calibration (target ≥ ").append(Report.TARGET_RATIO).append(")");
    List<Integer> counts = lines.stream().filter(l -> l.server().startsWith("Lianxin"))
      .map(l -> Integer.parseInt(l.server().replaceAll("\\D+", ""))).distinct().toList();
    counts.forEach(n -> md.append(" | HTTP_INSTANCES=").append(n));
    md.append(" |\n|---").append("|---:".repeat(counts.size())).append("|\n");
    ratioRow(md, lines, counts, "cached room page ÷ `/cached` (same size)", "cached room page", calibRoom);
    ratioRow(md, lines, counts, "cached episode list ÷ `/cached` (same size)", "cached episode list", calibList);
    ratioRow(md, lines, counts, "health ÷ `/db`", "health (one query)", calibDb);
    md.append(String.format(Locale.ROOT, """

      Room page `%s` (%,d bytes), episode list `%s` (%,d bytes), both answered from the response cache; health asks
      PostgreSQL every time. wrk -t%d -c%d, %s per line after %d warm-up round(s) of %s; the calibration server ran
      with %d instance(s) (the node's default `HTTP_INSTANCES` here). A node names itself in `X-Lianxin-Node` (here
      `%s`). %s
      """, roomPage, roomBytes, list, listBytes, THREADS, CONNECTIONS, DURATION, WARMUP_ROUNDS, WARMUP, CORES,
      nodeHeader, Report.machine()));
    return md.toString();
  }

  private static void ratioRow(StringBuilder md, List<Line> lines, List<Integer> counts, String label, String what,
      double calib) {
    md.append("| ").append(label);
    for (int n : counts) {
      md.append(String.format(Locale.ROOT, " | %.2f", find(lines, "Lianxin, HTTP_INSTANCES=" + n, what) / calib));
    }
    md.append(" |\n");
  }

  private static double find(List<Line> lines, String server, String what) {
    return lines.stream().filter(l -> l.server().startsWith(server) && l.what().equals(what)).findFirst()
      .orElseThrow(() -> new IllegalStateException("no line " + server + " " + what)).result().requestsPerSecond();
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
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), Calib.class.getName(), String.valueOf(port), String.valueOf(bytes),
        String.valueOf(instances), pgUrl)
        .redirectErrorStream(true).redirectOutput(dir.resolve("calib.log").toFile()).start();
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
      throw new IllegalStateException("the calibration server did not answer:\n" + Files.readString(dir.resolve("calib.log")));
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
