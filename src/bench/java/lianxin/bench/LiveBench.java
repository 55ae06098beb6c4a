package lianxin.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lianxin.bench.ResidentBench.Api;

/**
 * {@code scripts/bench live}: one live room on a real node (its own nginx-rtmp, FFmpeg publishing 720p at 2.5 Mbps
 * as OBS would, three FFmpeg "platforms" in RTMP listen mode) and, in the same run, a reference FFmpeg copying the
 * same stream to a fourth platform. Measures: publish → first playable live playlist; CPU (share of one core) and
 * resident memory of each process the room runs (relays, live HLS with its 360p transcode, recording, nginx) over a
 * steady window; the delay from a frame leaving the publisher to its segment being listed in the live playlist;
 * glass to glass, read by a phone in Chromium from the clock the publisher burns into its picture ({@link Clock});
 * and how many rooms a node carries with copies only (relays and recording, no transcode).
 */
final class LiveBench {

  static final int PLATFORMS = 3;
  static final int WINDOW_SECONDS = Integer.parseInt(env("BENCH_LIVE_WINDOW", "20"));
  /** A second in CPU ticks, as /proc counts them. */
  static final double TICKS = 100;
  static final String PASSWORD = "bench-" + Long.toHexString(System.nanoTime());
  /** The publisher's picture turns red from this second of its stream on: the mark whose way to residents is timed. */
  static final int MARK_SECONDS = 50;

  private LiveBench() {
  }

  public static void main(String[] args) throws Exception {
    Path report = Path.of(args.length > 0 ? args[0] : "target/bench-live.md");
    Path dir = Files.createTempDirectory("lianxin-bench-live");
    Cleanup cleanup = new Cleanup(dir, new Wrk(1, 1));
    List<Process> helpers = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      helpers.forEach(Process::destroyForcibly);
      cleanup.run();
    }));
    try {
      String url = ScheduleBench.startDatabase(cleanup);
      cleanup.server = ServerProcess.start(System.getProperty("bench.serverClasspath"), env("BENCH_SERVER_OPTS", "-Xmx1g"),
        url, dir, Map.of("LIANXIN_ADMIN_PASSWORD", PASSWORD, "PULL_ALLOW", "127.0.0.1", "LIVE_GRACE", "10s"));
      // HTTP/1.1, as players poll live playlists (the JDK client would otherwise upgrade to h2c).
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      cleanup.server.awaitHealthy(http, java.time.Duration.ofSeconds(300));
      String base = cleanup.server.base;
      ScheduleBench.log("started the server on " + base);

      String token = Api.json(http, "POST", base + "/api/session", null,
        "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}", 200).get("token").getAsString();
      long org = Api.json(http, "POST", base + "/api/orgs", token, "{\"name\":\"新城区\",\"kind\":\"district\"}", 201).get("id").getAsLong();
      long room = Api.json(http, "POST", base + "/api/rooms", token, "{\"name\":\"党群连心桥\",\"orgId\":" + org
        + ",\"timezone\":\"Asia/Shanghai\"}", 201).get("id").getAsLong();
      OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
      long episode = Api.json(http, "POST", base + "/api/rooms/" + room + "/episodes", token, "{\"title\":\"直播测试\","
        + "\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plusHours(1) + "\",\"confirmRenumber\":true}", 201).get("id").getAsLong();

      // The platforms: FFmpeg listening for RTMP, taking what comes and throwing it away.
      List<Integer> ports = new ArrayList<>();
      StringBuilder targets = new StringBuilder("[");
      String[] names = {"douyin", "wechat-channels", "kuaishou"};
      for (int i = 0; i <= PLATFORMS; i++) {
        int port = ServerProcess.freePort();
        ports.add(port);
        helpers.add(process(dir, "platform-" + i, "ffmpeg", "-nostdin", "-v", "error", "-listen", "1", "-i",
          "rtmp://127.0.0.1:" + port + "/live/s", "-c", "copy", "-f", "null", "-"));
        if (i < PLATFORMS) {
          targets.append(i == 0 ? "" : ",").append("{\"platform\":\"").append(names[i]).append("\",\"pushUrl\":\"rtmp://127.0.0.1:")
            .append(port).append("/live/s-0123456789abcdef\",\"enabled\":true}");
        }
      }
      Api.json(http, "PUT", base + "/api/rooms/" + room + "/relays", token, targets.append("]").toString(), 200);
      JsonObject ingest = Api.json(http, "GET", base + "/api/rooms/" + room + "/ingest", token, null, 200);
      String publish = ingest.get("url").getAsString().replace("localhost", "127.0.0.1") + "/" + ingest.get("streamKey").getAsString();

      // OBS: 720p at 25 fps, 2.5 Mbps, a keyframe every 2 s, AAC 128 kbps, in real time, with the burned-in clock.
      long published = System.nanoTime();
      Process publisher = new ProcessBuilder(Clock.publisher(publish, MARK_SECONDS))
        .redirectError(dir.resolve("publisher.log").toFile()).start();
      helpers.add(publisher);
      Clock clock = Clock.follow(publisher, MARK_SECONDS);
      String master = base + "/media/live/" + episode + "/master.m3u8";
      String src = base + "/media/live/" + episode + "/src/index.m3u8";
      while (!get(http, master).contains("#EXT-X-STREAM-INF") || !get(http, src).contains("#EXTINF")) {
        if (System.nanoTime() - published > 60_000_000_000L) {
          throw new IllegalStateException("no live playlist within 60 s; see " + dir.resolve("data"));
        }
        Thread.sleep(100);
      }
      double firstPlaylist = (System.nanoTime() - published) / 1e9;
      ScheduleBench.log(String.format(Locale.ROOT, "publish → first playable playlist: %.1f s", firstPlaylist));
      // A slow first playlist has been a live HLS run that ended and was retried: its errors say why.
      try (var logs = Files.walk(dir.resolve("data"))) {
        for (Path log : logs.filter(f -> f.endsWith("ffmpeg.log") && f.toString().contains("live")).toList()) {
          String said = Files.readString(log).strip();
          if (!said.isEmpty()) {
            ScheduleBench.log("the live HLS's FFmpeg said: " + said);
          }
        }
      }

      // The reference: one FFmpeg copying the same stream from the ingest to the fourth platform.
      String ingestPlay = "rtmp://127.0.0.1:" + URI.create(ingest.get("url").getAsString()).getPort() + "/live/"
        + ingest.get("streamKey").getAsString();
      Process reference = process(dir, "reference", "ffmpeg", "-nostdin", "-v", "error", "-i", ingestPlay, "-c", "copy",
        "-f", "flv", "rtmp://127.0.0.1:" + ports.get(PLATFORMS) + "/live/s");
      helpers.add(reference);

      Thread.sleep(15_000);
      String relays = getWith(http, base + "/api/episodes/" + episode + "/relays", token);
      ScheduleBench.log("relays: " + relays);
      Map<String, List<ProcessHandle>> kinds = classify(ProcessHandle.of(cleanup.server.pid()).orElseThrow(), ports);
      kinds.put("reference FFmpeg copy (same stream, outside Lianxin)", List.of(reference.toHandle()));
      Map<String, double[]> before = sample(kinds);
      Thread.sleep(WINDOW_SECONDS * 1000L);
      Map<String, double[]> after = sample(kinds);

      // The edge: from the publisher sending the first red frame to a segment with it listed in the live playlist.
      long listed = markListed(http, src, published, clock);
      double edge = (listed - clock.markSent()) / 1e9;

      // What a resident sees: the episode page on a phone, its frames' burned-in clock read as they are shown; once
      // as Chromium estimates its link here, once estimating a good phone link (10 Mbps).
      Clock.Seen seen = Clock.watch(base + "/episodes/" + episode, clock, null);
      ScheduleBench.log("glass to glass, the link as Chromium estimates it: " + seen);
      Clock.Seen good = Clock.watch(base + "/episodes/" + episode, clock, Clock.GOOD_LINK);
      ScheduleBench.log("glass to glass, a phone estimating 10 Mbps: " + good);

      String md = report(kinds, before, after, firstPlaylist, edge, seen, good, clock.publisherLag(), relays);
      System.out.println(md);
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(report, md);
      ScheduleBench.log("wrote " + report);
    } finally {
      helpers.forEach(Process::destroyForcibly);
      cleanup.run();
    }
  }

  /** The room's processes under the server, by what they do (their command lines say). */
  static Map<String, List<ProcessHandle>> classify(ProcessHandle server, List<Integer> platformPorts) {
    Map<String, List<ProcessHandle>> kinds = new LinkedHashMap<>();
    server.descendants().forEach(p -> {
      String cmd = p.info().commandLine().orElse("");
      String kind;
      if (cmd.contains("nginx")) {
        kind = "nginx-rtmp (ingest)";
      } else if (platformPorts.stream().anyMatch(port -> cmd.contains(":" + port + "/"))) {
        kind = "relays (3 FFmpeg copies, one per platform)";
      } else if (cmd.contains("master.m3u8")) {
        kind = "live HLS (copy + 360p transcode + audio)";
      } else if (cmd.contains("-f segment") || cmd.contains("segment")) {
        kind = "recording (copy into 10 s segments)";
      } else {
        return;
      }
      kinds.computeIfAbsent(kind, k -> new ArrayList<>()).add(p);
    });
    return kinds;
  }

  /** Per kind: CPU ticks so far (user + system) and resident memory in KiB, summed over its processes. */
  static Map<String, double[]> sample(Map<String, List<ProcessHandle>> kinds) throws IOException {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (var e : kinds.entrySet()) {
      double ticks = 0;
      double rss = 0;
      for (ProcessHandle p : e.getValue()) {
        Path proc = Path.of("/proc/" + p.pid());
        if (!Files.exists(proc)) {
          continue;
        }
        String stat = Files.readString(proc.resolve("stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        String kb = Report.field(proc.resolve("status"), "VmRSS:");
        rss += kb == null ? 0 : Double.parseDouble(kb.replaceAll("[^0-9]", ""));
      }
      out.put(e.getKey(), new double[] {ticks, rss});
    }
    return out;
  }

  static String report(Map<String, List<ProcessHandle>> kinds, Map<String, double[]> before, Map<String, double[]> after,
                       double firstPlaylist, double edge, Clock.Seen seen, Clock.Seen good,
                       double publisherLag, String relays) {
    StringBuilder md = new StringBuilder("### One live room (`scripts/bench live`)\n\n");
    md.append("| process | count | CPU (share of one core) | memory (RSS) |\n|---|---:|---:|---:|\n");
    double copies = 0;
    double room = 0;
    double memory = 0;
    for (String kind : kinds.keySet()) {
      double cpu = (after.get(kind)[0] - before.get(kind)[0]) / TICKS / WINDOW_SECONDS;
      double mb = after.get(kind)[1] / 1024;
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.0f MiB |\n", kind, kinds.get(kind).size(), cpu * 100, mb));
      if (!kind.startsWith("reference")) {
        room += cpu;
        memory += mb;
        if (kind.startsWith("relays") || kind.startsWith("recording")) {
          copies += cpu;
        }
      }
    }
    double perRelay = kinds.containsKey("relays (3 FFmpeg copies, one per platform)")
      ? (after.get("relays (3 FFmpeg copies, one per platform)")[0] - before.get("relays (3 FFmpeg copies, one per platform)")[0])
        / TICKS / WINDOW_SECONDS / kinds.get("relays (3 FFmpeg copies, one per platform)").size() : Double.NaN;
    String ref = kinds.keySet().stream().filter(k -> k.startsWith("reference")).findFirst().orElseThrow();
    double reference = (after.get(ref)[0] - before.get(ref)[0]) / TICKS / WINDOW_SECONDS;
    int cores = Runtime.getRuntime().availableProcessors();
    md.append(String.format(Locale.ROOT, """

      | figure | measured | the spike |
      |---|---:|---:|
      | one relay copy ÷ the reference FFmpeg copy (same run) | %.1f%% ÷ %.1f%% = %.2f | ~1.5%% of a core per copy |
      | the room, everything (relays, live HLS with 360p, recording, nginx) | %.1f%% of a core, %.0f MiB | 360p rendition ~20%% |
      | the room with copies only (3 relays + recording) | %.1f%% of a core | |
      | rooms one %d-core node carries with copies only (70%% of its CPU) | %d | |
      | publish → first playable live playlist | %.1f s | 3.4 s |
      | a frame leaves the publisher → its segment is listed (the live edge) | %.1f s | |
      | glass to glass: a frame leaves the publisher → a phone shows it, the link as Chromium estimates it (median; %s; %s) | %.1f s | ~7 s |
      | glass to glass, a phone estimating a good link (10 Mbps) (median; %s; %s) | %.1f s | ~7 s |

      """, perRelay * 100, reference * 100, perRelay / reference, room * 100, memory, copies * 100, cores,
      (int) Math.floor(cores * 0.7 / Math.max(copies, 0.001)), firstPlaylist, edge, seen.range(), seen.player(), seen.median(), good.range(), good.player(), good.median()));
    md.append("Measured over ").append(WINDOW_SECONDS).append(" s after 15 s of streaming; CPU from /proc (user + system) of"
      + " each process under the server and of the reference. The edge: the publisher's picture turns red at second "
      + MARK_SECONDS + " of its stream; from when its `-progress` says it has sent that far to when a segment of the"
      + " source rendition with a red frame is listed in the live playlist (polled every 100 ms, each new segment decoded)."
      + " Glass to glass: the publisher burns each frame's number into its picture (" + Clock.CELL + " px cells); frame n"
      + " is taken at the stream's start (from its `-progress`) plus n ÷ " + Clock.FPS + " s; a phone (390x844, link not"
      + " throttled) plays the episode page and reads the number of every frame it shows for " + Clock.WATCH_SECONDS
      + String.format(Locale.ROOT, " s (`requestVideoFrameCallback`, canvas). The publisher fell behind real time by at"
      + " most %.2f s in this run (it catches up: `-re` reads what it owes at once).", publisherLag)
      + " Relay states at the start of the window: `")
      .append(relays.length() > 400 ? relays.substring(0, 400) + "…" : relays).append("`.\n");
    return md.toString();
  }

  /**
   * When a segment of the source rendition holding the red mark is first listed (polled every 100 ms). The segments
   * listed before the publisher sent the mark are skipped undecoded: decoding them one by one took seconds, and the
   * mark's segment was then found late.
   */
  static long markListed(HttpClient http, String playlist, long published, Clock clock) throws Exception {
    java.util.Set<String> seen = new java.util.HashSet<>(segmentsOf(get(http, playlist)));
    if (clock.markSent() != 0) {
      throw new IllegalStateException("the publisher sent the red mark before the edge was watched: raise MARK_SECONDS");
    }
    while (System.nanoTime() - published < (MARK_SECONDS + 60) * 1_000_000_000L) {
      long now = System.nanoTime();
      for (String segment : segmentsOf(get(http, playlist))) {
        if (seen.add(segment) && red(playlist.substring(0, playlist.lastIndexOf('/') + 1) + segment)) {
          return now;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the red mark never reached the live playlist");
  }

  /** The segments a live playlist lists; none while it is missing or caught half written (FFmpeg rewrites it in place). */
  static List<String> segmentsOf(String playlist) {
    try {
      return playlist.isEmpty() ? List.of()
        : lianxin.media.Playlists.media(playlist).mediaSegments().stream().map(s -> s.uri()).toList();
    } catch (io.lindstrom.m3u8.parser.PlaylistParserException halfWritten) {
      return List.of();
    }
  }

  /** Whether any frame of the segment is the red mark (its average V, red-difference chroma, near the top). */
  static boolean red(String url) throws Exception {
    Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", url, "-vf", "signalstats,metadata=print:"
      + "key=lavfi.signalstats.VAVG:file=-", "-f", "null", "-").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out.lines().filter(l -> l.startsWith("lavfi.signalstats.VAVG="))
      .anyMatch(l -> Double.parseDouble(l.substring(l.indexOf('=') + 1)) > 200);
  }

  static String getWith(HttpClient http, String url, String token) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
      HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? r.body() : "";
  }

  static Process process(Path dir, String name, String... command) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
