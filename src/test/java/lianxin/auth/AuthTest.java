package lianxin.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import lianxin.support.Http;
import lianxin.support.Seed;
import lianxin.support.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AuthTest {

  static Vertx vertx;
  static Http admin;
  static Seed seed;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    admin = Http.local(v);
    seed = new Seed(admin);
  }

  static String newUser(String role, Long orgId, List<Long> rooms) {
    String username = Seed.unique("user");
    JsonObject body = new JsonObject().put("username", username).put("password", "correct horse battery").put("role", role)
      .put("orgId", orgId).put("roomIds", new JsonArray(rooms));
    assertEquals(201, admin.post("/api/users", body).status());
    return username;
  }

  /** A raw client from a given loopback address, so throttling by client address does not spill into other tests. */
  static WebClient clientFrom(String localAddress) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(TestServer.port())
      .setLocalAddress(localAddress), new PoolOptions().setHttp1MaxSize(64));
  }

  @Test
  void signInSetsAHardenedCookieAndTheSameAnswerForUnknownUsers() {
    String username = newUser("host", null, List.of());
    WebClient browser = clientFrom("127.0.0.3");
    HttpResponse<Buffer> ok = browser.post("/api/session")
      .sendJsonObject(new JsonObject().put("username", username).put("password", "correct horse battery")).await();
    assertEquals(200, ok.statusCode());
    String cookie = ok.cookies().stream().filter(c -> c.startsWith("lianxin_session=")).findFirst().orElseThrow();
    assertTrue(cookie.toLowerCase().contains("httponly"), cookie);
    assertTrue(cookie.contains("SameSite=Lax"), cookie);
    assertTrue(cookie.contains("Path=/"), cookie);
    assertFalse(cookie.contains("Secure"), "plain HTTP on localhost: " + cookie);
    assertEquals("host", ok.bodyAsJsonObject().getJsonObject("user").getString("role"));

    HttpResponse<Buffer> wrong = browser.post("/api/session")
      .sendJsonObject(new JsonObject().put("username", username).put("password", "wrong password!")).await();
    HttpResponse<Buffer> unknown = browser.post("/api/session")
      .sendJsonObject(new JsonObject().put("username", "nobody-" + username).put("password", "wrong password!")).await();
    assertEquals(401, wrong.statusCode());
    assertEquals(401, unknown.statusCode());
    assertEquals(wrong.bodyAsJsonObject().getString("message"), unknown.bodyAsJsonObject().getString("message"));

    HttpResponse<Buffer> behindTls = browser.post("/api/session").putHeader("X-Forwarded-Proto", "https")
      .sendJsonObject(new JsonObject().put("username", username).put("password", "correct horse battery")).await();
    assertTrue(behindTls.cookies().stream().anyMatch(c -> c.startsWith("lianxin_session=") && c.contains("Secure")));
  }

  @Test
  void signInTakesOnlyJsonFromThisSite() {
    // A form or a no-cors fetch on another site can post text/plain with the browser's cookies and no preflight:
    // it must not sign the browser in (login CSRF), whatever the body says.
    String username = newUser("host", null, List.of());
    String credentials = new JsonObject().put("username", username).put("password", "correct horse battery").encode();
    WebClient browser = clientFrom("127.0.0.42");
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
      HttpResponse<Buffer> posted = browser.post("/api/session").putHeader("Content-Type", type).sendBuffer(Buffer.buffer(credentials)).await();
      assertEquals(415, posted.statusCode(), type + " " + posted.bodyAsString());
      assertEquals("unsupported_media_type", posted.bodyAsJsonObject().getString("error"));
      assertTrue(posted.cookies().isEmpty(), type);
    }
    HttpResponse<Buffer> untyped = browser.post("/api/session").sendBuffer(Buffer.buffer(credentials)).await();
    assertEquals(415, untyped.statusCode());

    HttpResponse<Buffer> foreign = browser.post("/api/session").putHeader("Origin", "https://evil.example")
      .sendJsonObject(new JsonObject(credentials)).await();
    assertEquals(403, foreign.statusCode(), foreign.bodyAsString());
    assertEquals("origin", foreign.bodyAsJsonObject().getString("error"));
    assertTrue(foreign.cookies().isEmpty());
    HttpResponse<Buffer> opaque = browser.post("/api/session").putHeader("Origin", "null")
      .sendJsonObject(new JsonObject(credentials)).await();
    assertEquals(403, opaque.statusCode());

    // The front-end's own sign-in: JSON (web/src/api.ts), from the page's origin.
    HttpResponse<Buffer> own = browser.post("/api/session").putHeader("Origin", "http://127.0.0.1:" + TestServer.port())
      .putHeader("Content-Type", "application/json; charset=utf-8").sendBuffer(Buffer.buffer(credentials)).await();
    assertEquals(200, own.statusCode(), own.bodyAsString());
    assertTrue(own.cookies().stream().anyMatch(c -> c.startsWith("lianxin_session=")));
  }

  @Test
  void browserWritesNeedTheCsrfToken() {
    String official = newUser("official", seed.district(), List.of());
    WebClient browser = clientFrom("127.0.0.4");
    HttpResponse<Buffer> signedIn = browser.post("/api/session")
      .sendJsonObject(new JsonObject().put("username", official).put("password", "correct horse battery")).await();
    String session = signedIn.cookies().stream().filter(c -> c.startsWith("lianxin_session=")).findFirst().orElseThrow().split(";")[0];
    String csrf = signedIn.bodyAsJsonObject().getString("csrfToken");

    HttpResponse<Buffer> me = browser.get("/api/me").putHeader("Cookie", session).send().await();
    assertEquals(official, me.bodyAsJsonObject().getJsonObject("user").getString("username"));

    JsonObject person = new JsonObject().put("name", "跨站请求伪造");
    HttpResponse<Buffer> forged = browser.post("/api/people").putHeader("Cookie", session).sendJsonObject(person).await();
    assertEquals(403, forged.statusCode());
    assertEquals("csrf", forged.bodyAsJsonObject().getString("error"));
    HttpResponse<Buffer> real = browser.post("/api/people").putHeader("Cookie", session).putHeader("X-CSRF-Token", csrf)
      .sendJsonObject(person).await();
    assertEquals(201, real.statusCode());

    HttpResponse<Buffer> out = browser.delete("/api/session").putHeader("Cookie", session).putHeader("X-CSRF-Token", csrf).send().await();
    assertEquals(204, out.statusCode());
    assertEquals(401, browser.get("/api/me").putHeader("Cookie", session).send().await().statusCode(), "the session is gone");
  }

  @Test
  void repeatedFailuresAreThrottledPerAccountAndPerClient() {
    String username = newUser("host", null, List.of());
    WebClient client = clientFrom("127.0.0.5");
    JsonObject wrong = new JsonObject().put("username", username).put("password", "not the password");
    for (int i = 0; i < Throttle.PER_ACCOUNT; i++) {
      assertEquals(401, client.post("/api/session").sendJsonObject(wrong).await().statusCode());
    }
    HttpResponse<Buffer> blocked = client.post("/api/session")
      .sendJsonObject(new JsonObject().put("username", username).put("password", "correct horse battery")).await();
    assertEquals(429, blocked.statusCode(), "even the right password waits");
    assertTrue(blocked.bodyAsJsonObject().getString("message").contains("15"));
    // The same account from elsewhere is throttled too (per account), unknown names as well (no hint they differ).
    assertEquals(429, clientFrom("127.0.0.6").post("/api/session")
      .sendJsonObject(new JsonObject().put("username", username).put("password", "correct horse battery")).await().statusCode());

    // An admin lifts the lock before its 15 minutes are over.
    long id = admin.get("/api/users").items().stream().map(JsonObject.class::cast)
      .filter(u -> u.getString("username").equals(username)).findFirst().orElseThrow().getLong("id");
    assertEquals(401, admin.anonymous().raw(HttpMethod.DELETE, "/api/users/" + id + "/lock", "", "application/json").status());
    assertEquals(204, admin.raw(HttpMethod.DELETE, "/api/users/" + id + "/lock", "", "application/json").status());
    assertEquals(200, client.post("/api/session")
      .sendJsonObject(new JsonObject().put("username", username).put("password", "correct horse battery")).await().statusCode());
  }

  /** A school's or a community centre's one address: spraying made-up names locks out made-up names, not its people. */
  @Test
  void madeUpNamesFromOneAddressDoNotLockOutItsRealAccounts() {
    String real = newUser("host", null, List.of());
    WebClient noisy = clientFrom("127.0.0.7");
    for (int i = 0; i < Throttle.UNKNOWN_PER_CLIENT + 5; i++) {
      noisy.post("/api/session").sendJsonObject(new JsonObject().put("username", Seed.unique("guess")).put("password", "x")).await();
    }
    assertEquals(429, noisy.post("/api/session")
      .sendJsonObject(new JsonObject().put("username", Seed.unique("guess")).put("password", "x")).await().statusCode());
    // A wrong password answers like a made-up name, so the answers do not tell which names are accounts.
    assertEquals(429, noisy.post("/api/session")
      .sendJsonObject(new JsonObject().put("username", real).put("password", "not the password")).await().statusCode());
    assertEquals(200, noisy.post("/api/session")
      .sendJsonObject(new JsonObject().put("username", real).put("password", "correct horse battery")).await().statusCode());
  }

  @Test
  void parallelWrongPasswordsCannotOutrunTheThrottle() {
    String username = newUser("host", null, List.of());
    WebClient client = clientFrom("127.0.0.8");
    JsonObject wrong = new JsonObject().put("username", username).put("password", "not the password");
    List<Future<HttpResponse<Buffer>>> attempts = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attempts.add(client.post("/api/session").sendJsonObject(wrong));
    }
    Future.all(attempts).await();
    long refused = attempts.stream().filter(a -> a.result().statusCode() == 401).count();
    long throttled = attempts.stream().filter(a -> a.result().statusCode() == 429).count();
    assertTrue(refused <= Throttle.PER_ACCOUNT, refused + " wrong passwords were checked, at most " + Throttle.PER_ACCOUNT + " may be");
    assertEquals(50, refused + throttled, "every other attempt waits");
  }

  @Test
  void everySpellingOfAUsernameIsTheOneAccount() {
    String tail = Seed.unique("");
    String typed = "Admin2İ" + tail;
    Http.Reply created = admin.post("/api/users", new JsonObject().put("username", typed)
      .put("password", "correct horse battery").put("role", "host").put("roomIds", new JsonArray()));
    assertEquals(201, created.status(), created.toString());
    assertEquals("admin2i\u0307" + tail, created.json().getString("username"), "stored as NFKC, lower-cased without a locale");
    assertEquals(409, admin.post("/api/users", new JsonObject().put("username", "ADMIN2İ" + tail)
      .put("password", "correct horse battery").put("role", "host")).status(), "another spelling is the same name");

    List<String> spellings = List.of(typed, "ADMIN2İ" + tail, "admin2i\u0307" + tail, "ＡＤＭＩＮ２İ" + tail);
    WebClient client = clientFrom("127.0.0.9");
    for (String spelling : spellings) {
      assertEquals(200, client.post("/api/session").sendJsonObject(new JsonObject().put("username", spelling)
        .put("password", "correct horse battery")).await().statusCode(), spelling);
    }

    WebClient attacker = clientFrom("127.0.0.10");
    for (int i = 0; i < Throttle.PER_ACCOUNT; i++) {
      attacker.post("/api/session").sendJsonObject(new JsonObject().put("username", typed).put("password", "wrong password!")).await();
    }
    for (String spelling : spellings) {
      assertEquals(429, clientFrom("127.0.0.11").post("/api/session").sendJsonObject(new JsonObject().put("username", spelling)
        .put("password", "correct horse battery")).await().statusCode(), "locked: " + spelling);
    }
    // PostgreSQL's lower() folds İ to a plain i; that is another name, not a way into the locked account.
    assertEquals(401, clientFrom("127.0.0.11").post("/api/session").sendJsonObject(new JsonObject()
      .put("username", "admin2i" + tail).put("password", "correct horse battery")).await().statusCode());
  }

  static long idOf(String username) {
    return admin.get("/api/users").items().stream().map(JsonObject.class::cast)
      .filter(u -> u.getString("username").equals(username)).findFirst().orElseThrow().getLong("id");
  }

  @Test
  void aPasswordChangeNeedsTheCurrentOneAndEndsEveryOtherSession() {
    String username = newUser("host", null, List.of());
    long id = idOf(username);
    Http here = admin.as(admin.signIn(username, "correct horse battery"));
    Http elsewhere = admin.as(admin.signIn(username, "correct horse battery"));
    Http script = admin.as(here.post("/api/tokens", new JsonObject().put("name", "脚本")).json().getString("token"));

    Http.Reply missing = here.patch("/api/users/" + id, new JsonObject().put("password", "a new long password"));
    assertEquals(422, missing.status(), missing.toString());
    assertEquals("currentPassword", missing.json().getJsonObject("details").getString("field"));
    assertEquals(403, here.patch("/api/users/" + id, new JsonObject().put("password", "a new long password")
      .put("currentPassword", "not the password")).status());
    assertEquals(200, elsewhere.get("/api/me").status(), "refused changes end nothing");
    assertEquals(200, here.patch("/api/users/" + id, new JsonObject().put("password", "a new long password")
      .put("currentPassword", "correct horse battery")).status());
    assertEquals(200, here.get("/api/me").status(), "the session that changed it stays");
    assertEquals(401, elsewhere.get("/api/me").status(), "every other session ends");
    assertEquals(401, script.get("/api/me").status(), "and every API token");

    // An admin resets it without knowing it; every session of that user ends.
    assertEquals(200, admin.patch("/api/users/" + id, new JsonObject().put("password", "reset by the admin")).status());
    assertEquals(401, here.get("/api/me").status());
    admin.signIn(username, "reset by the admin");
  }

  @Test
  void guessingTheCurrentPasswordIsThrottledLikeSigningIn() {
    String username = newUser("host", null, List.of());
    long id = idOf(username);
    String token = admin.signIn(username, "correct horse battery");
    WebClient thief = clientFrom("127.0.0.12");
    JsonObject guess = new JsonObject().put("password", "a new long password").put("currentPassword", "a guess");
    for (int i = 0; i < Throttle.PER_ACCOUNT; i++) {
      assertEquals(403, thief.patch("/api/users/" + id).bearerTokenAuthentication(token).sendJsonObject(guess).await().statusCode());
    }
    assertEquals(429, thief.patch("/api/users/" + id).bearerTokenAuthentication(token)
      .sendJsonObject(guess.copy().put("currentPassword", "correct horse battery")).await().statusCode());
    assertEquals(429, clientFrom("127.0.0.13").post("/api/session").sendJsonObject(new JsonObject().put("username", username)
      .put("password", "correct horse battery")).await().statusCode(), "the same count as signing in");
  }

  @Test
  void reEnablingAnAccountRevivesNoOldSession() {
    String username = newUser("host", null, List.of());
    long id = idOf(username);
    Http session = admin.as(admin.signIn(username, "correct horse battery"));
    assertEquals(200, admin.patch("/api/users/" + id, new JsonObject().put("disabled", true)).status());
    assertEquals(401, session.get("/api/me").status());
    assertEquals(200, admin.patch("/api/users/" + id, new JsonObject().put("disabled", false)).status());
    assertEquals(401, session.get("/api/me").status(), "the old session stays ended");
    assertEquals(200, admin.as(admin.signIn(username, "correct horse battery")).get("/api/me").status());
  }

  @Test
  void sessionsCanBeListedAndEnded() {
    String username = newUser("host", null, List.of());
    long id = idOf(username);
    Http here = admin.as(admin.signIn(username, "correct horse battery"));
    Http laptop = admin.as(admin.signIn(username, "correct horse battery"));
    Http phone = admin.as(admin.signIn(username, "correct horse battery"));
    JsonArray sessions = here.get("/api/sessions").items();
    assertEquals(3, sessions.size(), sessions.encodePrettily());
    assertEquals(1, sessions.stream().map(JsonObject.class::cast).filter(s -> s.getBoolean("current")).count());
    long laptopId = laptop.get("/api/sessions").items().stream().map(JsonObject.class::cast)
      .filter(s -> s.getBoolean("current")).findFirst().orElseThrow().getLong("id");

    Http stranger = admin.as(admin.signIn(newUser("host", null, List.of()), "correct horse battery"));
    assertEquals(403, stranger.raw(HttpMethod.DELETE, "/api/sessions/" + laptopId, "", "application/json").status());
    assertEquals(403, stranger.get("/api/sessions?userId=" + id).status());
    assertEquals(200, laptop.get("/api/me").status());

    assertEquals(204, here.raw(HttpMethod.DELETE, "/api/sessions/" + laptopId, "", "application/json").status());
    assertEquals(401, laptop.get("/api/me").status());
    assertEquals(2, here.get("/api/sessions").items().size());

    JsonArray seenByAdmin = admin.get("/api/sessions?userId=" + id).items();
    assertEquals(2, seenByAdmin.size());
    for (Object s : seenByAdmin) {
      assertEquals(204, admin.raw(HttpMethod.DELETE, "/api/sessions/" + ((JsonObject) s).getLong("id"), "", "application/json").status());
    }
    assertEquals(401, here.get("/api/me").status());
    assertEquals(401, phone.get("/api/me").status());
  }

  @Test
  void apiTokensCanBeListedAndRevoked() {
    String username = newUser("host", null, List.of());
    Http user = admin.as(admin.signIn(username, "correct horse battery"));
    Http.Reply created = user.post("/api/tokens", new JsonObject().put("name", "导入脚本"));
    assertEquals(201, created.status());
    Http script = admin.as(created.json().getString("token"));
    assertEquals(username, script.get("/api/me").json().getJsonObject("user").getString("username"));
    JsonArray tokens = user.get("/api/tokens").items();
    assertEquals("导入脚本", tokens.getJsonObject(0).getString("name"));
    assertFalse(tokens.encode().contains(created.json().getString("token")), "the secret is shown only once");
    assertEquals(204, user.raw(HttpMethod.DELETE, "/api/tokens/" + created.json().getLong("id"), "", "application/json").status());
    assertEquals(401, script.get("/api/me").status());
  }

  @Test
  void auditLogShowsWhoChangedWhatWithinScope() {
    long district = seed.district();
    long room = seed.room(district, 0, "Asia/Shanghai");
    String officialName = newUser("official", district, List.of());
    Http official = admin.as(admin.signIn(officialName, "correct horse battery"));
    long episode = official.post("/api/rooms/" + room + "/episodes", new JsonObject().put("title", "旧标题")
      .put("startsAt", "2031-01-05T10:00:00+08:00").put("endsAt", "2031-01-05T11:00:00+08:00")).json().getLong("id");
    assertEquals(200, official.patch("/api/episodes/" + episode, new JsonObject().put("title", "新标题")).status());

    JsonArray entries = official.get("/api/audit").items();
    JsonObject change = entries.stream().map(JsonObject.class::cast)
      .filter(e -> e.getString("action").equals("episodes.update") && e.getString("target").equals("episodes:" + episode))
      .findFirst().orElseThrow(() -> new AssertionError(entries.encodePrettily()));
    assertEquals(officialName, change.getJsonObject("actor").getString("username"));
    assertEquals("旧标题", change.getJsonObject("before").getString("title"));
    assertEquals("新标题", change.getJsonObject("after").getString("title"));
    assertTrue(entries.stream().map(JsonObject.class::cast).allMatch(e -> e.getLong("orgId") == null || e.getLong("orgId") == district),
      "only the official's subtree");
    assertEquals(403, official.get("/api/audit?orgId=" + seed.district()).status());
    String hostName = newUser("host", null, List.of(room));
    assertEquals(403, admin.as(admin.signIn(hostName, "correct horse battery")).get("/api/audit").status());
    assertFalse(admin.get("/api/audit?limit=500").body().contains("password_hash"));
  }

  @Test
  void bodiesOverTheLimitAreRefusedUnread() {
    String huge = "{\"name\":\"" + "长".repeat(600_000) + "\"}";
    Http.Reply reply = admin.raw(HttpMethod.POST, "/api/people", huge, "application/json");
    assertEquals(413, reply.status());
    assertEquals("too_large", reply.json().getString("error"));
  }

  @Test
  void hostileTextIsStoredVerbatimOrRefused() {
    long room = seed.room();
    String script = "<script>alert('x')</script>";
    String sql = "'; DROP TABLE episodes; --";
    String day = java.time.LocalDate.now().plusDays(10).toString();
    JsonObject created = admin.post("/api/rooms/" + room + "/episodes", new JsonObject().put("title", script).put("description", sql)
      .put("startsAt", day + "T10:00:00+08:00").put("endsAt", day + "T11:00:00+08:00")).json();
    JsonObject read = admin.get("/api/episodes/" + created.getLong("id")).json();
    assertEquals(script, read.getString("title"));
    assertEquals(sql, read.getString("description"));
    assertTrue(admin.get("/api/rooms/" + room + "/calendar.ics").body().contains("<script>alert('x')</script>"));

    Http.Reply nul = admin.post("/api/people", new JsonObject().put("name", "a\u0000b"));
    assertEquals(422, nul.status());
    assertEquals("name", nul.json().getJsonObject("details").getString("field"));
    assertEquals(422, admin.post("/api/people", new JsonObject().put("name", "x".repeat(10_000))).status());
  }

  @Test
  void pagesAndApiCarrySecurityHeaders() {
    for (String path : List.of("/", "/api/health")) {
      Http.Reply reply = admin.anonymous().get(path);
      assertEquals(200, reply.status(), path);
      String csp = reply.headers().get("Content-Security-Policy");
      assertNotNull(csp, path);
      assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
      assertEquals("nosniff", reply.headers().get("X-Content-Type-Options"));
      assertNotNull(reply.headers().get("Referrer-Policy"));
    }
  }
}
