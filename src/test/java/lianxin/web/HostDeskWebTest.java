package lianxin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import lianxin.support.Browser.Size;
import lianxin.support.Browser;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The host desk as hosts use it on a phone (and at a desk): tools that open where the episode was tapped, each
 * episode's state and recording, forms that empty after use, people and their clashes, numbers that never change
 * without the host confirming, 未播出, an upload that survives a cut connection and a reload, chapters picked beside
 * the player, and signing out from the header. Each test has a room (and a host) of its own, so numbers and clashes
 * of one never reach another.
 */
@ExtendWith(VertxExtension.class)
@Slow
class HostDeskWebTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final String PASSWORD = "correct horse battery";
  static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:00XXX");

  static Browser browser;
  static Http admin;
  static Seed seed;

  /** A room and the host who runs it. */
  record Desk(long room, String host) {
  }

  @BeforeAll
  static void start(Vertx vertx) {
    admin = Http.local(vertx);
    seed = new Seed(admin);
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  static Desk desk() {
    long room = seed.room();
    String host = Seed.unique("host");
    assertEquals(201, admin.post("/api/users", new JsonObject().put("username", host).put("password", PASSWORD)
      .put("role", "host").put("roomIds", new JsonArray().add(room))).status());
    return new Desk(room, host);
  }

  static LocalDate today() {
    return LocalDate.now(SHANGHAI);
  }

  static String at(LocalDate day, String time) {
    return day + "T" + time + ":00+08:00";
  }

  static String at(ZonedDateTime t) {
    return t.withZoneSameInstant(SHANGHAI).format(MINUTE);
  }

  /** Signs the page's context in as the desk's host (the API request context shares its cookies), then opens path. */
  static Page signedIn(Desk desk, String path, Size size) {
    Page page = browser.open("/signin", size);
    var reply = page.request().post(browser.base + "/api/session", RequestOptions.create()
      .setData(new JsonObject().put("username", desk.host()).put("password", PASSWORD).encode())
      .setHeader("Content-Type", "application/json"));
    assertEquals(200, reply.status(), reply.text());
    page.navigate(browser.base + path);
    page.locator(".week").waitFor();
    return page;
  }

  /** Moves the desk's calendar to the week of day. */
  static void showWeek(Page page, LocalDate day) {
    LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    Locator title = page.locator("#week-h");
    for (int i = 0; i < 60; i++) {
      String shown = title.innerText().substring(0, 10);
      if (shown.equals(monday.toString())) {
        return;
      }
      boolean later = LocalDate.parse(shown).isBefore(monday);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(later ? "下一周" : "上一周").setExact(true)).click();
      page.waitForCondition(() -> !title.innerText().startsWith(shown));
    }
    throw new AssertionError("never reached the week of " + day);
  }

  /** Taps the episode (in its week) and waits for its tools. */
  static Locator open(Page page, long episode, LocalDate day) {
    showWeek(page, day);
    page.locator("[data-episode='" + episode + "']").click();
    Locator tools = page.locator("[data-testid=episode-tools]");
    tools.locator("h2").waitFor();
    return tools;
  }

  static Locator button(Locator in, String name) {
    return in.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(name).setExact(true));
  }

  static Locator button(Page in, String name) {
    return in.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  static void assertInViewport(Page page, Locator element, String what) {
    BoundingBox box = element.boundingBox();
    assertNotNull(box, what + " is not shown");
    int height = page.viewportSize().height;
    assertTrue(box.y >= 0 && box.y + box.height <= height, what + " is at y=" + box.y + "..." + (box.y + box.height)
      + ", outside the " + height + " px viewport");
  }

  /** Chromium logs every refused request; these are the ones a test asked for, and each was explained on the page. */
  static void dropExpected(String... fragments) {
    for (String fragment : fragments) {
      assertTrue(browser.consoleErrors.removeIf(e -> e.contains(fragment)), "no " + fragment + " in " + browser.consoleErrors);
    }
  }

  @Test
  void toolsOpenUnderTheTappedEpisodeAndOnScreenAtBothSizes() {
    Desk desk = desk();
    // Two episodes a day all week, so on a phone the last one sits far below the top of the page.
    LocalDate monday = today().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    long last = 0;
    for (int d = 0; d < 7; d++) {
      for (String time : List.of("09:00", "15:00")) {
        last = seed.episode(desk.room(), "社区议事会 " + d + " " + time, at(monday.plusDays(d), time),
          at(monday.plusDays(d), time.replace(":00", ":45"))).getLong("id");
      }
    }
    for (Size size : Size.values()) {
      Page page = signedIn(desk, "/host", size);
      Locator tools = open(page, last, monday.plusDays(6));
      Locator head = tools.locator("[data-testid=tools-head]");
      assertInViewport(page, head, "the tools' head at " + size);
      assertInViewport(page, tools.locator("h2"), "the tools' title at " + size);
      if (size == Size.PHONE) {
        // In place: the tools are inside the tapped episode's entry of the list, right under it.
        assertEquals(1, page.locator("[data-item='" + last + "'] [data-testid=episode-tools]").count());
      }
      assertEquals("true", page.locator("[data-episode='" + last + "']").getAttribute("aria-expanded"));
      browser.screenshot(page, "host-desk-tools", size);
      browser.assertAccessible(page);
      // Closing returns to the list; tapping the episode again opens them again.
      button(tools, "关闭").click();
      assertEquals(0, page.locator("[data-testid=episode-tools]").count());
      page.context().close();
    }
    browser.assertClean();
  }

  @Test
  void everyEpisodeShowsItsStateAndItsRecording() throws Exception {
    Desk desk = desk();
    ZonedDateTime now = ZonedDateTime.now(SHANGHAI).truncatedTo(ChronoUnit.MINUTES);
    LocalDate day = now.toLocalDate();
    long planned = seed.episode(desk.room(), "计划中的节目", at(now.plusDays(2)), at(now.plusDays(2).plusHours(1))).getLong("id");
    long live = seed.episode(desk.room(), "正在直播的节目", at(now.minusMinutes(10)), at(now.plusMinutes(50))).getLong("id");
    assertEquals(200, admin.post("/api/episodes/" + live + "/start", new JsonObject()).status());
    // Nobody pressed go-live: aired by the clock, not confirmed.
    long unconfirmed = seed.episode(desk.room(), "没人开播的节目", at(now.minusHours(5)), at(now.minusHours(4))).getLong("id");
    long replay = seed.episode(desk.room(), "有回放的节目", at(now.minusHours(8)), at(now.minusHours(7))).getLong("id");
    long failed = seed.episode(desk.room(), "录像坏了的节目", at(now.minusHours(11)), at(now.minusHours(10))).getLong("id");
    long cancelled = seed.episode(desk.room(), "取消的节目", at(now.plusDays(3)), at(now.plusDays(3).plusHours(1))).getLong("id");
    assertEquals(200, admin.post("/api/episodes/" + cancelled + "/cancel", new JsonObject().put("reason", "场地维修")
      .put("confirmRenumber", true)).status());

    Path dir = Files.createTempDirectory("desk-states");
    JsonObject good = Recordings.upload(admin, replay, Clips.video(dir, "回放.mp4", 3, 320, 240), "video/mp4");
    assertEquals("archived", Recordings.settle(admin, good.getLong("id")).getString("status"));
    JsonObject bad = Recordings.upload(admin, failed, Files.write(dir.resolve("坏文件.mp4"), new byte[64 * 1024]), "video/mp4");
    assertEquals("failed", Recordings.settle(admin, bad.getLong("id")).getString("status"));
    JsonObject broken = admin.get("/api/episodes/" + failed).json();
    assertEquals("failed", broken.getJsonObject("recording").getString("status"), broken.encode());

    Page page = signedIn(desk, "/host", Size.PHONE);
    assertEquals(List.of("scheduled"), states(page, planned, now.plusDays(2).toLocalDate()));
    assertEquals(List.of("live"), states(page, live, now.minusMinutes(10).toLocalDate()));
    assertEquals(List.of("ended", "unconfirmed"), states(page, unconfirmed, now.minusHours(5).toLocalDate()));
    assertEquals(List.of("ended", "unconfirmed", "replay"), states(page, replay, now.minusHours(8).toLocalDate()));
    assertEquals(List.of("ended", "unconfirmed", "failed"), states(page, failed, now.minusHours(11).toLocalDate()));
    assertEquals(List.of("cancelled"), states(page, cancelled, now.plusDays(3).toLocalDate()));
    showWeek(page, now.minusHours(5).toLocalDate());
    String text = page.locator("[data-episode='" + unconfirmed + "']").innerText();
    assertTrue(text.contains("已播出") && text.contains("未确认"), text);

    // The tools say the same, with the recording's state on its section and the failure's reason inside.
    Locator tools = open(page, failed, now.minusHours(11).toLocalDate());
    assertTrue(tools.locator("[data-testid=tools-head]").innerText().contains("回放失败"), tools.innerText());
    Locator section = tools.locator("[data-testid=section-recording]");
    assertTrue(section.locator("summary").innerText().contains("录像处理失败"), section.innerText());
    section.locator("summary").click();
    section.locator(".error").waitFor();
    assertTrue(section.locator(".error").innerText().startsWith("处理失败："), section.innerText());

    tools = open(page, replay, now.minusHours(8).toLocalDate());
    section = tools.locator("[data-testid=section-recording]");
    assertTrue(section.locator("summary").innerText().contains("已有回放"), section.innerText());
    section.locator("summary").click();
    section.locator("[data-testid=playable]").waitFor();
    browser.screenshot(page, "host-desk-states", Size.PHONE);
    page.context().close();
    browser.assertClean();
  }

  /** The kinds of the badges on an episode's entry in the calendar. */
  static List<String> states(Page page, long episode, LocalDate day) {
    showWeek(page, day);
    Locator slot = page.locator("[data-episode='" + episode + "']");
    slot.waitFor();
    List<String> kinds = new ArrayList<>();
    for (Locator badge : slot.locator("[data-state]").all()) {
      kinds.add(badge.getAttribute("data-state"));
    }
    return kinds;
  }

  @Test
  void formsEmptyAfterCreatingAndNoWeekdayIsTickedBeforeTheHostTicksOne() {
    Desk desk = desk();
    Page page = signedIn(desk, "/host", Size.PHONE);
    LocalDate next = today().plusWeeks(2).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

    button(page, "新建单期节目").click();
    Locator form = page.locator("[data-testid=episode-form]");
    String title = "社区防火讲座" + Seed.unique("");
    form.getByLabel("标题").fill(title);
    form.getByLabel("开始时间").fill(next + "T10:00");
    form.getByLabel("结束时间").fill(next + "T11:00");
    button(form, "创建").click();
    form.locator(".ok").waitFor();
    assertTrue(form.locator(".ok").innerText().startsWith("已创建：第1期 " + title), form.locator(".ok").innerText());
    assertEquals("", form.getByLabel("标题").inputValue());
    // A second tap books nothing: the emptied title stops the form in the browser.
    button(form, "创建").click();
    page.waitForTimeout(500);
    JsonArray booked = admin.get("/api/episodes?roomId=" + desk.room() + "&from=" + next + "&to=" + next.plusDays(1)).items();
    assertEquals(1, booked.stream().filter(e -> title.equals(((JsonObject) e).getString("title"))).count(), booked.encode());

    button(page, "新建每周系列节目").click();
    Locator series = page.locator("[data-testid=series-form]");
    assertEquals(7, series.locator("label.chip input").count());
    for (Locator box : series.locator("label.chip input").all()) {
      assertFalse(box.isChecked(), "a weekday is ticked before the host ticks one");
    }
    String weekly = "周三读书会" + Seed.unique("");
    series.getByLabel("标题").fill(weekly);
    series.locator("label.chip", new Locator.LocatorOptions().setHasText("周三")).locator("input").check();
    // The first date is a Tuesday: only Wednesdays are booked all the same.
    series.getByLabel("从哪天开始").fill(next.plusWeeks(1).plusDays(1).toString());
    series.getByLabel("开始时刻").fill("15:00");
    series.getByLabel("共几期").fill("3");
    button(series, "创建").click();
    series.locator(".ok").waitFor();
    assertTrue(series.locator(".ok").innerText().contains("已创建系列，共 3 期。"), series.innerText());
    assertEquals("", series.getByLabel("标题").inputValue());
    for (Locator box : series.locator("label.chip input").all()) {
      assertFalse(box.isChecked(), "the days stay ticked after creating");
    }
    JsonArray made = admin.get("/api/episodes?roomId=" + desk.room() + "&from=" + next + "&to=" + next.plusWeeks(6)).items();
    List<String> days = new ArrayList<>();
    for (Object o : made) {
      JsonObject e = (JsonObject) o;
      if (weekly.equals(e.getString("title"))) {
        days.add(LocalDate.parse(e.getString("startsAt").substring(0, 10)).getDayOfWeek().toString());
      }
    }
    assertEquals(Collections.nCopies(3, "WEDNESDAY"), days, made.encode());
    browser.screenshot(page, "host-desk-forms", Size.PHONE);
    page.context().close();
    browser.assertClean();
  }

  @Test
  void aPersonBookedElsewhereIsNamedInTheClash() {
    Desk desk = desk();
    String name = "王秀兰" + Seed.unique("");
    long person = seed.person(name);
    long elsewhere = seed.room();
    String elsewhereName = admin.get("/api/rooms/" + elsewhere).json().getString("name");
    LocalDate day = today().plusWeeks(3);
    String theirs = "老年食堂开张" + Seed.unique("");
    assertEquals(201, admin.post("/api/rooms/" + elsewhere + "/episodes", new JsonObject().put("title", theirs)
      .put("startsAt", at(day, "10:00")).put("endsAt", at(day, "11:00")).put("hostIds", new JsonArray().add(person))
      .put("confirmRenumber", true)).status());

    Page page = signedIn(desk, "/host", Size.PHONE);
    button(page, "新建单期节目").click();
    Locator form = page.locator("[data-testid=episode-form]");
    form.getByLabel("标题").fill("垃圾分类问答");
    form.getByLabel("开始时间").fill(day + "T10:30");
    form.getByLabel("结束时间").fill(day + "T11:30");
    Locator hosts = form.locator("[data-testid=people-host]");
    hosts.getByLabel("添加主播").selectOption(String.valueOf(person));
    assertTrue(hosts.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("移除 " + name)).isVisible(), hosts.innerText());
    // Someone not on the list yet is added from the form, as a guest.
    Locator guests = form.locator("[data-testid=people-guest]");
    String guest = "李医生" + Seed.unique("");
    guests.locator("summary", new Locator.LocatorOptions().setHasText("名单里没有这个人？")).click();
    guests.getByLabel("姓名").fill(guest);
    button(guests, "添加到名单").click();
    guests.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("移除 " + guest)).waitFor();
    button(form, "创建").click();

    Locator conflicts = form.locator("[data-testid=conflicts]");
    conflicts.waitFor();
    String text = conflicts.innerText();
    assertTrue(text.contains(name + " 在这段时间已有「" + theirs + "」（" + elsewhereName + "，"), text);
    assertTrue(text.contains(name + " already has \"" + theirs + "\""), text);
    JsonArray mine = admin.get("/api/episodes?roomId=" + desk.room() + "&from=" + day + "&to=" + day).items();
    assertEquals(0, mine.size(), mine.encode());
    browser.screenshot(page, "host-desk-clash", Size.PHONE);

    // Without the busy host it books, with the guest.
    hosts.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("移除 " + name)).click();
    button(form, "创建").click();
    form.locator(".ok").waitFor();
    JsonObject booked = admin.get("/api/episodes?roomId=" + desk.room() + "&from=" + day + "&to=" + day).items().getJsonObject(0);
    assertEquals(guest, booked.getJsonArray("guests").getJsonObject(0).getString("name"), booked.encode());
    assertEquals(0, booked.getJsonArray("hosts").size(), booked.encode());
    page.context().close();
    dropExpected("status of 409");
    browser.assertClean();
  }

  @Test
  void numbersResidentsHaveSeenChangeOnlyWhenTheHostConfirms() {
    Desk desk = desk();
    LocalDate day = today().plusWeeks(2).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    long first = seed.episode(desk.room(), "医保报销讲解", at(day.plusDays(2), "10:00"), at(day.plusDays(2), "11:00")).getLong("id");
    long second = seed.episode(desk.room(), "夏季防溺水", at(day.plusDays(3), "10:00"), at(day.plusDays(3), "11:00")).getLong("id");
    assertEquals(1, admin.get("/api/episodes/" + first).json().getInteger("number"));

    Page page = signedIn(desk, "/host", Size.PHONE);
    button(page, "新建单期节目").click();
    Locator form = page.locator("[data-testid=episode-form]");
    String title = "插播：停水通知" + Seed.unique("");
    form.getByLabel("标题").fill(title);
    form.getByLabel("开始时间").fill(day.plusDays(1) + "T10:00");
    form.getByLabel("结束时间").fill(day.plusDays(1) + "T10:30");
    button(form, "创建").click();
    Locator renumber = form.locator("[data-testid=renumber]");
    renumber.waitFor();
    assertEquals(List.of("第1期 → 第2期", "第2期 → 第3期"), renumber.locator("[data-testid=renumber-line] strong").allInnerTexts());
    page.waitForCondition(() -> renumber.innerText().contains("「医保报销讲解」") && renumber.innerText().contains("「夏季防溺水」"));
    assertInViewport(page, button(renumber, "确认，改动期数"), "the confirm button");
    browser.screenshot(page, "host-desk-renumber", Size.PHONE);

    // Dropped: nothing changes, and the form is as it was.
    button(renumber, "不改了").click();
    assertEquals(0, renumber.count());
    assertEquals(title, form.getByLabel("标题").inputValue());
    assertEquals(1, admin.get("/api/episodes/" + first).json().getInteger("number"));
    assertFalse(admin.get("/api/episodes?roomId=" + desk.room()).items().stream()
      .anyMatch(e -> title.equals(((JsonObject) e).getString("title"))));

    // Confirmed: sent again with confirmRenumber, booked, and the numbers moved.
    button(form, "创建").click();
    renumber.waitFor();
    button(renumber, "确认，改动期数").click();
    form.locator(".ok").waitFor();
    String ok = form.locator(".ok").innerText();
    assertTrue(ok.contains("已创建：第1期 " + title) && ok.contains("已更新 2 期的期数。"), ok);
    assertEquals("", form.getByLabel("标题").inputValue());
    assertEquals(2, admin.get("/api/episodes/" + first).json().getInteger("number"));
    assertEquals(3, admin.get("/api/episodes/" + second).json().getInteger("number"));
    page.context().close();
    dropExpected("status of 409");
    browser.assertClean();
  }

  @Test
  void anAiredEpisodeThatDidNotAirIsSaidSoWithAReason() {
    Desk desk = desk();
    ZonedDateTime now = ZonedDateTime.now(SHANGHAI).truncatedTo(ChronoUnit.MINUTES);
    // Aired by the clock (nobody pressed go-live), then two planned ones residents have seen as 第2期 and 第3期.
    long aired = seed.episode(desk.room(), "消防演练直播", at(now.minusHours(4)), at(now.minusHours(3))).getLong("id");
    long next = seed.episode(desk.room(), "社区团购答疑", at(now.plusDays(1)), at(now.plusDays(1).plusHours(1))).getLong("id");
    seed.episode(desk.room(), "暑期托管报名", at(now.plusDays(2)), at(now.plusDays(2).plusHours(1)));
    JsonObject before = admin.get("/api/episodes/" + aired).json();
    assertEquals("schedule", before.getString("airedBy"), before.encode());
    assertNotNull(before.getString("notAiredUntil"), before.encode());

    Page page = signedIn(desk, "/host", Size.PHONE);
    // A planned one still to come offers go-live and cancel, not 未播出.
    Locator tools = open(page, next, now.plusDays(1).toLocalDate());
    assertTrue(button(tools, "开始直播").isVisible());
    assertTrue(button(tools, "取消这期").isVisible());
    assertEquals(0, button(tools, "未播出").count());

    tools = open(page, aired, now.minusHours(4).toLocalDate());
    String head = tools.locator("[data-testid=tools-head]").innerText();
    assertTrue(head.contains("已播出") && head.contains("未确认") && head.contains("如果这期实际没有播"), head);
    assertEquals(0, button(tools, "开始直播").count());
    button(tools, "未播出").click();
    Locator form = tools.locator("[data-testid=not-aired-form]");
    form.getByLabel("没有播出的原因").fill("主持人临时生病，改到下周");
    button(form, "确认这期没有播出").click();
    // The planned ones after it move down into the gap: listed, and done only once confirmed.
    Locator renumber = form.locator("[data-testid=renumber]");
    renumber.waitFor();
    assertEquals(List.of("第2期 → 第1期", "第3期 → 第2期"), renumber.locator("[data-testid=renumber-line] strong").allInnerTexts());
    assertEquals("ended", admin.get("/api/episodes/" + aired).json().getString("status"));
    button(renumber, "确认，改动期数").click();
    page.waitForCondition(() -> page.locator("[data-episode='" + aired + "']").innerText().contains("已取消"));
    JsonObject after = admin.get("/api/episodes/" + aired).json();
    assertEquals("cancelled", after.getString("status"), after.encode());
    assertEquals("主持人临时生病，改到下周", after.getString("cancelReason"));
    assertEquals(1, admin.get("/api/episodes/" + next).json().getInteger("number"));
    assertTrue(tools.locator("[data-testid=tools-head]").innerText().contains("取消原因：主持人临时生病"), tools.innerText());
    assertEquals(0, button(tools, "未播出").count());
    browser.screenshot(page, "host-desk-not-aired", Size.PHONE);
    page.context().close();
    dropExpected("status of 409");
    browser.assertClean();
  }

  @Test
  void anUploadCutMidFileResumesAfterAReloadFromTheServersOffset(Vertx vertx) throws Exception {
    Desk desk = desk();
    ZonedDateTime now = ZonedDateTime.now(SHANGHAI).truncatedTo(ChronoUnit.MINUTES);
    LocalDate day = now.minusHours(3).toLocalDate();
    long episode = seed.episode(desk.room(), "居民议事厅", at(now.minusHours(3)), at(now.minusHours(2))).getLong("id");
    Path clip = Clips.video(Files.createTempDirectory("desk-resume"), "社区会议.mp4", 8, 640, 360);
    long size = Files.size(clip);
    assertTrue(size > 600 * 1024, "the clip should take several chunks: " + size);

    Page page = signedIn(desk, "/host", Size.PHONE);
    List<String> dialogs = Collections.synchronizedList(new ArrayList<>());
    page.onDialog(d -> {
      dialogs.add(d.type());
      d.accept();
    });
    // The first chunk goes through; then the connection drops for every chunk until the page is reloaded.
    AtomicInteger chunks = new AtomicInteger();
    AtomicBoolean cut = new AtomicBoolean(true);
    page.route("**/api/uploads/*", route -> {
      if ("PUT".equals(route.request().method()) && chunks.incrementAndGet() > 1 && cut.get()) {
        route.abort("connectionreset");
      } else {
        route.resume();
      }
    });
    Locator tools = open(page, episode, day);
    Locator section = tools.locator("[data-testid=section-recording]");
    section.locator("summary").click();
    Locator upload = section.locator("[data-testid=upload]");
    upload.getByLabel("选择录像文件").setInputFiles(clip);
    button(upload, "上传").click();
    upload.locator("[data-testid=retrying]").waitFor();
    assertTrue(upload.locator("[data-testid=keep-open]").innerText().contains("上传完成前请不要关闭或刷新这个页面"), upload.innerText());
    String uploadId = (String) page.evaluate("() => JSON.parse(localStorage.getItem('lianxin.uploads'))[0].uploadId");
    JsonObject state = admin.get("/api/uploads/" + uploadId).json();
    long offset = state.getLong("offset");
    assertEquals(256 * 1024, offset, state.encode());
    assertEquals(String.valueOf(offset), upload.locator("[data-testid=bytes]").getAttribute("value"));
    browser.screenshot(page, "host-desk-upload-cut", Size.PHONE);

    // Leaving now asks first; the host reloads all the same.
    page.reload();
    assertTrue(dialogs.contains("beforeunload"), "no beforeunload warning: " + dialogs);
    cut.set(false);
    page.locator(".week").waitFor();
    Locator pending = page.locator("[data-testid=pending-uploads]");
    pending.waitFor();
    assertTrue(pending.innerText().contains("「社区会议.mp4」已传 " + (offset * 100 / size) + "%"), pending.innerText());

    List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    page.onRequest(r -> {
      if ("PUT".equals(r.method()) && r.url().contains("/api/uploads/")) {
        ranges.add(r.headerValue("content-range"));
      }
    });
    button(pending, "继续上传").click();
    tools = page.locator("[data-testid=episode-tools]");
    upload = tools.locator("[data-testid=upload]");
    Locator hint = upload.locator("[data-testid=resume-hint]");
    hint.waitFor();
    assertTrue(hint.innerText().contains("请重新选择同一个文件"), hint.innerText());
    assertInViewport(page, tools.locator("h2"), "the resumed episode's title");
    // Picked again, the same file goes on by itself from where the server stands.
    upload.getByLabel("选择录像文件").setInputFiles(clip);
    Locator processing = upload.locator("[data-testid=processing]");
    processing.waitFor(new Locator.WaitForOptions().setTimeout(60_000));
    assertEquals(String.valueOf(size), upload.locator("[data-testid=bytes]").getAttribute("value"));
    assertTrue(ranges.get(0).startsWith("bytes " + offset + "-"), "resumed with " + ranges);
    assertEquals(null, page.evaluate("() => localStorage.getItem('lianxin.uploads')"));

    JsonObject done = admin.get("/api/uploads/" + uploadId).json();
    assertEquals(size, done.getLong("offset"), done.encode());
    long recording = done.getLong("recordingId");
    JsonObject made = Recordings.settle(admin, recording);
    assertEquals(size, made.getLong("bytes"), made.encode());
    assertEquals("archived", made.getString("status"), made.encode());
    upload.locator("[data-testid=playable]").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
    page.waitForCondition(() -> page.locator("[data-episode='" + episode + "'] [data-state=replay]").count() == 1);
    page.context().close();
    dropExpected("ERR_CONNECTION_RESET");
    browser.assertClean();
  }

  @Test
  void chapterTimesArePickedFromThePlayer() throws Exception {
    Desk desk = desk();
    ZonedDateTime now = ZonedDateTime.now(SHANGHAI).truncatedTo(ChronoUnit.MINUTES);
    long episode = seed.episode(desk.room(), "章节选择", at(now.minusHours(6)), at(now.minusHours(5))).getLong("id");
    JsonObject up = Recordings.upload(admin, episode, Clips.video(Files.createTempDirectory("desk-chapters"), "会议.mp4", 8, 320, 240), "video/mp4");
    assertEquals("archived", Recordings.settle(admin, up.getLong("id")).getString("status"));

    for (Size size : Size.values()) {
      Page page = signedIn(desk, "/host", size);
      Locator tools = open(page, episode, now.minusHours(6).toLocalDate());
      tools.locator("summary", new Locator.LocatorOptions().setHasText("章节和字幕")).click();
      Locator chapters = tools.locator("[data-testid=chapters]");
      Locator video = chapters.locator("[data-testid=chapter-player]");
      video.waitFor();
      page.waitForFunction("() => document.querySelector('[data-testid=chapter-player]').readyState >= 1",
        null, new Page.WaitForFunctionOptions().setTimeout(30_000));
      seek(page, 3);
      // A new chapter starts where the player is.
      int rows = chapters.locator("[data-testid=chapter-row]").count();
      button(chapters, "添加章节").click();
      assertEquals("0:03", chapters.locator("#ch-start-" + rows).inputValue());
      chapters.locator("#ch-title-" + rows).fill("居民提问");
      // 设为此刻 moves a chapter to the player's second.
      seek(page, 5);
      chapters.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("设为此刻：第 " + (rows + 1) + " 个章节从播放器现在的时间开始"))
        .click();
      assertEquals("0:05", chapters.locator("#ch-start-" + rows).inputValue());
      browser.screenshot(page, "host-desk-chapters", size);
      browser.assertAccessible(page);
      button(chapters, "保存章节").click();
      chapters.getByText("已保存。").waitFor();
      JsonArray saved = admin.get("/api/episodes/" + episode + "/chapters").json().getJsonArray("chapters");
      JsonObject last = saved.getJsonObject(saved.size() - 1);
      assertEquals("居民提问", last.getString("title"), saved.encode());
      assertEquals(5.0, last.getDouble("startTime"), saved.encode());
      // The second round starts from what was saved: drop the chapter again so both sizes add the same one.
      assertEquals(200, admin.raw(HttpMethod.PUT, "/api/episodes/" + episode + "/chapters",
        "[{\"start\":0,\"title\":\"开场\"}]", "application/json").status());
      page.context().close();
    }
    browser.assertClean();
  }

  /** Moves the chapter player to second s and waits until it is there. */
  static void seek(Page page, double s) {
    page.evaluate("s => { const v = document.querySelector('[data-testid=chapter-player]'); v.pause(); v.currentTime = s }", s);
    page.waitForFunction("s => { const v = document.querySelector('[data-testid=chapter-player]'); return !v.seeking && Math.abs(v.currentTime - s) < 0.05 }",
      s, new Page.WaitForFunctionOptions().setTimeout(15_000));
  }

  @Test
  void signingInAndOutIsInTheHeaderAtPhoneSize() {
    Desk desk = desk();
    Page page = browser.open("/", Size.PHONE);
    Locator signIn = page.locator("header [data-testid=sign-in]");
    signIn.waitFor();
    assertInViewport(page, signIn, "the sign-in link on the home page");
    signIn.click();
    page.waitForURL("**/signin");
    page.getByLabel("用户名").fill(desk.host());
    page.getByLabel("密码").fill(PASSWORD);
    page.locator("main").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("登录")).click();
    page.waitForURL("**/host");
    Locator signOut = page.locator("header [data-testid=sign-out]");
    signOut.waitFor();
    assertInViewport(page, signOut, "the sign-out button on the desk");
    assertEquals("退出登录", signOut.innerText());
    browser.screenshot(page, "host-desk-header", Size.PHONE);

    // Another page of the same browser knows it is signed in (the header asks only when the session's cookie is there).
    page.navigate(browser.base + "/search");
    page.locator("header [data-testid=sign-out]").waitFor();
    page.navigate(browser.base + "/host");
    signOut.click();
    page.waitForURL("**/signin");
    page.locator("header [data-testid=sign-in]").waitFor();
    assertEquals(401, page.request().get(browser.base + "/api/me").status());
    page.context().close();
    browser.assertClean();
  }
}
