package lianxin.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
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
 * On a phone: 分享此刻 copies the title and a link to the second being watched (and where the clipboard is refused,
 * as in WeChat's browser, shows that text selected); a browser without Media Source Extensions, playing HLS itself
 * as an iPhone does, still starts at ?t=; the language switch is out of the way, at the foot of the page.
 */
@ExtendWith(VertxExtension.class)
@Slow
class ShareWebTest {

  /** As in WeChat's browser: the page may not write to the clipboard. */
  static final String NO_CLIPBOARD = "Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => ({"
    + " writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) }) });";
  /** As on an iPhone before iOS 17.1: no Media Source Extensions, so the browser's own HLS plays. */
  static final String NO_MSE = "delete window.MediaSource; delete window.ManagedMediaSource; delete window.WebKitMediaSource;";

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
    if (browser != null) {
      browser.close();
    }
  }

  @AfterEach
  void nothingRanNothingLeaked() {
    browser.assertClean();
  }

  String episode() {
    return "/episodes/" + data.archivedId;
  }

  static void playingFrom(Page page, double second) {
    // A minute: the browser's own HLS on a machine other builds keep busy took longer than the usual 15 s once.
    page.waitForFunction("s => { const v = document.querySelector('video'); return v && v.readyState >= 2 && v.currentTime >= s }",
      second, new Page.WaitForFunctionOptions().setTimeout(60_000));
  }

  String expected(int second) {
    return "第115期 " + Residents.ARCHIVED_TITLE + " " + browser.base + episode() + "?t=" + second;
  }

  @Test
  void shareThisMomentCopiesTheTitleAndALinkToThisSecond() {
    Page page = browser.blank(Size.PHONE, PlayerWebTest.NO_ESTIMATE);
    page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"), new com.microsoft.playwright.BrowserContext
      .GrantPermissionsOptions().setOrigin(browser.base));
    browser.go(page, episode() + "?t=7");
    playingFrom(page, 6.9);
    page.getByTestId("share-moment").click();
    assertThat(page.locator(".share [role=status]")).containsText("已复制");
    assertEquals(expected(7), page.evaluate("() => navigator.clipboard.readText()"));
    assertEquals(0, page.locator("#share-text").count(), "copied: nothing to copy by hand");
    page.context().close();
  }

  @Test
  void whereTheClipboardIsRefusedTheLinkShowsSelected() {
    Page page = browser.open(episode() + "?t=5", Size.PHONE, PlayerWebTest.NO_ESTIMATE + NO_CLIPBOARD);
    playingFrom(page, 4.9);
    page.getByTestId("share-moment").click();
    Locator box = page.locator("#share-text");
    assertThat(box).isVisible();
    assertThat(box).hasValue(expected(5));
    assertThat(page.getByText("请长按复制这个链接：")).isVisible();
    // Selected and focused: one long press (or Ctrl+C) copies it.
    assertEquals(true, page.evaluate("() => { const b = document.getElementById('share-text');"
      + " return document.activeElement === b && b.selectionStart === 0 && b.selectionEnd === b.value.length }"));
    browser.assertAccessible(page);
    browser.screenshot(page, "episode-share", Size.PHONE);
    page.context().close();
  }

  @Test
  void withoutMediaSourceTheBrowsersOwnHlsStartsAtTheLinkedSecond() {
    browser.requests.clear();
    Page page = browser.open(episode() + "?t=9", Size.PHONE, NO_MSE);
    playingFrom(page, 8.9);
    // The browser's own player has the master playlist.
    assertTrue(((String) page.evaluate("() => document.querySelector('video').src")).endsWith("/master.m3u8"));
    assertFalse(browser.requests.stream().anyMatch(u -> u.contains("/assets/") && u.contains("hls")), browser.requests.toString());
    double at = ((Number) page.evaluate("() => document.querySelector('video').currentTime")).doubleValue();
    assertTrue(at >= 8.9 && at < 10, "at " + at);
    page.context().close();
  }

  @Test
  void withoutMediaSourceATapWhileLoadingWinsOverTheLinkedSecond() {
    // The master playlist is held back: the resident taps 后退15秒 before the browser knows the stream.
    List<com.microsoft.playwright.Route> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    Page page = browser.blank(Size.PHONE, NO_MSE);
    page.route(url -> url.endsWith("/master.m3u8"), held::add);
    browser.go(page, episode() + "?t=9");
    page.waitForCondition(() -> !held.isEmpty());
    page.getByText("后退15秒").click();
    held.forEach(com.microsoft.playwright.Route::resume);
    page.waitForFunction("() => { const v = document.querySelector('video'); return v && v.readyState >= 2 }", null,
      new Page.WaitForFunctionOptions().setTimeout(60_000));
    page.waitForTimeout(500);
    double at = ((Number) page.evaluate("() => document.querySelector('video').currentTime")).doubleValue();
    assertTrue(at < 1, "the tap asked for 0:00, the player is at " + at);
    page.context().close();
  }

  @Test
  void onAPhoneTheLanguageSwitchWaitsAtTheFootOfThePage() {
    Page page = browser.open("/", Size.PHONE);
    Locator header = page.getByTestId("lang-header");
    Locator footer = page.getByTestId("lang-footer");
    assertThat(page.locator("header.top nav a").first()).isVisible();
    assertThat(header).isHidden();
    assertThat(footer).isVisible();
    assertThat(footer).hasAttribute("lang", "en");
    // Below everything the page is for, not in the header at the top of the screen.
    BoundingBox main = page.locator("main").boundingBox();
    BoundingBox foot = footer.boundingBox();
    assertTrue(foot.y >= main.y + main.height, "footer at " + foot.y + ", main ends at " + (main.y + main.height));
    // Every button in the header is something residents use; none of them says English.
    for (String text : page.locator("header.top").locator("a:visible, button:visible").allTextContents()) {
      assertFalse(text.contains("English"), text);
    }
    browser.assertAccessible(page);
    browser.screenshot(page, "home-language", Size.PHONE);
    footer.click();
    assertThat(page.locator("html")).hasAttribute("lang", "en");
    assertThat(page.locator("header.top nav")).containsText("Home");
    assertThat(footer).hasText("切换为中文");
    page.evaluate("() => localStorage.removeItem('lianxin.lang')");
    page.context().close();

    Page desktop = browser.open("/", Size.DESKTOP);
    assertThat(desktop.getByTestId("lang-header")).isVisible();
    assertThat(desktop.getByTestId("lang-footer")).isHidden();
    browser.screenshot(desktop, "home-language", Size.DESKTOP);
    desktop.context().close();
  }
}
