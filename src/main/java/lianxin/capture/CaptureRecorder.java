package lianxin.capture;

import lianxin.http.Text;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.archive.job.ArchiveQueue.Kind;
import lianxin.archive.job.ArchiveQueue;
import lianxin.media.MediaStore;
import lianxin.net.AllowList;
import lianxin.net.Egress;
import lianxin.net.FfmpegInput;

/**
 * One capture, on a capture job thread (blocking; never an event loop). Runs FFmpeg on the source until the
 * window closes, each run into its own folder; when a run ends early (the source dropped or stalled) it records
 * a gap and starts another after a backoff, and the gap closes when the new run's first bytes land. A capture
 * taken over from a dead node carries on the same way. At the end the complete segments of all runs are joined
 * (stream copy) into the recording's original, which goes through the archive job like an upload.
 */
record CaptureRecorder(Pool pool, MediaStore store, FfmpegRunner tools, AllowList allow, Egress egress, String node) {

  private static final Logger LOG = Logger.getLogger(CaptureRecorder.class.getName());
  /** No new bytes for this long and the run is treated as dropped (a live HLS playlist may simply stop growing). */
  static final long STALL_MILLIS = 8_000;
  private static final long POLL_MILLIS = 500;
  /** How often a bucket receives the new segments of a running capture: what a node's death can lose at most. */
  private static final long PUBLISH_MILLIS = 4_000;

  void run(long id) throws IOException, InterruptedException {
    var rows = pool.preparedQuery(CaptureSql.ONE).execute(Tuple.of(id)).await();
    if (rows.size() == 0) {
      return;
    }
    Row capture = rows.iterator().next();
    String status = capture.getString("status");
    if (!status.equals("waiting") && !status.equals("recording")) {
      return; // done or failed by an earlier run of this job
    }
    String source = capture.getString("source_url");
    try (Egress.Lease lease = egress.lease()) {
      record(id, source, lease);
    } finally {
      store.release("captures/" + id); // with a bucket, the segments were published as they came
    }
  }

  /** The capture through its own egress proxy: a refused connection (a redirect, a segment) fails it, naming why. */
  private void record(long id, String source, Egress.Lease lease) throws IOException, InterruptedException {
    String dir = "captures/" + id;
    FfmpegInput input;
    try {
      input = input(source);
    } catch (lianxin.http.ApiException e) {
      fail(id, e.text());
      return;
    }
    sql(CaptureSql.RECORDING, Tuple.of(id, node));
    store.fetchAll(dir); // a bucket holds the runs of a node that died; the local folder has them in place
    noteTakeover(id, dir);
    long backoff = 1000;
    while (true) {
      double left = secondsLeft(id);
      if (left <= 0) {
        break;
      }
      int run = pool.preparedQuery(CaptureSql.NEW_RUN).execute(Tuple.of(id, node)).await().iterator().next().getInteger("run");
      Path runDir = store.path(dir + "/" + run);
      Files.createDirectories(runDir);
      Outcome outcome = record(id, run, input, Sources.isFile(source), lease, runDir, (long) Math.ceil(left));
      store.publish(dir);
      if (lease.refusal().isPresent()) {
        fail(id, lease.refusal().get());
        return;
      }
      if (outcome == Outcome.STOPPED || (outcome == Outcome.ENDED && Sources.isFile(source))) {
        break; // the window closed, or a file source reached its end
      }
      backoff = outcome == Outcome.NOTHING ? Math.min(backoff * 2, 5000) : 1000;
      LOG.info("capture " + id + ": source dropped (run " + run + "); reconnecting in " + backoff + " ms");
      Thread.sleep(Math.min(backoff, Math.max(0, (long) (secondsLeft(id) * 1000))));
    }
    finish(id, dir);
  }

  /**
   * Blocking: the source checked again (the room's setting was checked when saved; the name may resolve elsewhere
   * now, and a file may have been replaced by a link) and made into FFmpeg's input; a 422 when refused.
   */
  private FfmpegInput input(String source) {
    if (Sources.isFile(source)) {
      allow.checkFileNow("captureUrl", Path.of(source));
      return FfmpegInput.local(source, "file");
    }
    URI uri = Sources.uri(source);
    allow.checkNow("captureUrl", uri);
    return FfmpegInput.network(allow, "captureUrl", uri);
  }

  private enum Outcome { STOPPED, ENDED, NOTHING }

  /** One FFmpeg run, watched every half second: first bytes close the open gap; a drop or stall opens one. */
  private Outcome record(long id, int run, FfmpegInput source, boolean file, Egress.Lease lease, Path runDir, long seconds)
    throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(tools.ffmpegPath()));
    args.addAll(CaptureCommands.record(source, file, runDir, seconds).build());
    Process ffmpeg = FfmpegRunner.environment(new ProcessBuilder(args), lease.environment()).redirectErrorStream(true)
      .redirectOutput(runDir.resolve("ffmpeg.log").toFile()).start();
    long bytes = 0;
    long lastGrowth = System.currentTimeMillis();
    boolean any = false;
    long lastCheck = 0;
    long lastPublish = System.currentTimeMillis();
    try {
      while (true) {
        boolean exited = ffmpeg.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS);
        long now = System.currentTimeMillis();
        long size = size(runDir);
        if (size > bytes) {
          bytes = size;
          lastGrowth = now;
          if (!any) {
            any = true;
            sql(CaptureSql.FIRST_OUTPUT, Tuple.of(id, run, at(now)));
            sql(CaptureSql.CLOSE_GAP, Tuple.of(id, at(now)));
          }
        }
        if (now - lastCheck >= 1000) {
          lastCheck = now;
          if (any) {
            sql(CaptureSql.LAST_OUTPUT, Tuple.of(id, run, at(lastGrowth)));
            sql(CaptureSql.SEGMENTS, Tuple.of(id, Segments.count(store.path("captures/" + id))));
          }
          if (now - lastPublish >= PUBLISH_MILLIS) {
            // To the bucket as they come, so a node that takes the capture over finds them; a no-op locally.
            store.publish("captures/" + id);
            lastPublish = now;
          }
          if (secondsLeft(id) <= 0) {
            stop(ffmpeg);
            return Outcome.STOPPED;
          }
        }
        if (exited || now - lastGrowth > STALL_MILLIS) {
          break;
        }
      }
    } finally {
      stop(ffmpeg);
    }
    if (secondsLeft(id) <= 0) {
      return Outcome.STOPPED;
    }
    if (any) {
      sql(CaptureSql.LAST_OUTPUT, Tuple.of(id, run, at(lastGrowth)));
      sql(CaptureSql.OPEN_GAP, Tuple.of(id, at(lastGrowth)));
      return Outcome.ENDED;
    }
    return Outcome.NOTHING;
  }

  /**
   * A capture that had runs before this job picked it up (its node died): the gap opens where the dead run's last
   * complete segment ends; the segment it was writing is lost (at most one).
   */
  private void noteTakeover(long id, String dir) throws IOException {
    var runs = pool.preparedQuery(CaptureSql.RUNS).execute(Tuple.of(id)).await();
    Row last = null;
    for (Row r : runs) {
      if (r.getOffsetDateTime("first_output") != null) {
        last = r;
      }
    }
    if (last == null) {
      return;
    }
    java.time.Instant end = Segments.lastEnd(new Segments.Run(store.path(dir + "/" + last.getInteger("run")),
      last.getOffsetDateTime("first_output").toInstant()));
    sql(CaptureSql.OPEN_GAP, Tuple.of(id, end != null ? OffsetDateTime.ofInstant(end, ZoneOffset.UTC) : last.getOffsetDateTime("last_output")));
  }

  /** The window is over: close an open gap, join what was recorded, and hand it to the archive job. */
  void finish(long id, String dir) throws IOException {
    store.fetchAll(dir);
    sql(CaptureSql.CLOSE_GAP, Tuple.of(id, at(System.currentTimeMillis())));
    var runs = pool.preparedQuery(CaptureSql.RUNS).execute(Tuple.of(id)).await();
    List<Segments.Run> list = new ArrayList<>();
    for (Row r : runs) {
      OffsetDateTime first = r.getOffsetDateTime("first_output");
      if (first != null) {
        list.add(new Segments.Run(store.path(dir + "/" + r.getInteger("run")), first.toInstant()));
      }
    }
    List<Path> kept = Segments.kept(list);
    if (kept.isEmpty()) {
      fail(id, Text.of("整个录制时段都没有从直播源收到画面或声音。", "Nothing came from the capture source during the whole window."));
      return;
    }
    Path joinList = store.path(dir + "/join.txt");
    Files.write(joinList, kept.stream().map(p -> "file '" + p.toString().replace("'", "'\\''") + "'").toList());
    String key = "originals/capture-" + id + ".mkv";
    Path original = store.path(key);
    Files.createDirectories(original.getParent());
    tools.run(CaptureCommands.join(joinList, original), store.path(dir + "/join.log"), null);
    store.put(key, original);
    handOver(id, key);
    store.delete(dir); // the segments live on in the original
    store.release(key);
  }

  /** The recording, its archive job and the capture's end, in one transaction. */
  private void handOver(long id, String key) {
    lianxin.db.Tx.as(pool, null, conn -> conn.preparedQuery(CaptureSql.INSERT_RECORDING).execute(Tuple.of(id, key))
      .compose(rows -> {
        long recording = rows.iterator().next().getLong("id");
        return ArchiveQueue.enqueue(conn, Kind.RECORDING, recording)
          .compose(v -> conn.preparedQuery(CaptureSql.DONE).execute(Tuple.of(id, recording)))
          .map(v -> {
            if (v.rowCount() == 0) {
              throw new IllegalStateException("capture " + id + " was finished elsewhere");
            }
            return recording;
          });
      })).await();
  }

  private void fail(long id, Text reason) {
    LOG.info("capture " + id + " failed: " + reason);
    ArchiveQueue.fail(pool, Kind.CAPTURE, id, reason).await();
  }

  private double secondsLeft(long id) {
    Row r = pool.preparedQuery(CaptureSql.STOP).execute(Tuple.of(id)).await().iterator().next();
    return r.getBoolean("stop") ? 0 : r.getDouble("seconds_left");
  }

  /** SIGTERM first: FFmpeg then closes the segment it is writing properly. */
  private static void stop(Process p) throws InterruptedException {
    if (p.isAlive()) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Bytes of the MPEG-TS segments in {@code dir} so far. */
  static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".ts")).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private void sql(String sql, Tuple args) {
    pool.preparedQuery(sql).execute(args).await();
  }

  static OffsetDateTime at(long millis) {
    return OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }
}
