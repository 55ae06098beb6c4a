package lianxin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import lianxin.db.Databases;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.TestDb;
import lianxin.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A room's relay targets over HTTP: who may see and set them, what is refused, what pages see of a push URL
 * (masked) and what the database holds (sealed, never the key).
 */
@ExtendWith(VertxExtension.class)
class RelayRoutesTest {

  static final String KEY = "stream-7f3c9a51d2e84b06?expire=1767225600&sign=9b1e2c";
  static Http admin;
  static Seed seed;
  static Pool pool;

  @BeforeAll
  static void start(Vertx vertx) {
    admin = Http.local(vertx);
    seed = new Seed(admin);
    TestServer.port();
    pool = Databases.pool(vertx, Databases.options(TestDb.url()), 2);
  }

  @AfterAll
  static void stop() {
    pool.close().await();
  }

  static Http.Reply put(Http http, long room, JsonArray body) {
    return http.raw(HttpMethod.PUT, "/api/rooms/" + room + "/relays", body.encode(), "application/json");
  }

  static JsonObject target(String platform, String url) {
    return new JsonObject().put("platform", platform).put("pushUrl", url).put("enabled", true);
  }

  @Test
  void pushUrlsAreMaskedOnPagesAndSealedInTheDatabase() {
    long room = seed.room();
    // 203.0.113.0/24 is a documentation range: public, so the allow-list lets it through without PULL_ALLOW.
    String url = "rtmp://203.0.113.9:1935/third/" + KEY;
    Http.Reply reply = put(admin, room, new JsonArray().add(target("douyin", url))
      .add(target("wechat_channels", "rtmps://203.0.113.10/trtc_1400/live-key-0000000000001").put("enabled", false)));
    assertEquals(200, reply.status(), reply.body());
    JsonArray items = reply.items();
    assertEquals("rtmp://203.0.113.9:1935/third/st…2c", items.getJsonObject(0).getString("pushUrl"));
    assertEquals("wechat-channels", items.getJsonObject(1).getString("platform"));
    assertFalse(items.getJsonObject(1).getBoolean("enabled"));
    assertEquals(items, admin.get("/api/rooms/" + room + "/relays").items());
    assertFalse(admin.get("/api/rooms/" + room + "/relays").body().contains("7f3c9a51"));

    Row row = pool.preparedQuery("SELECT * FROM relay_targets WHERE room_id = $1 ORDER BY position").execute(Tuple.of(room))
      .await().iterator().next();
    String stored = row.toJson().encode();
    assertFalse(stored.contains("7f3c9a51") || stored.contains("9b1e2c"), stored);
    assertTrue(row.getString("push_sealed").startsWith("v1."), stored);
    // The audit log keeps what the row held: sealed too.
    String audit = pool.preparedQuery("SELECT after::text AS a FROM audit_log WHERE target = $1")
      .execute(Tuple.of("relay_targets:" + row.getLong("id"))).await().iterator().next().getString("a");
    assertFalse(audit.contains("7f3c9a51"), audit);
  }

  @Test
  void aTargetKeptByIdKeepsItsSealedUrlUnlessANewOneComes() {
    long room = seed.room();
    JsonArray first = put(admin, room, new JsonArray().add(target("kuaishou", "rtmp://203.0.113.9/gifshow/" + KEY))).items();
    long id = first.getJsonObject(0).getLong("id");
    String sealed = sealed(id);
    JsonArray second = put(admin, room, new JsonArray()
      .add(new JsonObject().put("id", id).put("platform", "kuaishou").put("enabled", false))
      .add(target("bilibili", "rtmp://203.0.113.11/live-bvc/?streamname=live_1_2&key=0123456789abcdef"))).items();
    assertEquals(2, second.size());
    assertEquals(id, second.getJsonObject(0).getLong("id"));
    assertFalse(second.getJsonObject(0).getBoolean("enabled"));
    assertEquals(sealed, sealed(id));
    assertEquals("rtmp://203.0.113.11/live-bvc/?s…ef", second.getJsonObject(1).getString("pushUrl"));
    // An empty list removes them all.
    assertEquals(0, put(admin, room, new JsonArray()).items().size());
    // Another room's target cannot be claimed by id.
    long other = seed.room();
    long foreign = put(admin, other, new JsonArray().add(target("douyin", "rtmp://203.0.113.9/third/" + KEY))).items()
      .getJsonObject(0).getLong("id");
    Http.Reply stolen = put(admin, room, new JsonArray().add(new JsonObject().put("id", foreign).put("platform", "douyin")));
    assertEquals(422, stolen.status(), stolen.body());
    assertEquals("relays[0].id", stolen.json().getJsonObject("details").getString("field"));
  }

  @Test
  void privateAndLoopbackTargetsObeyThePullAllowList() {
    long room = seed.room();
    // The test node allows 127.0.0.0/8 (PULL_ALLOW); 10.0.0.0/8 and 192.168.0.0/16 are not allowed.
    for (String url : List.of("rtmp://10.1.2.3/live/" + KEY, "rtmps://192.168.1.20:443/live/" + KEY)) {
      Http.Reply reply = put(admin, room, new JsonArray().add(target("custom", "rtmp://203.0.113.9/live/" + KEY)).add(target("custom", url)));
      assertEquals(422, reply.status(), reply.body());
      assertEquals("relays[1].pushUrl", reply.json().getJsonObject("details").getString("field"));
      assertTrue(reply.message().contains("PULL_ALLOW"), reply.body());
    }
    assertEquals(0, admin.get("/api/rooms/" + room + "/relays").items().size(), "a refused list changes nothing");
    assertEquals(200, put(admin, room, new JsonArray().add(target("custom", "rtmp://127.0.0.1:1935/live/" + KEY))).status());
  }

  @Test
  void badTargetsAreRefusedNamingTheField() {
    long room = seed.room();
    record Case(JsonObject item, String field, int status) {
    }
    for (Case c : List.of(
      new Case(target("douyin", "http://203.0.113.9/live/" + KEY), "relays[0].pushUrl", 422),
      new Case(target("douyin", "rtmp://203.0.113.9/" + KEY), "relays[0].pushUrl", 422),
      new Case(target("douyin", "rtmp://user:pw@203.0.113.9/live/" + KEY), "relays[0].pushUrl", 422),
      new Case(target("douyin", "rtmp://203.0.113.9/live/" + "k".repeat(1001)), "relays[0].pushUrl", 422),
      new Case(target("douyin", "rtmp://203.0.113.9/live/推流码"), "relays[0].pushUrl", 422),
      new Case(target("weibo", "rtmp://203.0.113.9/live/" + KEY), "relays[0].platform", 422),
      new Case(new JsonObject().put("platform", "douyin"), "relays[0].pushUrl", 422),
      new Case(target("douyin", "rtmp://203.0.113.9/live/" + KEY).put("enabled", "yes"), "relays[0].enabled", 400),
      new Case(target("douyin", "rtmp://203.0.113.9/live/" + KEY).put("key", "x"), "relays[0].key", 422))) {
      Http.Reply reply = put(admin, room, new JsonArray().add(c.item()));
      assertEquals(c.status(), reply.status(), c + " → " + reply.body());
      assertEquals(c.field(), reply.json().getJsonObject("details").getString("field"), reply.body());
    }
    Http.Reply notAList = admin.raw(HttpMethod.PUT, "/api/rooms/" + room + "/relays", "{\"platform\":\"douyin\"}", "application/json");
    assertEquals(400, notAList.status());
    JsonArray eleven = new JsonArray();
    for (int i = 0; i < 11; i++) {
      eleven.add(target("custom", "rtmp://203.0.113.9/live/" + KEY));
    }
    assertEquals(422, put(admin, room, eleven).status());
    Http.Reply english = put(admin.inLanguage("en"), room, new JsonArray().add(target("douyin", "ftp://203.0.113.9/a/b")));
    assertEquals("relays[0].pushUrl must be an rtmp:// or rtmps:// push URL (without user name or password).", english.message());
  }

  @Test
  void onlyTheRoomsHostsOfficialsAboveItAndAdminsMaySeeOrSetItsRelays() {
    long district = seed.district();
    long room = seed.room(district, 0, "Asia/Shanghai");
    long otherRoom = seed.room();
    long episode = seed.episode(room, "转推", "2032-03-01T10:00:00+08:00", "2032-03-01T11:00:00+08:00").getLong("id");
    JsonArray list = new JsonArray().add(target("douyin", "rtmp://203.0.113.9/third/" + KEY));
    Http host = signIn(user("host", null, List.of(room)));
    Http otherHost = signIn(user("host", null, List.of(otherRoom)));
    Http official = signIn(user("official", district, List.of()));
    Http otherOfficial = signIn(user("official", seed.district(), List.of()));

    assertEquals(200, put(host, room, list).status());
    assertEquals(200, put(official, room, list).status());
    assertEquals(200, host.get("/api/rooms/" + room + "/relays").status());
    assertEquals(200, host.get("/api/episodes/" + episode + "/relays").status());
    for (Http stranger : List.of(otherHost, otherOfficial)) {
      assertEquals(403, put(stranger, room, list).status());
      assertEquals(403, stranger.get("/api/rooms/" + room + "/relays").status());
      assertEquals(403, stranger.get("/api/episodes/" + episode + "/relays").status());
    }
    assertEquals(401, put(admin.anonymous(), room, list).status());
    assertEquals(401, admin.anonymous().get("/api/rooms/" + room + "/relays").status());
    assertEquals(401, admin.anonymous().get("/api/episodes/" + episode + "/relays").status());
    assertEquals(404, admin.get("/api/rooms/999999999/relays").status());
    assertEquals(404, admin.get("/api/episodes/999999999/relays").status());

    // Not live: every target reads off.
    JsonObject state = admin.get("/api/episodes/" + episode + "/relays").items().getJsonObject(0);
    assertEquals("off", state.getString("state"));
    assertEquals("rtmp://203.0.113.9/third/st…2c", state.getString("pushUrl"));
  }

  private static String sealed(long id) {
    return pool.preparedQuery("SELECT push_sealed FROM relay_targets WHERE id = $1").execute(Tuple.of(id)).await()
      .iterator().next().getString("push_sealed");
  }

  private static JsonObject user(String role, Long orgId, List<Long> rooms) {
    JsonObject body = new JsonObject().put("username", Seed.unique(role)).put("password", "correct horse battery")
      .put("role", role).put("orgId", orgId).put("roomIds", new JsonArray(rooms));
    Http.Reply reply = admin.post("/api/users", body);
    assertEquals(201, reply.status(), reply.body());
    return reply.json().put("password", "correct horse battery");
  }

  private static Http signIn(JsonObject user) {
    return admin.as(admin.signIn(user.getString("username"), user.getString("password")));
  }
}
