package lianxin.archive;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.logging.Logger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The archive's durable jobs: db-scheduler over the same PostgreSQL (JDBC, off the request path). Any node picks
 * up any due job; a node that stops heart-beating (killed) has its jobs revived elsewhere or after its restart;
 * {@code transcodes} threads bound the FFmpeg work per node.
 */
final class Jobs {

  private static final Logger LOG = Logger.getLogger(Jobs.class.getName());
  static final int MAX_ATTEMPTS = 4;

  private final Scheduler scheduler;

  /** JDBC for db-scheduler, to the same database as the pool. */
  static PGSimpleDataSource dataSource(PgConnectOptions db) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setServerNames(new String[] {db.getHost()});
    source.setPortNumbers(new int[] {db.getPort()});
    source.setDatabaseName(db.getDatabase());
    source.setUser(db.getUser());
    source.setPassword(db.getPassword());
    source.setSocketFactory(DirectSockets.class.getName());
    return source;
  }

  /** This process, as schedulers name their claims on jobs. */
  static String node() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }

  Jobs(PgConnectOptions db, Pipeline pipeline, io.vertx.sqlclient.Pool pool, int transcodes) {
    PGSimpleDataSource source = dataSource(db);

    // Transient failures back off (5 s, 10 s, 20 s); past the last attempt the recording fails with the reason.
    FailureHandler<Void> onFailure = new FailureHandler.MaxRetriesFailureHandler<>(MAX_ATTEMPTS - 1,
      new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5), 2.0),
      (complete, operations) -> {
        long id = Long.parseLong(complete.getExecution().taskInstance.getId());
        String why = complete.getCause().map(Throwable::getMessage).orElse("unknown");
        pool.preparedQuery(ArchiveSql.FAILED).execute(Tuple.of(id, "多次重试仍失败：" + why + "。Failed after "
          + MAX_ATTEMPTS + " attempts: " + why)).await();
        operations.stop();
      });
    OneTimeTask<Void> task = Tasks.oneTime(ArchiveSql.TASK)
      .onFailure(onFailure)
      .onDeadExecutionRevive()
      .execute((instance, context) -> {
        try {
          pipeline.run(Long.parseLong(instance.getId()));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    this.scheduler = Scheduler.create(source, task)
      .threads(transcodes)
      .pollingInterval(Duration.ofMillis(500))
      // A killed node's job is revived after 4 missed heartbeats, ~8 s (the default would wait half an hour).
      .heartbeatInterval(Duration.ofSeconds(2))
      .missedHeartbeatsLimit(4)
      .schedulerName(new SchedulerName.Fixed(node()))
      .shutdownMaxWait(Duration.ofSeconds(5))
      .build();
  }

  /** Blocking (JDBC): call from a worker. */
  void start() {
    scheduler.start();
    LOG.info("archive jobs: running");
  }

  void stop() {
    scheduler.stop();
  }
}
