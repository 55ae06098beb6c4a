package lianxin.question;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;
import lianxin.support.Clips;
import lianxin.support.Http;
import lianxin.support.Node;
import lianxin.support.Recordings;
import lianxin.support.Seed;
import lianxin.support.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole of 民生问答 over HTTP: a resident asks without an account, a host approves, residents vote, the host
 * assigns the question to an upcoming episode, taps 正在回答 while it is live, the recording is archived, and the
 * question links to the second of the replay where it was answered; search, chapters, feeds and the overview follow.
 */
@ExtendWith(VertxExtension.class)
@Slow
class QuestionJourneyTest {

  /** A made-up latin word only this run's question holds, so search finds exactly it. */
  static String token() {
    StringBuilder out = new StringBuilder("qz");
    for (int i = 0; i < 8; i++) {
      out.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    }
    return out.toString();
  }

  static String device() {
    return "dev-" + token();
  }

  @Test
  void askApproveVoteAssignAnswerArchiveFindCount(Vertx vertx) throws Exception {
    Http admin = Http.local(vertx);
    Http resident = admin.anonymous();
    Seed seed = new Seed(admin);
    long district = seed.district();
    long room = seed.room(district, 0, "Asia/Shanghai");
    long column = seed.column(room, "民生问答");
    String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
    long episode = seed.episode(room, "楼道设施答疑", day + "T10:00:00+08:00", day + "T11:00:00+08:00").getLong("id");
    String word = token();
    String text = "楼道声控灯坏了两个月，物业说要业主自己修，对吗？" + word;

    // Ask, without an account.
    String asker = device();
    Http.Reply asked = resident.post("/api/rooms/" + room + "/questions", new JsonObject().put("text", text)
      .put("nickname", "三号楼居民").put("columnId", column).put("deviceId", asker));
    assertEquals(201, asked.status(), asked.body());
    long id = asked.json().getLong("id");
    assertEquals("pending", asked.json().getString("status"));
    // Pending: nobody but the room's managers sees it.
    assertEquals(404, resident.get("/api/questions/" + id).status());
    assertFalse(ids(resident.get("/api/rooms/" + room + "/questions?status=open").items()).contains(id));
    assertTrue(ids(admin.get("/api/rooms/" + room + "/questions?status=pending").items()).contains(id));
    assertEquals(401, resident.get("/api/rooms/" + room + "/questions?status=pending").status());
    assertEquals(401, resident.post("/api/questions/" + id + "/approve", new JsonObject()).status());

    // Approve: now public, in the open list.
    Http.Reply approved = admin.post("/api/questions/" + id + "/approve", new JsonObject());
    assertEquals(200, approved.status(), approved.body());
    JsonObject shown = resident.get("/api/questions/" + id).json();
    assertEquals("approved", shown.getString("status"));
    assertEquals(text, shown.getString("text"));
    assertEquals("三号楼居民", shown.getString("nickname"));
    assertTrue(shown.getValue("answer") == null);
    assertTrue(ids(resident.get("/api/rooms/" + room + "/questions?status=open").items()).contains(id));

    // 我也想问: once per device.
    String neighbour = device();
    Http.Reply vote = resident.post("/api/questions/" + id + "/votes", new JsonObject().put("deviceId", neighbour));
    assertEquals(201, vote.status(), vote.body());
    assertEquals(1, vote.json().getInteger("votes"));
    Http.Reply again = resident.post("/api/questions/" + id + "/votes", new JsonObject().put("deviceId", neighbour));
    assertEquals(409, again.status(), again.body());
    assertTrue(again.message().contains("已经投过"), again.body());
    assertEquals(201, resident.post("/api/questions/" + id + "/votes", new JsonObject().put("deviceId", asker)).status());
    assertEquals(2, resident.get("/api/questions/" + id).json().getInteger("votes"));

    // Assign to the upcoming episode: 本期将回答 on its page and in its calendar entry.
    Http.Reply assigned = admin.post("/api/questions/" + id + "/assign", new JsonObject().put("episodeId", episode));
    assertEquals(200, assigned.status(), assigned.body());
    assertTrue(ids(resident.get("/api/episodes/" + episode + "/questions").items()).contains(id));
    String ics = resident.get("/api/episodes/" + episode + "/calendar.ics").body();
    assertTrue(ics.replace("\r\n ", "").contains("本期将回答"), ics);

    // 正在回答 only while the episode is live.
    Http.Reply early = admin.post("/api/questions/" + id + "/answering", new JsonObject());
    assertEquals(409, early.status(), early.body());
    assertEquals(200, admin.post("/api/episodes/" + episode + "/start", new JsonObject()).status());
    long wentLive = System.nanoTime();
    Node.sleep(3_000);
    long tapped = System.nanoTime();
    Http.Reply answering = admin.post("/api/questions/" + id + "/answering", new JsonObject());
    assertEquals(200, answering.status(), answering.body());
    double expected = (tapped - wentLive) / 1e9;
    assertEquals(200, admin.post("/api/episodes/" + episode + "/end", new JsonObject()).status());

    // Before the archive: the moment is known, the replay not yet.
    JsonObject answer = resident.get("/api/questions/" + id).json().getJsonObject("answer");
    assertNotNull(answer);
    assertFalse(answer.getBoolean("replay"));

    // Archive a recording of the episode.
    Path clip = Clips.video(Clips.tempDir("lianxin-questions"), "answer.mp4", 8, 320, 240);
    JsonObject recording = Recordings.upload(admin, episode, clip, "video/mp4");
    assertEquals("archived", Recordings.settle(admin, recording.getLong("id")).getString("status"));

    answer = resident.get("/api/questions/" + id).json().getJsonObject("answer");
    assertEquals(episode, answer.getLong("episodeId"));
    assertTrue(Math.abs(answer.getLong("t") - expected) <= 2, "answered at " + answer.getLong("t") + " s, tapped at " + expected + " s");
    assertTrue(answer.getBoolean("replay"));
    assertEquals("/episodes/" + episode + "?t=" + answer.getLong("t"), answer.getString("url"));
    assertTrue(ids(resident.get("/api/rooms/" + room + "/questions?status=answered").items()).contains(id));
    assertFalse(ids(resident.get("/api/rooms/" + room + "/questions?status=open").items()).contains(id));

    // 设为此刻 on the replay corrects it; past the recording's end is refused.
    assertEquals(200, admin.patch("/api/questions/" + id, new JsonObject().put("answerAt", 2)).status());
    assertEquals(2, resident.get("/api/questions/" + id).json().getJsonObject("answer").getLong("t"));
    Http.Reply past = admin.patch("/api/questions/" + id, new JsonObject().put("answerAt", 600));
    assertEquals(422, past.status(), past.body());
    assertEquals("answerAt", past.json().getJsonObject("details").getString("field"));

    // The replay's chapters hold it, at its moment.
    JsonArray chapters = resident.get("/api/episodes/" + episode + "/chapters").json().getJsonArray("chapters");
    assertTrue(chapters.stream().map(JsonObject.class::cast).anyMatch(c -> c.getDouble("startTime") == 2.0
      && c.getString("title").startsWith("问：楼道声控灯")), chapters.encode());

    // The podcast feed's item lists it with its time.
    String feed = resident.get("/api/rooms/" + room + "/podcast.xml").body();
    assertTrue(feed.contains("本期回答的问题") && feed.contains("0:02 楼道声控灯"), feed);

    // Search finds the question with its answer moment.
    JsonArray found = resident.get("/api/search?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8)).items();
    JsonObject hit = found.stream().map(JsonObject.class::cast).filter(i -> "question".equals(i.getString("type")))
      .findFirst().orElseThrow(() -> new AssertionError("no question in " + found.encode()));
    assertEquals(id, hit.getJsonObject("question").getLong("id"));
    assertEquals(2, hit.getJsonObject("question").getJsonObject("answer").getLong("t"));

    // The overview counts it.
    JsonObject overview = admin.get("/api/stats/overview?orgId=" + district + "&groupBy=column").json();
    JsonObject totals = overview.getJsonObject("totals").getJsonObject("questions");
    assertEquals(1, totals.getLong("received"));
    assertEquals(1, totals.getLong("approved"));
    assertEquals(1, totals.getLong("answered"));
    assertEquals(0, totals.getLong("open"));
    assertNotNull(totals.getDouble("medianDaysToAnswer"));
    String csv = admin.get("/api/stats/overview?orgId=" + district + "&format=csv").body();
    assertTrue(csv.contains("收到问题") && csv.contains("已回答问题"), csv);
  }

  static java.util.List<Long> ids(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }
}
