package lianxin.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/** Every write runs in a transaction that names its actor, so the audit trigger can log who did it. */
public final class Tx {

  private static final String SET_ACTOR = "SELECT set_config('lianxin.actor', $1, true)";

  private Tx() {
  }

  public static <T> Future<T> as(Pool pool, Actor actor, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> conn.preparedQuery(SET_ACTOR).execute(Tuple.of(actor == null ? "" : actor.actor()))
      .compose(v -> work.apply(conn)));
  }
}
