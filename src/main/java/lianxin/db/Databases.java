package lianxin.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import lianxin.StartupException;

/** Connection settings and the shared reactive pool. */
public final class Databases {

  private Databases() {
  }

  /**
   * Starts a statement that PostgreSQL must plan for its parameters every time. A cached prepared statement gets a
   * generic plan after five runs; for a search, whose best plan depends on how common its words are, the generic
   * plan was 10-20 times slower (a district's filtered search: 40 ms planned for its words, 850 ms generic).
   */
  public static final String PLAN_EACH_TIME = "/* planned for its parameters */ ";

  public static PgConnectOptions options(String url) {
    if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
      throw new StartupException("DATABASE_URL must look like postgresql://user:pass@host:port/db");
    }
    try {
      return PgConnectOptions.fromUri(url)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(256)
        .setPreparedStatementCacheSqlFilter(sql -> sql.length() < 2048 && !sql.startsWith(PLAN_EACH_TIME))
        .setReconnectAttempts(2)
        .setReconnectInterval(500);
    } catch (RuntimeException e) {
      throw new StartupException("DATABASE_URL is not a valid PostgreSQL URL: " + e.getMessage(), e);
    }
  }

  public static Pool pool(Vertx vertx, PgConnectOptions options, int size) {
    return pool(vertx, options, size, 0);
  }

  /**
   * A pool whose connections live on {@code eventLoops} event loops (0: the loop of whoever asks first), so the HTTP
   * verticles of one node share it without all their queries going through one loop.
   */
  public static Pool pool(Vertx vertx, PgConnectOptions options, int size, int eventLoops) {
    PoolOptions pool = new PoolOptions()
      .setMaxSize(size)
      .setEventLoopSize(eventLoops)
      .setMaxWaitQueueSize(4096)
      // Vert.x 5 keeps connections forever by default; after a PostgreSQL restart they would all be dead.
      .setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS)
      .setMaxLifetime(30).setMaxLifetimeUnit(TimeUnit.MINUTES)
      .setShared(false);
    return PgBuilder.pool().with(pool).connectingTo(options).using(vertx).build();
  }
}
