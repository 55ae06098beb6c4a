package lianxin.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import lianxin.support.Http;
import lianxin.support.Seed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OrgRoomTest {

  static Http http;
  static Seed seed;

  @BeforeAll
  static void start(Vertx vertx) {
    http = Http.local(vertx);
    seed = new Seed(http);
  }

  @Test
  void orgTreeFollowsDistrictSubdistrictCommunity() {
    long district = seed.org("新城区", "district", null);
    long street = seed.org("呼伦北路街道", "subdistrict", district);
    long community = seed.org("某社区", "community", street);

    JsonObject one = http.get("/api/orgs/" + street).json();
    assertEquals("subdistrict", one.getString("kind"));
    assertEquals(community, one.getJsonArray("children").getJsonObject(0).getLong("id"));

    JsonArray roots = http.get("/api/orgs").items();
    JsonObject root = roots.stream().map(JsonObject.class::cast).filter(o -> o.getLong("id") == district).findFirst().orElseThrow();
    assertEquals(street, root.getJsonArray("children").getJsonObject(0).getLong("id"));
    assertEquals(community, root.getJsonArray("children").getJsonObject(0).getJsonArray("children").getJsonObject(0).getLong("id"));

    Http.Reply wrong = http.post("/api/orgs", new JsonObject().put("name", "街道").put("kind", "subdistrict").put("parentId", community));
    assertEquals(422, wrong.status());
    assertEquals("parentId", wrong.json().getJsonObject("details").getString("field"));
    assertEquals(422, http.post("/api/orgs", new JsonObject().put("name", "x").put("kind", "city")).status());
    assertEquals(404, http.get("/api/orgs/999999999").status());
  }

  @Test
  void roomReportsItsOffsetAsEpisodesAired() {
    long district = seed.district();
    Http.Reply created = http.post("/api/rooms", new JsonObject().put("name", "党群连心桥民生直播间").put("orgId", district)
      .put("episodeOffset", 114)
      .put("platforms", new JsonArray().add(new JsonObject().put("platform", "wechat-channels").put("account", "连心桥"))));
    assertEquals(201, created.status(), created.body());
    JsonObject room = created.json();
    assertEquals(114, room.getLong("episodeCount"));
    assertEquals(0, room.getLong("upcomingCount"));
    assertEquals("Asia/Shanghai", room.getString("timezone"));
    assertEquals("wechat-channels", room.getJsonArray("platforms").getJsonObject(0).getString("platform"));

    long roomId = room.getLong("id");
    long column = seed.column(roomId, "医疗");
    JsonObject read = http.get("/api/rooms/" + roomId).json();
    assertEquals(column, read.getJsonArray("columns").getJsonObject(0).getLong("id"));

    JsonObject patched = http.patch("/api/rooms/" + roomId, new JsonObject().put("name", "连心桥").put("timezone", "Europe/Berlin")).json();
    assertEquals("连心桥", patched.getString("name"));
    assertEquals("Europe/Berlin", patched.getString("timezone"));
    assertEquals("连心桥", http.get("/api/rooms/" + roomId).json().getString("name"), "a cached room page sees the change");
  }

  @Test
  void badInputNamesTheField() {
    long district = seed.district();
    assertField(http.post("/api/rooms", new JsonObject().put("orgId", district)), 422, "name");
    assertField(http.post("/api/rooms", new JsonObject().put("name", "x").put("orgId", 999999999)), 422, "orgId");
    assertField(http.post("/api/rooms", new JsonObject().put("name", "x").put("orgId", district).put("timezone", "Mars/Base")), 422, "timezone");
    assertField(http.post("/api/rooms", new JsonObject().put("name", "x").put("orgId", district).put("episodeOffset", -1)), 422, "episodeOffset");
    assertField(http.post("/api/rooms", new JsonObject().put("name", "x").put("orgId", district)
      .put("platforms", new JsonArray().add(new JsonObject().put("platform", "myspace").put("account", "a")))), 422, "platforms");
    assertField(http.post("/api/rooms", new JsonObject().put("name", "x".repeat(101)).put("orgId", district)), 422, "name");
    assertField(http.raw(HttpMethod.POST, "/api/rooms", "{\"name\": ", "application/json"), 400, "body");
    assertField(http.raw(HttpMethod.POST, "/api/rooms", "[1,2]", "application/json"), 400, "body");
    assertField(http.post("/api/rooms", new JsonObject().put("name", 5).put("orgId", district)), 400, "name");
    // Names are one line: no line break, tab or other control character (the brief's CR, U+0085, U+2028).
    assertField(http.post("/api/rooms", new JsonObject().put("name", "连心\r桥").put("orgId", district)), 422, "name");
    assertField(http.post("/api/orgs", new JsonObject().put("name", "玉泉\n区").put("kind", "district")), 422, "name");
    assertField(http.post("/api/rooms", new JsonObject().put("name", "x").put("orgId", district)
      .put("platforms", new JsonArray().add(new JsonObject().put("platform", "douyin").put("account", "号\u0085")))), 422, "account");
    long room = seed.room();
    assertField(http.post("/api/rooms/" + room + "/columns", new JsonObject().put("name", "医\t疗")), 422, "name");
    assertField(http.patch("/api/rooms/" + room, new JsonObject().put("name", "分\u2028行")), 422, "name");
    assertEquals(404, http.get("/api/rooms/abc").status());
    assertEquals(404, http.get("/api/rooms/999999999").status());
    assertEquals(404, http.get("/api/nothing-here").status());
  }

  @Test
  void duplicateColumnIsAConflict() {
    long room = seed.room();
    assertEquals(201, http.post("/api/rooms/" + room + "/columns", new JsonObject().put("name", "养老")).status());
    Http.Reply again = http.post("/api/rooms/" + room + "/columns", new JsonObject().put("name", "养老"));
    assertEquals(409, again.status());
    assertTrue(again.message().contains("养老"));
  }

  private static void assertField(Http.Reply reply, int status, String field) {
    assertEquals(status, reply.status(), reply.body());
    JsonObject body = reply.json();
    assertTrue(body.getString("message") != null && !body.getString("message").isBlank());
    assertEquals(field, body.getJsonObject("details").getString("field"), reply.body());
  }

  @Test
  void patchRefusesFieldsItDoesNotTakeAndChangesNothing() {
    long district = seed.district();
    long other = seed.district();
    long room = seed.room(district, 0, "Asia/Shanghai");
    String before = http.get("/api/rooms/" + room).json().getString("name");
    assertField(http.patch("/api/rooms/" + room, new JsonObject().put("name", "搬家").put("orgId", other)), 422, "orgId");
    assertField(http.patch("/api/rooms/" + room, new JsonObject().put("name", "搬家").put("id", room + 1)), 422, "id");
    JsonObject now = http.get("/api/rooms/" + room).json();
    assertEquals(before, now.getString("name"));
    assertEquals(district, now.getLong("orgId"));

    Http.Reply user = http.post("/api/users", new JsonObject().put("username", Seed.unique("user")).put("password", "correct horse battery")
      .put("role", "host").put("roomIds", new JsonArray().add(room)));
    assertEquals(201, user.status(), user.body());
    String userPath = "/api/users/" + user.json().getLong("id");
    assertField(http.patch(userPath, new JsonObject().put("username", "改名").put("disabled", true)), 422, "username");
    JsonObject listed = http.get("/api/users").items().stream().map(JsonObject.class::cast)
      .filter(u -> u.getLong("id").equals(user.json().getLong("id"))).findFirst().orElseThrow();
    assertEquals(user.json().getString("username"), listed.getString("username"));
    assertFalse(listed.getBoolean("disabled", false), listed.encode());
  }
}
