package lianxin.archive.job;

import lianxin.http.Text;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import lianxin.http.Redact;

/**
 * The one place that puts archive and capture work on the durable queues (rows of db-scheduler's tables, read by
 * {@link Jobs} and the capture planner's scheduler), takes it off again, and records why a recording or a capture
 * failed. Enqueue in the same transaction as the row the job works on: a recording is never without its job, nor a
 * job without its recording.
 */
public final class ArchiveQueue {

  /** The two kinds of durable work: each has its own db-scheduler table and task name. */
  public enum Kind {
    /** Probe, package and index one recording ({@code task_instance} is the recording's id). */
    RECORDING("scheduled_tasks", "archive-recording", """
      UPDATE recordings SET status = 'failed', error = $2, error_en = $3, eta_seconds = NULL, finished_at = now(), updated_at = now()
      WHERE id = $1 AND status IN ('queued', 'processing')"""),
    /** Record one episode's live source during its window ({@code task_instance} is the capture's id). */
    CAPTURE("capture_tasks", "capture-episode", """
      UPDATE captures SET status = 'failed', error = $2, error_en = $3, ended_at = now() WHERE id = $1 AND status IN ('waiting', 'recording')""");

    private final String table;
    private final String task;
    private final String enqueue;
    private final String requeue;
    private final String unschedule;
    private final String fail;

    Kind(String table, String task, String fail) {
      this.table = table;
      this.task = task;
      // Columns as db-scheduler writes them; a job already queued for the same row stays as it is.
      this.enqueue = "INSERT INTO " + table + " (task_name, task_instance, execution_time, picked, version, priority)"
        + " SELECT $1, unnest($2::text[]), now(), false, 1, 0 ON CONFLICT DO NOTHING";
      // A job row still there (its run finishing) is made due again, unpicked, with a new version: db-scheduler's
      // own completion of the old run then no longer matches it and leaves it for the next poll.
      this.requeue = "INSERT INTO " + table + " (task_name, task_instance, execution_time, picked, version, priority)"
        + " SELECT $1, unnest($2::text[]), now(), false, 1, 0 ON CONFLICT (task_name, task_instance) DO UPDATE"
        + " SET execution_time = now(), picked = false, picked_by = NULL, last_heartbeat = NULL,"
        + " version = " + table + ".version + 1";
      this.unschedule = "DELETE FROM " + table + " WHERE task_name = $1 AND task_instance = ANY($2::text[])";
      this.fail = fail;
    }

    /** db-scheduler's table for this kind. */
    public String table() {
      return table;
    }

    /** db-scheduler's task name for this kind. */
    public String task() {
      return task;
    }
  }

  private ArchiveQueue() {
  }

  /** Queues a job for each id, due now. */
  public static Future<Void> enqueue(SqlClient db, Kind kind, long... ids) {
    return db.preparedQuery(kind.enqueue).execute(jobs(kind, ids)).mapEmpty();
  }

  /**
   * Queues the job again for a retry: unlike {@link #enqueue}, a row left by a run that is still finishing (the
   * recording already failed) does not swallow the retry.
   */
  public static Future<Void> requeue(SqlClient db, Kind kind, long... ids) {
    return db.preparedQuery(kind.requeue).execute(jobs(kind, ids)).mapEmpty();
  }

  /** Takes the jobs of these ids off the queue (a deleted recording's job must not run). */
  public static Future<Void> unschedule(SqlClient db, Kind kind, long... ids) {
    return db.preparedQuery(kind.unschedule).execute(jobs(kind, ids)).mapEmpty();
  }

  /**
   * Marks the recording or capture failed with a reason the host can act on, unless it has already ended; the
   * reason (both languages) is what the host sees on the recording, in theirs.
   */
  public static Future<Void> fail(SqlClient db, Kind kind, long id, Text reason) {
    // Stored and shown to anyone: a URL in the reason loses its userinfo, query and fragment.
    return db.preparedQuery(kind.fail).execute(Tuple.of(id, Redact.inText(reason.zh()), Redact.inText(reason.en()))).mapEmpty();
  }

  /** $1 the task's name, $2 the ids as db-scheduler's task instances (text). */
  private static Tuple jobs(Kind kind, long... ids) {
    return Tuple.tuple().addString(kind.task).addArrayOfString(Arrays.stream(ids).mapToObj(String::valueOf).toArray(String[]::new));
  }
}
