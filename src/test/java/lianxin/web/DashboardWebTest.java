package lianxin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Media;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import lianxin.support.Await;
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
  static long bridge;
  static long benteng;
  static long quiet;
  static long column;
  static String official;

  @BeforeAll
  static void start(Vertx vertx) {
    admin = Http.local(vertx);
    Seed seed = new Seed(admin);
    district = seed.org("回民区", "district", null);
    long subdistrict = seed.org("呼伦北路街道", "subdistrict", district);
    community = seed.org("奔腾社区", "community", subdistrict);
    // 党群连心桥 aired 114 episodes before Lianxin; a new community room has no numbers at all yet.
    bridge = seed.room(subdistrict, 114, "Asia/Shanghai");
    benteng = seed.room(community, 0, "Asia/Shanghai");
    quiet = seed.room(community, 0, "Asia/Shanghai");
    assertEquals(200, admin.patch("/api/rooms/" + benteng, new JsonObject().put("name", HOSTILE)).status());
    column = seed.column(bridge, "医疗");

    aired(bridge, "2024-09-04", 12_000, 2_000, 300, 100, column);
    aired(bridge, "2024-09-11", 8_000, 1_000, 100, 50, null);
    long oct2 = aired(bridge, "2024-10-02", 15_300, 900, 120, 80, column);
    aired(benteng, "2024-10-09", 2_100, 300, 40, 10, null);
    aired(benteng, "2024-11-13", 900, 80, 5, 2, null);
    // The two rooms were first read in different weeks (5 January, 1 March): counting the second must not draw a jump.
    followers(bridge, "2024-01-05", 12_000);
    followers(bridge, "2024-12-20", 14_400);
    followers(benteng, "2024-03-01", 800);
    followers(benteng, "2024-11-30", 1_350);
    // Two residents watched the 2 October replay (beacons are written a moment after their 204).
    for (String session : new String[] {"viewer-one", "viewer-two"}) {
      assertEquals(204, admin.post("/api/episodes/" + oct2 + "/plays", new JsonObject()
        .put("sessionId", Seed.unique(session)).put("position", 60).put("watchedSeconds", 60)).status());
    }
    Await.until("the replay views are written", Duration.ofSeconds(10),
      () -> admin.get("/api/episodes/" + oct2 + "/metrics").json().getJsonObject("replay").getLong("views") == 2);

    official = Seed.unique("official");
    assertEquals(201, admin.post("/api/users", new JsonObject().put("username", official).put("password", PASSWORD)
      .put("role", "official").put("orgId", district)).status());
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  static long aired(long room, String day, int views, int likes, int comments, int shares, Long columnId) {
    Http.Reply created = admin.post("/api/rooms/" + room + "/episodes", new JsonObject().put("title", "便民服务" + day)
      .put("startsAt", day + "T19:30:00+08:00").put("endsAt", day + "T20:30:00+08:00").put("columnId", columnId)
      .put("confirmRenumber", true));
    assertEquals(201, created.status(), created.body());
    long id = created.json().getLong("id");
    assertEquals(200, admin.raw(io.vertx.core.http.HttpMethod.PUT, "/api/episodes/" + id + "/metrics",
      new JsonObject().put("platform", "douyin").put("views", views).put("likes", likes).put("comments", comments)
        .put("shares", shares).encode(), "application/json").status());
    return id;
  }

  static void followers(long room, String day, int count) {
    assertEquals(201, admin.post("/api/rooms/" + room + "/followers", new JsonObject().put("platform", "douyin")
      .put("count", count).put("at", day + "T12:00:00+08:00")).status());
  }

  static Page signedIn(String path, Size size) {
    return signedIn(official, path, size);
  }

  static Page signedIn(String user, String path, Size size) {
    Page page = browser.open("/signin", size);
    APIResponse reply = page.request().post(browser.base + "/api/session", RequestOptions.create()
      .setData(new JsonObject().put("username", user).put("password", PASSWORD).encode())
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
      {"replayViews", String.valueOf(totals.getLong("replayViews"))},
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

    // Every filter applies the same way: a preset fills the dates and waits for 查看 like the org and the dates do.
    String before = page.url();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("全部")).click();
    assertEquals("", page.getByLabel("从").inputValue());
    page.getByText("条件已改，按“查看”更新下面的数字。").waitFor();
    assertEquals(before, page.url(), "a preset alone changes nothing shown");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("查看")).click();
    page.waitForCondition(() -> page.url().contains("from=&to="));
    assertHeadlineMatches(page, "orgId=" + community + "&from=&to=");

    // The charts drew (ECharts loaded on this page), and the export is the same overview as CSV.
    page.waitForCondition(() -> page.locator(".chart-area canvas").count() >= 2);
    String csv = page.locator("[data-export=csv]").getAttribute("href");
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

  /** The labels an axis of a chart shows, as ECharts laid them out (ChartBox writes them on the chart's element). */
  static List<String> axis(Page page, String chart, String axis) {
    Locator area = page.locator("[data-chart=" + chart + "] .chart-area");
    page.waitForCondition(() -> area.getAttribute("data-axis-labels") != null);
    JsonArray labels = new JsonObject(area.getAttribute("data-axis-labels")).getJsonArray(axis);
    List<String> out = new ArrayList<>();
    labels.forEach(l -> out.add((String) l));
    return out;
  }

  /**
   * Three phones watched a live episode on its page (live beats, as LivePlayer sends them): the dashboard shows 3 live
   * viewers in the headline, the room's and the column's rows, in Chinese and in English. A district of its own, this
   * month, so the 2024 figures above stay as they are.
   */
  @Test
  void liveViewersReachTheDashboard() {
    Seed seed = new Seed(admin);
    long own = seed.org("新城区", "district", null);
    long room = seed.room(own, 0, "Asia/Shanghai");
    long hall = seed.column(room, "议事厅");
    java.time.OffsetDateTime starts = java.time.OffsetDateTime.now().plusMinutes(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Http.Reply created = admin.post("/api/rooms/" + room + "/episodes", new JsonObject().put("title", "直播议事会")
      .put("columnId", hall).put("startsAt", starts.toString()).put("endsAt", starts.plusHours(1).toString()));
    assertEquals(201, created.status(), created.body());
    long live = created.json().getLong("id");
    assertEquals(200, admin.post("/api/episodes/" + live + "/start", new JsonObject()).status());
    for (String phone : new String[] {"phone-a", "phone-b", "phone-c"}) {
      Http.Reply beat = admin.anonymous().post("/api/episodes/" + live + "/live-plays", new JsonObject().put("sessionId", Seed.unique(phone)));
      assertEquals(200, beat.status(), beat.body());
    }
    assertEquals(200, admin.post("/api/episodes/" + live + "/end", new JsonObject()).status());
    String month = admin.get("/api/episodes/" + live).json().getString("startsAt").substring(0, 7);
    java.time.LocalDate first = java.time.LocalDate.parse(month + "-01");
    String query = "orgId=" + own + "&from=" + first + "&to=" + first.plusMonths(1).minusDays(1);
    String user = Seed.unique("official");
    assertEquals(201, admin.post("/api/users", new JsonObject().put("username", user).put("password", PASSWORD)
      .put("role", "official").put("orgId", own)).status());

    Page page = signedIn(user, "/dashboard?" + query, Size.DESKTOP);
    Locator figure = page.locator("[data-figure=liveViewers]");
    figure.locator("dd").getByText("3", new Locator.GetByTextOptions().setExact(true)).waitFor();
    assertEquals("直播观看人数", figure.locator("dt").innerText());
    assertEquals("3", page.locator("[data-testid=top-rooms] tr[data-room='" + room + "'] [data-cell=live]").innerText());
    Locator column = page.locator("[data-testid=columns] tr", new Page.LocatorOptions().setHasText("议事厅"));
    assertEquals("3", column.locator("[data-cell=live]").innerText(), column.innerText());
    assertTrue(page.getByText("直播观看人数也由 Lianxin 自己统计").isVisible());

    page.evaluate("() => localStorage.setItem('lianxin.lang', 'en')");
    page.reload();
    page.locator("[data-figure=liveViewers] dt").getByText("Live viewers").waitFor();
    assertEquals("3", page.locator("[data-figure=liveViewers] dd").innerText());
    page.evaluate("() => localStorage.removeItem('lianxin.lang')");
    page.context().close();
    browser.assertClean();
  }

  @Test
  void officialsCanPresentTheirFigures() {
    String query = "orgId=" + district + "&" + PERIOD;
    JsonObject overview = admin.get("/api/stats/overview?" + query + "&groupBy=room").json();
    JsonObject totals = overview.getJsonObject("totals");
    String org = overview.getString("orgName");
    JsonObject room = admin.get("/api/rooms/" + bridge).json();
    for (Size size : Size.values()) {
      Page page = signedIn("/dashboard?" + query, size);
      assertHeadlineMatches(page, query);

      // Replay figures, counted by Lianxin: two residents watched a replay.
      assertEquals("2", page.locator("[data-figure=replayViews] dd").innerText());
      assertTrue(page.locator("[data-figure=replayWatchHours]").isVisible());

      // Episodes and views by column: the chart draws the column, the table lists it with its episodes.
      assertTrue(axis(page, "columns", "yAxis").stream().anyMatch(l -> l.startsWith("医疗")), axis(page, "columns", "yAxis").toString());
      Locator medical = page.locator("[data-testid=columns] tr", new Page.LocatorOptions().setHasText("医疗"));
      assertEquals("2", medical.locator("td").nth(1).innerText(), medical.innerText());
      assertTrue(page.locator("[data-chart=columns] canvas").count() > 0);

      // Every month of the period on the month axis, in Chinese, months without episodes too.
      List<String> months = new ArrayList<>();
      for (int m = 1; m <= 12; m++) {
        months.add("2024年" + m + "月");
      }
      assertEquals(months, axis(page, "months", "yAxis"));

      // Followers: no two y-axis labels alike, and the line moves only by what the readings moved.
      List<String> ticks = axis(page, "followers", "yAxis");
      assertTrue(ticks.size() >= 2, ticks.toString());
      assertEquals(ticks.size(), Set.copyOf(ticks).size(), "repeated y-axis labels: " + ticks);
      List<Long> line = new ArrayList<>();
      page.locator("[data-testid=follower-points] td").allTextContents().forEach(t -> line.add(Long.parseLong(t.strip())));
      assertEquals(54, line.size(), "the start and 53 weeks (from Monday 1 January)");
      assertEquals(12_000 + 800, line.get(0), "both rooms count from the start with their first readings");
      List<Long> steps = new ArrayList<>();
      for (int i = 1; i < line.size(); i++) {
        if (!line.get(i).equals(line.get(i - 1))) {
          steps.add(line.get(i) - line.get(i - 1));
        }
      }
      // 奔腾 1 March: its first reading moves nothing; 30 November +550; 20 December +2,400.
      assertEquals(List.of(550L, 2_400L), steps, line.toString());
      assertEquals(totals.getLong("followerGrowth"), line.get(line.size() - 1) - line.get(0), "the chart's rise is the headline's growth");
      assertTrue(page.getByTestId("follower-move").innerText().contains("增加 " + totals.getString("followerGrowthLabel")),
        page.getByTestId("follower-move").innerText());
      List<String> days = axis(page, "followers", "xAxis");
      assertEquals("期初", days.get(0));
      assertTrue(days.stream().noneMatch(d -> d.matches(".*\\d{4}-\\d{2}.*")), "no ISO dates on the axis: " + days);

      // — where there is no data: the new room has no readings, no platform numbers and aired nothing.
      Locator row = page.locator("[data-testid=top-rooms] tr[data-room='" + quiet + "']");
      assertEquals("—", row.locator("[data-cell=followers]").innerText());
      assertEquals("—", row.locator("[data-cell=views]").innerText());
      assertEquals("—", row.locator("[data-cell=replays]").innerText());

      // Why 党群连心桥 shows 3 here and 已播 117 期 on its room page.
      String notes = page.getByTestId("aired-notes").innerText();
      assertEquals(117, room.getLong("episodeCount"));
      assertTrue(notes.contains("本时段 3 期。Lianxin 中记录 3 期；连同此前 114 期共 117 期。"), notes);

      // The exports are named after the org and the period, by the link and by the server alike.
      String xlsxName = org + "_2024-01-01_2024-12-31.xlsx";
      assertEquals(xlsxName, page.locator("[data-export=xlsx]").getAttribute("download"));
      assertEquals(org + "_2024-01-01_2024-12-31.csv", page.locator("[data-export=csv]").getAttribute("download"));
      if (size == Size.DESKTOP) {
        Download xlsx = page.waitForDownload(() -> page.locator("[data-export=xlsx]").click());
        assertEquals(xlsxName, xlsx.suggestedFilename());
        try {
          byte[] bytes = Files.readAllBytes(xlsx.path());
          assertEquals('P', bytes[0]);
          assertEquals('K', bytes[1]);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        Download csv = page.waitForDownload(() -> page.locator("[data-export=csv]").click());
        assertEquals(org + "_2024-01-01_2024-12-31.csv", csv.suggestedFilename());
      }

      // The month's report is a link away.
      assertEquals("/dashboard/report?orgId=" + district + "&month=2024-12", page.getByTestId("report-link").getAttribute("href"));
      page.context().close();
    }
    browser.assertClean();
  }

  @Test
  void theMonthlyReportPrintsOnA4() throws Exception {
    String month = "orgId=" + district + "&from=2024-10-01&to=2024-10-31";
    JsonObject october = admin.get("/api/stats/overview?" + month + "&groupBy=room").json().getJsonObject("totals");
    for (Size size : Size.values()) {
      Page page = signedIn("/dashboard/report?orgId=" + district + "&month=2024-10", size);
      page.locator("[data-section=notes]").waitFor();
      assertTrue(page.locator("h1").innerText().endsWith(" 月报 · 2024年10月"), page.locator("h1").innerText());
      // October against September: 2 episodes both months, 17,400 views against 20,000, two replays.
      assertEquals(String.valueOf(october.getLong("episodesAired")), page.locator("[data-figure=episodesAired] dd").first().innerText());
      assertEquals("2", page.locator("[data-figure=episodesAired] dd").first().innerText());
      assertEquals("比上月 ±0", page.locator("[data-figure=episodesAired] dd.change").innerText());
      assertEquals("1.74万", page.locator("[data-figure=views] dd").first().innerText());
      assertEquals("比上月 −2600", page.locator("[data-figure=views] dd.change").innerText());
      assertEquals("2", page.locator("[data-figure=replayViews] dd").first().innerText());
      assertEquals("1.28万", page.locator("[data-figure=followers] dd").first().innerText());
      // Rooms ranked, the month's top episodes and its columns.
      Locator first = page.locator("[data-section=rooms] tbody tr").first();
      assertEquals(String.valueOf(bridge), first.getAttribute("data-room"));
      assertEquals(3, page.locator("[data-section=rooms] tbody tr").count());
      assertEquals(2, page.locator("[data-section=episodes] tbody tr").count());
      assertTrue(page.locator("[data-section=columns]").innerText().contains("医疗"));
      assertTrue(page.locator("[data-section=notes]").innerText().contains("本月 1 期。Lianxin 中记录 3 期；连同此前 114 期共 117 期。"));
      assertTrue(page.locator("[data-figure=engagementRate] dd.change").innerText().endsWith("个百分点"));
      browser.screenshot(page, "report", size);
      browser.assertAccessible(page);
      page.context().close();
    }

    // As printed: A4's width, no site header or buttons, every section on the page; then a real PDF.
    Page page = signedIn("/dashboard/report?orgId=" + district + "&month=2024-10", Size.DESKTOP);
    page.locator("[data-section=notes]").waitFor();
    page.setViewportSize(794, 1123);
    page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
    assertFalse(page.locator("header.top").isVisible(), "the site header is not printed");
    assertFalse(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("打印 / 存为 PDF")).isVisible());
    for (String section : List.of("headline", "rooms", "episodes", "columns", "notes")) {
      assertTrue(page.locator("[data-section=" + section + "]").isVisible(), section);
    }
    Object wide = page.evaluate("() => document.documentElement.scrollWidth");
    assertTrue(((Number) wide).intValue() <= 794, "the report is " + wide + " px wide on A4");
    Files.createDirectories(Browser.SCREENSHOTS);
    page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("report-a4.png")).setFullPage(true));
    byte[] pdf = page.pdf(new Page.PdfOptions().setFormat("A4").setPrintBackground(true)
      .setPath(Browser.SCREENSHOTS.resolve("report-2024-10.pdf")));
    String text = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(text.startsWith("%PDF-"), "a PDF");
    long pages = java.util.regex.Pattern.compile("/Type\\s*/Page[^s]").matcher(text).results().count();
    assertEquals(1, pages, "one month, one A4 page");
    page.context().close();
    browser.assertClean();
  }
}
