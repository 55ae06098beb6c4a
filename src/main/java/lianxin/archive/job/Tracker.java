package lianxin.archive.job;

import lianxin.http.Text;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Set;
import lianxin.archive.ffmpeg.Probe;
import lianxin.http.Redact;

/**
 * A job's writes to its recording row, from the job's thread (blocking awaits, never on an event loop). Every
 * write is conditional on the recording still being processed: a deleted recording stops its job
 * ({@link Gone}). Each write fires the NOTIFY that feeds the event streams on every node.
 */
final class Tracker {

  /** The recording was deleted (or finished elsewhere) while the job ran. */
  static final class Gone extends RuntimeException {
    Gone() {
      super("recording gone", null, false, false);
    }
  }

  private static final Set<String> KEYS = Set.of("master_key", "audio_key", "poster_key", "storyboard_key", "chapters_key");
  /** Progress ticks are written at most this often. */
  private static final long TICK_NANOS = 400_000_000L;

  private final Pool pool;
  private final long id;
  private long startedAt = System.nanoTime();
  private long lastTick;
  private Stage stage = Stage.PROBE;

  Tracker(Pool pool, long id) {
    this.pool = pool;
    this.id = id;
  }

  long id() {
    return id;
  }

  /** Enters a stage (percent at its start). */
  void stage(Stage next) {
    if (stage == Stage.PULL && next != Stage.PULL) {
      startedAt = System.nanoTime(); // the pull's pace says nothing of processing's
      lastTick = 0;
    }
    stage = next;
    write(next.overall(0), true);
  }

  /** Progress within the current stage, {@code fraction} 0..1 (from FFmpeg's progress output). */
  void progress(double fraction) {
    long now = System.nanoTime();
    if (now - lastTick < TICK_NANOS) {
      return;
    }
    lastTick = now;
    write(stage.overall(fraction), false);
  }

  void probed(Probe p) {
    check(pool.preparedQuery(JobSql.PROBED).execute(Tuple.of(id, p.hasVideo() ? "video" : "audio", p.duration(),
      p.hasVideo() ? p.width() : null, p.hasVideo() ? p.height() : null, p.videoCodec(), p.audioCodec(), p.bitrate())).await().rowCount());
  }

  void original(String sha256, long bytes) {
    check(pool.preparedQuery(JobSql.ORIGINAL).execute(Tuple.of(id, sha256, bytes)).await().rowCount());
  }

  void key(String column, String key) {
    if (!KEYS.contains(column)) {
      throw new IllegalArgumentException(column);
    }
    check(pool.preparedQuery(JobSql.setKey(column)).execute(Tuple.of(id, key)).await().rowCount());
  }

  void loudness(Double lufs) {
    check(pool.preparedQuery(JobSql.LOUDNESS).execute(Tuple.of(id, lufs)).await().rowCount());
  }

  void failed(Text reason) {
    ArchiveQueue.fail(pool, ArchiveQueue.Kind.RECORDING, id, reason).await();
  }

  void waiting(Text reason) {
    pool.preparedQuery(JobSql.WAITING).execute(Tuple.of(id, Redact.inText(reason.zh()), Redact.inText(reason.en()))).await();
  }

  private void write(double percent, boolean await) {
    double elapsed = (System.nanoTime() - startedAt) / 1e9;
    // Remaining time at the pace so far; unknown until there is a pace to go by.
    Integer eta = percent >= 3 && elapsed > 0.5 ? (int) Math.round(elapsed * (100 - percent) / percent) : null;
    var update = pool.preparedQuery(JobSql.PROGRESS).execute(Tuple.of(id, stage.label(), (float) percent, eta));
    if (await) {
      check(update.await().rowCount());
    }
  }

  private static void check(int rows) {
    if (rows == 0) {
      throw new Gone();
    }
  }
}
