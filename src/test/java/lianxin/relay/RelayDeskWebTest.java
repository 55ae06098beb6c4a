package lianxin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import lianxin.db.Databases;
import lianxin.net.AllowList;
import lianxin.net.Egress;
import lianxin.support.Browser;
import lianxin.support.Browser.Size;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import lianxin.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 推流目标 on the host desk, on a phone: a host adds two platforms (one working, one refusing), sees the keys masked
 * once saved and a bad URL explained under its field, then goes live and watches one target connect while the other
 * retries with its reason.
 */
@ExtendWith(VertxExtension.class)
@Slow
class RelayDeskWebTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final String PASSWORD = "correct horse battery";
  static final String SECRET = "0123456789abcdef";

  @Test
  void aHostSetsUpRelaysAndWatchesThemWhileLive(Vertx vertx) throws Exception {
    Http admin = Http.local(vertx);
    Seed seed = new Seed(admin);
    long room = seed.room();
    String host = Seed.unique("host");
    assertEquals(201, admin.post("/api/users", new JsonObject().put("username", host).put("password", PASSWORD)
      .put("role", "host").put("roomIds", new JsonArray().add(room))).status());
    ZonedDateTime starts = ZonedDateTime.now(SHANGHAI).plusMinutes(5).truncatedTo(ChronoUnit.MINUTES);
    DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:00XXX");
    long episode = seed.episode(room, "社区议事会直播", starts.format(minute), starts.plusHours(1).format(minute)).getLong("id");

    try (RtmpRig rig = new RtmpRig(); Browser browser = new Browser()) {
      rig.publish("desk-" + room);
      int platform = rig.platform(rig.dir.resolve("douyin.flv"));
      int closed = rig.closedPort();

      Page page = browser.open("/signin", Size.PHONE);
      var reply = page.request().post(browser.base + "/api/session", RequestOptions.create()
        .setData(new JsonObject().put("username", host).put("password", PASSWORD).encode())
        .setHeader("Content-Type", "application/json"));
      assertEquals(200, reply.status(), reply.text());
      page.navigate(browser.base + "/host");
      Locator panel = page.locator("[data-testid=relays]");
      panel.locator("h3").waitFor();
      assertTrue(panel.innerText().contains("还没有推流目标"));

      button(panel, "添加推流目标").click();
      panel.locator("[data-testid=relay-row-0] input[type=text]").fill("rtmp://127.0.0.1:" + platform + "/live/stream-douyin-" + SECRET);
      button(panel, "添加推流目标").click();
      panel.locator("[data-testid=relay-row-1] select").selectOption("kuaishou");
      panel.locator("[data-testid=relay-row-1] input[type=text]").fill("rtmp://127.0.0.1:" + closed + "/live/stream-ks-" + SECRET);
      button(panel, "添加推流目标").click();
      panel.locator("[data-testid=relay-row-2] input[type=text]").fill("http://127.0.0.1/live/x");
      button(panel, "保存推流目标").click();
      // The refusal sits under the field it names; nothing was saved.
      Locator refusal = panel.locator("[data-testid=relay-row-2] .error");
      refusal.waitFor();
      assertTrue(refusal.innerText().contains("rtmp://"), refusal.innerText());
      assertEquals(0, admin.get("/api/rooms/" + room + "/relays").items().size());

      panel.locator("[data-testid=relay-row-2]").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("删除")).click();
      button(panel, "保存推流目标").click();
      panel.locator("text=推流目标已保存。").waitFor();
      // Saved: the inputs are empty again, each key shown masked beside them, never whole.
      assertEquals("", panel.locator("[data-testid=relay-row-0] input[type=text]").inputValue());
      assertTrue(panel.innerText().contains("/live/st…ef"), panel.innerText());
      assertFalse(page.content().contains(SECRET), "a whole key on the page");
      assertEquals(2, admin.get("/api/rooms/" + room + "/relays").items().size());

      // Live: the host presses 开始直播 (here through the API) and the ingest hands the stream to the relays.
      assertEquals(200, admin.post("/api/episodes/" + episode + "/start", new JsonObject()).status());
      lianxin.support.Await.until("the test pattern on the ingest", Duration.ofSeconds(30), () -> rig.live("desk-" + room));
      Pool pool = Databases.pool(vertx, Databases.options(TestDb.url()), 2);
      AllowList allow = new AllowList(List.of("127.0.0.1"));
      Egress egress = new Egress(vertx, allow);
      egress.start().await();
      Relays relays = new Relays(vertx, pool, Sealer.load(null, TestServer.mediaDir().getParent().resolve("secret.key")),
        allow, egress, "ffmpeg", new RelayConfig(null, Duration.ofSeconds(4)));
      relays.start().await();
      try {
        relays.start(room, episode, rig.ingest("desk-" + room)).await();
        page.reload();
        showWeek(page, starts.toLocalDate());
        Locator states = page.locator("[data-testid=relay-states]");
        states.locator("li[data-state=connected]").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
        states.locator("li[data-state=retrying]").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
        String shown = states.innerText();
        assertTrue(shown.contains("抖音") && shown.contains("已连接") && shown.contains("kbps"), shown);
        assertTrue(shown.contains("快手") && shown.contains("重试中") && shown.contains("平台拒绝连接"), shown);
        assertFalse(page.content().contains(SECRET), "a whole key on the page");
        browser.screenshot(page, "host-desk-relays", Size.PHONE);
        browser.assertAccessible(page);
      } finally {
        relays.stop().await();
        egress.stop().await();
        pool.close().await();
      }
      // Chromium logs the refused save (asked for above, and explained under its field).
      assertTrue(browser.consoleErrors.removeIf(e -> e.contains("422")), browser.consoleErrors.toString());
      browser.assertClean();
    }
  }

  static Locator button(Locator in, String name) {
    return in.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
  }

  /** The desk's calendar on the week of {@code day} (the relays' live state follows the live episode of that week). */
  static void showWeek(Page page, LocalDate day) {
    LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    Locator title = page.locator("#week-h");
    title.waitFor();
    for (int i = 0; i < 4; i++) {
      String shown = title.innerText().substring(0, 10);
      if (shown.equals(monday.toString())) {
        return;
      }
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("下一周").setExact(true)).click();
      page.waitForCondition(() -> !title.innerText().startsWith(shown));
    }
  }
}
