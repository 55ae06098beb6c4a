package lianxin.auth;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import lianxin.http.ApiException;

/**
 * Finds who is asking: a bearer token (scripts) or the session cookie (browsers). Browser writes must also
 * carry the session's CSRF token in {@code X-CSRF-Token}; a cross-site form cannot read it.
 */
public final class Authenticator implements Handler<RoutingContext> {

  static final String USER = "lianxin.user";
  static final String TOKEN_ID = "lianxin.tokenId";
  public static final String SESSION_COOKIE = "lianxin_session";
  public static final String CSRF_COOKIE = "lianxin_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final Pool pool;

  public Authenticator(Pool pool) {
    this.pool = pool;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
    if (bearer == null && cookie == null) {
      ctx.next();
      return;
    }
    String token = bearer != null ? bearer : cookie.getValue();
    // A write's body is read later by its route, or not at all when the caller turns out not to be allowed. Reads
    // have no body and flow on (nothing would resume them).
    boolean write = !SAFE.contains(ctx.request().method());
    if (write) {
      ctx.request().pause();
    }
    pool.preparedQuery(AuthSql.BY_TOKEN).execute(Tuple.of(Buffer.buffer(Tokens.hash(token))))
      .onSuccess(rows -> {
        if (rows.size() == 0) {
          if (bearer != null) {
            resume(ctx, write);
            ctx.fail(new ApiException(401, "unauthorized", "登录已失效或令牌已撤销，请重新登录。", "The token is invalid, expired or revoked.", null));
            return;
          }
          ctx.next(); // a stale cookie reads as anonymous
          return;
        }
        Row row = rows.iterator().next();
        if (bearer == null && !SAFE.contains(ctx.request().method()) && !csrfMatches(ctx, row.getString("csrf_token"))) {
          resume(ctx, write);
          ctx.fail(new ApiException(403, "csrf", "页面已过期，请刷新后重试。", "The request lacks this session's CSRF token (X-CSRF-Token).", null));
          return;
        }
        ctx.put(USER, User.from(row));
        ctx.put(TOKEN_ID, row.getLong("token_id"));
        pool.preparedQuery(AuthSql.TOUCH_TOKEN).execute(Tuple.of(row.getLong("token_id")));
        ctx.next();
      })
      .onFailure(e -> {
        resume(ctx, write);
        ctx.fail(e);
      });
  }

  private static void resume(RoutingContext ctx, boolean paused) {
    if (paused) {
      ctx.request().resume();
    }
  }

  private static boolean csrfMatches(RoutingContext ctx, String expected) {
    String sent = ctx.request().getHeader(CSRF_HEADER);
    return expected != null && sent != null
      && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }
}
