package lianxin.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import lianxin.http.ApiException;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.http.Times;
import lianxin.http.Bodies;

/** Signing in and out. The same answer for a wrong password and an unknown username. */
public final class SessionRoutes {

  private static final Duration SESSION_LIFETIME = Duration.ofDays(30);

  private final Vertx vertx;
  private final Pool pool;
  private final Throttle throttle;

  public SessionRoutes(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.throttle = new Throttle(pool);
  }

  public void mount(Router router) {
    // A route of its own before sign-in's, since Vert.x runs a body handler before any other on a route.
    router.post("/api/session").handler(SessionRoutes::fromThisSite);
    Bodies.json(router.post("/api/session")).handler(this::signIn);
    Bodies.json(router.delete("/api/session")).handler(this::signOut);
    router.get("/api/me").handler(this::me);
    router.get("/api/sessions").handler(this::sessions);
    Bodies.json(router.delete("/api/sessions/:id")).handler(this::endSession);
  }

  /**
   * Login CSRF: another site's form or no-cors fetch can post {@code text/plain} (no preflight) and so sign the
   * browser into an account of the attacker's. Sign-in takes only JSON (which a cross-site page cannot send without
   * a preflight this server never grants) and, where the browser names the page's {@code Origin}, only from this
   * host. Checked before the body is read.
   */
  private static void fromThisSite(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    String mime = type == null ? "" : type.split(";", 2)[0].strip();
    if (!mime.equalsIgnoreCase("application/json")) {
      throw ApiException.unsupportedType("登录请求须为 JSON（Content-Type: application/json）。", "Sign-in takes JSON only (Content-Type: application/json).");
    }
    String origin = ctx.request().getHeader("origin");
    if (origin != null && !sameHost(origin, ctx.request().getHeader("host"))) {
      throw new ApiException(403, "origin", "不能从其他网站登录。", "Signing in from another site is not allowed.",
        new JsonObject().put("origin", origin));
    }
    ctx.next();
  }

  /** Whether the page's origin names the host this request was sent to (the port aside: cookies ignore it too). */
  static boolean sameHost(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      String originHost = java.net.URI.create(origin.strip()).getHost();
      String requestHost = java.net.URI.create("http://" + host.strip()).getHost();
      return originHost != null && originHost.equalsIgnoreCase(requestHost);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = Fields.body(ctx);
    String username = Usernames.normalize(Fields.text(body, "username", Usernames.MAX_LENGTH));
    String password = Fields.text(body, "password", 200);
    String account = Throttle.accountKey(username);
    String address = ctx.request().remoteAddress().hostAddress();
    String client = Throttle.clientKey(address);
    // The attempt is counted before the password is checked and stays counted unless it turns out right. Names that
    // are no account count apart (Throttle), so spraying them does not lock out the accounts behind the address.
    pool.preparedQuery(AuthSql.BY_USERNAME).execute(Tuple.of(username))
      .compose(rows -> {
        Row row = rows.size() == 0 ? null : rows.iterator().next();
        boolean usable = row != null && !row.getBoolean("disabled");
        return (row == null ? throttle.unknownName(address) : throttle.attempt(account, client))
          .compose(v -> Passwords.verify(vertx, password, usable ? row.getString("password_hash") : null))
          .compose(ok -> ok ? throttle.succeeded(account, client).map(User.from(row))
            : throttle.spraying(address).compose(spraying -> Future.<User>failedFuture(spraying ? Throttle.tooMany() : wrongCredentials())));
      })
      .compose(user -> issue(user).map(token -> {
        boolean secure = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
        ctx.response().addCookie(Cookie.cookie(Authenticator.SESSION_COOKIE, token.getString("token"))
          .setHttpOnly(true).setSameSite(CookieSameSite.LAX).setPath("/").setSecure(secure).setMaxAge(SESSION_LIFETIME.toSeconds()));
        // Readable by the page's script, which echoes it in X-CSRF-Token; another site cannot read it.
        ctx.response().addCookie(Cookie.cookie(Authenticator.CSRF_COOKIE, token.getString("csrfToken"))
          .setSameSite(CookieSameSite.STRICT).setPath("/").setSecure(secure).setMaxAge(SESSION_LIFETIME.toSeconds()));
        return token.put("user", user.toJson());
      }))
      .onSuccess(reply -> Replies.ok(ctx, reply))
      .onFailure(ctx::fail);
  }

  private Future<JsonObject> issue(User user) {
    String token = Tokens.generate("lxs_");
    String csrf = Tokens.generate("");
    OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(SESSION_LIFETIME);
    return pool.preparedQuery(AuthSql.INSERT_TOKEN)
      .execute(Tuple.of(user.id(), "session", Buffer.buffer(Tokens.hash(token)), csrf, null, expires))
      .map(rows -> new JsonObject().put("token", token).put("csrfToken", csrf));
  }

  private void signOut(RoutingContext ctx) {
    Access.require(ctx);
    Long tokenId = ctx.get(Authenticator.TOKEN_ID);
    pool.preparedQuery(AuthSql.REVOKE_TOKEN).execute(Tuple.of(tokenId))
      .onSuccess(v -> {
        ctx.response().addCookie(Cookie.cookie(Authenticator.SESSION_COOKIE, "").setPath("/").setMaxAge(0));
        ctx.response().addCookie(Cookie.cookie(Authenticator.CSRF_COOKIE, "").setPath("/").setMaxAge(0));
        ctx.response().setStatusCode(204).end();
      })
      .onFailure(ctx::fail);
  }

  /** The signed-in sessions of the caller, or (admins, {@code ?userId=}) of anyone; which one is asking is marked. */
  private void sessions(RoutingContext ctx) {
    User actor = Access.require(ctx);
    Long userId = Fields.queryId(ctx, "userId");
    long whose = userId == null ? actor.id() : userId;
    if (whose != actor.id() && !actor.admin()) {
      throw Access.forbidden("只能查看自己的登录会话", "You may see only your own sessions");
    }
    Long current = ctx.get(Authenticator.TOKEN_ID);
    pool.preparedQuery(AuthSql.SESSIONS_OF).execute(Tuple.of(whose))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(new JsonObject().put("id", row.getLong("id"))
          .put("createdAt", Times.format(row.getOffsetDateTime("created_at"), Times.CHINA))
          .put("lastUsedAt", Times.format(row.getOffsetDateTime("last_used_at"), Times.CHINA))
          .put("expiresAt", Times.format(row.getOffsetDateTime("expires_at"), Times.CHINA))
          .put("current", row.getLong("id").equals(current))));
        Replies.ok(ctx, new JsonObject().put("items", items));
      })
      .onFailure(ctx::fail);
  }

  /** Ends one session: the caller's own, or anyone's for admins. */
  private void endSession(RoutingContext ctx) {
    User actor = Access.require(ctx);
    long id = Fields.pathId(ctx, "id", "session");
    pool.preparedQuery(AuthSql.SESSION_OWNER).execute(Tuple.of(id))
      .compose(rows -> {
        if (rows.size() == 0) {
          throw ApiException.notFound("session", id);
        }
        if (rows.iterator().next().getLong("user_id") != actor.id() && !actor.admin()) {
          throw Access.forbidden("只能结束自己的登录会话", "You may end only your own sessions");
        }
        return pool.preparedQuery(AuthSql.REVOKE_TOKEN).execute(Tuple.of(id));
      })
      .onSuccess(v -> ctx.response().setStatusCode(204).end())
      .onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    Replies.ok(ctx, new JsonObject().put("user", Access.require(ctx).toJson()));
  }

  private static ApiException wrongCredentials() {
    return new ApiException(401, "unauthorized", "用户名或密码不正确。", "Wrong username or password.", null);
  }
}
