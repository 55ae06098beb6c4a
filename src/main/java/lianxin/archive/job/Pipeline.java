package lianxin.archive.job;

import lianxin.http.Text;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import lianxin.archive.ffmpeg.Commands;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.archive.ffmpeg.PermanentFailure;
import lianxin.archive.ffmpeg.Probe;
import lianxin.db.Refusal;
import lianxin.media.MediaStore;
import net.bramp.ffmpeg.builder.FFmpegBuilder;

/**
 * One run of a recording's archive job, stage by stage, on a job thread. Re-runnable from the start: the
 * recording's folder is cleared first and every row write is an idempotent update, so a job revived after a
 * crash leaves no duplicates. A permanent failure records its reason and ends the job (the original is kept);
 * anything else is rethrown for a retry with backoff.
 */
public record Pipeline(Pool pool, MediaStore store, FfmpegRunner tools, Pull pull) {

  private static final Logger LOG = Logger.getLogger(Pipeline.class.getName());

  void run(long id) throws IOException {
    var claimed = pool.preparedQuery(JobSql.CLAIM).execute(Tuple.of(id)).await();
    if (claimed.size() == 0) {
      return; // deleted, or finished by an earlier run
    }
    Row row = claimed.iterator().next();
    Tracker tracker = new Tracker(pool, id);
    // Each attempt writes to its own folder and clears the earlier ones: an FFmpeg orphaned by a killed node
    // loses its folder and stops, instead of writing into this attempt's files.
    String prefix = "archive/" + id + "/" + row.getInteger("attempts");
    Path dir = store.path(prefix);
    String originalKey = row.getString("original_key");
    try {
      store.delete("archive/" + id);
      Files.createDirectories(dir.resolve("logs"));
      String url = row.getString("source_url");
      String sha256 = row.getString("sha256");
      Path src = store.fetch(originalKey);
      if (url != null && src == null && store.path(originalKey) != null) {
        tracker.stage(Stage.PULL);
        src = store.path(originalKey);
        Files.createDirectories(src.getParent());
        sha256 = pull.fetch(java.net.URI.create(url), src, dir.resolve("logs/pull.log"), tracker::progress);
        store.put(originalKey, src);
        tracker.original(sha256, Files.size(src));
      }
      if (src == null || !Files.isRegularFile(src)) {
        throw new PermanentFailure("原始文件不见了。", "The original file is missing from the media store.");
      }
      if (sha256 == null) {
        tracker.original(Pull.sha256(src), Files.size(src));
      }
      stages(tracker, src, dir, prefix, row.getLong("episode_id"));
      store.publish(prefix);
      archived(row.getLong("episode_id"), id);
    } catch (PermanentFailure e) {
      LOG.info("recording " + id + " failed: " + e.getMessage());
      tracker.failed(e.reason());
    } catch (Tracker.Gone e) {
      LOG.info("recording " + id + " was deleted while processing; its files go too");
      store.delete("archive/" + id);
    } catch (IOException | RuntimeException e) {
      tracker.waiting(Text.of("暂时失败，稍后自动重试：" + e.getMessage() + "。", "Temporarily failed, retrying: " + e.getMessage()));
      throw e;
    } finally {
      // With a bucket, the node keeps nothing of a job that ended: what matters was published or put.
      store.release("archive/" + id);
      store.release(originalKey);
    }
  }

  private void stages(Tracker t, Path src, Path dir, String prefix, long episodeId) throws IOException {
    Path logs = dir.resolve("logs");

    t.stage(Stage.PROBE);
    var probed = tools.probe(src, logs.resolve("probe.log"));
    Probe p = Probe.of(probed);
    t.probed(p);
    importedEnd(t.id(), p.duration());

    t.stage(Stage.VALIDATE);
    validate(p);

    t.stage(Stage.PACKAGE);
    int interval = Commands.interval(p.duration());
    for (String rendition : List.of("v0", "a")) {
      Files.createDirectories(dir.resolve(rendition));
    }
    for (Commands.Rung r : Commands.lower(p)) {
      Files.createDirectories(dir.resolve(r.dir()));
    }
    // Copy first, so the archive plays (top rendition and audio) before the slower 360p and 240p encodes.
    run(t, Commands.top(src, dir, p), logs.resolve("top.log"), p, 0, p.hasVideo() ? 0.2 : 1);
    Artifacts.write(dir.resolve("master.m3u8"), Artifacts.master(dir, p));
    // Playable early: the master and the top rendition are readable before the slower stages run.
    published(t, "master_key", prefix, "master.m3u8");
    if (p.hasVideo()) {
      run(t, Commands.decodeOnce(src, dir, p, interval), logs.resolve("decode.log"), p, 0.2, 0.8);
      Artifacts.write(dir.resolve("master.m3u8"), Artifacts.master(dir, p));

      t.stage(Stage.POSTER);
      run(t, Commands.poster(src, dir, p), logs.resolve("poster.log"), null, 0, 1);
      published(t, "poster_key", prefix, "poster.jpg");

      t.stage(Stage.STORYBOARD);
      Artifacts.write(dir.resolve("storyboard.vtt"), Artifacts.storyboard(p.duration(), interval));
      published(t, "storyboard_key", prefix, "storyboard.vtt");
    }

    t.stage(Stage.CHAPTERS);
    run(t, Commands.silences(src, dir), logs.resolve("silences.log"), p, 0, 1);
    List<Double> scenes = Artifacts.values(dir.resolve("scenes.txt"), "pts_time:");
    List<Double> silenceEnds = Artifacts.values(dir.resolve("silences.txt"), "lavfi.silence_end=");
    Artifacts.write(dir.resolve("chapters.vtt"), Artifacts.chapters(p.duration(), scenes, silenceEnds));
    published(t, "chapters_key", prefix, "chapters.vtt");
    if (Probe.hasTextSubtitles(probed)) {
      // A text track in the recording becomes the transcript (a host's upload is kept); the archive never fails
      // for a track FFmpeg cannot convert.
      try {
        run(t, Commands.subtitles(src, dir), logs.resolve("subtitles.log"), p, 0, 1);
        lianxin.search.Transcripts.fromRecording(pool, episodeId, Files.readString(dir.resolve("transcript.vtt")));
      } catch (PermanentFailure e) {
        LOG.info("episode " + episodeId + ": subtitle track left out: " + e.getMessage());
      }
    }

    t.stage(Stage.LOUDNESS);
    run(t, Commands.loudness(src, dir), logs.resolve("loudness.log"), p, 0, 1);
    List<Double> loudness = Artifacts.values(dir.resolve("loudness.txt"), "lavfi.r128.I=");
    t.loudness(loudness.isEmpty() ? null : loudness.get(loudness.size() - 1));

    t.stage(Stage.AUDIO);
    run(t, Commands.audio(src, dir, p), logs.resolve("audio.log"), p, 0, 1);
    published(t, "audio_key", prefix, "audio.m4a");
  }

  /** Publishes what the job has written so far (only changes go to a bucket), then points the recording at it. */
  private void published(Tracker t, String column, String prefix, String file) throws IOException {
    store.publish(prefix);
    t.key(column, prefix + "/" + file);
  }

  /** An imported episode lasts as long as its recording (a host booked elsewhere at that time keeps it as it was). */
  private void importedEnd(long id, double seconds) {
    try {
      pool.preparedQuery(JobSql.IMPORTED_END).execute(Tuple.of(id, Math.ceil(seconds))).await();
    } catch (io.vertx.pgclient.PgException e) {
      if (!Refusal.OVERLAP.matches(e)) {
        throw e;
      }
      LOG.info("recording " + id + ": imported episode's end left as it was (" + e.getMessage() + ")");
    }
  }

  /** What the archive cannot be made from, said so the host knows what to send instead. */
  static void validate(Probe p) {
    if (!p.hasVideo() && !p.hasAudio()) {
      throw new PermanentFailure("文件里没有音频或视频。", "The file has no audio or video stream.");
    }
    if (!p.hasAudio()) {
      throw new PermanentFailure("录像没有声音轨道，无法生成音频版。", "The recording has no audio track, so no audio edition can be made.");
    }
    if (p.duration() < 1) {
      throw new PermanentFailure("录像不足 1 秒。", "The recording is shorter than one second.");
    }
  }

  /** Runs a command, its progress mapped into [from, from + share] of the current stage. */
  private void run(Tracker t, FFmpegBuilder command, Path log, Probe p, double from, double share) throws IOException {
    tools.run(command, log, p == null ? null : progress -> {
      if (progress.out_time_ns > 0 && p.duration() > 0) {
        t.progress(from + share * Math.min(1, progress.out_time_ns / 1e9 / p.duration()));
      }
    });
  }

  /**
   * The new archive is complete: in one transaction it becomes archived and the episode's older recordings go, their
   * files removed before the commit, so nobody sees the new archive while the old one's rows or files linger.
   */
  private void archived(long episodeId, long id) throws IOException {
    io.vertx.sqlclient.SqlConnection conn = pool.getConnection().await();
    try {
      io.vertx.sqlclient.Transaction tx = conn.begin().await();
      if (conn.preparedQuery(JobSql.ARCHIVED).execute(Tuple.of(id)).await().rowCount() == 0) {
        tx.rollback().await();
        throw new Tracker.Gone();
      }
      var gone = conn.preparedQuery(JobSql.REPLACED).execute(Tuple.of(episodeId, id)).await();
      long[] ids = new long[gone.size()];
      int i = 0;
      for (Row r : gone) {
        ids[i++] = r.getLong("id");
      }
      ArchiveQueue.unschedule(conn, ArchiveQueue.Kind.RECORDING, ids).await();
      for (Row r : gone) {
        store.delete("archive/" + r.getLong("id"));
        store.delete(r.getString("original_key"));
      }
      tx.commit().await();
    } finally {
      conn.close();
    }
  }
}
