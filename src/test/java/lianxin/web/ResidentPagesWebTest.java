package lianxin.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import lianxin.support.Browser.Size;
import lianxin.support.Browser;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The resident pages in Chromium against the real server: what a resident sees on the home, room and episode
 * pages, hostile titles shown as text, no console errors, nothing fetched from another host, screenshots, axe.
 */
@ExtendWith(VertxExtension.class)
@Slow
class ResidentPagesWebTest {

  static Http http;
  static Residents data;
  static Browser browser;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    data = Residents.get(http);
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

  /** No hostile title ran as markup: no script set the flag, no element came from a title. */
  @Test
  void homeShowsWhatIsLiveAndComingWithCalendarLinks() {
    for (Size size : Size.values()) {
      browser.requests.clear();
      Page page = browser.open("/", size);
      Locator live = page.locator("section[aria-labelledby=live-h]");
      assertThat(live).containsText(Residents.LIVE_TITLE);
      assertThat(live).containsText("第116期");
      Locator card = page.locator("article.room").filter(new Locator.FilterOptions().setHasText(data.roomName));
      assertThat(card.locator("h3")).hasText(data.roomName);
      assertThat(card).containsText("垃圾分类新规<svg onload=\"window.__xss=5\">");
      assertThat(card).containsText("1.44万");

      String feed = "/api/rooms/" + data.roomId + "/calendar.ics";
      assertEquals("webcal://" + browser.base.substring("http://".length()) + feed,
        card.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("添加到我的日历")).getAttribute("href"));
      String https = card.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("日历订阅链接")).getAttribute("href");
      assertEquals(browser.base + feed, https);
      APIResponse ics = page.request().get(https);
      assertEquals(200, ics.status());
      assertTrue(ics.text().contains("BEGIN:VCALENDAR"), ics.text());
      browser.assertTextOnly(page);
      assertTrue(browser.requests.stream().noneMatch(u -> u.contains("hls")), "the home page loads no player");
      browser.screenshot(page, "home", size);
      if (size == Size.PHONE) {
        browser.assertAccessible(page);
      }
      page.context().close();
    }
  }

  @Test
  void roomPageShowsFollowersColumnsNumberedEpisodesAndThePodcast() {
    for (Size size : Size.values()) {
      Page page = browser.open("/rooms/" + data.roomId, size);
      assertThat(page.locator("h1")).hasText(data.roomName);
      assertThat(page.locator(".followers")).hasText("1.44万 人关注");
      assertThat(page.locator("main")).containsText("已播 116 期");
      assertEquals("/api/rooms/" + data.roomId + "/podcast.xml", java.net.URI.create(
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("用播客应用订阅")).getAttribute("href")).getPath());

      Locator past = page.locator("section[aria-labelledby=past-h] ul.list");
      assertThat(past.locator("li")).hasCount(1);
      assertThat(past.locator("li").first()).containsText("第115期");
      assertThat(past.locator("li").first()).containsText("【" + Residents.COLUMN + "】" + Residents.ARCHIVED_TITLE);
      Locator live = page.locator("section[aria-labelledby=live-h] li");
      assertThat(live).hasCount(1);
      assertThat(live).containsText("第116期");
      assertThat(live).containsText("直播中");
      Locator upcoming = page.locator("section[aria-labelledby=up-h] li");
      assertThat(upcoming).hasCount(2);
      assertThat(upcoming.first()).containsText("第117期");
      assertThat(upcoming.nth(1)).containsText("第118期");

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Residents.COLUMN)).click();
      assertThat(past.locator("li")).hasCount(1);
      assertThat(past).containsText(Residents.ARCHIVED_TITLE);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("政策解读")).click();
      assertThat(past.locator("li")).hasCount(0);
      assertThat(page.locator("section[aria-labelledby=past-h]")).containsText("还没有节目。");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("全部栏目")).click();
      assertThat(past.locator("li")).hasCount(1);
      browser.assertTextOnly(page);
      browser.screenshot(page, "room", size);
      if (size == Size.PHONE) {
        browser.assertAccessible(page);
      }
      page.context().close();
    }
  }

  @Test
  void episodeOpensAtTheSecondAndSeeksByChapterWithStoryboardAndListenOnly() {
    Page page = browser.open("/episodes/" + data.archivedId + "?t=7", Size.DESKTOP);
    assertThat(page.locator("h1")).containsText(Residents.ARCHIVED_TITLE);
    page.waitForFunction("() => { const v = document.querySelector('video'); return v && v.readyState >= 1 && v.currentTime >= 6.9 }");
    assertThat(page.locator(".time")).hasText("0:07 / 0:12");

    // The archive's chapter candidates; a click seeks to the chapter's start.
    Locator chapters = page.locator("ol.chapters button");
    assertThat(chapters.first()).containsText("0:00 "); // the archive's candidates, or the host's titles once SearchWebTest set them
    chapters.first().click();
    page.waitForFunction("() => document.querySelector('video').currentTime < 0.5");

    // Scrubbing shows the storyboard tile of the second under the finger.
    Locator bar = page.getByRole(AriaRole.SLIDER, new Page.GetByRoleOptions().setName("播放进度"));
    var box = bar.boundingBox();
    page.mouse().move(box.x + 4, box.y + box.height / 2);
    page.mouse().down();
    page.mouse().move(box.x + box.width * 0.75, box.y + box.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
    Locator tile = page.locator(".preview .tile");
    assertThat(tile).isVisible();
    String background = (String) tile.evaluate("t => getComputedStyle(t).backgroundImage");
    assertTrue(background.contains("/sprite.jpg"), background);
    browser.screenshot(page, "episode-scrub", Size.DESKTOP);
    page.mouse().up();
    assertThat(tile).hasCount(0);
    page.waitForFunction("() => Math.abs(document.querySelector('video').currentTime - 9) < 1.5");

    // Listen only: the M4A, at the same place.
    double before = ((Number) page.evaluate("() => document.querySelector('video').currentTime")).doubleValue();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("只听声音")).click();
    page.waitForFunction("() => { const v = document.querySelector('video'); return v.currentSrc.endsWith('/audio.m4a') && v.readyState >= 1 }");
    double after = ((Number) page.evaluate("() => document.querySelector('video').currentTime")).doubleValue();
    assertEquals(before, after, 1.0);
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("看视频"))).isVisible();
    browser.assertTextOnly(page);
    browser.assertAccessible(page);
    page.context().close();
  }

  @Test
  void theReplaysOwnLoaderPlaysWhereMediaSourceIsAndNativeHlsElsewhere() {
    browser.requests.clear();
    Page page = browser.open("/episodes/" + data.archivedId + "?t=5", Size.PHONE);
    page.waitForFunction("() => { const v = document.querySelector('video'); return v && v.readyState >= 2 && v.currentTime >= 4.9 }");
    assertTrue(((String) page.evaluate("() => document.querySelector('video').src")).startsWith("blob:"), "MediaSource");
    // The page's own segment loader: hls.js (100 KB) is for live streams alone.
    assertTrue(browser.requests.stream().anyMatch(u -> u.matches(".*/assets/vod-[^/]+\\.js")), browser.requests.toString());
    assertTrue(browser.requests.stream().noneMatch(u -> u.contains("/assets/hls.light-")), browser.requests.toString());
    page.context().close();

    // A browser without Media Source Extensions (older iPhones) plays the master itself.
    browser.requests.clear();
    Page page2 = browser.open("/episodes/" + data.archivedId + "?t=5", Size.PHONE,
      "delete window.MediaSource; delete window.ManagedMediaSource; delete window.WebKitMediaSource;");
    // Chromium's own HLS probes the master and the rung before it can seek: give a loaded machine 45 s.
    page2.waitForFunction("() => { const v = document.querySelector('video'); return v && v.readyState >= 1 && v.currentTime >= 4.9 }",
      null, new Page.WaitForFunctionOptions().setTimeout(45_000));
    assertTrue(((String) page2.evaluate("() => document.querySelector('video').src")).endsWith("/master.m3u8"));
    assertTrue(browser.requests.stream().noneMatch(u -> u.contains("/assets/hls.light-")), browser.requests.toString());
    page2.context().close();
  }

  @Test
  void playingSendsReplayBeaconsThatTheMetricsCount() {
    long watchedBefore = replay().getLong("watchSeconds", 0L);
    Page page = browser.open("/episodes/" + data.archivedId, Size.PHONE);
    page.waitForFunction("() => document.querySelector('video')?.readyState >= 1");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("▶ 播放")).click();
    page.waitForFunction("() => document.querySelector('video').currentTime > 3.5", null,
      new Page.WaitForFunctionOptions().setTimeout(20_000));
    var beacon = page.waitForRequest(r -> r.url().endsWith("/api/episodes/" + data.archivedId + "/plays"),
      () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("暂停")).click());
    JsonObject sent = new JsonObject(beacon.postData());
    assertTrue(sent.getInteger("watchedSeconds") >= 3, sent.encode());
    assertTrue(sent.getString("sessionId").matches("[0-9a-f]{32}"), sent.encode());
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (replay().getLong("watchSeconds", 0L) < watchedBefore + 3 && System.nanoTime() < deadline) {
      Node.sleep(100);
    }
    assertTrue(replay().getLong("watchSeconds", 0L) >= watchedBefore + 3, replay().encode());
    browser.screenshot(page, "episode", Size.PHONE);
    page.context().close();
    Page desktop = browser.open("/episodes/" + data.archivedId + "?t=3", Size.DESKTOP);
    desktop.waitForFunction("() => document.querySelector('video')?.currentTime >= 2.9");
    browser.screenshot(desktop, "episode", Size.DESKTOP);
    desktop.context().close();
  }

  @Test
  void everyResidentPageShowsHostileTitlesAsText() {
    java.util.List<String> paths = new java.util.ArrayList<>(java.util.List.of("/", "/rooms/" + data.roomId,
      "/episodes/" + data.liveId, "/episodes/" + data.upcomingId, "/episodes/" + data.archivedId + "?t=2"));
    if (http.get("/api/routes").body().contains("\"/api/search\"")) {
      paths.add("/search?q=" + java.net.URLEncoder.encode("就医", java.nio.charset.StandardCharsets.UTF_8));
    }
    for (String path : paths) {
      Page page = browser.open(path, Size.PHONE);
      page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
      assertThat(page.locator("main")).not().containsText("正在加载");
      assertTrue(page.locator("main").innerText().contains("onerror=\"window.__xss="), path + ": " + page.locator("main").innerText());
      browser.assertTextOnly(page);
      page.context().close();
    }
    Page live = browser.open("/episodes/" + data.liveId, Size.PHONE);
    // A live episode names where to watch it: the room's accounts.
    assertThat(live.locator("main")).containsText("正在直播，可以在这些账号观看");
    assertThat(live.locator("main .platforms")).containsText("抖音：hlbl");
    live.context().close();
  }

  @Test
  void aMissingRoomIsSaidInPlainWords() {
    Page page = browser.open("/rooms/987654321", Size.PHONE);
    assertThat(page.getByRole(AriaRole.ALERT)).hasText("找不到直播间 987654321。");
    // Nothing to retry: it offers search and the home page instead.
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("重试"))).hasCount(0);
    assertThat(page.locator("main").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("搜索往期节目"))).isVisible();
    assertThat(page.locator("main").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("首页"))).isVisible();
    page.context().close();
    // Chromium logs the 404 itself; that one is expected here.
    browser.consoleErrors.removeIf(e -> e.contains("404"));
  }

  static JsonObject replay() {
    return http.get("/api/episodes/" + data.archivedId + "/metrics").json().getJsonObject("replay");
  }
}
