package lianxin.schedule;

import static lianxin.support.Asserts.assertField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import lianxin.support.Http;
import lianxin.support.Seed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SeriesTest {

  static Http http;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  static JsonObject weekly(String rrule, String start) {
    return new JsonObject().put("title", "党群连心桥·周三见").put("rrule", rrule).put("start", start).put("durationMinutes", 60);
  }

  @Test
  void weeklyOnWednesdaysBooksEveryOccurrence() {
    long room = seed.room(seed.district(), 114, "Asia/Shanghai");
    Http.Reply reply = http.post("/api/rooms/" + room + "/series", weekly("FREQ=WEEKLY;BYDAY=WE;COUNT=4", "2030-01-02T19:30"));
    assertEquals(201, reply.status(), reply.body());
    JsonArray episodes = reply.json().getJsonArray("episodes");
    assertEquals(4, episodes.size());
    assertEquals("2030-01-02T19:30:00+08:00", episodes.getJsonObject(0).getString("startsAt"));
    assertEquals("2030-01-23T20:30:00+08:00", episodes.getJsonObject(3).getString("endsAt"));
    assertEquals(115, episodes.getJsonObject(0).getInteger("number"));
    assertEquals(118, episodes.getJsonObject(3).getInteger("number"));
    long seriesId = reply.json().getLong("seriesId");
    assertEquals(4, http.get("/api/episodes?seriesId=" + seriesId).items().size());
  }

  @Test
  void aClashBooksNothingAndListsEveryClashingOccurrence() {
    long room = seed.room();
    seed.episode(room, "已有节目一", "2030-02-13T19:00:00+08:00", "2030-02-13T20:00:00+08:00");
    seed.episode(room, "已有节目二", "2030-02-27T20:00:00+08:00", "2030-02-27T21:00:00+08:00");
    JsonObject body = weekly("FREQ=WEEKLY;BYDAY=WE;COUNT=4", "2030-02-06T19:30");

    Http.Reply preview = http.post("/api/rooms/" + room + "/series", body.copy().put("dryRun", true));
    assertEquals(200, preview.status(), preview.body());
    JsonArray occurrences = preview.json().getJsonArray("episodes");
    assertEquals(4, occurrences.size());
    assertEquals(0, occurrences.getJsonObject(0).getJsonArray("conflicts").size());
    assertEquals("已有节目一", occurrences.getJsonObject(1).getJsonArray("conflicts").getJsonObject(0).getString("title"));
    assertEquals("已有节目二", occurrences.getJsonObject(3).getJsonArray("conflicts").getJsonObject(0).getString("title"));
    assertEquals(2, http.get("/api/episodes?roomId=" + room).items().size(), "a dry run books nothing");

    Http.Reply refused = http.post("/api/rooms/" + room + "/series", body);
    assertEquals(409, refused.status());
    JsonArray conflicts = refused.json().getJsonArray("conflicts");
    assertEquals(2, conflicts.size());
    assertEquals("2030-02-13T19:30:00+08:00", conflicts.getJsonObject(0).getString("slotStartsAt"));
    assertEquals("2030-02-27T19:30:00+08:00", conflicts.getJsonObject(1).getString("slotStartsAt"));
    assertTrue(refused.message().contains("2 处冲突"), refused.message());
    assertEquals(2, http.get("/api/episodes?roomId=" + room).items().size(), "none of the series was booked");
  }

  @Test
  void badRulesAreRefusedByField() {
    long room = seed.room();
    assertEquals("rrule", http.post("/api/rooms/" + room + "/series", weekly("FREQ=WEEKLY;BYDAY=WE", "2030-01-02T19:30")).json()
      .getJsonObject("details").getString("field"));
    assertEquals(422, http.post("/api/rooms/" + room + "/series", weekly("nonsense", "2030-01-02T19:30")).status());
    assertEquals(400, http.post("/api/rooms/" + room + "/series", weekly("FREQ=DAILY;COUNT=2", "next week")).status());
    assertEquals(422, http.post("/api/rooms/" + room + "/series", weekly("FREQ=DAILY;COUNT=2", "2030-01-02T19:30").put("durationMinutes", 0)).status());
  }

  @Test
  void monthlySecondTuesdayAndEveryTwoWeeks() {
    long room = seed.room();
    JsonArray monthly = http.post("/api/rooms/" + room + "/series", weekly("FREQ=MONTHLY;BYDAY=2TU;COUNT=3", "2030-03-01T15:00")).json().getJsonArray("episodes");
    assertEquals("2030-03-12T15:00:00+08:00", monthly.getJsonObject(0).getString("startsAt"));
    assertEquals("2030-04-09T15:00:00+08:00", monthly.getJsonObject(1).getString("startsAt"));
    assertEquals("2030-05-14T15:00:00+08:00", monthly.getJsonObject(2).getString("startsAt"));
    JsonArray biweekly = http.post("/api/rooms/" + room + "/series", weekly("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;UNTIL=20300701T000000Z", "2030-06-07T10:00"))
      .json().getJsonArray("episodes");
    assertEquals(2, biweekly.size());
    assertEquals("2030-06-21T10:00:00+08:00", biweekly.getJsonObject(1).getString("startsAt"));
  }

  @Test
  void acrossDstTheWallClockTimeStays() {
    long room = seed.room(seed.district(), 0, "Europe/Berlin");
    JsonArray episodes = http.post("/api/rooms/" + room + "/series", weekly("FREQ=WEEKLY;BYDAY=WE;COUNT=3", "2030-03-20T19:30"))
      .json().getJsonArray("episodes");
    assertEquals("2030-03-20T19:30:00+01:00", episodes.getJsonObject(0).getString("startsAt"));
    assertEquals("2030-03-27T19:30:00+01:00", episodes.getJsonObject(1).getString("startsAt"));
    assertEquals("2030-04-03T19:30:00+02:00", episodes.getJsonObject(2).getString("startsAt"));
  }

  @Test
  void editOneOccurrenceOrThisAndFollowing() {
    long room = seed.room(seed.district(), 0, "Europe/Berlin");
    JsonArray episodes = http.post("/api/rooms/" + room + "/series", weekly("FREQ=WEEKLY;BYDAY=WE;COUNT=4", "2030-03-20T19:30"))
      .json().getJsonArray("episodes");
    long second = episodes.getJsonObject(1).getLong("id");
    long third = episodes.getJsonObject(2).getLong("id");
    long fourth = episodes.getJsonObject(3).getLong("id");

    Http.Reply one = http.patch("/api/episodes/" + second, new JsonObject().put("title", "特别节目"));
    assertEquals("特别节目", one.json().getString("title"));
    assertEquals("党群连心桥·周三见", http.get("/api/episodes/" + third).json().getString("title"));

    // Move the second and all after it one hour later: 20:30 local on both sides of the DST change.
    Http.Reply following = http.patch("/api/episodes/" + second, new JsonObject().put("scope", "following")
      .put("startsAt", "2030-03-27T20:30:00+01:00").put("endsAt", "2030-03-27T21:30:00+01:00"));
    assertEquals(200, following.status(), following.body());
    assertEquals("2030-04-03T20:30:00+02:00", http.get("/api/episodes/" + third).json().getString("startsAt"));
    assertEquals("2030-04-10T21:30:00+02:00", http.get("/api/episodes/" + fourth).json().getString("endsAt"));
    assertEquals("2030-03-20T19:30:00+01:00", episodes.getJsonObject(0).getString("startsAt"));

    Http.Reply cancel = http.post("/api/episodes/" + third + "/cancel", new JsonObject().put("reason", "场地检修").put("scope", "following"));
    assertEquals(200, cancel.status(), cancel.body());
    assertEquals("cancelled", http.get("/api/episodes/" + fourth).json().getString("status"));
    assertEquals("scheduled", http.get("/api/episodes/" + second).json().getString("status"));
    assertEquals(2, http.get("/api/rooms/" + room).json().getLong("upcomingCount"));
  }

  @Test
  void followingNeedsASeries() {
    long room = seed.room();
    long single = seed.episode(room, "单期", "2030-09-01T10:00:00+08:00", "2030-09-01T11:00:00+08:00").getLong("id");
    Http.Reply reply = http.patch("/api/episodes/" + single, new JsonObject().put("scope", "following").put("title", "x"));
    assertEquals(422, reply.status());
    assertEquals("scope", reply.json().getJsonObject("details").getString("field"));
  }

  @Test
  void aSeriesMustStayInThePlausibleWindow() {
    long room = seed.room();
    String path = "/api/rooms/" + room + "/series";
    // An interval that puts the second episode 200,000 years on.
    assertField(http.post(path, weekly("FREQ=YEARLY;INTERVAL=200000;COUNT=2", "2030-01-02T19:30")), 422, "rrule");
    assertField(http.post(path, weekly("FREQ=YEARLY;COUNT=30", "2030-01-02T19:30")), 422, "rrule");
    assertField(http.post(path, weekly("FREQ=YEARLY;INTERVAL=2000000000;COUNT=2", "2030-01-02T19:30")), 422, "rrule");
    assertField(http.post(path, weekly("FREQ=WEEKLY;UNTIL=99991231", "2030-01-02T19:30")), 422, "rrule");
    assertField(http.post(path, weekly("FREQ=DAILY;COUNT=2", "0001-01-02T19:30")), 422, "start");
    assertEquals(0, http.get("/api/episodes?roomId=" + room).items().size(), "nothing was booked");
  }
}
