package lianxin.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.http.Bodies;
import lianxin.db.Refusal;

/** Accounts. Admins manage everyone; officials manage officials and hosts within their subtree. */
public record UserRoutes(Vertx vertx, Pool pool) {

  private static final Set<String> ROLES = Set.of("admin", "official", "host");

  public void mount(Router router) {
    Bodies.json(router.post("/api/users")).handler(this::create);
    router.get("/api/users").handler(this::list);
    Bodies.json(router.patch("/api/users/:id")).handler(this::update);
    Bodies.json(router.delete("/api/users/:id/lock")).handler(this::unlock);
  }

  private record Change(String password, String currentPassword, String role, Long orgId, boolean setsOrg, List<Long> roomIds,
                        Boolean disabled) {

    static Change from(JsonObject body, boolean creating) {
      String password = creating ? Fields.text(body, "password", 200) : Fields.optionalText(body, "password", 200);
      if (password != null && password.length() < Passwords.MIN_LENGTH) {
        throw ApiException.invalid("password", "密码至少 " + Passwords.MIN_LENGTH + " 位。", "The password needs at least " + Passwords.MIN_LENGTH + " characters.");
      }
      String role = creating ? Fields.text(body, "role", 20) : Fields.optionalText(body, "role", 20);
      if (role != null && !ROLES.contains(role)) {
        throw ApiException.invalid("role", "role 应为 admin、official 或 host。", "role must be admin, official or host.");
      }
      Object disabled = body.getValue("disabled");
      if (disabled != null && !(disabled instanceof Boolean)) {
        throw ApiException.badRequest("disabled", "disabled 必须是 true 或 false。", "disabled must be true or false.");
      }
      return new Change(password, creating ? null : Fields.optionalText(body, "currentPassword", 200), role,
        Fields.optionalLong(body, "orgId"), body.containsKey("orgId"),
        body.containsKey("roomIds") ? Fields.longList(body, "roomIds") : null, (Boolean) disabled);
    }

    /**
     * What the acting user may grant to {@code target} (null: a new account): officials never make admins, only
     * inside their own subtree, and never leave an account without a place (no org, no room), which only admins manage.
     */
    Future<Void> allowedFor(SqlConnection conn, User actor, User target) {
      if (actor.admin()) {
        return Future.succeededFuture();
      }
      if (!actor.official() || "admin".equals(role)) {
        return Future.failedFuture(Access.forbidden("你不能授予这个角色", "You may not grant this role"));
      }
      Long placeOrg = setsOrg || target == null ? orgId : target.orgId();
      List<Long> placeRooms = roomIds != null ? roomIds : target == null ? List.of() : target.roomIds();
      if (placeOrg == null && placeRooms.isEmpty()) {
        return Future.failedFuture(placeless());
      }
      Future<Void> org = orgId == null ? Future.succeededFuture() : Access.org(conn, actor, orgId);
      for (Long room : roomIds == null ? List.<Long>of() : roomIds) {
        org = org.compose(v -> Access.manageRoom(conn, actor, room));
      }
      return org;
    }
  }

  private void create(RoutingContext ctx) {
    User actor = Access.require(ctx);
    JsonObject body = Fields.body(ctx);
    String username = Usernames.normalize(Fields.text(body, "username", Usernames.MAX_LENGTH));
    if (username.codePointCount(0, username.length()) > Usernames.MAX_LENGTH) {
      throw ApiException.invalid("username", "用户名过长。", "The username is too long once case and width are folded.");
    }
    Change change = Change.from(body, true);
    if ("official".equals(change.role()) && change.orgId() == null) {
      throw ApiException.invalid("orgId", "工作人员账号需要所属机构 orgId。", "An official needs an orgId.");
    }
    Passwords.hash(vertx, change.password())
      .compose(hash -> Tx.as(pool, actor, conn -> change.allowedFor(conn, actor, null)
        .compose(v -> conn.preparedQuery(AuthSql.INSERT_USER).execute(Tuple.of(username, hash, change.role(), change.orgId())))
        .map(rows -> rows.iterator().next().getLong("id"))
        .compose(id -> setRooms(conn, id, change.roomIds()).map(id))))
      .recover(e -> Future.failedFuture(translate(e, username)))
      .compose(this::load)
      .onSuccess(user -> Replies.created(ctx, user.toJson()))
      .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    User actor = Access.require(ctx);
    if (!actor.admin() && !actor.official()) {
      throw Access.forbidden("只有管理员和工作人员可以查看账号", "Only admins and officials can list accounts");
    }
    (actor.admin() ? pool.query(AuthSql.USERS).execute() : pool.preparedQuery(AuthSql.USERS_IN_SUBTREE).execute(Tuple.of(actor.orgId())))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(User.from(row).toJson().put("disabled", row.getBoolean("disabled"))));
        Replies.ok(ctx, new JsonObject().put("items", items));
      })
      .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    User actor = Access.require(ctx);
    long id = Fields.pathId(ctx, "id", "user");
    // The username is not one of the things a PATCH changes.
    Change change = Change.from(Fields.only(Fields.body(ctx), "password", "currentPassword", "role", "orgId", "roomIds", "disabled"), false);
    boolean self = id == actor.id();
    boolean ownPassword = self && change.role() == null && !change.setsOrg() && change.roomIds() == null && change.disabled() == null;
    if (self && change.password() != null && change.currentPassword() == null) {
      throw ApiException.invalid("currentPassword", "修改自己的密码需要当前密码。", "Changing your own password needs the current one (currentPassword).");
    }
    // A new password or disabling ends the user's sessions and tokens (all but the one making the change), so a
    // stolen session does not outlive either and re-enabling revives none.
    boolean endsSessions = change.password() != null || Boolean.TRUE.equals(change.disabled());
    Long keep = self ? ctx.get(Authenticator.TOKEN_ID) : null;
    Future<String> hash = change.password() == null ? Future.succeededFuture() : Passwords.hash(vertx, change.password());
    hash.compose(h -> Tx.as(pool, actor, conn -> load(conn, id)
        .compose(target -> ownPassword ? Future.succeededFuture()
          : mayManage(conn, actor, target).compose(v -> change.allowedFor(conn, actor, target)))
        .compose(v -> self && change.password() != null
          ? currentPasswordMatches(conn, actor, ctx.request().remoteAddress().hostAddress(), change.currentPassword())
          : Future.succeededFuture())
        .compose(v -> conn.preparedQuery(AuthSql.UPDATE_USER)
          .execute(Tuple.of(id, h, change.role(), change.orgId(), change.setsOrg(), change.disabled())))
        .compose(v -> change.roomIds() == null ? Future.succeededFuture() : setRooms(conn, id, change.roomIds()))
        .compose(v -> endsSessions ? conn.preparedQuery(AuthSql.END_TOKENS_OF).execute(Tuple.of(id, keep)).mapEmpty()
          : Future.succeededFuture())))
      .recover(e -> Future.failedFuture(translate(e, null)))
      .compose(v -> load(id))
      .onSuccess(user -> Replies.ok(ctx, user.toJson()))
      .onFailure(ctx::fail);
  }

  /** Lifts an account's sign-in lock (its failed sign-ins) before its 15 minutes are over. */
  private void unlock(RoutingContext ctx) {
    User actor = Access.require(ctx);
    long id = Fields.pathId(ctx, "id", "user");
    Tx.as(pool, actor, conn -> load(conn, id).compose(target -> mayManage(conn, actor, target).map(target)))
      .compose(target -> new Throttle(pool).unlock(Throttle.accountKey(target.username())))
      .onSuccess(v -> ctx.response().setStatusCode(204).end())
      .onFailure(ctx::fail);
  }

  /**
   * An official manages a user only when that user already lies within the official's subtree. An account with no
   * org and no room lies nowhere in the tree, so it is the admins' alone (else any official could claim it).
   */
  private static Future<Void> mayManage(SqlConnection conn, User actor, User target) {
    if (actor.admin()) {
      return Future.succeededFuture();
    }
    if (!actor.official() || target.admin()) {
      return Future.failedFuture(Access.forbidden("你不能修改这个账号", "You may not change this account"));
    }
    if (target.orgId() == null && target.roomIds().isEmpty()) {
      return Future.failedFuture(placeless());
    }
    Future<Void> inside = target.orgId() == null ? Future.succeededFuture() : Access.org(conn, actor, target.orgId());
    for (Long room : target.roomIds()) {
      inside = inside.compose(v -> Access.manageRoom(conn, actor, room));
    }
    return inside;
  }

  /**
   * Guessing the current password from a stolen session counts as failed sign-ins (the same keys and limits), and is
   * counted outside the transaction, so a refusal's rollback does not undo it.
   */
  private Future<Void> currentPasswordMatches(SqlConnection conn, User self, String address, String current) {
    Throttle throttle = new Throttle(pool);
    String account = Throttle.accountKey(self.username());
    String client = Throttle.clientKey(address);
    return throttle.attempt(account, client)
      .compose(v -> conn.preparedQuery(AuthSql.PASSWORD_HASH).execute(Tuple.of(self.id())))
      .compose(rows -> Passwords.verify(vertx, current, rows.iterator().next().getString("password_hash")))
      .compose(ok -> ok ? throttle.succeeded(account, client)
        : Future.failedFuture(Access.forbidden("当前密码不正确", "The current password is wrong")));
  }

  private static ApiException placeless() {
    return Access.forbidden("不属于任何机构或直播间的账号只有管理员可以管理",
      "An account with no org unit and no room belongs to admins alone");
  }

  private static Future<Void> setRooms(SqlConnection conn, long userId, List<Long> roomIds) {
    if (roomIds == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(AuthSql.CLEAR_ROOMS).execute(Tuple.of(userId))
      .compose(v -> roomIds.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(AuthSql.ADD_ROOM).executeBatch(roomIds.stream().map(r -> Tuple.of(userId, r)).toList()))
      .mapEmpty();
  }

  private Future<User> load(long id) {
    return load(pool, id);
  }

  private static Future<User> load(io.vertx.sqlclient.SqlClient db, long id) {
    return db.preparedQuery(AuthSql.USER).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("user", id);
      }
      Row row = rows.iterator().next();
      return User.from(row);
    });
  }

  private static Throwable translate(Throwable e, String username) {
    Refusal refusal = Refusal.of(e);
    if (refusal == Refusal.DUPLICATE) {
      return ApiException.conflict("用户名「" + username + "」已被使用。", "The username is taken.", new JsonArray());
    }
    if (refusal == Refusal.MISSING_REFERENCE) {
      return ApiException.invalid("users".equals(Refusal.table(e)) ? "orgId" : "roomIds",
        "引用的机构或直播间不存在。",
        "The org or room does not exist.");
    }
    return e;
  }
}
