package lianxin.archive;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Capture on this node: a planner every two seconds makes each due episode's one capture and its job (PostgreSQL's
 * unique episode decides between nodes), and a db-scheduler over its own table runs them. The job heart-beats
 * while it records; when its node dies, another node revives it after four missed beats (~8 s) and carries on.
 */
final class Captures {

  private static final Logger LOG = Logger.getLogger(Captures.class.getName());
  /** Captures one node records at once: stream copies, light on the CPU. */
  private static final int THREADS = 8;
  static final long PLAN_MILLIS = 2000;

  private final Vertx vertx;
  private final Pool pool;
  private final Duration lead;
  private final Duration grace;
  private final Scheduler scheduler;
  private long timer = -1;

  Captures(Vertx vertx, Pool pool, DataSource source, Capturer capturer, Duration lead, Duration grace, String node) {
    this.vertx = vertx;
    this.pool = pool;
    this.lead = lead;
    this.grace = grace;
    OneTimeTask<Void> task = Tasks.oneTime(CaptureSql.TASK)
      // A failure mid-window (a database hiccup) resumes the capture soon, as a new run; the gap is recorded.
      .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(3)))
      .onDeadExecutionRevive()
      .execute((instance, context) -> {
        try {
          capturer.run(Long.parseLong(instance.getId()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("capture interrupted", e);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    this.scheduler = Scheduler.create(source, task)
      .tableName("capture_tasks")
      .threads(THREADS)
      .pollingInterval(Duration.ofMillis(500))
      .heartbeatInterval(Duration.ofSeconds(2))
      .missedHeartbeatsLimit(4)
      .schedulerName(new SchedulerName.Fixed(node))
      .shutdownMaxWait(Duration.ofSeconds(15))
      .build();
  }

  /** Blocking (JDBC): from a worker. */
  void start() {
    scheduler.start();
    timer = vertx.setPeriodic(1, PLAN_MILLIS, t -> plan());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    scheduler.stop();
  }

  private void plan() {
    pool.preparedQuery(CaptureSql.PLAN).execute(Tuple.of(seconds(lead), seconds(grace)))
      .onSuccess(rows -> {
        if (rows.rowCount() > 0) {
          LOG.info("capture: " + rows.rowCount() + " episode(s) due");
        }
      })
      .onFailure(e -> LOG.log(Level.WARNING, "capture planner: " + e.getMessage()));
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
