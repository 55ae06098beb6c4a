package lianxin.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import lianxin.support.Browser;
import lianxin.support.Browser.Size;
import lianxin.support.Http;
import lianxin.support.Indexed;
import lianxin.support.Seed;
import lianxin.support.Slow;
import lianxin.support.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * At phone size, search results and a room's lists put what can be watched first and say so: the poster, 有回放 and
 * the length, or 未播出 and the date, every time in the room's zone (a Berlin room, in a browser set to Beijing).
 */
@ExtendWith(VertxExtension.class)
@Slow
class WatchableWebTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  static Http http;
  static Browser browser;
  static long room;
  static long replayed;
  static long future;
  static String word;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    http = Http.local(vertx);
    Residents data = Residents.get(http);
    Seed seed = new Seed(http);
    room = seed.room(seed.district(), 0, "Europe/Berlin");
    word = "太极拳" + Seed.unique("").replaceAll("\\D", "");
    // 19:30 in Berlin: a browser in Beijing would say 02:30 (or 03:30) if it used its own zone.
    ZonedDateTime aired = LocalDate.now(BERLIN).minusDays(4).atTime(19, 30).atZone(BERLIN);
    ZonedDateTime coming = LocalDate.now(BERLIN).plusDays(6).atTime(19, 30).atZone(BERLIN);
    replayed = episode(seed, word + "晨练回顾", aired);
    future = episode(seed, word + "晨练教学", coming);
    // The aired one gets the replay the Residents' clip made (the same files, as a second recording row).
    try (Connection c = TestDb.jdbc(TestDb.url())) {
      c.createStatement().execute("INSERT INTO recordings (episode_id, room_id, source, status, original_key, sha256, bytes,"
        + " kind, duration_seconds, master_key, audio_key, chapters_key, poster_key, storyboard_key)"
        + " SELECT " + replayed + ", " + room + ", source, status, original_key, sha256, bytes, kind, duration_seconds,"
        + " master_key, audio_key, chapters_key, poster_key, storyboard_key FROM recordings"
        + " WHERE episode_id = " + data.archivedId + " AND status = 'archived' ORDER BY id DESC LIMIT 1");
    }
    Indexed.await();
    browser = new Browser();
  }

  static long episode(Seed seed, String title, ZonedDateTime start) {
    JsonObject e = seed.episode(room, title, start.toOffsetDateTime().toString(), start.plusHours(1).toOffsetDateTime().toString());
    return e.getLong("id");
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

  static void posterShows(Page page, Locator img) {
    assertThat(img).isVisible();
    page.waitForFunction("img => img.complete && img.naturalWidth > 0", img.elementHandle());
  }

  @Test
  void searchResultsPutTheReplayFirstWithItsPosterAndLengthAndMarkWhatIsToCome() {
    Page page = browser.open("/search?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8), Size.PHONE);
    Locator results = page.locator("ol.results > li");
    assertThat(results).hasCount(2);
    Locator first = results.nth(0);
    assertThat(first.locator("a[href='/episodes/" + replayed + "']")).isVisible();
    assertThat(first.locator(".badge.replay")).hasText("有回放");
    assertThat(first.locator(".length")).hasText("0:12");
    posterShows(page, first.locator("img.thumb"));
    // Times in the room's zone: 19:30 in Berlin, though this browser is in Beijing.
    assertThat(first.locator(".when")).containsText("19:30");

    Locator second = results.nth(1);
    assertThat(second.locator("a[href='/episodes/" + future + "']")).isVisible();
    assertThat(second.locator(".badge.to-come")).hasText("未播出");
    assertThat(second.locator(".when")).containsText("19:30");
    assertEquals(0, second.locator("img.thumb").count(), "nothing to show before it airs");
    assertEquals(0, second.locator(".badge.replay").count());

    browser.assertAccessible(page);
    browser.screenshot(page, "search-watchable", Size.PHONE);
    page.context().close();
  }

  @Test
  void aRoomsListsShowPosterLengthAndWhatIsToCome() {
    Page page = browser.open("/rooms/" + room, Size.PHONE);
    Locator past = page.locator("section[aria-labelledby='past-h'] li");
    assertThat(past).hasCount(1);
    assertThat(past.locator(".badge.replay")).hasText("有回放");
    assertThat(past.locator(".length")).hasText("0:12");
    assertThat(past).containsText("19:30");
    posterShows(page, past.locator("img.thumb"));

    Locator upcoming = page.locator("section[aria-labelledby='up-h'] li");
    assertThat(upcoming).hasCount(1);
    assertThat(upcoming.locator(".badge.to-come")).hasText("未播出");
    assertThat(upcoming).containsText("19:30");
    // The poster sits beside the text, inside the phone's width.
    Object box = page.evaluate("() => { const i = document.querySelector('section[aria-labelledby=past-h] img.thumb').getBoundingClientRect();"
      + " return i.right <= window.innerWidth && i.width >= 100 }");
    assertEquals(true, box);
    browser.assertAccessible(page);
    browser.screenshot(page, "room-watchable", Size.PHONE);
    assertTrue(page.locator("section[aria-labelledby='past-h']").textContent().contains("晨练回顾"));
    page.context().close();
  }
}
