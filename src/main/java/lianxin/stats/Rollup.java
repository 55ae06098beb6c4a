package lianxin.stats;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.logging.Logger;
import lianxin.system.Worker;

/**
 * Folds the room-months that writers marked dirty into the monthly rollup, once a second on every node; an
 * advisory lock lets one node at a time do it, the others skip their turn. The overview is exact without it
 * (it reads dirty room-months from the episodes); folding only keeps that part small.
 */
public final class Rollup implements Worker {

  private static final Logger LOG = Logger.getLogger(Rollup.class.getName());
  static final long FOLD_EVERY_MS = 1_000;

  private final Vertx vertx;
  private final Pool pool;
  /** The fold being written, if any; folds never overlap. */
  private Future<Integer> folding = Future.succeededFuture(0);
  private long timer = -1;

  public Rollup(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  @Override
  public Future<Void> start() {
    timer = vertx.setPeriodic(FOLD_EVERY_MS, t -> {
      if (folding.isComplete()) {
        folding = fold().onFailure(e -> LOG.warning("folding the monthly overview rollup failed, will retry: " + e.getMessage()));
      }
    });
    return Future.succeededFuture();
  }

  /** Lets a fold in progress commit; what is left is folded by another node or after the restart. */
  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return folding.<Void>mapEmpty().otherwiseEmpty();
  }

  /** Room-months folded, or 0 when another node held the turn. */
  Future<Integer> fold() {
    return pool.withTransaction(conn -> conn.query(OverviewSql.FOLD_LOCK).execute()
      .compose(rows -> rows.iterator().next().getBoolean("locked")
        ? conn.query(OverviewSql.FOLD).execute().map(r -> r.rowCount())
        : Future.succeededFuture(0)));
  }
}
