package lianxin.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import lianxin.support.Http;
import lianxin.support.Seed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every write endpoint against anonymous, a host of another room, an official of another district and the
 * right person: the status, and that nothing changed (the audit log, written by triggers on every table, has no
 * new entry; the resource reads the same).
 */
@ExtendWith(VertxExtension.class)
class WriteMatrixTest {

  static Http admin;
  static Seed seed;
  static long district;
  static long street;
  static long room;
  static long episode;
  static long hostUserId;
  static long hostTokenId;
  static Http host;
  static Http otherHost;
  static Http official;
  static Http otherOfficial;
  static long failedRecording;
  static long doomedRecording;
  static String upload;

  @BeforeAll
  static void start(Vertx vertx) {
    admin = Http.local(vertx);
    seed = new Seed(admin);
    district = seed.district();
    street = seed.org("呼伦北路街道", "subdistrict", district);
    room = seed.room(street, 114, "Asia/Shanghai");
    episode = seed.episode(room, "第一期", "2032-01-05T10:00:00+08:00", "2032-01-05T11:00:00+08:00").getLong("id");
    long otherDistrict = seed.district();
    long otherRoom = seed.room(otherDistrict, 0, "Asia/Shanghai");

    JsonObject hostUser = user("host", null, List.of(room));
    hostUserId = hostUser.getLong("id");
    host = signIn(hostUser);
    hostTokenId = host.post("/api/tokens", new JsonObject().put("name", "host script")).json().getLong("id");
    otherHost = signIn(user("host", null, List.of(otherRoom)));
    official = signIn(user("official", district, List.of()));
    otherOfficial = signIn(user("official", otherDistrict, List.of()));
    failedRecording = failedRecording();
    doomedRecording = failedRecording();
    upload = admin.post("/api/episodes/" + episode + "/uploads", new JsonObject().put("size", 17)).json().getString("uploadId");
  }

  /** A recording that is not a video, settled as failed: something to retry or delete. */
  static long failedRecording() {
    Http.Reply reply = admin.raw(HttpMethod.POST, "/api/episodes/" + episode + "/recordings", "not a video at all", "video/mp4");
    assertEquals(202, reply.status(), reply.body());
    return settle(reply.json().getLong("id"));
  }

  static long settle(long recording) {
    for (int i = 0; i < 300 && !"failed".equals(admin.get("/api/recordings/" + recording).json().getString("status")); i++) {
      lianxin.support.Node.sleep(100);
    }
    assertEquals("failed", admin.get("/api/recordings/" + recording).json().getString("status"));
    return recording;
  }

  static JsonObject user(String role, Long orgId, List<Long> rooms) {
    JsonObject body = new JsonObject().put("username", Seed.unique(role)).put("password", "correct horse battery")
      .put("role", role).put("orgId", orgId).put("roomIds", new JsonArray(rooms));
    Http.Reply reply = admin.post("/api/users", body);
    assertEquals(201, reply.status(), reply.body());
    return reply.json().put("password", "correct horse battery");
  }

  static Http signIn(JsonObject user) {
    return admin.as(admin.signIn(user.getString("username"), user.getString("password")));
  }

  /** One write: how to send it, what to read back to see that it changed nothing, and who may send it. */
  record Write(String name, HttpMethod method, String path, JsonObject body, String readBack, Http rightPerson, int success,
               String contentType, String raw) {

    Write(String name, HttpMethod method, String path, JsonObject body, String readBack, Http rightPerson, int success) {
      this(name, method, path, body, readBack, rightPerson, success, "application/json", null);
    }
  }

  List<Write> writes() {
    String e = "/api/episodes/" + episode;
    // Both bookings come before episodes already numbered, so they confirm that those numbers move.
    JsonObject slot = new JsonObject().put("title", "矩阵").put("startsAt", "2032-02-01T10:00:00+08:00").put("endsAt", "2032-02-01T11:00:00+08:00")
      .put("confirmRenumber", true);
    return List.of(
      new Write("create org", HttpMethod.POST, "/api/orgs", new JsonObject().put("name", "新社区").put("kind", "community").put("parentId", street), "/api/orgs/" + street, official, 201),
      new Write("create room", HttpMethod.POST, "/api/rooms", new JsonObject().put("name", "新直播间").put("orgId", street), "/api/rooms?orgId=" + street, official, 201),
      new Write("edit room", HttpMethod.PATCH, "/api/rooms/" + room, new JsonObject().put("name", "改名"), "/api/rooms/" + room, official, 200),
      new Write("add column", HttpMethod.POST, "/api/rooms/" + room + "/columns", new JsonObject().put("name", "养老"), "/api/rooms/" + room, official, 201),
      new Write("schedule episode", HttpMethod.POST, "/api/rooms/" + room + "/episodes", slot, "/api/episodes?roomId=" + room, host, 201),
      new Write("create series", HttpMethod.POST, "/api/rooms/" + room + "/series", new JsonObject().put("title", "周三见")
        .put("rrule", "FREQ=WEEKLY;BYDAY=WE;COUNT=2").put("start", "2032-03-03T19:30").put("durationMinutes", 60).put("confirmRenumber", true),
        "/api/episodes?roomId=" + room, host, 201),
      new Write("edit episode", HttpMethod.PATCH, e, new JsonObject().put("title", "改标题"), e, host, 200),
      new Write("go live", HttpMethod.POST, e + "/start", null, e, host, 200),
      new Write("end", HttpMethod.POST, e + "/end", null, e, host, 200),
      // Engagement numbers: the episode has aired by now (went live and ended above).
      new Write("record followers", HttpMethod.POST, "/api/rooms/" + room + "/followers",
        new JsonObject().put("platform", "douyin").put("count", 14_400), "/api/rooms/" + room, host, 201),
      new Write("enter metrics", HttpMethod.PUT, e + "/metrics", new JsonObject().put("platform", "douyin").put("views", 1_200),
        e + "/metrics", host, 200),
      new Write("import metrics", HttpMethod.POST, "/api/metrics/import", null, e + "/metrics", host, 200, "text/csv",
        "episodeId,platform,likes\n" + episode + ",douyin,300\n"),
      new Write("cancel", HttpMethod.POST, "/api/episodes/CANCEL/cancel", new JsonObject().put("reason", "测试"), "/api/episodes?roomId=" + room, host, 200),
      new Write("say it did not air", HttpMethod.POST, "/api/episodes/NOTAIRED/not-aired", new JsonObject().put("reason", "没有开播"),
        "/api/episodes?roomId=" + room, host, 200),
      new Write("create user", HttpMethod.POST, "/api/users", new JsonObject().put("username", Seed.unique("new")).put("password", "correct horse battery")
        .put("role", "host").put("roomIds", new JsonArray().add(room)), "/api/users", official, 201),
      new Write("edit user", HttpMethod.PATCH, "/api/users/" + hostUserId, new JsonObject().put("disabled", false), "/api/users", official, 200),
      new Write("revoke token", HttpMethod.DELETE, "/api/tokens/" + hostTokenId, null, null, host, 204),
      new Write("add person", HttpMethod.POST, "/api/people", new JsonObject().put("name", "嘉宾"), "/api/people?limit=500", official, 201),
      new Write("upload recording", HttpMethod.POST, e + "/recordings", null, e, host, 202, "video/mp4", "still not a video"),
      new Write("open resumable upload", HttpMethod.POST, e + "/uploads", new JsonObject().put("size", 1000), e, host, 201),
      // Without Content-Range the body is the whole (17-byte) file: the last chunk, so it becomes a recording.
      new Write("send upload chunk", HttpMethod.PUT, "/api/uploads/" + upload, null, "/api/uploads/" + upload, host, 202,
        "application/octet-stream", "still not a video"),
      new Write("pull recording", HttpMethod.POST, e + "/recordings", new JsonObject().put("sourceUrl", "rtmp://127.0.0.1:9/live/none"),
        e, host, 202),
      new Write("import back catalogue", HttpMethod.POST, "/api/rooms/" + room + "/imports", importFolder(),
        "/api/episodes?roomId=" + room, host, 201),
      new Write("upload transcript", HttpMethod.PUT, e + "/transcript", null, e + "/transcript.vtt", host, 200, "text/vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n大家好\n"),
      new Write("edit chapters", HttpMethod.PUT, e + "/chapters", null, e + "/chapters", host, 200, "application/json",
        "[{\"start\":0,\"title\":\"开场\"}]"),
      new Write("retry recording", HttpMethod.POST, "/api/recordings/" + failedRecording + "/retry", null,
        "/api/recordings/" + failedRecording, host, 202),
      new Write("delete recording", HttpMethod.DELETE, "/api/recordings/" + doomedRecording, null,
        "/api/recordings/" + doomedRecording, host, 204));
  }

  /** A one-line back catalogue under the shared node's MEDIA_DIR/imports (the file need not be real media here). */
  static JsonObject importFolder() {
    try {
      String name = Seed.unique("matrix-import");
      java.nio.file.Path dir = java.nio.file.Files.createDirectories(lianxin.support.TestServer.mediaDir().resolve("imports").resolve(name));
      java.nio.file.Files.writeString(dir.resolve("old.mp4"), "not really a video");
      java.nio.file.Files.writeString(dir.resolve("index.csv"), "file,title,column,aired_at,hosts\nold.mp4,旧节目,,2018-05-01 19:30,\n");
      return new JsonObject().put("folder", name).put("csv", "index.csv");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyWriteIsRefusedToTheWrongPeopleAndChangesNothing() {
    List<String> failures = new ArrayList<>();
    long cancellable = seed.episode(room, "待取消", "2032-04-01T10:00:00+08:00", "2032-04-01T11:00:00+08:00").getLong("id");
    // An episode of the back catalogue (its number within the offset): aired, and the host may still say it did not.
    Http.Reply aired = admin.post("/api/rooms/" + room + "/episodes", new JsonObject().put("title", "往期").put("number", 99)
      .put("startsAt", "2025-03-01T10:00:00+08:00").put("endsAt", "2025-03-01T11:00:00+08:00"));
    assertEquals(201, aired.status(), aired.body());
    for (Write w : writes()) {
      String path = w.path().replace("CANCEL", String.valueOf(cancellable)).replace("NOTAIRED", String.valueOf(aired.json().getLong("id")));
      check(failures, w, path, admin.anonymous(), "anonymous", 401);
      if (!w.name().equals("add person")) { // people belong to no room or org: any signed-in user may add one
        check(failures, w, path, otherHost, "host of another room", 403);
        check(failures, w, path, otherOfficial, "official of another district", 403);
      }
      Http.Reply done = send(w.rightPerson(), w, path);
      if (done.status() != w.success()) {
        failures.add(w.name() + " as the right person: " + done);
      } else if (done.status() == 202) {
        // The archive job runs on; let it settle so its status changes do not show up as the next write's audit.
        settle(done.json().getLong("id"));
      } else if (w.name().equals("import back catalogue")) {
        // Its recording's job runs on too (and fails: the file is not media); let it settle likewise.
        done.json().getJsonArray("items").forEach(item -> settle(((JsonObject) item).getLong("recordingId")));
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void anAccountWithNoPlaceInTheTreeIsAdminOnly() {
    JsonObject placeless = user("host", null, List.of());
    String path = "/api/users/" + placeless.getLong("id");
    List<String> failures = new ArrayList<>();
    for (JsonObject change : List.of(new JsonObject().put("password", "taken over by an official"),
        new JsonObject().put("role", "official").put("orgId", district), new JsonObject().put("orgId", street),
        new JsonObject().put("roomIds", new JsonArray().add(room)), new JsonObject().put("disabled", true))) {
      check(failures, new Write("take over " + change.encode(), HttpMethod.PATCH, path, change, "/api/users", official, 200),
        path, official, "official", 403);
    }
    // Nor may an official make such an account, or leave one of theirs without a place.
    check(failures, new Write("create placeless", HttpMethod.POST, "/api/users", new JsonObject().put("username", Seed.unique("placeless"))
      .put("password", "correct horse battery").put("role", "host"), "/api/users", official, 201), "/api/users", official, "official", 403);
    JsonObject theirs = user("host", null, List.of(room));
    String theirsPath = "/api/users/" + theirs.getLong("id");
    check(failures, new Write("orphan", HttpMethod.PATCH, theirsPath, new JsonObject().put("roomIds", new JsonArray()), "/api/users",
      official, 200), theirsPath, official, "official", 403);
    assertEquals(List.of(), failures);
    signIn(placeless); // the password is still the one the admin set
    assertEquals(200, admin.patch(path, new JsonObject().put("orgId", street)).status(), "an admin gives it a place");
    assertEquals(200, official.patch(path, new JsonObject().put("disabled", false)).status(), "now it is within the official's area");
  }

  private void check(List<String> failures, Write w, String path, Http who, String label, int expected) {
    long auditBefore = newestAudit();
    String before = w.readBack() == null ? null : admin.get(w.readBack()).body();
    Http.Reply reply = send(who, w, path);
    if (reply.status() != expected) {
      failures.add(w.name() + " as " + label + ": expected " + expected + ", got " + reply);
    }
    if (newestAudit() != auditBefore) {
      failures.add(w.name() + " as " + label + ": the audit log grew, so something changed");
    }
    if (before != null && !before.equals(admin.get(w.readBack()).body())) {
      failures.add(w.name() + " as " + label + ": " + w.readBack() + " changed");
    }
  }

  private static Http.Reply send(Http who, Write w, String path) {
    String body = w.raw() != null ? w.raw() : w.body() == null ? "" : w.body().encode();
    return who.raw(w.method(), path, body, w.contentType());
  }

  private static long newestAudit() {
    JsonArray items = admin.get("/api/audit?limit=1").items();
    return items.isEmpty() ? 0 : items.getJsonObject(0).getLong("id");
  }
}
