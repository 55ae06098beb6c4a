package lianxin.archive.job;

import lianxin.http.Text;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import lianxin.archive.job.ArchiveQueue.Kind;
import lianxin.db.JobDatabase;

/**
 * The archive's durable jobs: db-scheduler over the same PostgreSQL (JDBC, off the request path). Any node picks
 * up any due job; a node that stops heart-beating (killed) has its jobs revived elsewhere or after its restart;
 * {@code transcodes} threads bound the FFmpeg work per node.
 */
public final class Jobs {

  private static final Logger LOG = Logger.getLogger(Jobs.class.getName());
  static final int MAX_ATTEMPTS = 4;

  private final Scheduler scheduler;

  /** {@code recurring}: housekeeping on this scheduler's threads, one node per period (the upload sweep). */
  public Jobs(DataSource source, Pipeline pipeline, Pool pool, int transcodes, List<RecurringTask<Void>> recurring) {
    // Transient failures back off (5 s, 10 s, 20 s); past the last attempt the recording fails with the reason.
    FailureHandler<Void> onFailure = new FailureHandler.MaxRetriesFailureHandler<>(MAX_ATTEMPTS - 1,
      new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5), 2.0),
      (complete, operations) -> {
        long id = Long.parseLong(complete.getExecution().taskInstance.getId());
        String why = complete.getCause().map(Throwable::getMessage).orElse("unknown");
        ArchiveQueue.fail(pool, Kind.RECORDING, id, Text.of("多次重试仍失败：" + why + "。", "Failed after "
          + MAX_ATTEMPTS + " attempts: " + why)).await();
        operations.stop();
      });
    CustomTask<Void> task = Tasks.custom(Kind.RECORDING.task(), Void.class)
      .onFailure(onFailure)
      .onDeadExecutionRevive()
      .execute((instance, context) -> {
        long id = Long.parseLong(instance.getId());
        try {
          pipeline.run(id);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        // A retry asked for while this run was finishing found its job still here and queued nothing new: run
        // again instead of ending the job, or the recording would wait as queued for ever.
        return (complete, operations) -> {
          if (queuedAgain(pool, id)) {
            operations.reschedule(complete, Instant.now());
          } else {
            operations.stop();
          }
        };
      });
    this.scheduler = scheduler(source, task, Kind.RECORDING, transcodes, Duration.ofSeconds(5), recurring);
  }

  /**
   * A db-scheduler for one kind of job, as both kinds run: polled every half second, and a killed node's job
   * revived after 4 missed heartbeats, ~8 s (the default would wait half an hour).
   */
  public static Scheduler scheduler(DataSource source, Task<?> task, Kind kind, int threads, Duration shutdownMaxWait) {
    return scheduler(source, task, kind, threads, shutdownMaxWait, List.of());
  }

  /**
   * The same, with recurring tasks in the same table: db-scheduler keeps one execution of each (made at the first
   * start, as {@code task_instance = 'recurring'}), so each period exactly one node runs it.
   */
  public static Scheduler scheduler(DataSource source, Task<?> task, Kind kind, int threads, Duration shutdownMaxWait,
                                    List<RecurringTask<Void>> recurring) {
    return Scheduler.create(source, task)
      .startTasks(recurring)
      .tableName(kind.table())
      .threads(threads)
      .pollingInterval(Duration.ofMillis(500))
      .heartbeatInterval(Duration.ofSeconds(2))
      .missedHeartbeatsLimit(4)
      .schedulerName(new SchedulerName.Fixed(JobDatabase.node()))
      .shutdownMaxWait(shutdownMaxWait)
      .build();
  }

  private static boolean queuedAgain(Pool pool, long id) {
    var rows = pool.preparedQuery(JobSql.QUEUED_AGAIN).execute(io.vertx.sqlclient.Tuple.of(id)).await();
    return rows.size() > 0;
  }

  /** Blocking (JDBC): call from a worker. */
  public void start() {
    scheduler.start();
    LOG.info("archive jobs: running");
  }

  /** Blocking: waits up to five seconds for running jobs; the rest are revived by another node or the restart. */
  public void stop() {
    scheduler.stop();
  }
}
