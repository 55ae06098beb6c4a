package lianxin.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import lianxin.db.Databases;
import lianxin.db.Migrations;

/**
 * {@code scripts/bench schedule}: seeds 100,000 episodes into a fresh embedded PostgreSQL, starts the real server
 * as its own process and measures the schedule's hot reads with wrk. Prints (and writes) a Markdown table.
 * System property {@code bench.serverClasspath}: the server's runtime classpath; argument: the Markdown file.
 */
public final class ScheduleBench {

  /**
   * A table row: wrk asks for {@code path}, or cycles through {@code paths}; {@code unique} makes every URI new
   * (no cache hits); {@code header} ("Name: value") goes with every request; {@code cached} rows are held to the target.
   */
  record Row(String label, String path, List<String> paths, boolean unique, String header, boolean cached) {

    List<Wrk.Target> targets() {
      return (path != null ? List.of(path) : paths).stream().map(p -> new Wrk.Target(p, header, unique)).toList();
    }

    /** A single cached path needs no script; wrk then sends one request over and over, its cheapest way. */
    boolean scripted() {
      return path == null || unique;
    }
  }

  private static final String DURATION = env("BENCH_DURATION", "10s");
  private static final String WARMUP = env("BENCH_WARMUP", "2s");
  private static final int WARMUP_ROUNDS_ALL = Integer.parseInt(env("BENCH_WARMUP_ROUNDS_ALL", "10"));
  private static final int WARMUP_ROUNDS = Integer.parseInt(env("BENCH_WARMUP_ROUNDS", "2"));
  private static final int THREADS = Integer.parseInt(env("BENCH_THREADS", "2"));
  private static final int CONNECTIONS = Integer.parseInt(env("BENCH_CONNECTIONS", "64"));
  private static final String GZIP = "Accept-Encoding: gzip";
  private static final String SIGNED_IN = "Authorization: Bearer " + BenchData.TOKEN;
  private static final long STARTED = System.nanoTime();

  private ScheduleBench() {
  }

  public static void main(String[] args) throws Exception {
    drive(args, "target/bench-schedule.md", THREADS, CONNECTIONS, ScheduleBench::run);
  }

  /** One bench against a server process: what it measures, given the server's classpath and the run's cleanup. */
  interface Body {
    String run(String serverClasspath, Cleanup cleanup) throws Exception;
  }

  /** Runs a bench body, prints its Markdown report and writes it to args[0] (or defaultOut); exits 1 on failure. */
  static void drive(String[] args, String defaultOut, int threads, int connections, Body body) throws Exception {
    String serverClasspath = System.getProperty("bench.serverClasspath");
    if (serverClasspath == null) {
      throw new IllegalArgumentException("set -Dbench.serverClasspath to the server's runtime classpath");
    }
    Path out = Path.of(args.length > 0 ? args[0] : defaultOut).toAbsolutePath();
    Cleanup cleanup = new Cleanup(Files.createTempDirectory("lianxin-bench-"), new Wrk(threads, connections));
    Runtime.getRuntime().addShutdownHook(new Thread(cleanup::run, "bench-cleanup"));
    int status = 0;
    try {
      String report = body.run(serverClasspath, cleanup);
      System.out.println();
      System.out.println(report);
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
      log("written to " + out);
    } catch (Exception e) {
      System.err.println("bench: failed: " + e.getMessage());
      e.printStackTrace();
      status = 1;
    } finally {
      cleanup.run();
    }
    System.exit(status);
  }

  /**
   * A fresh embedded PostgreSQL in the bench's folder, set up as the server's embedded default (UTF-8, 512 MB of
   * shared buffers) and migrated; returns its URL.
   */
  static String startDatabase(Cleanup cleanup) throws Exception {
    log("starting embedded PostgreSQL in " + cleanup.dir);
    cleanup.pg = EmbeddedPostgres.builder()
      .setDataDirectory(cleanup.dir.resolve("pg"))
      .setCleanDataDirectory(true)
      .setLocaleConfig("encoding", "UTF8")
      .setLocaleConfig("locale", "C.UTF-8")
      .setServerConfig("listen_addresses", "localhost")
      .setServerConfig("max_connections", "100")
      .setServerConfig("shared_buffers", "512MB")
      .start();
    String url = "postgresql://postgres:postgres@localhost:" + cleanup.pg.getPort() + "/postgres";
    Migrations.apply(Databases.options(url));
    return url;
  }

  private static String run(String serverClasspath, Cleanup cleanup) throws Exception {
    String url = startDatabase(cleanup);
    EmbeddedPostgres pg = cleanup.pg;

    long seedStart = System.nanoTime();
    String seeded;
    long room;
    List<Long> rooms;
    String pgVersion;
    try (Connection db = pg.getPostgresDatabase().getConnection()) {
      seeded = BenchData.seed(db);
      room = BenchData.middleRoom(db);
      rooms = BenchData.spreadRooms(db, 200);
      pgVersion = BenchData.one(db, "SHOW server_version");
    }
    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
    log(String.format(Locale.ROOT, "seeded %s in %.1f s", seeded, seedSeconds));

    long postmaster = Long.parseLong(Files.readAllLines(cleanup.dir.resolve("pg/postmaster.pid")).get(0).trim());
    ServerProcess server = ServerProcess.start(serverClasspath, env("BENCH_SERVER_OPTS", "-Xmx1g"), url, cleanup.dir);
    cleanup.server = server;
    log("started the server on " + server.base);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    server.awaitHealthy(http);

    List<Row> rows = rows(room, rooms, YearMonth.now(ZoneId.of("Asia/Shanghai")));
    Set<String> sizes = new LinkedHashSet<>();
    for (Row row : rows) {
      sizes.add(check(http, server.base, row));
    }
    // The JIT needs a while on a small machine: first every row at once, then each row on its own until it settles.
    log("warm-up: every row mixed");
    Report.Cpu cpuStart = Report.Cpu.now(postmaster);
    List<Wrk.Target> all = rows.stream().map(row -> row.targets().get(0)).toList();
    warmUp(cleanup.wrk, server, server.base + "/", null, salt -> Wrk.script(cleanup.dir, "all", all, salt), 3,
      WARMUP_ROUNDS_ALL);
    // Health, the baseline, goes last: by then the rows that use the database have warmed its code paths too.
    Wrk.Result[] results = new Wrk.Result[rows.size()];
    Long[] cpu = new Long[rows.size()];
    for (int i : IntStream.range(0, rows.size()).map(i -> (i + 1) % rows.size()).toArray()) {
      Row row = rows.get(i);
      log("wrk: " + row.label());
      String target = server.base + (row.path() == null ? "/" : row.path());
      warmUp(cleanup.wrk, server, target, row.header(), salt -> script(cleanup.dir, row, salt), 1, WARMUP_ROUNDS);
      long cpuBefore = server.cpuMicros();
      Report.Cpu machineBefore = Report.Cpu.now(postmaster);
      results[i] = cleanup.wrk.run(target, script(cleanup.dir, row, "run"), row.header(), DURATION);
      cpu[i] = (server.cpuMicros() - cpuBefore) / Math.max(1, results[i].requests());
      log(String.format(Locale.ROOT, "  %,.0f req/s, p50 %.2f ms, p99 %.2f ms, server CPU %d µs/request, other work %.0f%%",
        results[i].requestsPerSecond(), results[i].p50(), results[i].p99(), cpu[i],
        Report.Cpu.now(postmaster).othersSince(machineBefore)));
    }
    double otherWork = Report.Cpu.now(postmaster).othersSince(cpuStart);
    String peakRss = server.peakRss();
    return Report.markdown(rows, List.of(results), List.of(cpu), new Report.Context(seeded, seedSeconds, pgVersion, DURATION,
      "warm-up in " + WARMUP + " rounds until the server's CPU time per request stops falling: every row mixed "
        + "(at most " + WARMUP_ROUNDS_ALL + " rounds), then each row (at most " + WARMUP_ROUNDS + ")",
      THREADS, CONNECTIONS, server.javaOptions, peakRss, Report.machine(), List.copyOf(sizes), otherWork));
  }

  /** Makes the wrk script of a round (null: none needed); the salt keeps unique URIs apart between rounds. */
  private interface Script {
    Path make(String salt) throws IOException;
  }

  /** Warm-up rounds until the server's CPU time per request no longer falls by a tenth (the JIT has settled). */
  private static void warmUp(Wrk wrk, ServerProcess server, String target, String header, Script script, int least,
      int most) throws IOException, InterruptedException {
    long previous = Long.MAX_VALUE;
    for (int round = 1; round <= most; round++) {
      long before = server.cpuMicros();
      long requests = wrk.run(target, script.make("warm" + round), header, WARMUP).requests();
      long perRequest = (server.cpuMicros() - before) / Math.max(1, requests);
      log(String.format(Locale.ROOT, "  warm-up round %d: server CPU %d µs/request", round, perRequest));
      if (round >= least && perRequest > previous * 0.9) {
        return;
      }
      previous = perRequest;
    }
  }

  /** What is measured: one fixed room for the cached figures, then a spread of rooms. */
  static List<Row> rows(long room, List<Long> rooms, YearMonth month) {
    String months = "&from=" + month.atDay(1) + "&to=" + month.atEndOfMonth();
    String upcoming = "/api/rooms/" + room + "/upcoming";
    String list = "/api/episodes?roomId=" + room + months;
    String feed = "/api/rooms/" + room + "/calendar.ics";
    List<String> spread = rooms.stream().map(id -> "/api/episodes?roomId=" + id + months).toList();
    String listLabel = "`GET /api/episodes?roomId={id}&from=" + month.atDay(1) + "&to=" + month.atEndOfMonth() + "`";
    return List.of(
      new Row("health (baseline) `GET /api/health`", "/api/health", null, false, null, false),
      new Row("room's upcoming episodes `GET /api/rooms/{id}/upcoming`", upcoming, null, false, null, true),
      new Row("episode list, room + month " + listLabel, list, null, false, null, true),
      new Row("calendar feed `GET /api/rooms/{id}/calendar.ics`", feed, null, false, null, true),
      new Row("room's upcoming episodes, `Accept-Encoding: gzip` (as browsers send)", upcoming, null, false, GZIP, true),
      new Row("calendar feed, `Accept-Encoding: gzip` (as calendar apps send)", feed, null, false, GZIP, true),
      new Row("room's upcoming episodes, signed in (`Authorization: Bearer …`)", upcoming, null, false, SIGNED_IN, true),
      new Row("episode list, 200 different rooms (cached after each room's first request)", null, spread, false, null, true),
      new Row("episode list, 200 rooms, every URI new (all cache misses, for contrast)", null, spread, true, null, false));
  }

  /** Asks once outside wrk: the row must answer 200; returns the path and the size of what came back. */
  private static String check(HttpClient http, String base, Row row) throws IOException, InterruptedException {
    String path = row.path() != null ? row.path() : row.paths().get(0);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (row.header() != null) {
      int colon = row.header().indexOf(':');
      request.header(row.header().substring(0, colon), row.header().substring(colon + 1).trim());
    }
    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + new String(response.body()));
    }
    String encoding = response.headers().firstValue("content-encoding").orElse("");
    return String.format(Locale.ROOT, "`%s`%s %.1f KB", path.replaceAll("roomId=\\d+", "roomId={id}"),
      encoding.isEmpty() ? "" : " (" + encoding + ")", response.body().length / 1024.0);
  }

  private static Path script(Path dir, Row row, String phase) throws IOException {
    return row.scripted() ? Wrk.script(dir, "row-" + phase, row.targets(), phase) : null;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  static void log(String line) {
    System.out.printf(Locale.ROOT, "bench: %5.1f s %s%n", (System.nanoTime() - STARTED) / 1e9, line);
  }
}
