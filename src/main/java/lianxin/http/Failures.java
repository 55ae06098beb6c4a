package lianxin.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import java.util.logging.Level;
import java.util.logging.Logger;
import lianxin.db.Outage;
import lianxin.db.Refusal;

/**
 * The one failure handler: every error response of the API is written here, in the client's language only
 * ({@link Lang}): {@code error} a stable code, {@code message} one sentence, {@code field} the input at fault.
 */
public final class Failures {

  private static final Logger LOG = Logger.getLogger(Failures.class.getName());

  private Failures() {
  }

  public static void handle(RoutingContext ctx) {
    ApiException e = translate(ctx.failure(), ctx.statusCode());
    if (e.status() >= 500) {
      LOG.log(Level.SEVERE, "request failed: " + ctx.request().method() + " " + ctx.request().path(), ctx.failure());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Lang lang = Lang.of(ctx);
    JsonObject body = new JsonObject().put("error", e.error()).put("message", e.text().in(lang));
    if (e.details() != null && !e.details().isEmpty()) {
      JsonObject details = (JsonObject) localised(e.details().copy(), lang);
      if (details.getValue("field") instanceof String field) {
        body.put("field", field);
      }
      body.put("details", details);
      // Clients read the clashing rows (409), the numbers a write would change (409) and a refused import's report
      // (422) at the top level.
      for (String key : new String[] {"conflicts", "renumbered", "imported", "errors"}) {
        if (details.containsKey(key)) {
          body.put(key, details.getValue(key));
        }
      }
    }
    var response = ctx.response()
      .setStatusCode(e.status())
      .putHeader("content-type", "application/json; charset=utf-8")
      .putHeader("content-language", lang.tag())
      .putHeader("vary", "Accept-Language");
    if (!ctx.request().isEnded()) {
      // Refused before its body was read (too large, not allowed). Closing at once would make the kernel reset
      // the connection over the unread bytes, and the client could lose this answer; so discard what still
      // arrives for a moment (nothing is kept in memory), then close.
      response.putHeader("connection", "close");
      response.end(body.encode()).onComplete(v -> {
        try {
          ctx.request().handler(ignored -> { }).endHandler(end -> ctx.request().connection().close()).resume();
        } catch (IllegalStateException alreadyRead) {
          // A route or body handler is already reading it (it failed part way); the timer below closes.
        }
        ctx.vertx().setTimer(2000, t -> ctx.request().connection().close());
      });
      return;
    }
    response.end(body.encode());
  }

  /** Every {@link Text#json()} inside {@code value} (an import's line problems) in {@code lang}. */
  private static Object localised(Object value, Lang lang) {
    if (value instanceof JsonObject o) {
      if (o.size() == 2 && o.getValue("zh") instanceof String zh && o.getValue("en") instanceof String en) {
        return Text.of(zh, en).in(lang);
      }
      for (String key : o.fieldNames().toArray(String[]::new)) {
        o.put(key, localised(o.getValue(key), lang));
      }
      return o;
    }
    if (value instanceof io.vertx.core.json.JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, localised(a.getValue(i), lang));
      }
      return a;
    }
    return value;
  }

  static ApiException translate(Throwable failure, int status) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof DecodeException) {
      return ApiException.badRequest("body", "请求体不是合法的 JSON。", "The request body is not valid JSON.");
    }
    if (failure instanceof PgException pg) {
      return fromRefusal(Refusal.of(pg), pg);
    }
    Outage outage = Outage.of(failure);
    if (outage != null) {
      return new ApiException(503, "database", "数据库暂时不可用（" + outage.zh() + "），请稍后重试。",
        "The database is unavailable (" + outage.en() + "); please try again.", new JsonObject().put("reason", outage.en()));
    }
    if (failure == null && status > 0) {
      return byStatus(status);
    }
    return new ApiException(500, "internal", "服务器内部错误，请稍后重试。", "Internal server error; please try again.", null);
  }

  /** The database's refusals, as the API answers them wherever feature code did not say more. */
  private static ApiException fromRefusal(Refusal refusal, PgException pg) {
    JsonObject details = new JsonObject().put("constraint", pg.getConstraint());
    if (refusal == null) {
      return new ApiException(503, "database", "数据库暂时不可用，请稍后重试。", "The database is unavailable; please try again.", null);
    }
    return switch (refusal) {
      case DUPLICATE, OVERLAP -> new ApiException(409, "conflict", "与已有记录冲突。", "Conflicts with an existing record.", details);
      case MISSING_REFERENCE -> new ApiException(400, "bad_reference", "引用的记录不存在。", "A referenced record does not exist.", details);
      case BROKEN_RULE -> new ApiException(422, "invalid", "数据不符合规则。", "The data breaks a rule: " + pg.getConstraint(), details);
      case BAD_VALUE -> new ApiException(400, "bad_request", "参数格式不正确。", "A value has the wrong format.", details);
      case CONCURRENT -> new ApiException(503, "busy", "同时修改的请求太多，请稍后重试。", "Too many changes at once; please try again.", null);
    };
  }

  private static ApiException byStatus(int status) {
    return switch (status) {
      case 404 -> new ApiException(404, "not_found", "没有这个地址。", "No such endpoint.", null);
      case 405 -> new ApiException(405, "method_not_allowed", "不支持这个方法。", "Method not allowed here.", null);
      case 413 -> new ApiException(413, "too_large", "请求体太大。", "The request body is too large.", null);
      case 415 -> new ApiException(415, "unsupported_media_type", "不支持的内容类型。", "Unsupported content type.", null);
      default -> new ApiException(status, HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase().replace(' ', '_'),
        HttpResponseStatus.valueOf(status).reasonPhrase(), HttpResponseStatus.valueOf(status).reasonPhrase(), null);
    };
  }
}
