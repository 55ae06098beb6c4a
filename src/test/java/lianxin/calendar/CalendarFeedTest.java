package lianxin.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.Temporal;
import java.util.List;
import lianxin.support.Http;
import lianxin.support.Seed;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CalendarFeedTest {

  static Http http;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  @Test
  void roomFeedParsesAndFollowsChanges() throws Exception {
    long room = seed.room(seed.district(), 114, "Asia/Shanghai");
    String soon = java.time.LocalDate.now().plusDays(7).toString();
    String later = java.time.LocalDate.now().plusDays(8).toString();
    long kept = seed.episode(room, "社区医院, 就医; 指南", soon + "T19:30:00+08:00", soon + "T20:30:00+08:00").getLong("id");
    long dropped = seed.episode(room, "取消的一期", later + "T19:30:00+08:00", later + "T20:30:00+08:00").getLong("id");

    Http.Reply feed = http.get("/api/rooms/" + room + "/calendar.ics");
    assertEquals(200, feed.status());
    assertTrue(feed.headers().get("content-type").startsWith("text/calendar"));
    VEvent before = event(parse(feed.body()), kept);
    assertEquals("第115期 社区医院, 就医; 指南", before.getSummary().getValue());
    DtStart<Temporal> start = before.getDateTimeStart();
    assertEquals("Asia/Shanghai", start.getParameter("TZID").orElseThrow().getValue());
    assertEquals(Instant.parse(soon + "T11:30:00Z"), Instant.from(start.getDate()));
    int sequence = Integer.parseInt(before.getProperty(Property.SEQUENCE).orElseThrow().getValue());

    http.patch("/api/episodes/" + kept, new JsonObject().put("title", "社区医院就医指南"));
    http.post("/api/episodes/" + dropped + "/cancel", new JsonObject().put("reason", "主播生病"));

    Calendar after = parse(http.get("/api/rooms/" + room + "/calendar.ics").body());
    VEvent changed = event(after, kept);
    assertEquals("episode-" + kept + "@lianxin", changed.getUid().orElseThrow().getValue(), "the UID is stable");
    assertTrue(Integer.parseInt(changed.getProperty(Property.SEQUENCE).orElseThrow().getValue()) > sequence);
    assertEquals("第115期 社区医院就医指南", changed.getSummary().getValue());
    VEvent cancelled = event(after, dropped);
    assertEquals("CANCELLED", cancelled.getProperty(Property.STATUS).orElseThrow().getValue());
    assertTrue(cancelled.getProperty(Property.DESCRIPTION).orElseThrow().getValue().contains("主播生病"));
  }

  @Test
  void orgFeedCoversItsSubtree() throws Exception {
    long district = seed.district();
    long street = seed.org("呼伦北路街道", "subdistrict", district);
    long roomA = seed.room(street, 0, "Asia/Shanghai");
    long roomB = seed.room(seed.org("奔腾社区", "community", district), 0, "Asia/Shanghai");
    long elsewhere = seed.room();
    String day = java.time.LocalDate.now().plusDays(3).toString();
    long a = seed.episode(roomA, "A", day + "T10:00:00+08:00", day + "T11:00:00+08:00").getLong("id");
    long b = seed.episode(roomB, "B", day + "T10:00:00+08:00", day + "T11:00:00+08:00").getLong("id");
    seed.episode(elsewhere, "C", day + "T10:00:00+08:00", day + "T11:00:00+08:00");

    List<VEvent> events = parse(http.get("/api/orgs/" + district + "/calendar.ics").body()).getComponents("VEVENT");
    assertEquals(2, events.size());
    assertEquals(List.of("episode-" + a + "@lianxin", "episode-" + b + "@lianxin"),
      events.stream().map(e -> e.getUid().orElseThrow().getValue()).toList());
    assertEquals(1, parse(http.get("/api/orgs/" + street + "/calendar.ics").body()).getComponents("VEVENT").size());
    assertEquals(404, http.get("/api/orgs/999999999/calendar.ics").status());
  }

  @Test
  void remindMeDownloadsOneEpisodeWithAnAlarmAndTheFeedOffersOne() throws Exception {
    long room = seed.room();
    long id = seed.episode(room, "养老金认证", "2027-06-03T19:30:00+08:00", "2027-06-03T20:30:00+08:00").getLong("id");
    long other = seed.episode(room, "医保", "2027-06-10T19:30:00+08:00", "2027-06-10T20:30:00+08:00").getLong("id");

    Http.Reply one = http.anonymous().get("/api/episodes/" + id + "/calendar.ics");
    assertEquals(200, one.status(), one.body());
    assertTrue(one.headers().get("content-disposition").startsWith("attachment; filename=\"episode-" + id + ".ics\"; filename*=UTF-8''%E7%AC%AC"),
      one.headers().get("content-disposition"));
    Calendar calendar = parse(one.body());
    assertEquals(1, calendar.getComponents("VEVENT").size(), one.body());
    VEvent event = event(calendar, id);
    assertEquals(1, event.getAlarms().size(), one.body());
    assertTrue(one.body().contains("TRIGGER:-PT30M") && one.body().contains("ACTION:DISPLAY"), one.body());
    assertTrue(http.anonymous().get("/api/episodes/" + id + "/calendar.ics?alarm=10").body().contains("TRIGGER:-PT10M"));
    for (String bad : new String[] {"0", "abc", "1441"}) {
      Http.Reply refused = http.anonymous().get("/api/episodes/" + id + "/calendar.ics?alarm=" + bad);
      assertEquals(400, refused.status(), bad);
      assertEquals("alarm", refused.json().getString("field"));
    }
    assertEquals(404, http.anonymous().get("/api/episodes/999999999/calendar.ics").status());

    // The room's feed: no reminders unless the subscriber asks, then one per episode still on.
    assertTrue(!http.anonymous().get("/api/rooms/" + room + "/calendar.ics").body().contains("BEGIN:VALARM"));
    assertEquals(200, http.post("/api/episodes/" + other + "/cancel", new io.vertx.core.json.JsonObject().put("reason", "停电")
      .put("confirmRenumber", true)).status());
    Calendar withAlarms = parse(http.anonymous().get("/api/rooms/" + room + "/calendar.ics?alarm=60").body());
    assertEquals(1, event(withAlarms, id).getAlarms().size());
    assertEquals(0, event(withAlarms, other).getAlarms().size(), "a cancelled episode reminds no one");
  }

  private static Calendar parse(String ics) throws Exception {
    return new CalendarBuilder().build(new StringReader(ics));
  }

  private static VEvent event(Calendar calendar, long episodeId) {
    return calendar.<VEvent>getComponents("VEVENT").stream()
      .filter(e -> e.getUid().orElseThrow().getValue().equals("episode-" + episodeId + "@lianxin"))
      .findFirst().orElseThrow();
  }
}
