package lianxin.question;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.db.Refusal;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;

/**
 * 民生问答 for residents, without an account: asking a room (or an upcoming episode) a question, reading a room's
 * approved questions and one question, and 我也想问. The hosts' side is {@link QuestionDesk}.
 */
public final class QuestionRoutes {

  static final int TEXT_MAX = 300;
  static final int NICKNAME_MAX = 20;
  private static final int PAGE_MAX = 200;
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{8,64}");
  private static final Set<String> PUBLIC_LISTS = Set.of("open", "answered");
  private static final Set<String> DESK_LISTS = Set.of("pending", "hidden", "merged");

  private final Pool pool;
  private final AskLimits limits = new AskLimits();
  private final WordFilter filter;
  private final QuestionDesk desk;

  public QuestionRoutes(Vertx vertx, Pool pool) {
    this.pool = pool;
    this.filter = new WordFilter(vertx);
    this.desk = new QuestionDesk(pool);
  }

  public void mount(Router router) {
    Bodies.json(router.post("/api/rooms/:id/questions")).handler(this::ask);
    router.get("/api/rooms/:id/questions").handler(this::list);
    router.get("/api/episodes/:id/questions").handler(this::ofEpisode);
    router.get("/api/questions/:id").handler(this::get);
    Bodies.json(router.post("/api/questions/:id/votes")).handler(this::vote);
    desk.mount(router);
  }

  private void ask(RoutingContext ctx) {
    long room = Fields.pathId(ctx, "id", "room");
    JsonObject body = Fields.only(json(ctx), "text", "nickname", "columnId", "episodeId", "deviceId");
    String device = device(body);
    limits.ask(ctx, device);
    String text = Fields.paragraph(body, "text", TEXT_MAX);
    String nickname = Fields.optionalText(body, "nickname", NICKNAME_MAX);
    Long column = Fields.optionalLong(body, "columnId");
    Long episode = Fields.optionalLong(body, "episodeId");
    pool.preparedQuery(QuestionSql.ROOM).execute(Tuple.of(room))
      .compose(rows -> {
        if (rows.size() == 0) {
          throw ApiException.notFound("room", room);
        }
        List<String> words = List.of(rows.iterator().next().getArrayOfStrings("words"));
        Future<Void> checked = filter.check("text", text, words);
        return nickname == null ? checked : checked.compose(v -> filter.check("nickname", nickname, words));
      })
      .compose(v -> episode == null ? Future.succeededFuture() : upcoming(room, episode))
      .compose(v -> pool.preparedQuery(QuestionSql.INSERT).execute(Tuple.of(room, column, text, nickname, episode)))
      .recover(QuestionRoutes::wrongColumn)
      .onSuccess(rows -> {
        Row row = rows.iterator().next();
        Replies.created(ctx, new JsonObject().put("id", row.getLong("id")).put("status", row.getString("status")));
      })
      .onFailure(ctx::fail);
  }

  /** A question asked on an episode's page is meant for it: the room's, and not over yet. */
  private Future<Void> upcoming(long room, long episode) {
    return pool.preparedQuery(QuestionSql.EPISODE).execute(Tuple.of(episode)).map(rows -> {
      Row row = rows.size() == 0 ? null : rows.iterator().next();
      if (row == null || row.getLong("room_id") != room) {
        throw ApiException.invalid("episodeId", "这一期不属于这个直播间。", "The episode is not one of this room's.");
      }
      if (!List.of("scheduled", "live").contains(row.getString("status"))) {
        throw ApiException.invalid("episodeId", "这一期已经播完，请向直播间提问。", "That episode is over; ask the room instead.");
      }
      return null;
    });
  }

  private static <T> Future<T> wrongColumn(Throwable e) {
    if (e instanceof PgException pg && "questions_column".equals(pg.getConstraint())) {
      return Future.failedFuture(ApiException.invalid("columnId", "这个栏目不属于这个直播间。", "The column is not one of this room's."));
    }
    return Future.failedFuture(e);
  }

  /**
   * {@code status=open} (default) or {@code answered}: approved questions, for anyone. {@code pending}, {@code hidden}
   * and {@code merged} are the desk's, for the room's managers only.
   */
  private void list(RoutingContext ctx) {
    long room = Fields.pathId(ctx, "id", "room");
    String status = ctx.queryParams().get("status") == null ? "open" : ctx.queryParams().get("status");
    if (!PUBLIC_LISTS.contains(status) && !DESK_LISTS.contains(status)) {
      throw ApiException.badRequest("status", "status 应为 open、answered、pending、hidden 或 merged。",
        "status must be open, answered, pending, hidden or merged.");
    }
    Long column = Fields.queryId(ctx, "columnId");
    int limit = Fields.limit(ctx, 50, PAGE_MAX);
    boolean desk = DESK_LISTS.contains(status);
    Future<Void> allowed = desk ? Access.room(pool, Access.require(ctx), room) : Future.succeededFuture();
    allowed.compose(v -> pool.preparedQuery(QuestionSql.LIST).execute(Tuple.of(room, status, column, limit)))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(r -> items.add(desk ? Question.withDesk(Question.toJson(r), r) : Question.toJson(r)));
        Replies.ok(ctx, new JsonObject().put("items", items));
      })
      .onFailure(ctx::fail);
  }

  /** An episode's approved questions: the ones it will answer (本期将回答) and the ones it answered. */
  private void ofEpisode(RoutingContext ctx) {
    long episode = Fields.pathId(ctx, "id", "episode");
    Access.roomOfEpisode(pool, episode)
      .compose(room -> pool.preparedQuery(QuestionSql.OF_EPISODE).execute(Tuple.of(episode)))
      .onSuccess(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(r -> items.add(Question.toJson(r)));
        Replies.ok(ctx, new JsonObject().put("items", items));
      })
      .onFailure(ctx::fail);
  }

  /**
   * One question. Residents see approved ones, and of a merged one only where it went; a pending or hidden one is
   * not found, except by the room's managers.
   */
  private void get(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "question");
    User user = Access.user(ctx);
    pool.preparedQuery(QuestionSql.ONE).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("question", id);
      }
      Row r = rows.iterator().next();
      String status = r.getString("status");
      Future<Boolean> manager = user == null ? Future.succeededFuture(false)
        : Access.room(pool, user, r.getLong("room_id")).map(true).recover(e -> Future.succeededFuture(false));
      return manager.map(isManager -> {
        if (isManager) {
          return Question.withDesk(Question.toJson(r), r);
        }
        if (status.equals("merged")) {
          return new JsonObject().put("id", id).put("status", status).put("mergedInto", r.getLong("merged_into"));
        }
        if (!status.equals("approved")) {
          throw ApiException.notFound("question", id);
        }
        return Question.toJson(r);
      });
    }).onSuccess(json -> Replies.ok(ctx, json)).onFailure(ctx::fail);
  }

  /** 我也想问: once per device; the same device again is a 409. Only approved questions take votes. */
  private void vote(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "question");
    JsonObject body = Fields.only(json(ctx), "deviceId");
    String device = device(body);
    limits.vote(ctx);
    pool.withTransaction(conn -> conn.preparedQuery(QuestionSql.STATUS).execute(Tuple.of(id))
        .compose(rows -> {
          if (rows.size() == 0 || !"approved".equals(rows.iterator().next().getString("status"))) {
            throw ApiException.notFound("question", id);
          }
          return conn.preparedQuery(QuestionSql.VOTE).execute(Tuple.of(id, digest(device)));
        })
        .compose(v -> conn.preparedQuery(QuestionSql.COUNT_VOTE).execute(Tuple.of(id))))
      .recover(e -> Future.failedFuture(Refusal.of(e) == Refusal.DUPLICATE
        ? ApiException.conflict("这台设备已经投过「我也想问」了。", "This device has already voted for this question.")
        : e))
      .onSuccess(rows -> Replies.created(ctx, new JsonObject().put("id", id).put("votes", rows.iterator().next().getInteger("votes"))))
      .onFailure(ctx::fail);
  }

  /**
   * A resident's body must be sent as JSON: a plain cross-site form cannot, so another site cannot make its visitors'
   * browsers ask or vote.
   */
  private static JsonObject json(RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw ApiException.unsupportedType("请以 JSON 提交（Content-Type: application/json）。", "Send JSON (Content-Type: application/json).");
    }
    return Fields.body(ctx);
  }

  private static String device(JsonObject body) {
    String device = Fields.text(body, "deviceId", 64);
    if (!DEVICE.matcher(device).matches()) {
      throw ApiException.invalid("deviceId", "deviceId 应为 8 到 64 个字母、数字、- 或 _。", "deviceId must be 8-64 letters, digits, - or _.");
    }
    return device;
  }

  /** A device is kept as its SHA-256 only. */
  static byte[] digest(String device) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(device.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
