package lianxin.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import lianxin.db.Tx;
import lianxin.system.Worker;

/**
 * Episodes that air without a button press count as aired: a planned episode whose end plus the capture grace
 * ({@code CAPTURE_GRACE}) has passed without go-live or cancel is ended, marked as aired by the schedule (not
 * confirmed by the host), with the number it was announced with. Every node runs this every few seconds; one at a
 * time does the work (an advisory lock), holding the rooms' rows like any schedule write. Each marked episode's row
 * change tells every node's cache through the change trigger. Schedule writes do the same for their own room before
 * they commit ({@link #room}), and a recording or metrics entered after an episode's start mark it in PostgreSQL
 * (V16's triggers).
 */
public final class AirSweep implements Worker {

  private static final Logger LOG = Logger.getLogger(AirSweep.class.getName());
  static final long EVERY_MS = 5_000;

  private final Vertx vertx;
  private final Pool pool;
  private final Duration grace;
  private Future<Integer> sweeping = Future.succeededFuture(0);
  private long timer = -1;

  public AirSweep(Vertx vertx, Pool pool, Duration grace) {
    this.vertx = vertx;
    this.pool = pool;
    this.grace = grace;
  }

  @Override
  public Future<Void> start() {
    tick();
    timer = vertx.setPeriodic(EVERY_MS, t -> tick());
    return Future.succeededFuture();
  }

  /** Lets a sweep in progress commit; what is left is swept by another node or after the restart. */
  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return sweeping.<Void>mapEmpty().otherwiseEmpty();
  }

  private void tick() {
    if (sweeping.isComplete()) {
      sweeping = sweep().onFailure(e -> LOG.warning("marking overdue episodes aired failed, will retry: " + e.getMessage()));
    }
  }

  /** Episodes marked aired, or 0 when another node held the turn. */
  Future<Integer> sweep() {
    double seconds = seconds(grace);
    return Tx.as(pool, null, conn -> conn.query(EpisodeSql.SWEEP_TURN).execute()
      .compose(turn -> !turn.iterator().next().getBoolean("locked") ? Future.succeededFuture(0)
        : conn.preparedQuery(EpisodeSql.SWEEP_LOCK).execute(Tuple.of(seconds)).compose(rooms -> {
          if (rooms.size() == 0) {
            return Future.succeededFuture(0);
          }
          List<Long> ids = new ArrayList<>();
          rooms.forEach(row -> ids.add(row.getLong("id")));
          return conn.preparedQuery(EpisodeSql.SWEEP).execute(Tuple.of(ids.toArray(Long[]::new), seconds))
            .map(updated -> updated.rowCount());
        })));
  }

  /** The same for one room, inside a schedule write that holds the room's row. */
  static Future<Void> room(SqlConnection conn, long roomId, Duration grace) {
    return conn.preparedQuery(EpisodeSql.SWEEP_ROOM).execute(Tuple.of(roomId, seconds(grace))).mapEmpty();
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
