package lianxin.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lianxin.support.Browser;
import lianxin.support.Browser.Size;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 民生问答 at phone size, the whole journey: a resident asks on the room page (hostile markup in the text stays text),
 * a host approves it on the desk, a neighbour taps 我也想问, the host assigns it to the coming episode and taps 正在回答
 * while it is live, the recording is archived, and the resident's own question page says 已回答 and its link opens the
 * replay at that second. Screenshots of each step go to target/screenshots/questions-*.
 */
@ExtendWith(VertxExtension.class)
@Slow
class QuestionWebTest {

  static final String PASSWORD = "correct horse battery";
  static Browser browser;
  static Http admin;

  @BeforeAll
  static void start(Vertx vertx) {
    admin = Http.local(vertx);
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  @Test
  void residentAsksHostAnswersResidentFollowsTheLink() throws Exception {
    Seed seed = new Seed(admin);
    long room = seed.room();
    long column = seed.column(room, "民生问答");
    String host = Seed.unique("host");
    assertEquals(201, admin.post("/api/users", new JsonObject().put("username", host).put("password", PASSWORD)
      .put("role", "host").put("roomIds", new JsonArray().add(room))).status());
    String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
    long episode = seed.episode(room, "停车难答疑", day + "T10:00:00+08:00", day + "T11:00:00+08:00").getLong("id");
    String hostile = "<img src=x onerror=window.__xss=1>小区门口的停车位什么时候重新划线？";

    // A resident asks on the room page.
    Page resident = browser.open("/rooms/" + room, Size.PHONE);
    resident.locator("[data-testid=ask-form] textarea").fill(hostile);
    resident.locator("[data-testid=ask-form] input[name=nickname]").fill("五号楼");
    resident.locator("[data-testid=ask-form] select").selectOption(String.valueOf(column));
    browser.screenshot(resident, "questions-1-asking", Size.PHONE);
    resident.locator("[data-testid=ask-form] button[type=submit]").click();
    resident.locator("[data-testid=asked]").waitFor();
    browser.screenshot(resident, "questions-2-asked", Size.PHONE);
    resident.locator("[data-testid=asked] a").click();
    resident.locator("[data-testid=pending-mine]").waitFor();
    Matcher m = Pattern.compile("/questions/(\\d+)").matcher(resident.url());
    assertTrue(m.find(), resident.url());
    long id = Long.parseLong(m.group(1));

    // The host approves it on the desk.
    Page desk = browser.open("/signin", Size.PHONE);
    var signedIn = desk.request().post(browser.base + "/api/session", RequestOptions.create()
      .setData(new JsonObject().put("username", host).put("password", PASSWORD).encode()).setHeader("Content-Type", "application/json"));
    assertEquals(200, signedIn.status(), signedIn.text());
    desk.navigate(browser.base + "/host");
    desk.locator("[data-pending='" + id + "'] .text").waitFor();
    assertEquals(hostile, desk.locator("[data-pending='" + id + "'] .text").innerText());
    browser.screenshot(desk, "questions-3-desk-pending", Size.PHONE);
    desk.locator("[data-pending='" + id + "'] button").first().click();
    desk.locator("[data-open='" + id + "']").waitFor();

    // A neighbour wants to know too.
    Page neighbour = browser.open("/rooms/" + room, Size.PHONE);
    neighbour.locator("[data-question='" + id + "'] button").click();
    neighbour.locator("[data-question='" + id + "'] [data-testid=votes]").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("1")).waitFor();
    browser.assertTextOnly(neighbour);
    browser.screenshot(neighbour, "questions-4-room-open", Size.PHONE);

    // Assigned to the coming episode; its page says 本期将回答.
    desk.locator("[data-open='" + id + "'] select").selectOption(String.valueOf(episode));
    desk.locator("[data-open='" + id + "'] button.secondary").click();
    desk.locator("[data-testid=desk-note]").waitFor();
    neighbour.navigate(browser.base + "/episodes/" + episode);
    neighbour.locator("[data-testid=will-answer] [data-question='" + id + "']").waitFor();
    browser.screenshot(neighbour, "questions-5-episode-will-answer", Size.PHONE);

    // Live: the host taps 正在回答 a few seconds in.
    long beforeLive = System.nanoTime();
    assertEquals(200, admin.post("/api/episodes/" + episode + "/start", new JsonObject()).status());
    long live = System.nanoTime();
    desk.reload();
    desk.locator("[data-open='" + id + "'] [data-testid=answering]").waitFor();
    Node.sleep(3_000);
    long tapping = System.nanoTime();
    desk.locator("[data-open='" + id + "'] [data-testid=answering]").click();
    desk.locator("[data-testid=desk-note]").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("0:")).waitFor();
    long noted = System.nanoTime();
    browser.screenshot(desk, "questions-6-desk-answering", Size.PHONE);
    assertEquals(200, admin.post("/api/episodes/" + episode + "/end", new JsonObject()).status());
    Path clip = Clips.video(Clips.tempDir("lianxin-question-web"), "live.mp4", 8, 320, 240);
    JsonObject recording = Recordings.upload(admin, episode, clip, "video/mp4");
    assertEquals("archived", Recordings.settle(admin, recording.getLong("id")).getString("status"));
    long t = admin.get("/api/questions/" + id).json().getJsonObject("answer").getLong("t");
    // The moment lies between the tap and its answer, counted from going live.
    long earliest = (tapping - live) / 1_000_000_000L - 1;
    long latest = (noted - beforeLive) / 1_000_000_000L + 1;
    assertTrue(t >= earliest && t <= latest, "answered at " + t + " s, tapped between " + earliest + " and " + latest + " s");

    // The resident's own question page: 已回答, and the link to the moment.
    resident.reload();
    resident.locator("[data-testid=answer-link]").waitFor();
    assertTrue(resident.locator("[data-testid=mine]").isVisible());
    assertEquals(hostile, resident.locator("[data-testid=question-text]").innerText());
    browser.assertTextOnly(resident);
    browser.screenshot(resident, "questions-7-answered", Size.PHONE);
    resident.locator("[data-testid=answer-link]").click();
    resident.waitForURL("**/episodes/" + episode + "?t=" + t);
    resident.locator("video, audio").first().waitFor();
    browser.screenshot(resident, "questions-8-replay-at-answer", Size.PHONE);
    for (String name : List.of("1-asking", "2-asked", "3-desk-pending", "4-room-open", "5-episode-will-answer", "6-desk-answering",
        "7-answered", "8-replay-at-answer")) {
      assertTrue(Files.size(Browser.SCREENSHOTS.resolve("questions-" + name + "-phone.png")) > 5_000, name);
    }
    assertEquals(List.of(), browser.consoleErrors.stream().filter(e -> e.contains("uncaught")).toList());
    assertEquals(List.of(), List.copyOf(browser.foreignRequests));
  }
}
