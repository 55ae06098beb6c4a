package lianxin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lianxin.support.Browser.Size;
import lianxin.support.Browser;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The harness itself: the built app is served with the right caching, deep links load it, Chromium renders it. */
@ExtendWith(VertxExtension.class)
@Slow
class SmokeWebTest {

  static Browser browser;

  @BeforeAll
  static void start() {
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void deepLinksLoadTheAppInChineseAndItSwitchesToEnglish() {
    Page page = browser.open("/rooms/999999999", Size.PHONE);
    page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
      new Page.GetByRoleOptions().setName("English")).click();
    // The English words are a chunk fetched on the first switch: wait for them rather than read the header at once.
    com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.locator("header nav")).containsText("Home");
    assertEquals("en", page.locator("html").getAttribute("lang"));
    page.context().close();

    Page home = browser.open("/", Size.DESKTOP);
    home.getByRole(com.microsoft.playwright.options.AriaRole.HEADING, new Page.GetByRoleOptions().setName("正在直播")).waitFor();
    browser.assertAccessible(home);
    home.context().close();

    Page search = browser.open("/search?q=%E7%89%A9%E4%B8%9A", Size.DESKTOP);
    assertEquals("zh-CN", search.locator("html").getAttribute("lang"));
    assertTrue(search.locator("header").innerText().contains("连心"), search.locator("header").innerText());
    search.context().close();
  }

  @Test
  void pagesRevalidateHashedAssetsAreKeptAYearMissingFilesAre404(Vertx vertx) {
    // An episode of its own: the page for a missing one is a 404 (the suite's other tests need not have run first).
    Seed seed = new Seed(Http.local(vertx));
    long episode = seed.episode(seed.room(), "缓存检查", "2031-03-01T19:30:00+08:00", "2031-03-01T20:30:00+08:00").getLong("id");
    Page page = browser.open("/", Size.DESKTOP);
    APIResponse index = page.request().get(browser.base + "/episodes/" + episode + "?t=30");
    assertEquals(200, index.status());
    assertTrue(index.headers().get("content-type").startsWith("text/html"), index.headers().toString());
    assertEquals("no-cache", index.headers().get("cache-control"));
    assertEquals("no-cache", page.request().get(browser.base + "/").headers().get("cache-control"));

    Matcher asset = Pattern.compile("/assets/[^\"]+\\.js").matcher(index.text());
    assertTrue(asset.find(), index.text());
    APIResponse js = page.request().get(browser.base + asset.group());
    assertEquals(200, js.status());
    assertTrue(js.headers().get("cache-control").contains("max-age=31536000"), js.headers().toString());

    assertEquals(404, page.request().get(browser.base + "/assets/nothing-here.js").status());
    assertEquals(404, page.request().get(browser.base + "/nothing-here.png").status());
    assertEquals(404, page.request().get(browser.base + "/media/nothing/here").status());
    APIResponse api = page.request().get(browser.base + "/api/nothing-here");
    assertEquals(404, api.status());
    assertTrue(api.headers().get("content-type").startsWith("application/json"), api.headers().toString());
    page.context().close();
    browser.assertClean();
  }
}
