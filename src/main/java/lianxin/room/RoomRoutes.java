package lianxin.room;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.cache.Encoded;
import lianxin.cache.ResponseCache;
import lianxin.capture.Sources;
import lianxin.db.Refusal;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;
import lianxin.net.AllowList;
import lianxin.schedule.Numbering;

/** Rooms (直播间), their platform accounts and columns (栏目). */
public record RoomRoutes(Pool pool, ResponseCache cache, AllowList allow) {

  private static final Set<String> PLATFORMS = Set.of("douyin", "wechat-channels", "kuaishou", "bilibili", "self-hosted");

  public void mount(Router router) {
    Bodies.json(router.post("/api/rooms")).handler(this::create);
    router.get("/api/rooms").handler(this::list);
    router.get("/api/rooms/:id").handler(this::get);
    Bodies.json(router.patch("/api/rooms/:id")).handler(this::update);
    Bodies.json(router.post("/api/rooms/:id/columns")).handler(this::createColumn);
  }

  private void create(RoutingContext ctx) {
    User actor = Access.require(ctx);
    JsonObject body = Fields.body(ctx);
    String name = Fields.text(body, "name", 100);
    long orgId = Fields.requiredLong(body, "orgId");
    String description = Fields.optionalParagraph(body, "description", 2000);
    String timezone = timezone(body, "Asia/Shanghai");
    Long offset = offset(body);
    List<Tuple> platforms = platforms(body);
    String capture = capture(body);
    checkCapture(ctx, capture).compose(ok -> Tx.as(pool, actor, conn -> Access.org(conn, actor, orgId)
        .compose(v -> conn.preparedQuery(RoomSql.INSERT).execute(Tuple.of(name, orgId, description, timezone, offset == null ? 0 : offset, capture)))
        .map(rows -> rows.iterator().next().getLong("id"))
        .compose(id -> replacePlatforms(conn, id, platforms).map(id))))
      .recover(e -> Future.failedFuture(unknownOrg(e, orgId)))
      .compose(this::load)
      .onSuccess(room -> Replies.created(ctx, room))
      .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    int limit = Fields.limit(ctx, 100, 500);
    Long orgId = Fields.queryId(ctx, "orgId");
    long after = cursor(ctx);
    Future<RowSet<Row>> rows = orgId == null
      ? pool.preparedQuery(RoomSql.PAGE).execute(Tuple.of(after, limit))
      : pool.preparedQuery(RoomSql.PAGE_IN_ORG).execute(Tuple.of(orgId, after, limit));
    rows.onSuccess(page -> {
      JsonArray items = new JsonArray();
      page.forEach(row -> items.add(Room.toJson(row)));
      JsonObject body = new JsonObject().put("items", items);
      if (items.size() == limit) {
        body.put("next", String.valueOf(items.getJsonObject(items.size() - 1).getLong("id")));
      }
      Replies.ok(ctx, body);
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "room");
    cache.get(String.valueOf(id), ctx.request().path(), () -> load(id).map(Encoded::json))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    User actor = Access.require(ctx);
    long id = Fields.pathId(ctx, "id", "room");
    // A room does not move between org units (orgId) by PATCH.
    JsonObject body = Fields.only(Fields.body(ctx), "name", "description", "timezone", "episodeOffset", "platforms", "captureUrl",
      "confirmRenumber");
    boolean confirm = Fields.flag(body, "confirmRenumber");
    String name = body.containsKey("name") ? Fields.text(body, "name", 100) : null;
    String description = Fields.optionalParagraph(body, "description", 2000);
    String timezone = body.containsKey("timezone") ? timezone(body, null) : null;
    Long offset = offset(body);
    List<Tuple> platforms = body.containsKey("platforms") ? platforms(body) : null;
    boolean setCapture = body.containsKey("captureUrl");
    String capture = capture(body);
    Tx.as(pool, actor, conn -> exists(conn, id)
        .compose(v -> Access.manageRoom(conn, actor, id))
        .compose(v -> checkCapture(ctx, capture))
        .compose(v -> conn.preparedQuery(RoomSql.UPDATE).execute(Tuple.of(id, name, description, timezone, offset, setCapture, capture)))
        .compose(rows -> platforms == null ? Future.succeededFuture() : replacePlatforms(conn, id, platforms))
        // A new offset moves the planned episodes' numbers, which residents have seen: only when confirmed.
        .compose(v -> offset == null ? Future.succeededFuture(new JsonArray())
          : Numbering.guarded(conn, id, confirm, () -> Numbering.renumber(conn, id)).map(Numbering.Guarded::renumbered)))
      .onSuccess(v -> cache.invalidate(String.valueOf(id)))
      .compose(renumbered -> load(id).map(room -> room.put("renumbered", renumbered)))
      .onSuccess(room -> Replies.ok(ctx, room))
      .onFailure(ctx::fail);
  }

  private void createColumn(RoutingContext ctx) {
    User actor = Access.require(ctx);
    long roomId = Fields.pathId(ctx, "id", "room");
    String name = Fields.text(Fields.body(ctx), "name", 50);
    Tx.as(pool, actor, conn -> exists(conn, roomId)
        .compose(v -> Access.manageRoom(conn, actor, roomId))
        .compose(v -> conn.preparedQuery(RoomSql.INSERT_COLUMN).execute(Tuple.of(roomId, name))))
      .onSuccess(rows -> {
        cache.invalidate(String.valueOf(roomId));
        Row row = rows.iterator().next();
        Replies.created(ctx, new JsonObject().put("id", row.getLong("id")).put("roomId", roomId).put("name", name));
      })
      .onFailure(e -> ctx.fail(Refusal.DUPLICATE.matches(e)
        ? ApiException.conflict("这个直播间已有栏目「" + name + "」。", "The room already has a column named " + name + ".", new JsonArray())
        : e));
  }

  private Future<JsonObject> load(long id) {
    return pool.preparedQuery(RoomSql.ONE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("room", id);
      }
      return Room.toJson(rows.iterator().next());
    });
  }

  private static Future<Void> exists(SqlConnection conn, long roomId) {
    return conn.preparedQuery(RoomSql.ROOM_EXISTS).execute(Tuple.of(roomId)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("room", roomId);
      }
      return null;
    });
  }

  private static Future<Void> replacePlatforms(SqlConnection conn, long roomId, List<Tuple> platforms) {
    List<Tuple> batch = platforms.stream().map(p -> Tuple.of(roomId, p.getString(0), p.getString(1))).toList();
    return conn.preparedQuery(RoomSql.DELETE_PLATFORMS).execute(Tuple.of(roomId))
      .compose(v -> batch.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(RoomSql.INSERT_PLATFORM).executeBatch(batch))
      .mapEmpty();
  }

  private static Throwable unknownOrg(Throwable e, long orgId) {
    if (Refusal.MISSING_REFERENCE.matches(e)) {
      return ApiException.invalid("orgId", "机构 " + orgId + " 不存在。", "Org " + orgId + " does not exist.");
    }
    return e;
  }

  private static String timezone(JsonObject body, String fallback) {
    String raw = Fields.optionalText(body, "timezone", 64);
    return raw == null ? fallback : Fields.zone("timezone", raw).getId();
  }

  /** The live source to record episodes from; null (or absent) for none. */
  private static String capture(JsonObject body) {
    String raw = Fields.optionalText(body, "captureUrl", 2000);
    return raw == null || raw.isBlank() ? null : Sources.parse("captureUrl", raw);
  }

  /** A network source must pass the pull allow-list (PULL_ALLOW), as pulls do; a file must sit in CAPTURE_FILE_ROOT. */
  private Future<Void> checkCapture(RoutingContext ctx, String capture) {
    if (capture == null || allow == null) {
      return Future.succeededFuture();
    }
    return Sources.isFile(capture) ? allow.checkFile(ctx.vertx(), "captureUrl", java.nio.file.Path.of(capture))
      : allow.check(ctx.vertx(), "captureUrl", Sources.uri(capture));
  }

  private static Long offset(JsonObject body) {
    Long offset = Fields.optionalLong(body, "episodeOffset");
    if (offset != null && (offset < 0 || offset > 100_000)) {
      throw ApiException.invalid("episodeOffset", "episodeOffset 应在 0 到 100000 之间。", "episodeOffset must be from 0 to 100000.");
    }
    return offset;
  }

  private static List<Tuple> platforms(JsonObject body) {
    Object raw = body.getValue("platforms");
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray array)) {
      throw ApiException.badRequest("platforms", "platforms 必须是数组。", "platforms must be an array of {platform, account}.");
    }
    List<Tuple> platforms = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof JsonObject entry)) {
        throw ApiException.badRequest("platforms", "platforms 的每一项应为 {platform, account}。", "Each platform must be {platform, account}.");
      }
      String platform = Fields.text(entry, "platform", 30);
      if (!PLATFORMS.contains(platform)) {
        throw ApiException.invalid("platforms", "不支持的平台 " + platform + "；可选 " + PLATFORMS + "。", "Unknown platform " + platform + ".");
      }
      Tuple account = Tuple.of(platform, Fields.text(entry, "account", 200));
      if (platforms.stream().anyMatch(p -> p.getString(0).equals(platform) && p.getString(1).equals(account.getString(1)))) {
        throw ApiException.invalid("platforms", "平台账号重复：" + platform + "。", "The same platform account is listed twice.");
      }
      platforms.add(account);
    }
    return platforms;
  }

  private static long cursor(RoutingContext ctx) {
    Long after = Fields.queryId(ctx, "cursor");
    return after == null ? 0 : after;
  }
}
