package lianxin.schedule;

import static lianxin.support.Asserts.assertField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lianxin.support.Await;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.TestDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Episode truth when hosts stream elsewhere: an episode nobody started counts as aired once its planned end and the
 * capture grace (15 min) have passed, or once a recording or metrics come in after its start; a number residents
 * have seen changes only when the request confirms it, and the calendar feed carries the change.
 */
@ExtendWith(VertxExtension.class)
class EpisodeTruthTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  static Http http;
  static Seed seed;
  static Connection db;

  @BeforeAll
  static void start(Vertx vertx) throws SQLException {
    http = Http.local(vertx);
    seed = new Seed(http);
    db = TestDb.jdbc(TestDb.url());
  }

  @AfterAll
  static void close() throws SQLException {
    db.close();
  }

  /** 19:30 Beijing time, {@code days} from today (negative: past). */
  static ZonedDateTime evening(int days) {
    return LocalDate.now(SHANGHAI).plusDays(days).atTime(19, 30).atZone(SHANGHAI);
  }

  static JsonObject slot(String title, ZonedDateTime start, int minutes) {
    return new JsonObject().put("title", title).put("startsAt", start.format(ISO)).put("endsAt", start.plusMinutes(minutes).format(ISO));
  }

  static Http.Reply create(long room, JsonObject body) {
    return http.post("/api/rooms/" + room + "/episodes", body);
  }

  static long created(Http.Reply reply) {
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getLong("id");
  }

  static JsonObject episode(long id) {
    return http.get("/api/episodes/" + id).json();
  }

  static int number(long id) {
    return episode(id).getInteger("number");
  }

  static void sql(String statement) {
    try {
      db.createStatement().execute(statement);
    } catch (SQLException e) {
      throw new AssertionError(statement, e);
    }
  }

  /** Moves episodes back in time by SQL, as the clock would have: the API refuses to move a planned time into history. */
  static void shift(String where, Duration by) {
    sql("UPDATE episodes SET starts_at = starts_at - interval '" + by.toSeconds() + " seconds', ends_at = ends_at - interval '"
      + by.toSeconds() + " seconds' WHERE " + where);
  }

  static List<Long> ids(JsonArray episodes) {
    List<Long> ids = new ArrayList<>();
    episodes.forEach(e -> ids.add(((JsonObject) e).getLong("id")));
    return ids;
  }

  static int sequence(long room, long episodeId) {
    String feed = http.get("/api/rooms/" + room + "/calendar.ics").body();
    for (String event : feed.split("BEGIN:VEVENT")) {
      if (event.contains("UID:episode-" + episodeId + "@lianxin")) {
        Matcher m = Pattern.compile("\r\nSEQUENCE:(\\d+)\r\n").matcher(event);
        assertTrue(m.find(), event);
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("episode " + episodeId + " is not in the feed of room " + room);
  }

  @Test
  void aHostWhoNeverPressesAButtonForAMonthThenGoesLiveOnce() {
    long district = seed.district();
    long room = seed.room(district, 114, "Asia/Shanghai");
    // Six Wednesdays announced from tomorrow on: 第115期 to 第120期.
    ZonedDateTime first = evening(1);
    Http.Reply series = http.post("/api/rooms/" + room + "/series", new JsonObject().put("title", "党群连心桥")
      .put("rrule", "FREQ=WEEKLY;COUNT=6").put("start", first.toLocalDateTime().toString()).put("durationMinutes", 60));
    assertEquals(201, series.status(), series.body());
    List<Long> ids = ids(series.json().getJsonArray("episodes"));
    for (int i = 0; i < 6; i++) {
      assertEquals(115 + i, number(ids.get(i)));
    }
    // A month goes by: the host streams every week on Douyin from a phone and never opens Lianxin.
    shift("series_id = " + series.json().getLong("seriesId"), Duration.ofDays(35));

    // Then goes live once, for this week's episode (the sixth), before anything else has looked at the room.
    Http.Reply live = http.post("/api/episodes/" + ids.get(5) + "/start", null);
    assertEquals(200, live.status(), live.body());
    assertEquals("live", live.json().getString("status"));
    assertEquals(120, live.json().getInteger("number"), "the live one gets the next number");
    assertEquals("host", live.json().getString("airedBy"));
    for (int i = 0; i < 5; i++) {
      JsonObject ep = episode(ids.get(i));
      assertEquals(115 + i, ep.getInteger("number"), "the month's episodes keep the numbers they were announced with");
      assertEquals("ended", ep.getString("status"));
      assertEquals("schedule", ep.getString("airedBy"));
      assertTrue(ep.getBoolean("airedUnconfirmed"));
      assertNull(ep.getString("actualStartsAt"));
      assertNotNull(ep.getString("notAiredUntil"), "the host may still say one did not air");
    }
    // They count as aired in the room, the archive's list and the dashboard.
    assertEquals(120, http.get("/api/rooms/" + room).json().getLong("episodeCount"));
    assertEquals(5, http.get("/api/episodes?roomId=" + room + "&status=ended").items().size());
    assertEquals(0, http.get("/api/episodes?roomId=" + room + "&status=scheduled").items().size());
    JsonObject overview = http.get("/api/stats/overview?orgId=" + district + "&from=" + LocalDate.now(SHANGHAI).minusDays(40)
      + "&to=" + LocalDate.now(SHANGHAI)).json();
    assertEquals(5, overview.getJsonObject("totals").getLong("episodesAired"), overview.encode());

    assertEquals(200, http.post("/api/episodes/" + ids.get(5) + "/end", null).status());
    assertEquals(120, number(ids.get(5)));
  }

  @Test
  void theSweepMarksOverdueEpisodesAiredWithoutAnyWrite() {
    long room = seed.room(seed.district(), 114, "Asia/Shanghai");
    long past = created(create(room, slot("上周的节目", evening(3), 60)));
    long coming = created(create(room, slot("下周的节目", evening(10), 60)));
    assertEquals(115, number(past));
    assertEquals(114, http.get("/api/rooms/" + room).json().getLong("episodeCount"), "read once, so the page is cached");
    shift("id = " + past, Duration.ofDays(10));

    JsonObject aired = Await.until("the sweep marks the overdue episode aired", Duration.ofSeconds(20),
      () -> episode(past), ep -> ep.getString("status").equals("ended"));
    assertEquals("schedule", aired.getString("airedBy"));
    assertTrue(aired.getBoolean("airedUnconfirmed"));
    assertEquals(115, aired.getInteger("number"));
    assertEquals(116, number(coming));
    assertEquals("scheduled", episode(coming).getString("status"));
    // The cached room page is dropped by the change notice of the sweep's write.
    Await.until("the room page counts it", Duration.ofSeconds(10),
      () -> http.get("/api/rooms/" + room).json().getLong("episodeCount"), n -> n == 115);

    // Within the grace the host might still press 开播: the episode stays planned until the grace has passed too.
    long other = seed.room();
    long justEnded = created(create(other, slot("刚结束", ZonedDateTime.now(SHANGHAI).minusMinutes(70), 60)));
    assertEquals("scheduled", episode(justEnded).getString("status"));
    shift("id = " + justEnded, Duration.ofMinutes(20));
    Await.until("the sweep marks it once the grace has passed", Duration.ofSeconds(20),
      () -> episode(justEnded).getString("status"), "ended"::equals);
    assertEquals(1, number(justEnded));
  }

  @Test
  void anEpisodeEnteredAfterItsEndIsAiredAtOnce() {
    long room = seed.room(seed.district(), 114, "Asia/Shanghai");
    JsonObject ep = create(room, slot("补录的一期", evening(-3), 60)).json();
    assertEquals("ended", ep.getString("status"));
    assertEquals("schedule", ep.getString("airedBy"));
    assertEquals(115, ep.getInteger("number"));
    assertEquals(115, http.get("/api/rooms/" + room).json().getLong("episodeCount"));
  }

  @Test
  void metricsOrARecordingAfterTheStartMarkAnEpisodeAired() {
    long room = seed.room();
    ZonedDateTime began = ZonedDateTime.now(SHANGHAI).truncatedTo(ChronoUnit.MINUTES).minusMinutes(10);
    long byMetrics = created(create(room, slot("正在抖音直播", began, 60)));
    long later = created(create(room, slot("晚上场", began.plusHours(4), 60)));
    assertEquals("scheduled", episode(byMetrics).getString("status"));

    Http.Reply metrics = http.raw(HttpMethod.PUT, "/api/episodes/" + byMetrics + "/metrics",
      new JsonObject().put("platform", "douyin").put("views", 300).encode(), "application/json");
    assertEquals(200, metrics.status(), metrics.body());
    JsonObject aired = episode(byMetrics);
    assertEquals("ended", aired.getString("status"));
    assertEquals("metrics", aired.getString("airedBy"));
    assertTrue(aired.getBoolean("airedUnconfirmed"));
    assertEquals(1, aired.getInteger("number"));
    assertEquals(2, number(later));
    assertEquals("scheduled", episode(later).getString("status"));

    // The host was about to press the button: it still goes live (the capture window is open), now confirmed.
    Http.Reply live = http.post("/api/episodes/" + byMetrics + "/start", null);
    assertEquals(200, live.status(), live.body());
    assertEquals("live", live.json().getString("status"));
    assertEquals("host", live.json().getString("airedBy"));
    assertFalse(live.json().getBoolean("airedUnconfirmed"));
    assertEquals(1, live.json().getInteger("number"));
    assertEquals(200, http.post("/api/episodes/" + byMetrics + "/end", null).status());
    assertEquals(409, http.post("/api/episodes/" + byMetrics + "/start", null).status(), "ended by the host, it stays ended");

    // A recording for an episode that has not begun leaves it planned; once its start has passed, one marks it aired.
    long other = seed.room();
    long byRecording = created(create(other, slot("下午场", began.plusMinutes(70), 60)));
    long next = created(create(other, slot("明天", began.plusDays(1), 60)));
    Http.Reply early = http.raw(HttpMethod.POST, "/api/episodes/" + byRecording + "/recordings", "not a video", "video/mp4");
    assertEquals(202, early.status(), early.body());
    assertEquals("scheduled", episode(byRecording).getString("status"));
    shift("id = " + byRecording, Duration.ofMinutes(70));
    Http.Reply recording = http.raw(HttpMethod.POST, "/api/episodes/" + byRecording + "/recordings", "not a video", "video/mp4");
    assertEquals(202, recording.status(), recording.body());
    JsonObject recorded = episode(byRecording);
    assertEquals("ended", recorded.getString("status"));
    assertEquals("recording", recorded.getString("airedBy"));
    // The episode carries its newest recording whatever its state (the host desk shows 处理中 / 回放失败 from it).
    assertEquals(recording.json().getLong("id"), recorded.getJsonObject("recording").getLong("id"), recorded.encode());
    assertEquals("upload", recorded.getJsonObject("recording").getString("source"), recorded.encode());
    assertTrue(List.of("queued", "processing", "failed").contains(recorded.getJsonObject("recording").getString("status")), recorded.encode());
    assertEquals(null, episode(next).getValue("recording"));
    assertEquals(1, recorded.getInteger("number"));
    assertEquals(2, number(next));
    assertEquals("scheduled", episode(next).getString("status"));
  }

  @Test
  void aChangeThatMovesASeenNumberIsRefusedUnlessConfirmed() {
    long room = seed.room(seed.district(), 114, "Asia/Shanghai");
    long a = created(create(room, slot("A", evening(20), 60)));
    long c = created(create(room, slot("C", evening(22), 60)));
    long d = created(create(room, slot("D", evening(23), 60)));
    int sequenceBefore = sequence(room, c);

    // Inserting B between A and C would move C and D: refused, listing both, and nothing is booked.
    JsonObject b = slot("B", evening(21), 60);
    Http.Reply refused = create(room, b);
    assertEquals(409, refused.status(), refused.body());
    assertEquals("renumber", refused.json().getString("error"));
    assertTrue(refused.message().contains("confirmRenumber"), refused.message());
    assertEquals(new JsonArray()
      .add(new JsonObject().put("episodeId", c).put("from", 116).put("to", 117))
      .add(new JsonObject().put("episodeId", d).put("from", 117).put("to", 118)), refused.json().getJsonArray("renumbered"));
    assertEquals(3, http.get("/api/episodes?roomId=" + room).items().size(), "nothing was booked");
    assertEquals(116, number(c));
    assertEquals(sequenceBefore, sequence(room, c));

    Http.Reply confirmed = create(room, b.copy().put("confirmRenumber", true));
    assertEquals(201, confirmed.status(), confirmed.body());
    assertEquals(116, confirmed.json().getInteger("number"));
    assertEquals(2, confirmed.json().getJsonArray("renumbered").size());
    assertEquals(117, number(c));
    assertEquals(118, number(d));
    assertTrue(sequence(room, c) > sequenceBefore, "the calendar feed carries the new number as a new SEQUENCE");
    assertTrue(http.get("/api/rooms/" + room + "/calendar.ics").body().contains("第117期 C"));
    long bId = confirmed.json().getLong("id");

    // Moving D before B, and cancelling A, each move numbers too.
    JsonObject toTheFront = new JsonObject().put("startsAt", evening(19).format(ISO)).put("endsAt", evening(19).plusHours(1).format(ISO));
    Http.Reply move = http.patch("/api/episodes/" + d, toTheFront);
    assertEquals(409, move.status(), move.body());
    assertEquals(4, move.json().getJsonArray("renumbered").size());
    assertEquals(evening(23).format(ISO), episode(d).getString("startsAt"), "the refused move changed nothing");
    assertEquals(200, http.patch("/api/episodes/" + d, new JsonObject().put("title", "D 改名")).status(), "a change that moves no number needs no confirmation");
    Http.Reply moved = http.patch("/api/episodes/" + d, toTheFront.copy().put("confirmRenumber", true));
    assertEquals(200, moved.status(), moved.body());
    assertEquals(115, moved.json().getInteger("number"));
    assertEquals(List.of(116, 117, 118), List.of(number(a), number(bId), number(c)));

    Http.Reply cancel = http.post("/api/episodes/" + a + "/cancel", new JsonObject().put("reason", "场地检修"));
    assertEquals(409, cancel.status(), cancel.body());
    assertEquals("scheduled", episode(a).getString("status"));
    Http.Reply cancelled = http.post("/api/episodes/" + a + "/cancel", new JsonObject().put("reason", "场地检修").put("confirmRenumber", true));
    assertEquals(200, cancelled.status(), cancelled.body());
    assertEquals(new JsonArray()
      .add(new JsonObject().put("episodeId", bId).put("from", 117).put("to", 116))
      .add(new JsonObject().put("episodeId", c).put("from", 118).put("to", 117)), cancelled.json().getJsonArray("renumbered"));

    // Cancelling the last one moves nothing, and needs no confirmation.
    assertEquals(200, http.post("/api/episodes/" + c + "/cancel", new JsonObject().put("reason", "主播生病")).status());
  }

  @Test
  void aBackFilledEpisodeTakesItsOwnNumberOrGoesThroughConfirmation() {
    long room = seed.room(seed.district(), 114, "Asia/Shanghai");
    long next = created(create(room, slot("下一期", evening(5), 60)));
    long after = created(create(room, slot("再下一期", evening(12), 60)));
    assertEquals(115, number(next));

    // A forgotten past episode without a number would take 第115期 and push the announced ones on.
    JsonObject forgotten = slot("漏录的一期", evening(-30), 60);
    Http.Reply refused = create(room, forgotten);
    assertEquals(409, refused.status(), refused.body());
    assertEquals(new JsonArray()
      .add(new JsonObject().put("episodeId", next).put("from", 115).put("to", 116))
      .add(new JsonObject().put("episodeId", after).put("from", 116).put("to", 117)), refused.json().getJsonArray("renumbered"));
    assertEquals(2, http.get("/api/episodes?roomId=" + room).items().size());

    // The back catalogue: the number it aired under, within the offset, moves nothing.
    Http.Reply backFilled = create(room, forgotten.copy().put("number", 100));
    assertEquals(201, backFilled.status(), backFilled.body());
    assertEquals(100, backFilled.json().getInteger("number"));
    assertEquals("ended", backFilled.json().getString("status"));
    assertEquals("host", backFilled.json().getString("airedBy"));
    assertFalse(backFilled.json().getBoolean("airedUnconfirmed"));
    assertEquals(0, backFilled.json().getJsonArray("renumbered").size());
    assertEquals(115, number(next));
    assertEquals(116, number(after));
    assertEquals(114, http.get("/api/rooms/" + room).json().getLong("episodeCount"), "counted within the offset, once");

    assertField(create(room, slot("同号", evening(-40), 60).put("number", 100)), 422, "number");
    assertField(create(room, slot("未来", evening(40), 60).put("number", 99)), 422, "number");
    assertField(create(room, slot("太大", evening(-50), 60).put("number", 100_001)), 422, "number");
    assertField(create(room, slot("零", evening(-50), 60).put("number", 0)), 422, "number");
    // Confirmed, the forgotten one takes the next number and the announced ones move on.
    Http.Reply confirmed = create(room, slot("漏录的另一期", evening(-20), 60).put("confirmRenumber", true));
    assertEquals(201, confirmed.status(), confirmed.body());
    assertEquals(115, confirmed.json().getInteger("number"));
    assertEquals("ended", confirmed.json().getString("status"));
    assertEquals(116, number(next));
    assertEquals(117, number(after));
  }

  @Test
  void theHostCanSayAnEpisodeDidNotAirForAWeek() {
    long room = seed.room(seed.district(), 114, "Asia/Shanghai");
    long old = created(create(room, slot("很久以前", evening(-20), 60)));
    long missed = created(create(room, slot("其实没播", evening(-2), 60)));
    long coming = created(create(room, slot("下周", evening(5), 60)));
    assertEquals(List.of(115, 116, 117), List.of(number(old), number(missed), number(coming)));
    assertEquals("ended", episode(missed).getString("status"));

    // A reason is needed, and the coming episode would move into the gap: confirmation.
    assertEquals(422, http.post("/api/episodes/" + missed + "/not-aired", new JsonObject()).status());
    Http.Reply refused = http.post("/api/episodes/" + missed + "/not-aired", new JsonObject().put("reason", "主播临时有事"));
    assertEquals(409, refused.status(), refused.body());
    assertEquals(new JsonArray().add(new JsonObject().put("episodeId", coming).put("from", 117).put("to", 116)),
      refused.json().getJsonArray("renumbered"));
    assertEquals("ended", episode(missed).getString("status"));
    int sequenceBefore = sequence(room, coming);

    Http.Reply notAired = http.post("/api/episodes/" + missed + "/not-aired",
      new JsonObject().put("reason", "主播临时有事").put("confirmRenumber", true));
    assertEquals(200, notAired.status(), notAired.body());
    assertEquals("cancelled", notAired.json().getString("status"));
    assertEquals("主播临时有事", notAired.json().getString("cancelReason"));
    assertNull(notAired.json().getInteger("number"));
    assertNull(notAired.json().getString("airedBy"));
    assertEquals(116, number(coming));
    assertTrue(sequence(room, coming) > sequenceBefore);
    assertEquals(115, http.get("/api/rooms/" + room).json().getLong("episodeCount"));

    // More than a week after it aired, the record stands.
    sql("UPDATE episodes SET aired_at = now() - interval '8 days' WHERE id = " + old);
    assertNull(episode(old).getString("notAiredUntil"));
    Http.Reply late = http.post("/api/episodes/" + old + "/not-aired", new JsonObject().put("reason", "太晚了").put("confirmRenumber", true));
    assertEquals(409, late.status(), late.body());
    assertTrue(late.message().contains("7 天"), late.message());
    assertEquals("ended", episode(old).getString("status"));
    // Nor is a planned episode still to come "not aired": it is cancelled.
    assertEquals(409, http.post("/api/episodes/" + coming + "/not-aired", new JsonObject().put("reason", "x")).status());
  }

  @Test
  void anAiredEpisodeLaterInTimeKeepsItsNumberWhenAnEarlierOneIsDropped() {
    long room = seed.room();
    long first = created(create(room, slot("第一期", evening(-3), 60)));
    long second = created(create(room, slot("第二期", evening(-2), 60)));
    long third = created(create(room, slot("第三期", evening(3), 60)));
    assertEquals(List.of(1, 2, 3), List.of(number(first), number(second), number(third)));
    // The first did not air: the second has aired since, so it stays 第2期 and 第1期 is a gap; the third stays too.
    Http.Reply dropped = http.post("/api/episodes/" + first + "/not-aired", new JsonObject().put("reason", "停电"));
    assertEquals(200, dropped.status(), dropped.body());
    assertEquals(0, dropped.json().getJsonArray("renumbered").size());
    assertEquals(2, number(second));
    assertEquals(3, number(third));
  }

  @Test
  void aNewOffsetMovesPlannedNumbersOnlyWhenConfirmed() {
    long room = seed.room();
    long planned = created(create(room, slot("第一期", evening(4), 60)));
    Http.Reply refused = http.patch("/api/rooms/" + room, new JsonObject().put("episodeOffset", 114));
    assertEquals(409, refused.status(), refused.body());
    assertEquals(new JsonArray().add(new JsonObject().put("episodeId", planned).put("from", 1).put("to", 115)),
      refused.json().getJsonArray("renumbered"));
    assertEquals(0, http.get("/api/rooms/" + room).json().getInteger("episodeOffset"));
    Http.Reply done = http.patch("/api/rooms/" + room, new JsonObject().put("episodeOffset", 114).put("confirmRenumber", true));
    assertEquals(200, done.status(), done.body());
    assertEquals(1, done.json().getJsonArray("renumbered").size());
    assertEquals(115, number(planned));
  }
}
