package lianxin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import lianxin.support.Browser.Size;
import lianxin.support.Browser;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The officials' dashboard in a real browser: the figures it shows are the ones the API reports. */
@ExtendWith(VertxExtension.class)
@Slow
class DashboardWebTest {

  static final String HOSTILE = "<b>粗体</b><script>alert(1)</script>直播间";
  static final String PASSWORD = "correct horse battery";
  static final String PERIOD = "from=2024-01-01&to=2024-12-31";

  static Browser browser;
  static Http admin;
  static long district;
  static long community;
  static String official;

  @BeforeAll
  static void start(Vertx vertx) {
    admin = Http.local(vertx);
    Seed seed = new Seed(admin);
    district = seed.org("回民区", "district", null);
    long subdistrict = seed.org("呼伦北路街道", "subdistrict", district);
    community = seed.org("奔腾社区", "community", subdistrict);
    long bridge = seed.room(subdistrict, 114, "Asia/Shanghai");
    long benteng = seed.room(community, 0, "Asia/Shanghai");
    assertEquals(200, admin.patch("/api/rooms/" + benteng, new JsonObject().put("name", HOSTILE)).status());

    aired(bridge, "2024-09-04", 12_000, 2_000, 300, 100);
    aired(bridge, "2024-09-11", 8_000, 1_000, 100, 50);
    aired(bridge, "2024-10-02", 15_300, 900, 120, 80);
    aired(benteng, "2024-10-09", 2_100, 300, 40, 10);
    aired(benteng, "2024-11-13", 900, 80, 5, 2);
    followers(bridge, "2024-01-05", 12_000);
    followers(bridge, "2024-12-20", 14_400);
    followers(benteng, "2024-03-01", 800);
    followers(benteng, "2024-11-30", 1_350);

    official = Seed.unique("official");
    assertEquals(201, admin.post("/api/users", new JsonObject().put("username", official).put("password", PASSWORD)
      .put("role", "official").put("orgId", district)).status());
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  static void aired(long room, String day, int views, int likes, int comments, int shares) {
    long id = new Seed(admin).episode(room, "便民服务" + day, day + "T19:30:00+08:00", day + "T20:30:00+08:00").getLong("id");
    assertEquals(200, admin.raw(io.vertx.core.http.HttpMethod.PUT, "/api/episodes/" + id + "/metrics",
      new JsonObject().put("platform", "douyin").put("views", views).put("likes", likes).put("comments", comments)
        .put("shares", shares).encode(), "application/json").status());
  }

  static void followers(long room, String day, int count) {
    assertEquals(201, admin.post("/api/rooms/" + room + "/followers", new JsonObject().put("platform", "douyin")
      .put("count", count).put("at", day + "T12:00:00+08:00")).status());
  }

  static Page signedIn(String path, Size size) {
    Page page = browser.open("/signin", size);
    APIResponse reply = page.request().post(browser.base + "/api/session", RequestOptions.create()
      .setData(new JsonObject().put("username", official).put("password", PASSWORD).encode())
      .setHeader("Content-Type", "application/json"));
    assertEquals(200, reply.status(), reply.text());
    page.navigate(browser.base + path);
    return page;
  }

  /** What the page shows for each headline figure must be the API's figure for the same filters, as people read it. */
  static void assertHeadlineMatches(Page page, String query) {
    JsonObject totals = admin.get("/api/stats/overview?" + query + "&groupBy=room").json().getJsonObject("totals");
    page.waitForCondition(() -> page.locator("[data-figure=views] dd").isVisible()
      && page.url().contains(query.substring(0, query.indexOf('&'))));
    Double rate = totals.getDouble("engagementRate");
    String[][] expected = {
      {"rooms", String.valueOf(totals.getLong("rooms"))},
      {"episodesAired", String.valueOf(totals.getLong("episodesAired"))},
      {"followers", totals.getString("followersLabel")},
      {"followerGrowth", totals.getString("followerGrowthLabel")},
      {"views", totals.getString("viewsLabel")},
      {"engagementRate", rate == null ? "—" : String.format(Locale.ROOT, "%.1f%%", rate * 100)},
    };
    for (String[] figure : expected) {
      Locator value = page.locator("[data-figure=" + figure[0] + "] dd");
      page.waitForCondition(() -> figure[1].equals(value.innerText()),
        new Page.WaitForConditionOptions().setTimeout(10_000));
      assertEquals(figure[1], value.innerText(), figure[0]);
    }
  }

  @Test
  void officialSignsInAndSeesTheNumbersTheApiReports() {
    Page page = browser.open("/signin", Size.DESKTOP);
    page.getByLabel("用户名").fill(official);
    page.getByLabel("密码").fill(PASSWORD);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).last().click();
    page.waitForURL("**/dashboard**");

    page.navigate(browser.base + "/dashboard?orgId=" + district + "&" + PERIOD);
    assertHeadlineMatches(page, "orgId=" + district + "&" + PERIOD);
    // The district's figures are what was entered: 5 episodes, 38,300 views, followers 14,400 + 1,350.
    assertEquals("5", page.locator("[data-figure=episodesAired] dd").innerText());
    assertEquals("3.83万", page.locator("[data-figure=views] dd").innerText());
    assertEquals("1.57万", page.locator("[data-figure=followers] dd").innerText());

    // Narrow to the community through the filter form, as an official would.
    page.getByLabel("机构").selectOption(String.valueOf(community));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("查看")).click();
    assertHeadlineMatches(page, "orgId=" + community + "&" + PERIOD);
    assertEquals("2", page.locator("[data-figure=episodesAired] dd").innerText());

    // The charts drew (ECharts loaded on this page), and the export is the same overview as CSV.
    page.waitForCondition(() -> page.locator(".chart-area canvas").count() >= 2);
    String csv = page.locator("a[download]").getAttribute("href");
    APIResponse export = page.request().get(browser.base + csv);
    assertEquals(200, export.status());
    assertTrue(export.headers().get("content-type").startsWith("text/csv"), export.headers().toString());
    assertTrue(export.text().contains("直播间"), export.text());
    page.context().close();
    browser.assertClean();
  }

  @Test
  void hostileNamesAreTextChartsStayOffResidentPagesAndTheDashboardReadsWell() {
    for (Size size : Size.values()) {
      Page page = signedIn("/dashboard?orgId=" + district + "&" + PERIOD, size);
      Locator row = page.locator("[data-testid=top-rooms] td", new Page.LocatorOptions().setHasText("粗体"));
      row.waitFor();
      assertTrue(row.innerText().contains(HOSTILE), row.innerText());
      assertEquals(0, page.locator("main b, main script").count());
      page.waitForCondition(() -> page.locator(".chart-area canvas").count() >= 3);
      Object wide = page.evaluate("() => document.documentElement.scrollWidth");
      assertTrue(((Number) wide).intValue() <= page.viewportSize().width, "dashboard is " + wide + " px wide at " + size);
      browser.screenshot(page, "dashboard", size);
      browser.assertAccessible(page);
      page.context().close();
    }

    // A resident's first page never fetches the chart library.
    List<String> scripts = Collections.synchronizedList(new ArrayList<>());
    Page home = browser.open("/", Size.PHONE);
    home.onRequest(r -> scripts.add(r.url()));
    home.reload();
    home.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("正在直播")).waitFor();
    assertTrue(scripts.stream().anyMatch(u -> u.contains("/assets/index-")), scripts.toString());
    assertTrue(scripts.stream().noneMatch(u -> u.contains("/assets/charts-")), scripts.toString());
    home.context().close();
    browser.assertClean();
  }
}
