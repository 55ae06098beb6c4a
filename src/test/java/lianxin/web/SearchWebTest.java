package lianxin.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import lianxin.support.Browser.Size;
import lianxin.support.Browser;
import lianxin.support.Http;
import lianxin.support.Indexed;
import lianxin.support.Node;
import lianxin.support.Seed;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A resident searches past episodes in Chromium: a word said only in a recording opens the player at that second. */
@ExtendWith(VertxExtension.class)
@Slow
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
    // The transcript is the player's subtitles, showing the words at that second.
    assertThat(page.locator(".caption")).hasText("社区新开了老年助餐点，中午十一点开饭。");
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
    browser.assertTextOnly(page);
    browser.screenshot(page, "search", Size.DESKTOP);
    page.context().close();
  }

  @Test
  void nothingFoundIsSaid() {
    Page page = browser.open("/search?q=" + URLEncoder.encode("量子色动力学", StandardCharsets.UTF_8), Size.PHONE);
    assertThat(page.getByRole(AriaRole.MAIN)).containsText("没有找到相关节目");
    page.context().close();
  }

  /** A room of its own for the suggestion tests: a column and an aired episode with words no other test uses. */
  record Pigeons(long roomId, long columnId, String columnName, long episodeId) {
    static final String TITLE = "信鸽协会春季放飞活动";
  }

  private static Pigeons pigeons;

  static synchronized Pigeons pigeons() {
    if (pigeons == null) {
      Seed seed = new Seed(http);
      long room = seed.room(seed.district(), 0, "Asia/Shanghai");
      long column = seed.column(room, "信鸽之家");
      String columnName = http.get("/api/rooms/" + room).json().getJsonArray("columns").getJsonObject(0).getString("name");
      OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.HOURS).minusDays(2);
      Http.Reply created = http.post("/api/rooms/" + room + "/episodes", new io.vertx.core.json.JsonObject()
        .put("title", Pigeons.TITLE).put("columnId", column)
        .put("startsAt", start.toString()).put("endsAt", start.plusMinutes(50).toString()).put("confirmRenumber", true));
      assertEquals(201, created.status(), created.body());
      pigeons = new Pigeons(room, column, columnName, created.json().getLong("id"));
      Indexed.await(pigeons.episodeId());
    }
    return pigeons;
  }

  /** What the server suggests for a prefix, as the page will show it. */
  static JsonArray suggested(String prefix) {
    Http.Reply reply = http.anonymous().get("/api/suggest?q=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
    assertEquals(200, reply.status(), reply.body());
    return reply.json().getJsonArray("items");
  }

  static int indexOf(JsonArray items, String type, String text) {
    for (int i = 0; i < items.size(); i++) {
      if (items.getJsonObject(i).getString("type").equals(type) && items.getJsonObject(i).getString("text").equals(text)) {
        return i;
      }
    }
    throw new AssertionError("no " + type + " " + text + " among " + items.encode());
  }

  static long suggestRequests() {
    return browser.requests.stream().filter(u -> u.contains("/api/suggest?")).count();
  }

  @Test
  void aSuggestionPickedWithTheKeyboardSearchesThatWord() {
    Pigeons p = pigeons();
    JsonArray forXin = suggested("信");
    JsonArray forXinge = suggested("信鸽");
    int term = indexOf(forXinge, "term", "信鸽");
    indexOf(forXinge, "column", p.columnName());
    long before = suggestRequests();

    Page page = browser.open("/search", Size.PHONE);
    Locator box = page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("搜索内容"));
    Locator options = page.getByRole(AriaRole.OPTION);
    assertThat(box).hasAttribute("aria-expanded", "false");
    box.pressSequentially("信");
    assertThat(options).hasCount(forXin.size());
    assertThat(options.first()).containsText(forXin.getJsonObject(0).getString("text"));
    assertThat(box).hasAttribute("aria-expanded", "true");
    // The list narrows at once to what still holds 信鸽; the answer for 信鸽 comes after the typing pause.
    page.waitForResponse(r -> r.url().contains("/api/suggest?q=" + URLEncoder.encode("信鸽", StandardCharsets.UTF_8)),
      () -> box.pressSequentially("鸽"));
    // Marked as the whole prefix.
    assertThat(options.nth(term).locator("mark")).hasText("信鸽");
    assertThat(options).hasCount(forXinge.size());
    browser.screenshot(page, "search-suggestions", Size.PHONE);
    browser.assertAccessible(page);

    // Escape closes the list and keeps the words; down opens it again on the first suggestion.
    box.press("Escape");
    assertThat(page.getByRole(AriaRole.LISTBOX)).isHidden();
    assertThat(box).hasAttribute("aria-expanded", "false");
    assertThat(box).hasValue("信鸽");
    for (int i = 0; i <= term; i++) {
      box.press("ArrowDown");
    }
    Locator chosen = options.nth(term);
    assertThat(chosen).hasAttribute("aria-selected", "true");
    assertThat(box).hasAttribute("aria-activedescendant", chosen.getAttribute("id"));
    // One request per prefix typed: none for the pause after Escape, none for moving through the list.
    assertEquals(2, suggestRequests() - before, browser.requests.toString());

    box.press("Enter");
    page.waitForURL("**/search?q=" + URLEncoder.encode("信鸽", StandardCharsets.UTF_8));
    Locator hit = page.locator("li.result").filter(new Locator.FilterOptions().setHasText(Pigeons.TITLE));
    assertThat(hit.locator("h2 mark")).hasText("信鸽");
    assertThat(page.getByRole(AriaRole.LISTBOX)).isHidden();
    assertThat(box).hasValue("信鸽");
    page.context().close();
  }

  @Test
  void aColumnSuggestionTappedOpensItsRoomShowingThatColumn() {
    Pigeons p = pigeons();
    Page page = browser.open("/search", Size.PHONE);
    Locator box = page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("搜索内容"));
    long before = suggestRequests();
    box.pressSequentially("信鸽");
    Locator column = page.getByRole(AriaRole.OPTION).filter(new Locator.FilterOptions().setHasText(p.columnName()));
    assertThat(column).containsText("栏目");
    // Two characters typed without a pause: one request, for both.
    assertEquals(1, suggestRequests() - before, browser.requests.toString());
    column.tap();
    page.waitForURL("**/rooms/" + p.roomId() + "?column=" + p.columnId());
    Locator chip = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(p.columnName()));
    assertThat(chip).hasAttribute("aria-pressed", "true");
    assertThat(page.locator("section[aria-labelledby=past-h]")).containsText(Pigeons.TITLE);
    page.context().close();
  }

  @Test
  void pinyinBeingComposedAsksNothingUntilACharacterIsChosen() {
    pigeons();
    Page page = browser.open("/search", Size.DESKTOP);
    Locator box = page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("搜索内容"));
    box.click();
    long before = suggestRequests();
    // What a pinyin keyboard does: composition text that is not yet the resident's words, then the chosen character.
    CDPSession ime = page.context().newCDPSession(page);
    for (String pinyin : new String[] {"x", "xi", "xin"}) {
      JsonObject composing = new JsonObject();
      composing.addProperty("text", pinyin);
      composing.addProperty("selectionStart", pinyin.length());
      composing.addProperty("selectionEnd", pinyin.length());
      ime.send("Input.imeSetComposition", composing);
    }
    assertThat(box).hasValue("xin");
    // Time passing is the point: three times the pause before asking, and still nothing may have been asked.
    page.waitForTimeout(600);
    assertEquals(0, suggestRequests() - before, browser.requests.toString());
    assertThat(page.getByRole(AriaRole.LISTBOX)).isHidden();

    JsonObject chosen = new JsonObject();
    chosen.addProperty("text", "信");
    ime.send("Input.insertText", chosen);
    assertThat(box).hasValue("信");
    assertThat(page.getByRole(AriaRole.OPTION).first()).isVisible();
    assertEquals(1, suggestRequests() - before, browser.requests.toString());
    assertTrue(browser.requests.stream().noneMatch(u -> u.contains("/api/suggest?q=x")), browser.requests.toString());
    page.context().close();
  }

  @Test
  void onASlowConnectionTheAnswerForAnOlderPrefixIsAbandoned() {
    pigeons();
    Page page = browser.open("/search", Size.PHONE);
    List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
    page.onRequestFailed(r -> failed.add(r.url() + " " + r.failure()));
    // A weak phone signal: every answer takes 1.5 s.
    slowLink(page, 1500);
    Locator box = page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("搜索内容"));
    String older = "/api/suggest?q=" + URLEncoder.encode("信", StandardCharsets.UTF_8);
    page.waitForRequest(r -> r.url().endsWith(older), () -> box.pressSequentially("信"));
    box.pressSequentially("鸽");
    Locator term = page.getByRole(AriaRole.OPTION).filter(new Locator.FilterOptions().setHasText("期节目"));
    assertThat(term.locator("mark")).hasText("信鸽");
    assertTrue(failed.stream().anyMatch(f -> f.contains(older) && f.contains("ERR_ABORTED")), failed.toString());
    page.context().close();
  }

  /** Every request of {@code page} takes {@code latencyMs} more, as over a weak phone signal. */
  static void slowLink(Page page, int latencyMs) {
    CDPSession network = page.context().newCDPSession(page);
    network.send("Network.enable");
    JsonObject slow = new JsonObject();
    slow.addProperty("offline", false);
    slow.addProperty("latency", latencyMs);
    slow.addProperty("downloadThroughput", -1);
    slow.addProperty("uploadThroughput", -1);
    network.send("Network.emulateNetworkConditions", slow);
  }

  @Test
  void whileANewPrefixIsAskedOverASlowLinkOnlySuggestionsStillMatchingStay() {
    Pigeons p = pigeons();
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.HOURS).minusDays(3);
    Http.Reply other = http.post("/api/rooms/" + p.roomId() + "/episodes", new io.vertx.core.json.JsonObject()
      .put("title", "信用修复怎么办理").put("startsAt", start.toString()).put("endsAt", start.plusMinutes(40).toString())
      .put("confirmRenumber", true));
    assertEquals(201, other.status(), other.body());
    Indexed.await(other.json().getLong("id"));
    JsonArray forXin = suggested("信");
    List<String> stillMatching = new ArrayList<>();
    for (int i = 0; i < forXin.size(); i++) {
      if (forXin.getJsonObject(i).getString("text").contains("信鸽")) {
        stillMatching.add(forXin.getJsonObject(i).getString("text"));
      }
    }
    assertTrue(!stillMatching.isEmpty() && stillMatching.size() < forXin.size(), forXin.encode());

    Page page = browser.open("/search", Size.PHONE);
    slowLink(page, 3000);
    Locator box = page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("搜索内容"));
    Locator options = page.getByRole(AriaRole.OPTION);
    box.pressSequentially("信");
    assertThat(options).hasCount(forXin.size(), new LocatorAssertions.HasCountOptions().setTimeout(15_000));
    box.pressSequentially("鸽");
    // The answer for 信鸽 takes 3 s; within 1.5 s the list is already narrowed to what still contains 信鸽.
    assertThat(options).hasCount(stillMatching.size(), new LocatorAssertions.HasCountOptions().setTimeout(1_500));
    for (int i = 0; i < stillMatching.size(); i++) {
      assertThat(options.nth(i).locator("mark")).hasText("信鸽");
    }
    page.context().close();
  }
}
