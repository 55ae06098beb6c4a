package lianxin.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.google.gson.JsonObject;
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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lianxin.support.Clips;

/**
 * {@code scripts/bench resident}: a resident's phone on a weak link. The real server (own process, fresh embedded
 * PostgreSQL) archives a generated 720p clip through the real pipeline; Debian's Chromium, driven by Playwright at
 * 390x844, throttled by the DevTools protocol to 400 kbps each way with 400 ms round trips, each step in a new
 * context (cold cache), measures: a deep link to picture moving (tapping 播放 as soon as it shows), stalls in the
 * first 60 s of playback and the rung played, a {@code ?t=} link to picture moving at that second, and 只听声音 to
 * sound.
 */
public final class ResidentBench {

  static final String CHROMIUM = env("CHROMIUM", "/usr/bin/chromium");
  static final int KBPS = Integer.parseInt(env("BENCH_KBPS", "400"));
  static final int RTT_MS = Integer.parseInt(env("BENCH_RTT_MS", "400"));
  static final int CLIP_SECONDS = Integer.parseInt(env("BENCH_CLIP_SECONDS", "100"));
  static final int WATCH_SECONDS = 60;
  static final int DEEP_SECOND = 45;
  static final String PASSWORD = "bench-" + Long.toHexString(System.nanoTime());
  static final Pattern SEGMENT = Pattern.compile(".*/(v\\d|a)/seg(\\d+)\\.m4s$");

  /** Picture (or sound) moving: playing, and past where it began by a little. */
  static final String MOVING = "s => { const v = document.querySelector('video'); return v && !v.paused && v.readyState >= 3"
    + " && v.currentTime >= s + 0.3 ? performance.now() : false }";
  /** Counts a stall each time the playing element waits for data (not for a seek), and how long it waited. */
  static final String WATCH_STALLS = """
    () => { const v = document.querySelector('video'); window.__stalls = { n: 0, ms: 0, since: null, at: [] };
      v.addEventListener('waiting', () => { if (!v.seeking && !v.paused) { __stalls.n++; __stalls.since = performance.now();
        __stalls.at.push(v.currentTime.toFixed(1)) } });
      v.addEventListener('playing', () => { if (__stalls.since !== null) { __stalls.ms += performance.now() - __stalls.since; __stalls.since = null } });
      window.__watchFrom = v.currentTime; return true }""";

  private ResidentBench() {
  }

  record Step(String name, double seconds, String note) {
  }

  public static void main(String[] args) throws Exception {
    Path report = Path.of(args.length > 0 ? args[0] : "target/bench-resident.md");
    String serverClasspath = System.getProperty("bench.serverClasspath");
    Path dir = Files.createTempDirectory("lianxin-bench-resident");
    Cleanup cleanup = new Cleanup(dir, new Wrk(1, 1));
    Runtime.getRuntime().addShutdownHook(new Thread(cleanup));
    try {
      String url = ScheduleBench.startDatabase(cleanup);
      cleanup.server = ServerProcess.start(serverClasspath, env("BENCH_SERVER_OPTS", "-Xmx1g"), url, dir,
        Map.of("LIANXIN_ADMIN_PASSWORD", PASSWORD));
      ServerProcess server = cleanup.server;
      HttpClient http = HttpClient.newHttpClient();
      // The browser half needs no warm server; a loaded machine may take minutes to start one.
      server.awaitHealthy(http, java.time.Duration.ofSeconds(300));
      ScheduleBench.log("started the server on " + server.base);
      long episode = archivedEpisode(http, server.base, dir);
      List<Step> steps = browse(server.base, episode);
      String md = report(steps);
      System.out.println(md);
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(report, md);
      ScheduleBench.log("wrote " + report);
    } finally {
      cleanup.run();
    }
  }

  /** An aired episode with the generated clip archived through the real pipeline (upload, then poll). */
  static long archivedEpisode(HttpClient http, String base, Path dir) throws Exception {
    String token = Api.json(http, "POST", base + "/api/session", null,
      "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}", 200).get("token").getAsString();
    long org = Api.json(http, "POST", base + "/api/orgs", token, "{\"name\":\"新城区\",\"kind\":\"district\"}", 201).get("id").getAsLong();
    long room = Api.json(http, "POST", base + "/api/rooms", token, "{\"name\":\"党群连心桥\",\"orgId\":" + org
      + ",\"timezone\":\"Asia/Shanghai\"}", 201).get("id").getAsLong();
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.HOURS).minusDays(2);
    long episode = Api.json(http, "POST", base + "/api/rooms/" + room + "/episodes", token, "{\"title\":\"社区医院就医指南\","
      + "\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plusHours(1) + "\",\"confirmRenumber\":true}", 201).get("id").getAsLong();
    ScheduleBench.log("generating a " + CLIP_SECONDS + " s 1280x720 clip");
    Path clip = Clips.video(dir, "talk.mp4", CLIP_SECONDS, 1280, 720);
    HttpRequest upload = HttpRequest.newBuilder(URI.create(base + "/api/episodes/" + episode + "/recordings"))
      .header("Authorization", "Bearer " + token).header("Content-Type", "video/mp4")
      .POST(HttpRequest.BodyPublishers.ofFile(clip)).build();
    HttpResponse<String> accepted = http.send(upload, HttpResponse.BodyHandlers.ofString());
    if (accepted.statusCode() != 202) {
      throw new IllegalStateException("upload answered " + accepted.statusCode() + ": " + accepted.body());
    }
    long recording = Api.parse(accepted.body()).get("id").getAsLong();
    long began = System.nanoTime();
    while (true) {
      String status = Api.json(http, "GET", base + "/api/recordings/" + recording, token, null, 200).get("status").getAsString();
      if (status.equals("archived")) {
        break;
      }
      if (status.equals("failed") || System.nanoTime() - began > 600_000_000_000L) {
        throw new IllegalStateException("the recording did not archive: " + status);
      }
      Thread.sleep(500);
    }
    ScheduleBench.log("archived in " + Math.round((System.nanoTime() - began) / 1e9) + " s");
    return episode;
  }

  static List<Step> browse(String base, long episode) {
    List<Step> steps = new ArrayList<>();
    // As the browser tests launch it: nothing of its own on the network.
    try (Playwright playwright = lianxin.support.Browser.playwright();
         Browser browser = lianxin.support.Browser.launch(playwright, CHROMIUM)) {
      String page = base + "/episodes/" + episode;

      // 1 and 2: the deep link, then a minute of playback.
      try (Phone phone = new Phone(browser)) {
        double moving = phone.openAndPlay(page, 0);
        steps.add(new Step("episode deep link → picture moving", moving, "tapping 播放 as soon as it shows (at "
          + fmt(phone.tapped) + " s)"));
        phone.page.evaluate(WATCH_STALLS);
        phone.page.waitForTimeout(WATCH_SECONDS * 1000);
        JsonObject stalls = Api.parse((String) phone.page.evaluate("() => JSON.stringify({ n: __stalls.n, ms: __stalls.ms,"
          + " at: __stalls.at.join(', '), played: document.querySelector('video').currentTime - __watchFrom })"));
        // Every segment, and whatever else shared the link in the first seconds.
        ScheduleBench.log("segments during the watch, and what else came in its first 10 s (start–end s, bytes):\n"
          + ((String) phone.page.evaluate(WATERFALL)).lines()
          .filter(l -> l.endsWith(".m4s") || Double.parseDouble(l.trim().split("–")[0]) < 10)
          .collect(java.util.stream.Collectors.joining("\n")));
        steps.add(new Step("stalls in the first " + WATCH_SECONDS + " s", stalls.get("n").getAsInt(), String.format(Locale.ROOT,
          "%.1f s of video played, %.1f s waiting%s; rungs fetched: %s", stalls.get("played").getAsDouble(),
          stalls.get("ms").getAsDouble() / 1000, stalls.get("n").getAsInt() == 0 ? "" : " (at " + stalls.get("at").getAsString() + " s)",
          phone.rungs())));
      }
      // 3: a link to a second.
      try (Phone phone = new Phone(browser)) {
        double moving = phone.openAndPlay(page + "?t=" + DEEP_SECOND, DEEP_SECOND);
        steps.add(new Step("`?t=" + DEEP_SECOND + "` → picture moving at that second", moving,
          "first segments fetched: " + phone.firstSegments(3)));
      }
      // 4: listen only, from the player as it first shows.
      try (Phone phone = new Phone(browser)) {
        phone.page.navigate(page);
        var audioButton = phone.page.getByText("只听声音").first();
        audioButton.waitFor();
        double clicked = ((Number) phone.page.evaluate("() => performance.now()")).doubleValue();
        audioButton.click();
        phone.page.locator("button.play").click();
        double sound = ((Number) phone.page.waitForFunction(MOVING, 0,
          new Page.WaitForFunctionOptions().setTimeout(120_000).setPollingInterval(50)).jsonValue()).doubleValue();
        steps.add(new Step("只听声音 → sound", (sound - clicked) / 1000, "tapped once the player showed, then 播放"));
      }
    }
    return steps;
  }

  /** One phone: a fresh context (nothing cached), 390x844, the link throttled through the DevTools protocol. */
  static final class Phone implements AutoCloseable {
    final BrowserContext context;
    final Page page;
    final List<String> segments = Collections.synchronizedList(new ArrayList<>());
    double tapped;

    Phone(Browser browser) {
      context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844).setIsMobile(true)
        .setHasTouch(true).setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
      context.setDefaultTimeout(120_000);
      page = context.newPage();
      CDPSession cdp = context.newCDPSession(page);
      cdp.send("Network.enable");
      JsonObject cache = new JsonObject();
      cache.addProperty("cacheDisabled", true);
      cdp.send("Network.setCacheDisabled", cache);
      JsonObject link = new JsonObject();
      link.addProperty("offline", false);
      link.addProperty("latency", RTT_MS);
      link.addProperty("downloadThroughput", KBPS * 1000 / 8);
      link.addProperty("uploadThroughput", KBPS * 1000 / 8);
      cdp.send("Network.emulateNetworkConditions", link);
      page.onRequest(r -> {
        Matcher m = SEGMENT.matcher(r.url());
        if (m.matches()) {
          segments.add(m.group(1) + "/seg" + m.group(2));
        }
      });
    }

    /** Opens url, taps 播放 as soon as it shows; seconds from navigation to the picture moving past {@code from}. */
    double openAndPlay(String url, double from) {
      page.navigate(url, new Page.NavigateOptions().setWaitUntil(com.microsoft.playwright.options.WaitUntilState.COMMIT));
      var play = page.locator("button.play");
      play.waitFor();
      tapped = ((Number) page.evaluate("() => performance.now()")).doubleValue() / 1000;
      play.click();
      double moving = ((Number) page.waitForFunction(MOVING, from,
        new Page.WaitForFunctionOptions().setTimeout(120_000).setPollingInterval(50)).jsonValue()).doubleValue() / 1000;
      ScheduleBench.log("requests until the picture moved at " + fmt(moving) + " s (start–end s, bytes):\n" + page.evaluate(WATERFALL));
      return moving;
    }

    String rungs() {
      return segments.stream().map(s -> s.substring(0, s.indexOf('/'))).distinct().sorted().toList().toString();
    }

    String firstSegments(int n) {
      List<String> copy = List.copyOf(segments);
      return copy.subList(0, Math.min(n, copy.size())).toString();
    }

    @Override
    public void close() {
      context.close();
    }
  }

  /** The page's requests so far, as the browser timed them: where the seconds before the picture went. */
  static final String WATERFALL = "() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(e => `  ${(e.startTime / 1000).toFixed(1)}–"
    + "${(e.responseEnd / 1000).toFixed(1)} ${e.encodedBodySize} ${e.name.replace(location.origin, '')}`).join('\\n')";

  static String report(List<Step> steps) {
    String[] before = {"3.4 s to the title, 11 s to a ready video, then 10.3 s after tapping 播放", "5 (in 20 s of playback)",
      "(segments 0–1 loaded before the jump)", "3.6 s"};
    String[] target = {"≤ 6 s", "0 on the lowest rung", "≤ 6 s", "≤ 3 s"};
    StringBuilder out = new StringBuilder();
    out.append("| step | measured | target | issue 15 (before) | note |\n|---|---|---|---|---|\n");
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      String value = s.name().startsWith("stalls") ? String.valueOf((int) s.seconds()) : fmt(s.seconds()) + " s";
      out.append("| ").append(s.name()).append(" | ").append(value).append(" | ").append(target[i]).append(" | ")
        .append(before[i]).append(" | ").append(s.note()).append(" |\n");
    }
    out.append("\nChromium ").append(CHROMIUM).append(" at 390x844, ").append(KBPS).append(" kbps each way, ").append(RTT_MS)
      .append(" ms round trip (DevTools `Network.emulateNetworkConditions`), cache disabled, a new context per step; a ")
      .append(CLIP_SECONDS).append(" s 1280x720 clip archived by the server's own pipeline.\n");
    return out.toString();
  }

  static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.1f", seconds);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The few API calls the bench makes, over the JDK's client, read with Gson (Playwright's). */
  static final class Api {
    static JsonObject json(HttpClient http, String method, String url, String token, String body, int expect) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != expect) {
        throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
      }
      return parse(r.body());
    }

    static JsonObject parse(String body) {
      return com.google.gson.JsonParser.parseString(body).getAsJsonObject();
    }
  }
}
