package lianxin.search;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import lianxin.system.Worker;

/**
 * Keeps search documents current on every node: triggers queue the episodes a write touched and NOTIFY
 * {@code lianxin_search}; this drains the queue in batches (SKIP LOCKED, so nodes share the work), and also every
 * few seconds in case a notice was missed.
 */
public final class Indexer implements Worker {

  static final String CHANNEL = "lianxin_search";
  private static final Logger LOG = Logger.getLogger(Indexer.class.getName());
  private static final int BATCH = 100;
  private static final long SWEEP_MS = 3000;

  private final Vertx vertx;
  private final Pool pool;
  private final PgSubscriber subscriber;
  private boolean running;
  private boolean again;
  private long timer = -1;

  public Indexer(Vertx vertx, Pool pool, PgConnectOptions options) {
    this.vertx = vertx;
    this.pool = pool;
    this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1000L);
    subscriber.channel(CHANNEL).subscribeHandler(v -> drain()).handler(payload -> drain());
  }

  @Override
  public Future<Void> start() {
    timer = vertx.setPeriodic(SWEEP_MS, id -> drain());
    // smartcn loads its dictionaries on first use (a few seconds): never on the event loop.
    return vertx.executeBlocking(() -> Terms.index("预热词典"), false).compose(v -> subscriber.connect());
  }

  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return subscriber.close();
  }

  /** One drain at a time per node; a notice during a drain makes it go round once more. */
  private void drain() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    batch().onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        LOG.log(Level.WARNING, "search indexing failed; the queue is kept and retried", ar.cause());
      } else if (ar.result() > 0 || again) {
        drain();
      }
    });
  }

  private Future<Integer> batch() {
    return pool.preparedQuery(SearchSql.CLAIM).execute(Tuple.of(BATCH)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(0);
      }
      List<Long> ids = new ArrayList<>();
      for (Row row : rows) {
        ids.add(row.getLong("episode_id"));
      }
      ids.sort(null);
      Object lease = rows.iterator().next().getValue("claimed_until");
      return pool.withTransaction(conn -> Documents.index(conn, ids)
        .compose(v -> conn.preparedQuery(SearchSql.DONE).execute(Tuple.of(ids.toArray(Long[]::new), lease)))
        .map(ids.size()));
    });
  }
}
