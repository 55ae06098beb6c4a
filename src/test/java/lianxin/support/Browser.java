package lianxin.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless Chromium driven by Playwright against the shared {@link TestServer}, which serves the built
 * front-end (web/dist). One browser per test class; each {@link #open} is a fresh context (no cookies carried over)
 * that records console errors, uncaught page errors and every request to a host other than the test server.
 */
public final class Browser implements AutoCloseable {

  public static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Path WEB_DIST = Path.of("web", "dist", "index.html");
  private static final Path AXE = Path.of("web", "node_modules", "axe-core", "axe.min.js");
  private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

  /** The two widths every page is looked at: a common phone and a small laptop. */
  public enum Size {
    PHONE(390, 844, true), DESKTOP(1280, 800, false);

    final int width;
    final int height;
    final boolean mobile;

    Size(int width, int height, boolean mobile) {
      this.width = width;
      this.height = height;
      this.mobile = mobile;
    }
  }

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;
  public final String base;
  /** What went wrong in any page of this browser; tests assert these stay empty. */
  public final List<String> consoleErrors = Collections.synchronizedList(new ArrayList<>());
  public final List<String> foreignRequests = Collections.synchronizedList(new ArrayList<>());
  /** Every URL any page of this browser asked for, in order. */
  public final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  public Browser() {
    assertTrue(Files.isRegularFile(WEB_DIST),
      "web/dist is not built: run scripts/test, or (cd web && npm ci && npm run build)");
    base = "http://localhost:" + TestServer.port();
    playwright = playwright();
    browser = launch(playwright, CHROMIUM);
  }

  /** Playwright, which must never download a browser of its own. */
  public static Playwright playwright() {
    return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  /** Headless Chromium at {@code executable}, as the browser tests and the benches launch it. */
  public static com.microsoft.playwright.Browser launch(Playwright playwright, String executable) {
    return playwright.chromium().launch(new BrowserType.LaunchOptions()
      .setExecutablePath(Path.of(executable))
      .setHeadless(true)
      // Keep Chromium from reaching out on its own (updates, field trials), so any request elsewhere is the page's.
      .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run")));
  }

  /** A new page (own context: no cookies, storage or cache carried over) at {@code path} of the test server. */
  public Page open(String path, Size size) {
    return open(path, size, null);
  }

  /** As {@link #open(String, Size)}, with a script that runs in the page before its own (to stand in for another browser). */
  public Page open(String path, Size size, String initScript) {
    Page page = blank(size, initScript);
    page.navigate(base + path);
    return page;
  }

  /** A new page that has not gone anywhere yet: to set up routes first, then {@link #go}. */
  public Page blank(Size size, String initScript) {
    BrowserContext context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
      .setViewportSize(size.width, size.height).setIsMobile(size.mobile).setHasTouch(size.mobile)
      .setLocale("zh-CN").setTimezoneId("Asia/Shanghai"));
    context.setDefaultTimeout(15_000);
    if (initScript != null) {
      context.addInitScript(initScript);
    }
    Page page = context.newPage();
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type())) {
        consoleErrors.add(page.url() + ": " + m.text());
      }
    });
    page.onPageError(e -> consoleErrors.add(page.url() + ": uncaught " + e));
    page.onRequest(r -> {
      requests.add(r.url());
      URI uri = URI.create(r.url());
      boolean local = ("http".equals(uri.getScheme()) && "localhost".equals(uri.getHost())
        && base.endsWith(":" + uri.getPort())) || "data".equals(uri.getScheme()) || "blob".equals(uri.getScheme());
      if (!local) {
        foreignRequests.add(page.url() + " -> " + r.url());
      }
    });
    return page;
  }

  /** Takes {@code page} to {@code path} of the test server. */
  public Page go(Page page, String path) {
    page.navigate(base + path);
    return page;
  }

  /** Saves a full-page screenshot as target/screenshots/{name}-{phone|desktop}.png; the page must fit its width. */
  public Path screenshot(Page page, String name, Size size) {
    Object wide = page.evaluate("() => document.documentElement.scrollWidth");
    assertTrue(((Number) wide).intValue() <= size.width, page.url() + " is " + wide + " px wide, wider than " + size);
    Path file = SCREENSHOTS.resolve(name + "-" + size.name().toLowerCase() + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }

  /** Runs axe-core (from web/node_modules) on the page and fails on any serious or critical violation. */
  public void assertAccessible(Page page) {
    assertTrue(Files.isRegularFile(AXE), "axe-core is missing: run (cd web && npm ci)");
    // Served as if from the test server: the page's CSP (script-src 'self') refuses an inline copy, and it should
    // stay on while axe looks.
    String url = base + "/__test/axe.min.js";
    page.route(url, route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
      .setPath(AXE).setContentType("text/javascript")));
    page.addScriptTag(new Page.AddScriptTagOptions().setUrl(url));
    Object raw = page.evaluate("async () => JSON.stringify((await axe.run(document, {resultTypes: ['violations']})).violations)");
    JsonArray violations = new JsonArray((String) raw);
    List<String> bad = new ArrayList<>();
    for (Object o : violations) {
      JsonObject v = (JsonObject) o;
      String impact = v.getString("impact");
      if ("serious".equals(impact) || "critical".equals(impact)) {
        List<String> targets = new ArrayList<>();
        for (Object n : v.getJsonArray("nodes")) {
          targets.add(((JsonObject) n).getJsonArray("target").encode());
        }
        bad.add(impact + " " + v.getString("id") + ": " + v.getString("help") + " at " + targets);
      }
    }
    assertEquals(List.of(), bad, "axe on " + page.url());
  }

  /**
   * Fails when a hostile name or title ran as markup: its handler set {@code window.__xss}, or its image, SVG, frame
   * or script made it into the page's main content.
   */
  public void assertTextOnly(Page page) {
    assertEquals(true, page.evaluate("() => window.__xss === undefined"), "a title ran as markup on " + page.url());
    assertEquals(0, page.locator("main img[src='x'], main img[src='/x.png'], main svg, main iframe, main script").count());
  }

  /** Fails when any page so far logged an error or asked another host for anything. */
  public void assertClean() {
    assertEquals(List.of(), List.copyOf(consoleErrors), "console errors");
    assertEquals(List.of(), List.copyOf(foreignRequests), "requests to other hosts");
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
