package lianxin.question;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;

/**
 * The hosts' side of 民生问答, for a room's managers ({@link Access#room}: its hosts, officials above it, admins):
 * approve, hide with a reason, merge duplicates, assign to an upcoming episode, mark 正在回答 during the live
 * episode, correct the moment afterwards, and the room's own blocked words.
 */
final class QuestionDesk {

  /** The longest recording a moment may point into: 12 hours, as an episode's slot. */
  private static final long MAX_SECONDS = 43_200;
  private static final int WORDS_MAX = 500;

  /** The question's row as the transaction holds it. */
  private record Held(long id, long roomId, String status, Long episodeId, Long answerEpisodeId) {
  }

  private interface Change {
    Future<?> apply(SqlConnection conn, Held held);
  }

  private final Pool pool;

  QuestionDesk(Pool pool) {
    this.pool = pool;
  }

  void mount(Router router) {
    Bodies.json(router.post("/api/questions/:id/approve")).handler(this::approve);
    Bodies.json(router.post("/api/questions/:id/hide")).handler(this::hide);
    Bodies.json(router.post("/api/questions/:id/merge")).handler(this::merge);
    Bodies.json(router.post("/api/questions/:id/assign")).handler(this::assign);
    Bodies.json(router.post("/api/questions/:id/answering")).handler(this::answering);
    Bodies.json(router.patch("/api/questions/:id")).handler(this::setMoment);
    router.get("/api/rooms/:id/blocked-words").handler(this::words);
    Bodies.json(router.put("/api/rooms/:id/blocked-words")).handler(this::setWords);
  }

  private void approve(RoutingContext ctx) {
    change(ctx, (conn, q) -> {
      refuseMerged(q);
      return conn.preparedQuery(QuestionSql.APPROVE).execute(Tuple.of(q.id()));
    });
  }

  private void hide(RoutingContext ctx) {
    String reason = Fields.paragraph(Fields.only(Fields.body(ctx), "reason"), "reason", 200);
    change(ctx, (conn, q) -> {
      refuseMerged(q);
      return conn.preparedQuery(QuestionSql.HIDE).execute(Tuple.of(q.id(), reason));
    });
  }

  /** 同一个问题: the question disappears into {@code intoId} (same room, shown or waiting), which takes its votes. */
  private void merge(RoutingContext ctx) {
    long into = Fields.requiredLong(Fields.only(Fields.body(ctx), "intoId"), "intoId");
    change(ctx, (conn, q) -> {
      refuseMerged(q);
      if (into == q.id()) {
        throw ApiException.invalid("intoId", "不能把问题合并到它自己。", "A question cannot be merged into itself.");
      }
      return conn.preparedQuery(QuestionSql.LOCK).execute(Tuple.of(into)).compose(rows -> {
        Row target = rows.size() == 0 ? null : rows.iterator().next();
        if (target == null || target.getLong("room_id") != q.roomId()) {
          throw ApiException.invalid("intoId", "intoId 应是这个直播间的另一个问题。", "intoId must be another question of this room.");
        }
        if (!List.of("approved", "pending").contains(target.getString("status"))) {
          throw ApiException.invalid("intoId", "不能合并到已隐藏或已合并的问题。", "Cannot merge into a hidden or merged question.");
        }
        return conn.preparedQuery(QuestionSql.MERGE).execute(Tuple.of(q.id(), into))
          .compose(v -> conn.preparedQuery(QuestionSql.MOVE_VOTES).execute(Tuple.of(q.id(), into)))
          .compose(v -> conn.preparedQuery(QuestionSql.RECOUNT).execute(Tuple.of(into)));
      });
    });
  }

  /** 本期将回答: an approved question goes to an upcoming (or the live) episode of its room. */
  private void assign(RoutingContext ctx) {
    long episode = Fields.requiredLong(Fields.only(Fields.body(ctx), "episodeId"), "episodeId");
    change(ctx, (conn, q) -> {
      approved(q, "安排", "assigned");
      return conn.preparedQuery(QuestionSql.EPISODE).execute(Tuple.of(episode)).compose(rows -> {
        Row row = rows.size() == 0 ? null : rows.iterator().next();
        if (row == null || row.getLong("room_id") != q.roomId()) {
          throw ApiException.invalid("episodeId", "这一期不属于这个问题的直播间。", "The episode is not one of the question's room.");
        }
        if (!List.of("scheduled", "live").contains(row.getString("status"))) {
          throw ApiException.invalid("episodeId", "只能安排到还没播完的一期。", "Only an episode that is not over yet can be assigned.");
        }
        return conn.preparedQuery(QuestionSql.ASSIGN).execute(Tuple.of(q.id(), episode));
      });
    });
  }

  /** 正在回答: the answer is now, in the room's live episode, as a moment of its recording. */
  private void answering(RoutingContext ctx) {
    change(ctx, (conn, q) -> {
      approved(q, "标记回答", "marked as being answered");
      return conn.preparedQuery(QuestionSql.LIVE_CLOCK).execute(Tuple.of(q.roomId())).compose(rows -> {
        if (rows.size() == 0) {
          throw ApiException.conflict("这个直播间现在没有在直播，只能在直播时标记「正在回答」；播完后请在回放旁「设为此刻」。",
            "The room is not live; mark a question as being answered during the live episode, or set its moment on the replay.");
        }
        Row live = rows.iterator().next();
        return conn.preparedQuery(QuestionSql.ANSWER).execute(Tuple.of(q.id(), live.getLong("id"), live.getLong("ms")));
      });
    });
  }

  /**
   * 设为此刻: {@code {answerAt}} in seconds into the recording of the episode that answered it (or, not answered yet,
   * of its assigned episode once that has aired), within the archived recording's length.
   */
  private void setMoment(RoutingContext ctx) {
    JsonObject body = Fields.only(Fields.body(ctx), "answerAt");
    Object raw = body.getValue("answerAt");
    if (!(raw instanceof Number number) || Double.isNaN(number.doubleValue())) {
      throw ApiException.badRequest("answerAt", "answerAt 应为秒数。", "answerAt must be a number of seconds.");
    }
    double seconds = number.doubleValue();
    if (seconds < 0 || seconds > MAX_SECONDS) {
      throw ApiException.invalid("answerAt", "answerAt 应在 0 到 " + MAX_SECONDS + " 秒之间。", "answerAt must be from 0 to " + MAX_SECONDS + " seconds.");
    }
    long ms = Math.round(seconds * 1000);
    change(ctx, (conn, q) -> {
      approved(q, "设置回答时刻", "given an answer moment");
      Long episode = q.answerEpisodeId() != null ? q.answerEpisodeId() : q.episodeId();
      if (episode == null) {
        throw ApiException.conflict("这个问题还没有安排到哪一期，无法设置回答时刻。", "The question is not assigned to an episode yet.");
      }
      return conn.preparedQuery(QuestionSql.MOMENT_EPISODE).execute(Tuple.of(episode)).compose(rows -> {
        Row row = rows.iterator().next();
        if (row.getString("status").equals("scheduled") || row.getString("status").equals("cancelled")) {
          throw ApiException.conflict("这一期还没有播出，无法设置回答时刻。", "That episode has not aired; it has no moment to set.");
        }
        Double duration = row.getDouble("duration");
        if (duration != null && ms > duration * 1000) {
          throw ApiException.invalid("answerAt", "answerAt 超过了录像长度（" + Math.round(duration) + " 秒）。",
            "answerAt is past the end of the recording (" + Math.round(duration) + " s).");
        }
        return conn.preparedQuery(QuestionSql.SET_MOMENT).execute(Tuple.of(q.id(), episode, ms));
      });
    });
  }

  private void words(RoutingContext ctx) {
    long room = Fields.pathId(ctx, "id", "room");
    Access.room(pool, Access.require(ctx), room)
      .compose(v -> pool.preparedQuery(QuestionSql.ROOM).execute(Tuple.of(room)))
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          ctx.fail(ApiException.notFound("room", room));
          return;
        }
        Replies.ok(ctx, new JsonObject().put("words", new JsonArray(List.of(rows.iterator().next().getArrayOfStrings("words")))));
      })
      .onFailure(ctx::fail);
  }

  /** Replaces the room's blocked words ({@code {words: [...]}}); they apply to questions asked from now on. */
  private void setWords(RoutingContext ctx) {
    long room = Fields.pathId(ctx, "id", "room");
    JsonObject body = Fields.only(Fields.body(ctx), "words");
    JsonArray raw = body.getValue("words") instanceof JsonArray a ? a : null;
    if (raw == null || raw.size() > WORDS_MAX) {
      throw ApiException.invalid("words", "words 应为最多 " + WORDS_MAX + " 个词的列表。", "words must be a list of at most " + WORDS_MAX + " words.");
    }
    Set<String> words = new LinkedHashSet<>();
    for (Object w : raw) {
      if (!(w instanceof String s) || s.isBlank() || s.strip().length() > 30 || !Fields.isLine(s)) {
        throw ApiException.invalid("words", "每个词应为 1 到 30 个字的一行文字。", "Each word must be one line of 1-30 characters.");
      }
      words.add(s.strip());
    }
    User user = Access.require(ctx);
    Tx.as(pool, user, conn -> Access.room(conn, user, room)
        .compose(v -> conn.preparedQuery(QuestionSql.DELETE_WORDS).execute(Tuple.of(room)))
        .compose(v -> conn.preparedQuery(QuestionSql.INSERT_WORDS).execute(Tuple.of(room, (Object) words.toArray(String[]::new)))))
      .onSuccess(v -> Replies.ok(ctx, new JsonObject().put("words", new JsonArray(new ArrayList<>(words)))))
      .onFailure(ctx::fail);
  }

  /** Locks the question, checks the user manages its room, applies the change, answers the question as it is now. */
  private void change(RoutingContext ctx, Change change) {
    long id = Fields.pathId(ctx, "id", "question");
    User user = Access.require(ctx);
    Tx.as(pool, user, conn -> conn.preparedQuery(QuestionSql.LOCK).execute(Tuple.of(id)).compose(rows -> {
        if (rows.size() == 0) {
          throw ApiException.notFound("question", id);
        }
        Row r = rows.iterator().next();
        Held held = new Held(id, r.getLong("room_id"), r.getString("status"), r.getLong("episode_id"), r.getLong("answer_episode_id"));
        return Access.room(conn, user, held.roomId()).compose(v -> change.apply(conn, held));
      }))
      .compose(v -> pool.preparedQuery(QuestionSql.ONE).execute(Tuple.of(id)))
      .onSuccess(rows -> {
        Row r = rows.iterator().next();
        Replies.ok(ctx, Question.withDesk(Question.toJson(r), r));
      })
      .onFailure(ctx::fail);
  }

  private static void refuseMerged(Held q) {
    if (q.status().equals("merged")) {
      throw ApiException.conflict("这个问题已合并到另一个问题。", "The question was merged into another one.");
    }
  }

  private static void approved(Held q, String verbZh, String verb) {
    if (!q.status().equals("approved")) {
      throw ApiException.conflict("只有已通过审核的问题可以" + verbZh + "。", "Only an approved question can be " + verb + ".");
    }
  }
}
