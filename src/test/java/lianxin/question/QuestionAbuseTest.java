package lianxin.question;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What residents could do wrong with 民生问答: flood it, post blocked words, and what hosts hide stays hidden. */
@ExtendWith(VertxExtension.class)
class QuestionAbuseTest {

  @Test
  void oneDeviceAsksFiveAtOnceThenWaits(Vertx vertx) {
    Http admin = Http.local(vertx);
    long room = new Seed(admin).room();
    String device = "one-device-" + System.nanoTime();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(TestServer.port()).setLocalAddress("127.0.0.78"));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      statuses.add(client.post("/api/rooms/" + room + "/questions")
        .sendJsonObject(new JsonObject().put("text", "问题" + i).put("deviceId", device)).await().statusCode());
    }
    assertEquals(List.of(201, 201, 201, 201, 201, 429, 429), statuses);
    client.close();
  }

  @Test
  void blockedWordsAreRefusedNamingTheField(Vertx vertx) {
    Http admin = Http.local(vertx);
    Http resident = admin.anonymous();
    long room = new Seed(admin).room();
    String path = "/api/rooms/" + room + "/questions";
    // The library's dictionary.
    Http.Reply insult = resident.post(path, new JsonObject().put("text", "你们这些傻逼什么时候修电梯").put("deviceId", "words-" + System.nanoTime()));
    assertEquals(422, insult.status(), insult.body());
    assertEquals("text", insult.json().getJsonObject("details").getString("field"));
    assertTrue(insult.message().contains("不允许发布的词语"), insult.body());
    // A phone number is personal information a public question must not carry.
    Http.Reply phone = resident.post(path, new JsonObject().put("text", "有事打我电话13800138000").put("deviceId", "words-" + System.nanoTime()));
    assertEquals(422, phone.status(), phone.body());
    // Civic words the dictionary lists are allowed.
    Http.Reply civic = resident.post(path, new JsonObject().put("text", "拆迁补偿标准是政府定的吗？街道书记能解释吗？").put("deviceId", "words-" + System.nanoTime()));
    assertEquals(201, civic.status(), civic.body());
    // The room's own words, found in full-width or spaced spellings too; only its managers set them.
    assertEquals(401, resident.raw(io.vertx.core.http.HttpMethod.PUT, "/api/rooms/" + room + "/blocked-words",
      "{\"words\":[\"x\"]}", "application/json").status());
    assertEquals(200, admin.raw(io.vertx.core.http.HttpMethod.PUT, "/api/rooms/" + room + "/blocked-words",
      "{\"words\":[\"某某楼盘\",\"ABC\"]}", "application/json").status());
    Http.Reply own = resident.post(path, new JsonObject().put("text", "某某 楼盘什么时候交房").put("deviceId", "words-" + System.nanoTime()));
    assertEquals(422, own.status(), own.body());
    Http.Reply wide = resident.post(path, new JsonObject().put("text", "ａｂｃ是什么").put("deviceId", "words-" + System.nanoTime()));
    assertEquals(422, wide.status(), wide.body());
    Http.Reply english = resident.inLanguage("en").post(path, new JsonObject().put("nickname", "某某楼盘").put("text", "hello")
      .put("deviceId", "words-" + System.nanoTime()));
    assertEquals(422, english.status());
    assertEquals("nickname", english.json().getJsonObject("details").getString("field"));
    assertTrue(english.message().contains("may not be published"), english.body());
    // Bounds: 300 characters, a one-line nickname, a device id.
    assertEquals(422, resident.post(path, new JsonObject().put("text", "问".repeat(301)).put("deviceId", "words-" + System.nanoTime())).status());
    assertEquals(201, resident.post(path, new JsonObject().put("text", "问".repeat(300)).put("deviceId", "words-" + System.nanoTime())).status());
    assertEquals(422, resident.post(path, new JsonObject().put("text", "问题").put("deviceId", "short")).status());
    assertEquals(415, resident.raw(io.vertx.core.http.HttpMethod.POST, path, "{\"text\":\"x\",\"deviceId\":\"abcdefgh1\"}", "text/plain").status());
  }

  /** Hidden questions never reach residents: not by id, not in lists, search, chapters, feeds or calendars. */
  @Test
  void hiddenQuestionsNeverShow(Vertx vertx) {
    Http admin = Http.local(vertx);
    Http resident = admin.anonymous();
    Seed seed = new Seed(admin);
    long room = seed.room();
    String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2).toString();
    long episode = seed.episode(room, "隐藏问题的一期", day + "T10:00:00+08:00", day + "T11:00:00+08:00").getLong("id");
    String word = QuestionJourneyTest.token();
    String hostile = "<img src=x onerror=alert(1)> 垃圾站太臭 " + word;
    long id = resident.post("/api/rooms/" + room + "/questions", new JsonObject().put("text", hostile)
      .put("deviceId", "hidden-" + System.nanoTime())).json().getLong("id");
    assertEquals(200, admin.post("/api/questions/" + id + "/approve", new JsonObject()).status());
    // Hostile text is kept as text, exactly as sent (pages render it as text: see QuestionWebTest).
    assertEquals(hostile, resident.get("/api/questions/" + id).json().getString("text"));
    assertEquals(200, admin.post("/api/questions/" + id + "/assign", new JsonObject().put("episodeId", episode)).status());
    assertEquals(200, admin.post("/api/episodes/" + episode + "/start", new JsonObject()).status());
    assertEquals(200, admin.post("/api/questions/" + id + "/answering", new JsonObject()).status());
    assertEquals(200, admin.post("/api/episodes/" + episode + "/end", new JsonObject()).status());
    assertTrue(resident.get("/api/episodes/" + episode + "/chapters").body().contains(word));

    Http.Reply hidden = admin.post("/api/questions/" + id + "/hide", new JsonObject().put("reason", "含有攻击性内容"));
    assertEquals(200, hidden.status(), hidden.body());
    assertEquals("含有攻击性内容", hidden.json().getString("hideReason"));
    assertEquals(404, resident.get("/api/questions/" + id).status());
    for (String status : List.of("open", "answered")) {
      assertFalse(resident.get("/api/rooms/" + room + "/questions?status=" + status).body().contains(word), status);
    }
    assertFalse(resident.get("/api/episodes/" + episode + "/questions").body().contains(word));
    assertFalse(resident.get("/api/search?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8)).body().contains(word));
    assertFalse(resident.get("/api/episodes/" + episode + "/chapters").body().contains(word));
    assertFalse(resident.get("/api/rooms/" + room + "/podcast.xml").body().contains(word));
    assertFalse(resident.get("/api/rooms/" + room + "/calendar.ics").body().contains(word));
    assertEquals(404, resident.post("/api/questions/" + id + "/votes", new JsonObject().put("deviceId", "hidden-voter-1")).status());
    // Its managers still see it, with the reason.
    JsonArray desk = admin.get("/api/rooms/" + room + "/questions?status=hidden").items();
    assertTrue(desk.encode().contains("含有攻击性内容"), desk.encode());
  }

  /** 同一个问题: the duplicate disappears into the other, which takes its votes. */
  @Test
  void mergingMovesVotes(Vertx vertx) {
    Http admin = Http.local(vertx);
    Http resident = admin.anonymous();
    long room = new Seed(admin).room();
    String path = "/api/rooms/" + room + "/questions";
    long a = resident.post(path, new JsonObject().put("text", "医保卡丢了怎么补办？").put("deviceId", "merge-a-" + System.nanoTime())).json().getLong("id");
    long b = resident.post(path, new JsonObject().put("text", "医保卡丢失去哪里补？").put("deviceId", "merge-b-" + System.nanoTime())).json().getLong("id");
    admin.post("/api/questions/" + a + "/approve", new JsonObject());
    admin.post("/api/questions/" + b + "/approve", new JsonObject());
    resident.post("/api/questions/" + a + "/votes", new JsonObject().put("deviceId", "merge-voter-1"));
    resident.post("/api/questions/" + b + "/votes", new JsonObject().put("deviceId", "merge-voter-1"));
    resident.post("/api/questions/" + b + "/votes", new JsonObject().put("deviceId", "merge-voter-2"));
    Http.Reply merged = admin.post("/api/questions/" + b + "/merge", new JsonObject().put("intoId", a));
    assertEquals(200, merged.status(), merged.body());
    assertEquals(2, resident.get("/api/questions/" + a).json().getInteger("votes"), "voter 1 counts once");
    JsonObject gone = resident.get("/api/questions/" + b).json();
    assertEquals("merged", gone.getString("status"));
    assertEquals(a, gone.getLong("mergedInto"));
    assertFalse(gone.containsKey("text"));
    assertEquals(422, admin.post("/api/questions/" + a + "/merge", new JsonObject().put("intoId", a)).status());
  }
}
