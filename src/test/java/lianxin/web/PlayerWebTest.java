package lianxin.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lianxin.support.Browser;
import lianxin.support.Browser.Size;
import lianxin.support.Http;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The replay player as a resident on a phone meets it: where it starts, what it shows while the network keeps it
 * waiting, the listen-only offer, subtitles one can read, speed, resuming, shortcuts; screenshots at both sizes.
 * Plays the 12 s archive of {@link Residents} (a 360p copy in 4 s segments and the 240p rung in 2 s segments).
 */
@ExtendWith(VertxExtension.class)
@Slow
class PlayerWebTest {

  /** No network estimate from the browser: the player must assume the worst. */
  static final String NO_ESTIMATE = "Object.defineProperty(Navigator.prototype, 'connection', { get: () => undefined });";
  /** A browser that estimates its link at 10 Mbps, as Chrome on 4G or Wi-Fi does. */
  static final String FAST = "Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ downlink: 10, effectiveType: '4g' }) });";
  static final Pattern SEGMENT = Pattern.compile(".*/(v\\d|a)/seg(\\d+)\\.m4s$");

  static Http http;
  static Residents data;
  static Browser browser;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    data = Residents.get(http);
    // The same words SearchWebTest puts there, so the order the classes run in changes nothing.
    Http.Reply put = http.raw(HttpMethod.PUT, "/api/episodes/" + data.archivedId + "/transcript", SearchWebTest.TRANSCRIPT, "text/vtt");
    assertEquals(200, put.status(), put.body());
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @AfterEach
  void nothingRanNothingLeaked() {
    browser.assertClean();
  }

  String episode() {
    return "/episodes/" + data.archivedId;
  }

  static List<String> segments(List<String> urls) {
    List<String> out = new ArrayList<>();
    for (String u : List.copyOf(urls)) {
      Matcher m = SEGMENT.matcher(u);
      if (m.matches()) {
        out.add(m.group(1) + "/seg" + m.group(2));
      }
    }
    return out;
  }

  /** The URLs {@code page} asks for from now on (the browser's list also holds earlier pages' late requests). */
  static List<String> requests(Page page) {
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    page.onRequest(r -> seen.add(r.url()));
    return seen;
  }

  static double time(Page page) {
    return ((Number) page.evaluate("() => document.querySelector('video').currentTime")).doubleValue();
  }

  @Test
  void theEpisodesHtmlNamesItsScriptsAndTheFirstSecondsFilesSoAPhoneFetchesThemAtOnce() {
    Http.Reply page = http.get(episode() + "?t=9");
    assertEquals(200, page.status(), page.body());
    String head = page.body().substring(0, page.body().indexOf("</head>"));
    String master = http.get("/api/episodes/" + data.archivedId).json().getJsonObject("archive")
      .getJsonObject("media").getString("master");
    // The page's own code, beside the app's entry script rather than after it.
    assertTrue(Pattern.compile("<link rel=\"modulepreload\" crossorigin href=\"/assets/EpisodePage-[^\"]+\\.js\">").matcher(head).find(), head);
    // Not hls.js, which only a live episode loads.
    assertTrue(!head.contains("hls.light"), head);
    // The master, the 240p rung's playlist and init, and the segment holding 0:09 (the fifth of 2 s), nothing else.
    List<String> fetches = new ArrayList<>();
    Matcher m = Pattern.compile("<link rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\" href=\"([^\"]+)\">").matcher(head);
    String folder = master.substring(0, master.lastIndexOf('/') + 1);
    while (m.find()) {
      assertTrue(m.group(1).startsWith(folder), m.group(1) + " is not in " + folder);
      fetches.add(m.group(1).substring(folder.length()));
    }
    assertEquals(List.of("master.m3u8", "v2/index.m3u8", "v2/init.mp4", "v2/seg00004.m4s"), fetches, head);
  }

  @Test
  void aLinkToASecondLoadsThatSegmentFirstOnTheLowestRung() {
    Page page = browser.blank(Size.PHONE, NO_ESTIMATE);
    List<String> seen = requests(page);
    browser.go(page, episode() + "?t=9");
    page.waitForFunction("() => { const v = document.querySelector('video'); return v && v.readyState >= 2 && v.currentTime >= 8.9 }");
    List<String> loaded = segments(seen);
    // 9 s is in the fifth 2 s segment of the 240p rung; nothing before it was fetched first.
    assertEquals("v2/seg00004", loaded.get(0), loaded.toString());
    assertTrue(loaded.stream().noneMatch(s -> s.endsWith("seg00000")), loaded.toString());
    page.context().close();

    // A browser that says the link is fast starts on the top rung (the 360p copy, 4 s segments) when the picture is
    // that large. (The page's HTML names the 240p rung's segment too, for the phones that start there.)
    Page fast = browser.blank(Size.DESKTOP, FAST);
    List<String> fastSeen = requests(fast);
    browser.go(fast, episode() + "?t=9");
    fast.waitForFunction("() => document.querySelector('video')?.readyState >= 2");
    List<String> top = segments(fastSeen).stream().filter(s -> s.startsWith("v0/")).toList();
    assertEquals("v0/seg00002", top.get(0), fastSeen.toString());
    fast.context().close();
  }

  @Test
  void onALinkThatCarriesMoreItMovesUpARungAndPlaysToTheEnd() {
    // No estimate: the 240p rung first; the segments come fast, so once 8 s are buffered it moves to the 360p copy.
    Page page = browser.blank(Size.DESKTOP, NO_ESTIMATE);
    List<String> seen = requests(page);
    browser.go(page, episode());
    page.waitForFunction("() => document.querySelector('video')?.readyState >= 2");
    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.playbackRate = 2; return v.play() }");
    page.waitForFunction("() => document.querySelector('video').ended", null, new Page.WaitForFunctionOptions().setTimeout(20_000));
    List<String> loaded = segments(seen);
    assertEquals("v2/seg00000", loaded.get(0), loaded.toString());
    int up = loaded.indexOf(loaded.stream().filter(x -> x.startsWith("v0/")).findFirst().orElseThrow(() -> new AssertionError(loaded)));
    assertTrue(loaded.subList(up, loaded.size()).stream().allMatch(x -> x.startsWith("v0/")), "never back down: " + loaded);
    assertTrue(time(page) > 11.5, "ended at " + time(page));
    assertThat(page.locator("button.play")).hasText("▶ 播放");
    page.context().close();
  }

  @Test
  void aSegmentSlowerThanItsRungNeedsMovesItDownAtOnce() {
    // A fast link by the browser's word: the 360p copy first. Its second segment then takes 6 s for 4 s of video.
    List<Route> held = new ArrayList<>();
    Page page = browser.blank(Size.DESKTOP, FAST);
    List<String> seen = requests(page);
    page.route(url -> url.endsWith("/v0/seg00001.m4s"), held::add);
    browser.go(page, episode());
    page.waitForCondition(() -> !held.isEmpty());
    page.waitForTimeout(6000);
    held.get(0).resume();
    // The very next segment is the 240p rung's, from where the buffer ends (8 s: its fifth 2 s segment). (The
    // page's HTML preloads the 240p rung's first segment for every phone: left out here.)
    page.waitForCondition(() -> segments(seen).contains("v2/seg00004"));
    List<String> loaded = segments(seen).stream().filter(x -> !x.equals("v2/seg00000")).toList();
    assertEquals(List.of("v0/seg00000", "v0/seg00001", "v2/seg00004"), loaded.subList(0, 3), loaded.toString());
    page.context().close();
  }

  @Test
  void aSegmentThatFailsIsAskedForAgain() {
    // The third 240p segment fails once (a phone's signal dropping); the player asks again and plays through it.
    int[] failures = {0};
    Page page = browser.blank(Size.PHONE, NO_ESTIMATE);
    page.route(url -> url.endsWith("/v2/seg00002.m4s"), route -> {
      if (failures[0]++ == 0) {
        route.abort("internetdisconnected");
      } else {
        route.resume();
      }
    });
    browser.go(page, episode());
    page.waitForFunction("() => { const b = document.querySelector('video')?.buffered; return b && b.length === 1 && b.end(0) > 7 }");
    assertEquals(2, failures[0], "asked twice");
    assertThat(page.locator(".error")).hasCount(0);
    // Not yet played and 6 s buffered: the link is free for the poster.
    assertThat(page.locator("video")).hasAttribute("poster", Pattern.compile(".*/poster\\.jpg$"));
    page.context().close();
    browser.consoleErrors.removeIf(e -> e.contains("ERR_INTERNET_DISCONNECTED"));
  }

  @Test
  void aJumpPastWhatIsBufferedLeavesTheSegmentUnderWayAndFetchesTheOneItLandsIn() {
    // The third 240p segment never comes; the resident jumps to 0:09 (the scrub bar, a chapter) meanwhile.
    List<Route> held = new ArrayList<>();
    Page page = browser.blank(Size.PHONE, NO_ESTIMATE);
    page.route(url -> url.endsWith("/v2/seg00002.m4s"), held::add);
    List<String> seen = requests(page);
    browser.go(page, episode());
    page.waitForCondition(() -> !held.isEmpty());
    page.evaluate("() => { document.querySelector('video').currentTime = 9 }");
    page.waitForFunction("() => { const v = document.querySelector('video'); return !v.seeking && v.readyState >= 2 && Math.abs(v.currentTime - 9) < 0.5 }");
    List<String> loaded = segments(seen);
    assertTrue(loaded.indexOf("v2/seg00004") > loaded.indexOf("v2/seg00002"), loaded.toString());
    assertTrue(!loaded.contains("v2/seg00003"), "nothing between: " + loaded);
    assertThat(page.locator(".error")).hasCount(0);
    held.forEach(Route::abort);
    page.context().close();
    browser.consoleErrors.removeIf(e -> e.contains("m4s") || e.contains("ERR_FAILED"));
  }

  @Test
  void aPageOpenedButNotPlayedFetchesTenSecondsAheadAndTheRestOncePlaying() {
    // A link that carries the 240p rung and not the 360p copy (by the loader's 70% rule), so it stays on 2 s segments.
    String master = http.get("/api/episodes/" + data.archivedId).json().getJsonObject("archive").getJsonObject("media").getString("master");
    String text = http.get(master).body();
    long low = peak(text, "v2");
    long high = peak(text, "v0");
    long bps = Math.round(low / 0.7 * 1.2);
    assertTrue(0.7 * bps < high, "the 360p copy's peak " + high + " must stay out of reach of " + bps + " bps");
    Page page = browser.blank(Size.PHONE, NO_ESTIMATE);
    List<String> seen = requests(page);
    var cdp = page.context().newCDPSession(page);
    cdp.send("Network.enable");
    com.google.gson.JsonObject link = new com.google.gson.JsonObject();
    link.addProperty("offline", false);
    link.addProperty("latency", 50);
    link.addProperty("downloadThroughput", bps / 8.0);
    link.addProperty("uploadThroughput", bps / 8.0);
    cdp.send("Network.emulateNetworkConditions", link);
    browser.go(page, episode());
    page.waitForFunction("() => { const b = document.querySelector('video')?.buffered; return b && b.length && b.end(0) >= 9.9 }",
      null, new Page.WaitForFunctionOptions().setTimeout(60_000));
    page.waitForTimeout(3000);
    // Ten seconds (five segments) for a resident who opened the page and has not pressed play.
    assertEquals(List.of("v2/seg00000", "v2/seg00001", "v2/seg00002", "v2/seg00003", "v2/seg00004"), segments(seen));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("▶ 播放")).click();
    page.waitForCondition(() -> segments(seen).contains("v2/seg00005"), new Page.WaitForConditionOptions().setTimeout(30_000));
    page.context().close();
  }

  /** The BANDWIDTH the master declares for the rung in folder {@code dir}. */
  static long peak(String master, String dir) {
    Matcher m = Pattern.compile("BANDWIDTH=(\\d+)[^\\n]*\\n" + dir + "/index\\.m3u8").matcher(master);
    assertTrue(m.find(), master);
    return Long.parseLong(m.group(1));
  }

  @Test
  void stallsShowBufferingAndTwoOfThemOfferListeningOnly() {
    // Segments are held back until the test lets them through: the network stalls exactly where the test says.
    int[] allowed = {2};
    List<Route> held = new ArrayList<>();
    Page page = browser.blank(Size.PHONE, NO_ESTIMATE);
    page.route(url -> SEGMENT.matcher(url).matches() && !url.contains("/a/"), route -> {
      Matcher m = SEGMENT.matcher(route.request().url());
      m.matches();
      if (Integer.parseInt(m.group(2)) < allowed[0]) {
        route.resume();
      } else {
        held.add(route);
      }
    });
    browser.go(page, episode());
    page.waitForFunction("() => document.querySelector('video')?.readyState >= 2");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("▶ 播放")).click();

    // The first 4 s (two 2 s segments of the 240p rung) play, then the picture waits for the next segment: said over
    // the picture and on the button.
    Locator status = page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("正在缓冲"));
    assertThat(status).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
    assertTrue(time(page) > 3, "stalled at " + time(page));
    Locator play = page.locator("button.play");
    assertThat(play).hasText("正在缓冲…");
    assertThat(play).not().containsText("暂停");
    assertThat(page.getByText("改为只听声音")).hasCount(0);
    browser.screenshot(page, "player-buffering", Size.PHONE);
    // A stall counts once the picture has been frozen for a second (shorter waits are gaps being jumped).
    page.waitForTimeout(1500);
    assertThat(page.getByText("改为只听声音")).hasCount(0);

    // The segment comes; the picture moves and the indicator goes. Then a second stall within 20 s.
    allowed[0] = 3;
    for (Route r : List.copyOf(held)) {
      held.remove(r);
      r.resume();
    }
    page.waitForFunction("() => document.querySelector('video').currentTime > 4.5");
    assertThat(status).hasCount(0);
    assertThat(play).hasText("暂停");
    Locator offer = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("改为只听声音"));
    assertThat(offer).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
    assertThat(page.getByRole(AriaRole.ALERT)).containsText("网络较慢");
    browser.screenshot(page, "player-offer", Size.PHONE);
    double at = time(page);

    // One tap: the M4A, from the same second, still playing.
    offer.click();
    page.waitForFunction("() => { const v = document.querySelector('video'); return v.currentSrc.endsWith('/audio.m4a') && v.readyState >= 2 && !v.paused }");
    assertEquals(at, time(page), 1.0);
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("看视频"))).isVisible();
    for (Route r : held) {
      r.abort();
    }
    page.context().close();
    // Chromium notes the aborted segments; not the page's fault.
    browser.consoleErrors.removeIf(e -> e.contains("m4s") || e.contains("ERR_FAILED"));
  }

  @Test
  void subtitlesAreLargeOnASolidBackgroundAndTheirToggleShowsItsState() {
    for (Size size : Size.values()) {
      Page page = browser.open(episode() + "?t=3", size, NO_ESTIMATE);
      Locator caption = page.locator(".caption");
      assertThat(caption).hasText("大家好，欢迎收看本期节目。");
      double body = ((Number) page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")).doubleValue();
      double text = ((Number) caption.evaluate("c => parseFloat(getComputedStyle(c).fontSize)")).doubleValue();
      assertTrue(text >= 1.5 * body, text + " px against body " + body + " px");
      assertEquals("rgb(0, 0, 0)", caption.locator("span").evaluate("s => getComputedStyle(s).backgroundColor"));
      assertTrue(((Number) caption.evaluate("c => c.getBoundingClientRect().height")).doubleValue()
        <= 2.1 * text * 1.35, "two lines at most");
      assertEquals(0, page.locator("video track").count(), "no browser-drawn subtitles under ours");

      Locator toggle = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("字幕"));
      assertThat(toggle).hasAttribute("aria-pressed", "true");
      String on = (String) toggle.evaluate("b => getComputedStyle(b).backgroundColor");
      browser.screenshot(page, "player-captions", size);
      toggle.click();
      assertThat(toggle).hasAttribute("aria-pressed", "false");
      assertThat(caption).hasCount(0);
      String off = (String) toggle.evaluate("b => getComputedStyle(b).backgroundColor");
      assertTrue(!on.equals(off), "the toggle looks different on and off: " + on);

      // Controls show without scrolling.
      for (String name : List.of("▶ 播放", "只听声音", "字幕")) {
        var box = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true)).boundingBox();
        assertTrue(box.y + box.height <= page.viewportSize().height, name + " is below the fold at " + size + ": " + box.y);
      }
      if (size == Size.PHONE) {
        toggle.click();
        browser.assertAccessible(page);
      }
      page.context().close();
    }
  }

  @Test
  void listeningOnlyShowsTheTranscriptFollowingAlongAndALineJumpsThere() {
    for (Size size : Size.values()) {
      Page page = browser.open(episode() + "?t=8", size, NO_ESTIMATE);
      page.waitForFunction("() => document.querySelector('video')?.readyState >= 1");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("只听声音")).click();
      page.waitForFunction("() => { const v = document.querySelector('video'); return v.currentSrc.endsWith('/audio.m4a') && v.readyState >= 1 }");
      Locator now = page.locator(".follow .now");
      assertThat(now).hasText("社区新开了老年助餐点，中午十一点开饭。");
      double body = ((Number) page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")).doubleValue();
      assertTrue(((Number) now.evaluate("c => parseFloat(getComputedStyle(c).fontSize)")).doubleValue() >= 1.5 * body);
      Locator lines = page.locator(".follow button.line");
      assertThat(lines.nth(1)).hasAttribute("aria-current", "true");
      browser.screenshot(page, "player-listen", size);
      lines.first().click();
      page.waitForFunction("() => Math.abs(document.querySelector('video').currentTime - 2) < 0.5");
      assertThat(now).hasText("大家好，欢迎收看本期节目。");
      if (size == Size.PHONE) {
        browser.assertAccessible(page);
      }
      page.context().close();
    }
  }

  @Test
  void speedIsChosenFromAMenuAndKeptAfterAReloadWithThePlace() {
    Page page = browser.open(episode(), Size.PHONE, NO_ESTIMATE);
    page.waitForFunction("() => document.querySelector('video')?.readyState >= 1");
    Locator speed = page.getByLabel("播放速度");
    assertEquals(List.of("0.75×", "1×", "1.25×", "1.5×", "2×"), speed.locator("option").allTextContents());
    speed.selectOption("1.5");
    assertEquals(1.5, ((Number) page.evaluate("() => document.querySelector('video').playbackRate")).doubleValue());
    page.evaluate("() => { document.querySelector('video').currentTime = 7 }");
    page.waitForFunction("() => localStorage.getItem('lianxin.resume." + data.archivedId + "') === '7'");

    page.reload();
    page.waitForFunction("() => { const v = document.querySelector('video'); return v && v.readyState >= 1 && Math.abs(v.currentTime - 7) < 0.5 }");
    assertThat(page.locator(".resumed")).containsText("已从上次看到的 0:07 接着播放。");
    assertEquals(1.5, ((Number) page.evaluate("() => document.querySelector('video').playbackRate")).doubleValue());
    assertThat(page.getByLabel("播放速度")).hasValue("1.5");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("从头播放")).click();
    page.waitForFunction("() => document.querySelector('video').currentTime < 0.5");
    page.context().close();
  }

  @Test
  void desktopKeysPlaySkipMuteAndToggleSubtitles() {
    Page page = browser.open(episode() + "?t=2", Size.DESKTOP, NO_ESTIMATE);
    page.waitForFunction("() => document.querySelector('video')?.readyState >= 2");
    page.locator("h1").click();
    page.keyboard().press("ArrowRight");
    page.waitForFunction("() => Math.abs(document.querySelector('video').currentTime - 7) < 0.5");
    page.keyboard().press("ArrowLeft");
    page.waitForFunction("() => Math.abs(document.querySelector('video').currentTime - 2) < 0.5");
    page.keyboard().press("c");
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("字幕"))).hasAttribute("aria-pressed", "false");
    page.keyboard().press("m");
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("取消静音"))).isVisible();
    page.keyboard().press(" ");
    page.waitForFunction("() => !document.querySelector('video').paused");
    page.keyboard().press(" ");
    page.waitForFunction("() => document.querySelector('video').paused");
    page.keyboard().press("f");
    page.waitForFunction("() => document.fullscreenElement?.classList.contains('screen')");
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("退出全屏"))).isAttached();
    page.keyboard().press("f");
    page.waitForFunction("() => document.fullscreenElement === null");
    page.context().close();
  }
}
