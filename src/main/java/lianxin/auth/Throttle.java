package lianxin.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import lianxin.http.ApiException;

/**
 * Repeated failed sign-ins, counted in PostgreSQL so every node sees them: per account and per client address.
 * Each attempt takes a slot before its password is checked, in the same statement that reads the count, so parallel
 * attempts cannot all pass a check made before any of them was counted; a successful sign-in gives its slots back.
 */
final class Throttle {

  static final int PER_ACCOUNT = 5;
  static final int PER_CLIENT = 20;
  static final int WINDOW_SECONDS = 15 * 60;

  private final Pool pool;

  Throttle(Pool pool) {
    this.pool = pool;
  }

  /** The account's key: the username's stored form, so every spelling that signs in to it counts together. */
  static String accountKey(String username) {
    return "user:" + Usernames.normalize(username);
  }

  static String clientKey(String address) {
    return "client:" + address;
  }

  /** Counts one attempt for both keys; fails with 429 when either is now past its limit. */
  Future<Void> attempt(String account, String client) {
    return pool.preparedQuery(AuthSql.COUNT_ATTEMPT).execute(Tuple.of(new String[] {account, client})).compose(rows -> {
      for (var row : rows) {
        int limit = row.getString("key").startsWith("user:") ? PER_ACCOUNT : PER_CLIENT;
        if (row.getInteger("failures") > limit) {
          return Future.failedFuture(new ApiException(429, "too_many_attempts",
            "登录失败次数过多，请 15 分钟后再试。Too many failed sign-ins; try again in 15 minutes.", null));
        }
      }
      return Future.succeededFuture();
    });
  }

  /** The attempt was right: the account starts afresh and the client's slot is given back. */
  Future<Void> succeeded(String account, String client) {
    return pool.preparedQuery(AuthSql.CLEAR_FAILURES).execute(Tuple.of(account))
      .compose(v -> pool.preparedQuery(AuthSql.RETURN_ATTEMPT).execute(Tuple.of(client)))
      .mapEmpty();
  }
}
