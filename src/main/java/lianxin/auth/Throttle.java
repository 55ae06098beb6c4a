package lianxin.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import lianxin.http.ApiException;

/**
 * Repeated failed sign-ins, counted in PostgreSQL so every node sees them. Each attempt takes a slot before its
 * password is checked, in the same statement that reads the count, so parallel attempts cannot all pass a check made
 * before any of them was counted; a successful sign-in gives its slots back. Attempts on existing accounts count per
 * account and per client address; attempts on names that are no account count in a bucket of their own per address,
 * which refuses only further unknown names: spraying made-up names from a school's or a community centre's shared
 * address must not lock out the real people behind it. A count ends 15 minutes after its first failure.
 */
final class Throttle {

  static final int PER_ACCOUNT = 5;
  /** Failures on existing accounts from one address: many people may share it, each with their own count of 5. */
  static final int PER_CLIENT = 100;
  /** Failures on names that are no account, from one address. */
  static final int UNKNOWN_PER_CLIENT = 20;
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

  static String unknownKey(String address) {
    return "unknown:" + address;
  }

  /** Counts one attempt on an existing account for both keys; fails with 429 when either is now past its limit. */
  Future<Void> attempt(String account, String client) {
    return count(account, client);
  }

  /** Counts one attempt on a name that is no account, from {@code address}; 429 past its own limit. */
  Future<Void> unknownName(String address) {
    return count(unknownKey(address));
  }

  /**
   * Whether {@code address} is past its limit of unknown names. A wrong password from there then answers as an
   * unknown name does (429), so the answers do not tell which names are accounts.
   */
  Future<Boolean> spraying(String address) {
    return pool.preparedQuery(AuthSql.FAILURES).execute(Tuple.of(unknownKey(address)))
      .map(rows -> rows.size() > 0 && rows.iterator().next().getInteger("failures") > UNKNOWN_PER_CLIENT);
  }

  private Future<Void> count(String... keys) {
    return pool.preparedQuery(AuthSql.COUNT_ATTEMPT).execute(Tuple.of(keys)).compose(rows -> {
      for (var row : rows) {
        if (row.getInteger("failures") > limit(row.getString("key"))) {
          return Future.failedFuture(tooMany());
        }
      }
      return Future.succeededFuture();
    });
  }

  private static int limit(String key) {
    return key.startsWith("user:") ? PER_ACCOUNT : key.startsWith("unknown:") ? UNKNOWN_PER_CLIENT : PER_CLIENT;
  }

  static ApiException tooMany() {
    return new ApiException(429, "too_many_attempts",
      "登录失败次数过多，请 15 分钟后再试。",
        "Too many failed sign-ins; try again in 15 minutes.", null);
  }

  /** An admin, or an official who manages the account, lifts its lock before the 15 minutes are over. */
  Future<Void> unlock(String account) {
    return pool.preparedQuery(AuthSql.CLEAR_FAILURES).execute(Tuple.of(account)).mapEmpty();
  }

  /** The attempt was right: the account starts afresh and the client's slot is given back. */
  Future<Void> succeeded(String account, String client) {
    return pool.preparedQuery(AuthSql.CLEAR_FAILURES).execute(Tuple.of(account))
      .compose(v -> pool.preparedQuery(AuthSql.RETURN_ATTEMPT).execute(Tuple.of(client)))
      .mapEmpty();
  }
}
