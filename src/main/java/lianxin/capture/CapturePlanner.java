package lianxin.capture;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import lianxin.archive.job.ArchiveQueue.Kind;
import lianxin.archive.job.ArchiveQueue;
import lianxin.archive.job.Jobs;

/**
 * Capture on this node: a planner every two seconds makes each due episode's one capture and its job (PostgreSQL's
 * unique episode decides between nodes), and a db-scheduler over its own table runs them. The job heart-beats
 * while it records; when its node dies, another node revives it after four missed beats (~8 s) and carries on.
 */
final class CapturePlanner {

  private static final Logger LOG = Logger.getLogger(CapturePlanner.class.getName());
  /** Captures one node records at once: stream copies, light on the CPU. */
  private static final int THREADS = 8;
  static final long PLAN_MILLIS = 2000;

  private final Vertx vertx;
  private final Pool pool;
  private final Duration lead;
  private final Duration grace;
  private final Scheduler scheduler;
  private long timer = -1;

  CapturePlanner(Vertx vertx, Pool pool, DataSource source, CaptureRecorder recorder, Duration lead, Duration grace) {
    this.vertx = vertx;
    this.pool = pool;
    this.lead = lead;
    this.grace = grace;
    OneTimeTask<Void> task = Tasks.oneTime(Kind.CAPTURE.task())
      // A failure mid-window (a database hiccup) resumes the capture soon, as a new run; the gap is recorded.
      .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(3)))
      .onDeadExecutionRevive()
      .execute((instance, context) -> {
        try {
          recorder.run(Long.parseLong(instance.getId()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("capture interrupted", e);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    this.scheduler = Jobs.scheduler(source, task, Kind.CAPTURE, THREADS, Duration.ofSeconds(15));
  }

  /** Blocking (JDBC): from a worker. */
  void start() {
    scheduler.start();
    timer = vertx.setPeriodic(1, PLAN_MILLIS, t -> plan());
  }

  /** Blocking: the recordings in progress stop their FFmpeg and are taken over by another node (or the restart). */
  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    scheduler.stop();
  }

  /** New captures and their jobs in one transaction. */
  private void plan() {
    pool.withTransaction(conn -> conn.preparedQuery(CaptureSql.PLAN).execute(Tuple.of(seconds(lead), seconds(grace)))
        .compose(rows -> {
          long[] due = StreamSupport.stream(rows.spliterator(), false).mapToLong(r -> r.getLong("id")).toArray();
          return due.length == 0 ? Future.succeededFuture(0) : ArchiveQueue.enqueue(conn, Kind.CAPTURE, due).map(due.length);
        }))
      .onSuccess(due -> {
        if (due > 0) {
          LOG.info("capture: " + due + " episode(s) due");
        }
      })
      .onFailure(e -> LOG.log(Level.WARNING, "capture planner: " + e.getMessage()));
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
