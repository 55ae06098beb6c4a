package lianxin.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** The first start creates {@code admin}: with LIANXIN_ADMIN_PASSWORD, or a generated password printed once. */
public final class Bootstrap {

  private Bootstrap() {
  }

  public static Future<Void> admin(Vertx vertx, Pool pool, String configured) {
    return pool.query("SELECT EXISTS (SELECT 1 FROM users) AS any").execute().compose(rows -> {
      if (rows.iterator().next().getBoolean("any")) {
        return Future.succeededFuture();
      }
      String password = configured != null ? configured : Tokens.generate("").substring(0, 16);
      return Passwords.hash(vertx, password)
        .compose(hash -> pool.preparedQuery(AuthSql.BOOTSTRAP_ADMIN).execute(Tuple.of(hash)))
        .map(created -> {
          if (created.size() > 0 && configured == null) {
            System.out.println("lianxin: created the first account — username: admin  password: " + password
              + "  (shown only now; set LIANXIN_ADMIN_PASSWORD to choose it)");
          }
          return null;
        });
    });
  }
}
