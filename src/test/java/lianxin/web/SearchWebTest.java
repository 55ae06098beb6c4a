package lianxin.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import lianxin.support.Browser;
import lianxin.support.Browser.Size;
import lianxin.support.Http;
import lianxin.support.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A resident searches past episodes in Chromium: a word said only in a recording opens the player at that second. */
@ExtendWith(VertxExtension.class)
class SearchWebTest {

  /** Said at 0:08 of the archived clip and written nowhere else. */
  static final String SPOKEN = "老年助餐点";
  static final String TRANSCRIPT = """
    WEBVTT

    00:00:02.000 --> 00:00:05.000
    大家好，欢迎收看本期节目。

    00:00:08.000 --> 00:00:10.500
    社区新开了老年助餐点，中午十一点开饭。
    """;

  static Http http;
  static Residents data;
  static Browser browser;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    assumeTrue(http.get("/api/routes").body().contains("\"/api/search\""),
      "the search API (issue 4) is not on this branch yet");
    data = Residents.get(http);
    Http.Reply put = http.raw(HttpMethod.PUT, "/api/episodes/" + data.archivedId + "/transcript", TRANSCRIPT, "text/vtt");
    assertEquals(200, put.status(), put.body());
    searchable("助餐");
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @AfterEach
  void nothingRanNothingLeaked() {
    browser.assertClean();
  }

  /** A new transcript is indexed a moment after its upload (the search index is fed by a queue). */
  static void searchable(String q) {
    String path = "/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!http.get(path).body().contains("\"id\":" + data.archivedId + ",") && System.nanoTime() < deadline) {
      Node.sleep(100);
    }
    assertTrue(http.get(path).body().contains("\"id\":" + data.archivedId + ","), http.get(path).body());
  }

  @Test
  void aWordSaidOnlyInTheRecordingOpensThePlayerAtThatSecond() {
    Page page = browser.open("/search", Size.PHONE);
    page.getByLabel("搜索内容").fill("助餐");
    page.getByLabel("搜索内容").press("Enter");
    Locator hit = page.locator("li.result").filter(new Locator.FilterOptions().setHasText(Residents.ARCHIVED_TITLE));
    Locator cue = hit.locator("a.cue");
    assertThat(cue).hasCount(1);
    assertThat(cue).containsText("0:08");
    assertThat(cue).containsText(SPOKEN);
    assertThat(cue.locator("mark").first()).hasText("助餐");
    assertTrue(page.url().endsWith("/search?q=%E5%8A%A9%E9%A4%90"), page.url());
    browser.screenshot(page, "search", Size.PHONE);
    browser.assertAccessible(page);

    cue.click();
    page.waitForURL("**/episodes/" + data.archivedId + "?t=8");
    page.waitForFunction("() => { const v = document.querySelector('video'); return v && v.readyState >= 1 && v.currentTime >= 7.9 }");
    assertThat(page.locator(".time")).hasText("0:08 / 0:12");
    assertEquals(8.0, ((Number) page.evaluate("() => document.querySelector('video').currentTime")).doubleValue(), 0.5);
    // The transcript is the video's subtitle track, showing the words at that second.
    page.waitForFunction("() => { const t = document.querySelector('video').textTracks[0];"
      + " return t && t.mode === 'showing' && t.activeCues && t.activeCues.length > 0 }");
    assertEquals("社区新开了老年助餐点，中午十一点开饭。",
      page.evaluate("() => document.querySelector('video').textTracks[0].activeCues[0].text"));
    page.context().close();
  }

  @Test
  void chaptersTheHostTitledAreListedAndSeek() {
    Http.Reply put = http.raw(HttpMethod.PUT, "/api/episodes/" + data.archivedId + "/chapters",
      "[{\"start\": 0, \"title\": \"开场\"}, {\"start\": 6, \"title\": \"助餐点<b>介绍</b>\"}]", "application/json");
    assertEquals(200, put.status(), put.body());
    Page page = browser.open("/episodes/" + data.archivedId, Size.PHONE);
    Locator chapters = page.locator("ol.chapters button");
    assertThat(chapters).hasText(new String[] {"0:00 开场", "0:06 助餐点<b>介绍</b>"});
    page.waitForFunction("() => document.querySelector('video')?.readyState >= 1");
    chapters.nth(1).click();
    page.waitForFunction("() => Math.abs(document.querySelector('video').currentTime - 6) < 0.5");
    assertThat(chapters.nth(1)).hasAttribute("aria-current", "true");
    page.context().close();
  }

  @Test
  void highlightedHostileTitlesStayText() {
    Page page = browser.open("/search?q=" + URLEncoder.encode("就医", StandardCharsets.UTF_8), Size.DESKTOP);
    Locator title = page.locator("li.result h2").filter(new Locator.FilterOptions().setHasText("onerror"));
    assertThat(title).containsText(Residents.ARCHIVED_TITLE);
    assertThat(title.locator("mark")).hasText("就医");
    ResidentPagesWebTest.textOnly(page);
    browser.screenshot(page, "search", Size.DESKTOP);
    page.context().close();
  }

  @Test
  void nothingFoundIsSaid() {
    Page page = browser.open("/search?q=" + URLEncoder.encode("量子色动力学", StandardCharsets.UTF_8), Size.PHONE);
    assertThat(page.getByRole(AriaRole.MAIN)).containsText("没有找到相关节目");
    page.context().close();
  }
}
