package lianxin.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;

/**
 * Every write runs in a transaction that names its actor, so the audit trigger can log who did it. A transaction
 * PostgreSQL ends to break a deadlock or a serialization conflict is run again from the start (it was rolled back, so
 * nothing of it stays), a few times, so a client never sees a deadlock between two writes that could both succeed.
 */
public final class Tx {

  private static final String SET_ACTOR = "SELECT set_config('lianxin.actor', $1, true)";
  /** Runs of one write at most; a conflict that outlasts them is answered as the database being busy. */
  static final int ATTEMPTS = 4;

  private Tx() {
  }

  /** {@code work} may run more than once: it must do nothing but database work on {@code conn}. */
  public static <T> Future<T> as(Pool pool, Actor actor, Function<SqlConnection, Future<T>> work) {
    return attempt(pool, actor, work, 1);
  }

  private static <T> Future<T> attempt(Pool pool, Actor actor, Function<SqlConnection, Future<T>> work, int n) {
    return pool.<T>withTransaction(conn -> conn.preparedQuery(SET_ACTOR).execute(Tuple.of(actor == null ? "" : actor.actor()))
        .compose(v -> work.apply(conn)))
      .recover(e -> n < ATTEMPTS && Refusal.CONCURRENT.matches(e) ? attempt(pool, actor, work, n + 1) : Future.failedFuture(e));
  }
}
