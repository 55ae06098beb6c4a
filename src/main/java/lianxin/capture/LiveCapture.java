package lianxin.capture;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.media.MediaStore;

/**
 * A capture fed by Lianxin's own RTMP ingest instead of a pulled source: the node holding the publisher records each
 * publish as a run of the episode's one capture (same segments, runs and gaps as a pulled capture), and when the
 * episode ends, any node joins them into the recording with {@link CaptureRecorder#finish}. No capture job is
 * involved: the ingest says when a run starts and stops. Blocking throughout: call from a worker thread.
 */
public final class LiveCapture {

  /** What pages show as the source of such a capture. */
  static final String SOURCE = "rtmp://ingest/live";
  private static final long POLL_MILLIS = 500;
  /** How long FFmpeg gets to notice that the publisher left (its 2-s read timeout, with room). */
  private static final long ENDS_ITSELF_MILLIS = 8000;
  private static final String DROP_TRAILING_GAP = "DELETE FROM capture_gaps WHERE capture_id = $1 AND ended_at IS NULL";

  private static final String OPEN = """
    INSERT INTO captures (episode_id, room_id, source_url, status, opens_at, closes_at, grace, node, started_at)
    SELECT id, room_id, $2, 'recording', now(), now() + interval '12 hours', interval '0', $3, now()
    FROM episodes WHERE id = $1
    ON CONFLICT (episode_id) DO NOTHING""";

  private final Pool pool;
  private final MediaStore store;
  private final FfmpegRunner tools;
  private final String node;
  private final CaptureRecorder finisher;

  public LiveCapture(Pool pool, MediaStore store, FfmpegRunner tools, String node) {
    this.pool = pool;
    this.store = store;
    this.tools = tools;
    this.node = node;
    this.finisher = new CaptureRecorder(pool, store, tools, null, null, node);
  }

  /**
   * The episode's ingest capture, made on its first publish; null when the episode is recorded otherwise (its room
   * has a capture source whose capture began first) or its capture is already over.
   */
  public Long open(long episodeId) {
    pool.preparedQuery(OPEN).execute(Tuple.of(episodeId, SOURCE, node)).await();
    var rows = pool.preparedQuery(CaptureSql.OF_EPISODE).execute(Tuple.of(episodeId)).await();
    Row c = rows.iterator().next();
    return SOURCE.equals(c.getString("source_url")) && c.getString("status").equals("recording") ? c.getLong("id") : null;
  }

  /** What the ingest tells a run while it records. */
  public interface Signals {
    /** The publisher left: the run ends once FFmpeg has written what it got. */
    boolean left();

    /** A newer run of the episode started here (the publisher is back): this one stops now, not on its timeout. */
    boolean superseded();

    /** The run before this one has closed (and opened its gap): only then may this one close the gap. */
    boolean previousClosed();
  }

  /**
   * One run: FFmpeg copies {@code source} (this node's loopback nginx) into segments until the publisher leaves or
   * the stream ends. FFmpeg starts at once, even while the previous run's FFmpeg is still ending (nginx-rtmp keeps
   * nothing for a late reader: every second of waiting would be a second lost); only the run's bookkeeping waits for
   * the previous run to close. The run begins on the wall clock when FFmpeg starts, since it subscribes at once and
   * its first bytes land only after it has probed the stream (2–5 s measured); the end opens a gap where the last
   * complete segment ends.
   */
  public void record(long id, String source, Signals signals) throws IOException, InterruptedException {
    int run = pool.preparedQuery(CaptureSql.NEW_RUN).execute(Tuple.of(id, node)).await().iterator().next().getInteger("run");
    Path runDir = store.path("captures/" + id + "/" + run);
    Files.createDirectories(runDir);
    List<String> args = new ArrayList<>(List.of(tools.ffmpegPath()));
    // Twelve hours, the longest an episode may be: an FFmpeg orphaned by a killed node ends by itself.
    args.addAll(CaptureCommands.ingest(source, runDir, 12 * 3600).build());
    long started = System.currentTimeMillis();
    Process ffmpeg = new ProcessBuilder(args).redirectErrorStream(true)
      .redirectOutput(runDir.resolve("ffmpeg.log").toFile()).start();
    long bytes = 0;
    long lastGrowth = started;
    boolean any = false;
    boolean announced = false;
    long lastCheck = 0;
    try {
      while (!ffmpeg.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS) && !signals.left() && !signals.superseded()) {
        long now = System.currentTimeMillis();
        long size = CaptureRecorder.size(runDir);
        if (size > bytes) {
          bytes = size;
          lastGrowth = now;
          any = true;
        }
        if (any && !announced && signals.previousClosed()) {
          announced = true;
          begin(id, run, started);
        }
        if (announced && now - lastCheck >= 1000) {
          lastCheck = now;
          sql(CaptureSql.LAST_OUTPUT, Tuple.of(id, run, CaptureRecorder.at(lastGrowth)));
          sql(CaptureSql.SEGMENTS, Tuple.of(id, Segments.count(store.path("captures/" + id))));
        }
      }
    } finally {
      // The publisher is gone: FFmpeg ends by itself once its read times out, listing the segment it was writing.
      // A newer run reads the same stream name: stop this one now, or it would go on recording the new publisher.
      long deadline = System.currentTimeMillis() + ENDS_ITSELF_MILLIS;
      while (!ffmpeg.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (signals.superseded() || System.currentTimeMillis() > deadline) {
          interrupt(ffmpeg);
        }
      }
    }
    any = any || CaptureRecorder.size(runDir) > 0;
    if (any) {
      if (!announced) {
        awaitPrevious(signals);
        begin(id, run, started);
      }
      Instant end = Segments.lastEnd(new Segments.Run(runDir, Instant.ofEpochMilli(started)));
      sql(CaptureSql.LAST_OUTPUT, Tuple.of(id, run, CaptureRecorder.at(lastGrowth)));
      sql(CaptureSql.SEGMENTS, Tuple.of(id, Segments.count(store.path("captures/" + id))));
      sql(CaptureSql.OPEN_RUN_GAP, Tuple.of(id, end != null ? OffsetDateTime.ofInstant(end, ZoneOffset.UTC)
        : CaptureRecorder.at(lastGrowth), run));
    }
  }

  /** The run has bytes: it began when its FFmpeg started, which closes the gap the previous run opened. */
  private void begin(long id, int run, long started) {
    sql(CaptureSql.FIRST_OUTPUT, Tuple.of(id, run, CaptureRecorder.at(started)));
    sql(CaptureSql.CLOSE_GAP, Tuple.of(id, CaptureRecorder.at(started)));
  }

  /** At most 30 s: a previous run stuck longer than that must not keep this one's bookkeeping back forever. */
  private static void awaitPrevious(Signals signals) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!signals.previousClosed() && System.currentTimeMillis() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The episode ended: the runs' segments become its recording, on the archive's queue. */
  public void finish(long id) throws IOException {
    Row c = pool.preparedQuery(CaptureSql.ONE).execute(Tuple.of(id)).await().iterator().next();
    if (c.getString("status").equals("recording")) {
      // The publisher's last leave is where the show ended, not a gap in it.
      sql(DROP_TRAILING_GAP, Tuple.of(id));
      finisher.finish(id, "captures/" + id);
    }
  }

  /** The capture of an episode recorded through the ingest, if there is one still to finish. */
  public Long ofEpisode(long episodeId) {
    var rows = pool.preparedQuery(CaptureSql.OF_EPISODE).execute(Tuple.of(episodeId)).await();
    if (rows.size() == 0) {
      return null;
    }
    Row c = rows.iterator().next();
    return SOURCE.equals(c.getString("source_url")) ? c.getLong("id") : null;
  }

  /** SIGINT, as FFmpeg ends a segment cleanly on it; SIGKILL when it does not stop within 5 s. */
  public static void interrupt(Process p) throws InterruptedException {
    if (!p.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      p.destroy();
    }
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private void sql(String sql, Tuple args) {
    pool.preparedQuery(sql).execute(args).await();
  }

}
