package lianxin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import lianxin.support.Await;
import lianxin.support.Browser;
import lianxin.support.Browser.Size;
import lianxin.support.Http;
import lianxin.support.Publisher;
import lianxin.support.Seed;
import lianxin.support.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live parts of the web, on a phone, against the test node's own nginx-rtmp: 推流设置 on the host desk (the
 * address and the key to copy, by clipboard or selected by hand, a new key, the unscheduled setting), and the
 * episode page playing a stream FFmpeg publishes as OBS would.
 */
@ExtendWith(VertxExtension.class)
@Slow
class LiveWebTest {

  static final String PASSWORD = "correct horse battery";

  /** A browser that estimates its link at this many Mbps (Chromium's navigator.connection). */
  static String link(double mbps) {
    return "Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ downlink: " + mbps
      + ", effectiveType: '4g' }) });";
  }

  @Test
  void aHostCopiesTheAddressAndKeyAndRotatesTheKey(Vertx vertx) {
    Http admin = Http.local(vertx);
    long room = new Seed(admin).room();
    String host = Seed.unique("host");
    assertEquals(201, admin.post("/api/users", new JsonObject().put("username", host).put("password", PASSWORD)
      .put("role", "host").put("roomIds", new JsonArray().add(room))).status());
    JsonObject ingest = admin.get("/api/rooms/" + room + "/ingest").json();

    try (Browser browser = new Browser()) {
      Page page = browser.open("/signin", Size.PHONE);
      page.context().grantPermissions(List.of("clipboard-read", "clipboard-write"));
      var reply = page.request().post(browser.base + "/api/session", RequestOptions.create()
        .setData(new JsonObject().put("username", host).put("password", PASSWORD).encode())
        .setHeader("Content-Type", "application/json"));
      assertEquals(200, reply.status(), reply.text());
      page.navigate(browser.base + "/host");
      Locator panel = page.locator("[data-testid=ingest]");
      Locator url = panel.locator("[data-testid=ingest-url]");
      Locator key = panel.locator("[data-testid=ingest-key]");
      url.waitFor();
      assertEquals(ingest.getString("url"), url.inputValue());
      assertEquals(ingest.getString("streamKey"), key.inputValue());
      // The key is hidden until asked for.
      assertEquals("password", key.getAttribute("type"));
      button(panel, "显示").click();
      assertEquals("text", key.getAttribute("type"));
      button(panel, "显示").click();
      assertEquals("password", key.getAttribute("type"));

      button(panel, "复制 推流码").click();
      panel.getByText("已复制").waitFor();
      assertEquals(ingest.getString("streamKey"), page.evaluate("() => navigator.clipboard.readText()"));
      button(panel, "复制 服务器地址").click();
      page.waitForCondition(() -> ingest.getString("url").equals(page.evaluate("() => navigator.clipboard.readText()")));

      // Where the page may not write to the clipboard: the address shown selected, to copy by hand.
      page.evaluate("() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true })");
      button(panel, "复制 服务器地址").click();
      panel.locator("[data-testid=ingest-by-hand]").waitFor();
      assertEquals(ingest.getString("url"), page.evaluate(
        "() => { const e = document.activeElement; return e.value.substring(e.selectionStart, e.selectionEnd) }"));

      // A new key, after a confirmation that says the old one stops working.
      List<String> asked = new ArrayList<>();
      page.onDialog(d -> {
        asked.add(d.message());
        d.accept();
      });
      button(panel, "更换推流码").click();
      panel.getByText("推流码已更换").waitFor();
      assertTrue(asked.size() == 1 && asked.get(0).contains("旧的推流码立即失效"), asked.toString());
      String rotated = admin.get("/api/rooms/" + room + "/ingest").json().getString("streamKey");
      assertNotEquals(ingest.getString("streamKey"), rotated);
      assertEquals(rotated, key.inputValue());
      assertEquals("text", key.getAttribute("type"), "a new key is shown, to be typed into the encoder");

      // Outside every episode's window: refused from now on.
      assertTrue(panel.getByLabel("允许临时直播（自动新建一期节目）").isChecked());
      panel.getByLabel("拒绝推流").check();
      panel.getByText("已保存。").waitFor();
      assertEquals("refuse", admin.get("/api/rooms/" + room + "/ingest").json().getString("unscheduled"));

      panel.locator("summary").click();
      assertTrue(panel.innerText().contains("关键帧间隔 2 秒") && panel.innerText().contains("第三方推流"), panel.innerText());
      // The shot without the key in it.
      button(panel, "显示").click();
      panel.scrollIntoViewIfNeeded();
      browser.screenshot(page, "host-desk-ingest", Size.PHONE);
      browser.assertAccessible(page);
      browser.assertClean();
    }
  }

  @Test
  void theEpisodePagePlaysTheLiveStream(Vertx vertx) throws Exception {
    Http admin = Http.local(vertx);
    Seed seed = new Seed(admin);
    long room = seed.room();
    OffsetDateTime starts = OffsetDateTime.now().plusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
    long id = seed.episode(room, "直播议事会", starts.toString(), starts.plusHours(1).toString()).getLong("id");
    JsonObject ingest = admin.get("/api/rooms/" + room + "/ingest").json();
    String publish = ingest.getString("url").replace("localhost", "127.0.0.1") + "/" + ingest.getString("streamKey");

    try (Publisher publisher = Publisher.start(publish, 90); Browser browser = new Browser()) {
      JsonObject live = Await.until("the episode live", Duration.ofSeconds(30), () -> admin.get("/api/episodes/" + id).json(),
        e -> "live".equals(e.getString("status")) && e.getJsonObject("live") != null);
      String hls = live.getJsonObject("live").getString("hls");
      // A resident who opens the page once the stream is up: its first rendition already lists three segments (the
      // player's start, 6 s behind the edge). A page opened earlier keeps asking; that wait is not what this checks.
      Await.until("three live segments", Duration.ofSeconds(60), () -> liveSegments(admin, hls), n -> n >= 3);

      // A phone on a good link (the browser estimates 10 Mbps) starts two segments (4 s) behind the edge.
      Page page = browser.open("/episodes/" + id, Size.PHONE, link(10));
      Locator player = page.locator("[data-testid=live-player]");
      player.waitFor();
      com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(player).hasAttribute("data-start-segments", "2");
      // 直播中 once: the episode's status badge (the player does not repeat it).
      String text = page.locator("article.episode").innerText();
      assertEquals(1, text.split("直播中", -1).length - 1, text);
      // The room's platform accounts are still named beside Lianxin's own stream.
      page.getByText("也可以在这些账号观看").waitFor();
      // Playing beats at once (then every 30 s): this phone is one live viewer, on the page and in the API.
      var beat = page.waitForResponse(r -> r.url().endsWith("/api/episodes/" + id + "/live-plays"),
        () -> player.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("▶ 播放")).click());
      assertEquals(200, beat.status(), beat.text());
      assertTrue(new JsonObject(beat.request().postData()).getString("sessionId").matches("[0-9a-f]{32}"), beat.request().postData());
      try {
        page.waitForCondition(() -> player.innerText().contains("1 人在看"), new Page.WaitForConditionOptions().setTimeout(5_000));
      } catch (com.microsoft.playwright.PlaywrightException e) {
        throw new AssertionError(player.innerHTML() + " " + browser.consoleErrors, e);
      }
      assertEquals(1, admin.get("/api/episodes/" + id).json().getJsonObject("live").getLong("viewers"));
      page.waitForFunction("() => { const v = document.querySelector('video'); return v && v.readyState >= 2 && !v.paused && v.currentTime > 0 }",
        null, new Page.WaitForFunctionOptions().setTimeout(60_000));
      double first = ((Number) page.evaluate("() => document.querySelector('video').currentTime")).doubleValue();
      page.waitForFunction("t => document.querySelector('video').currentTime > t + 2", first,
        new Page.WaitForFunctionOptions().setTimeout(30_000));
      assertTrue(browser.requests.stream().anyMatch(r -> r.endsWith(hls)), "the live master playlist was loaded");
      // The pause button in words every font has (⏸ drew an empty box in Debian's Chromium).
      page.waitForCondition(() -> "暂停".equals(player.locator("button.play").innerText()));
      // Near the live edge, not from the playlist's first segment.
      Object lag = page.evaluate("() => { const v = document.querySelector('video'); return v.seekable.end(v.seekable.length - 1) - v.currentTime }");
      assertTrue(((Number) lag).doubleValue() < 12, "behind the edge by " + lag);
      assertEquals(0, page.locator("input[type=range]").count(), "no seek bar while live");
      browser.screenshot(page, "episode-live", Size.PHONE);
      browser.assertAccessible(page);
      // A weak link (2 Mbps, counted at 70%) starts three segments (6 s) behind, with room for the signal to dip.
      Page weak = browser.open("/episodes/" + id, Size.PHONE, link(2));
      com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(weak.locator("[data-testid=live-player]"))
        .hasAttribute("data-start-segments", "3");
      weak.close();

      // 只听声音: the audio-only rendition.
      player.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("只听声音")).click();
      page.waitForCondition(() -> browser.requests.stream().anyMatch(r -> r.contains("/media/live/" + id + "/audio/")));
      page.waitForFunction("() => { const v = document.querySelector('video'); return v.readyState >= 2 && !v.paused }",
        null, new Page.WaitForFunctionOptions().setTimeout(30_000));
      assertTrue(player.innerText().contains("正在收听直播"), player.innerText());

      // The room's host at the desk while the stream comes in: 推流状态 with what the receiving node measured.
      String host = Seed.unique("host");
      assertEquals(201, admin.post("/api/users", new JsonObject().put("username", host).put("password", PASSWORD)
        .put("role", "host").put("roomIds", new JsonArray().add(room))).status());
      Page desk = browser.open("/signin", Size.PHONE);
      var signedIn = desk.request().post(browser.base + "/api/session", RequestOptions.create()
        .setData(new JsonObject().put("username", host).put("password", PASSWORD).encode())
        .setHeader("Content-Type", "application/json"));
      assertEquals(200, signedIn.status(), signedIn.text());
      desk.navigate(browser.base + "/host");
      Locator health = desk.locator("[data-testid=ingest-health]");
      com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(health).containsText("关键帧间隔",
        new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
      assertTrue(health.innerText().contains("正在推流"), health.innerText());
      // The resident still listening on the episode page counts as watching on Lianxin.
      com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(desk.locator("[data-testid=ingest-watching]"))
        .hasText("1 人在连心观看");
      assertTrue(health.innerText().contains("25 帧/秒"), health.innerText());
      assertTrue(health.innerText().contains("不超过 2 秒"), health.innerText());
      assertTrue(health.innerText().matches("(?s).*码率\\s*\\d+ kbps.*"), health.innerText());
      assertEquals(0, health.getByRole(AriaRole.ALERT).count(), "keyframes every 2 s: no warning");
      health.scrollIntoViewIfNeeded();
      browser.screenshot(desk, "host-desk-ingest-live", Size.PHONE);
      browser.assertAccessible(desk);
      browser.assertClean();
    }
  }

  static Locator button(Locator in, String name) {
    return in.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
  }

  /** How many segments the live master's first rendition lists now (0 while it is not written yet). */
  private static long liveSegments(Http http, String master) {
    Http.Reply reply = http.get(master);
    if (reply.status() != 200) {
      return 0;
    }
    String variant = reply.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElse(null);
    if (variant == null) {
      return 0;
    }
    Http.Reply playlist = http.get(master.substring(0, master.lastIndexOf('/') + 1) + variant);
    return playlist.status() != 200 ? 0 : playlist.body().lines().filter(l -> l.startsWith("#EXTINF")).count();
  }
}
