package lianxin.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import lianxin.http.ApiException;

/** Repeated failed sign-ins, counted in PostgreSQL so every node sees them: per account and per client address. */
final class Throttle {

  static final int PER_ACCOUNT = 5;
  static final int PER_CLIENT = 20;
  static final int WINDOW_SECONDS = 15 * 60;

  private final Pool pool;

  Throttle(Pool pool) {
    this.pool = pool;
  }

  static String accountKey(String username) {
    return "user:" + username.toLowerCase();
  }

  static String clientKey(String address) {
    return "client:" + address;
  }

  /** Fails with 429 while either key has too many recent failures. */
  Future<Void> check(String account, String client) {
    return pool.preparedQuery(AuthSql.FAILURES).execute(Tuple.of(new String[] {account, client})).compose(rows -> {
      for (var row : rows) {
        int limit = row.getString("key").startsWith("user:") ? PER_ACCOUNT : PER_CLIENT;
        if (row.getInteger("failures") >= limit) {
          return Future.failedFuture(new ApiException(429, "too_many_attempts",
            "登录失败次数过多，请 15 分钟后再试。Too many failed sign-ins; try again in 15 minutes.", null));
        }
      }
      return Future.succeededFuture();
    });
  }

  Future<Void> failed(String account, String client) {
    return pool.preparedQuery(AuthSql.RECORD_FAILURE).executeBatch(List.of(Tuple.of(account), Tuple.of(client))).mapEmpty();
  }

  Future<Void> succeeded(String account) {
    return pool.preparedQuery(AuthSql.CLEAR_FAILURES).execute(Tuple.of(account)).mapEmpty();
  }
}
