package lianxin.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.archive.job.ArchiveQueue;
import lianxin.archive.job.Pull;
import lianxin.db.Tx;
import lianxin.media.MediaStore;
import lianxin.search.Subtitles;
import lianxin.search.Transcripts;
import lianxin.system.Worker;

/**
 * The demo's transcripts and recordings, made after the port has opened. First every aired demo episode gets its
 * transcript (a WebVTT file of the resources, segmented off the event loop and stored as a host's upload is, so it
 * is searchable at once). Then each gets a clip generated with FFmpeg (off the event loop), newest episode first,
 * which goes the way of a host's upload: an original in the media store, a recording row and its archive job in one
 * transaction. The archive jobs do the rest (HLS, poster, chapters, audio) while the next clip is made. A clip that
 * cannot be made is logged and left out; the others go on.
 */
public final class DemoMedia implements Worker {

  private static final Logger LOG = Logger.getLogger(DemoMedia.class.getName());

  /**
   * What an aired demo episode of room {@code roomId} still needs: the transcript in resource {@code demo/<transcript>},
   * and a recording named {@code name} in look {@code look} (DemoClip), as long as the transcript.
   */
  public record Clip(long episodeId, long roomId, java.time.OffsetDateTime aired, String transcript, String name, int look) {
  }

  /** A clip with its transcript ready to store. */
  private record Ready(Clip clip, Transcripts.Prepared transcript, int seconds) {
  }

  /** A clip in the store: what the recording's row says of its original. */
  private record Made(String sha256, long bytes) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final MediaStore store;
  private final FfmpegRunner ffmpeg;
  private List<Clip> clips = List.of();
  private volatile boolean stopping;
  private Future<Void> running = Future.succeededFuture();

  public DemoMedia(Vertx vertx, Pool pool, MediaStore store, FfmpegRunner ffmpeg) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
    this.ffmpeg = ffmpeg;
  }

  /** What the demo load asks for (nothing when no demo was loaded at this start); made once {@link #start} runs. */
  public void pending(List<Clip> clips) {
    this.clips = List.copyOf(clips);
  }

  /** Begins making the clips in the background: the node does not wait for them to listen. */
  @Override
  public Future<Void> start() {
    if (clips.isEmpty()) {
      return Future.succeededFuture();
    }
    long began = System.nanoTime();
    // Segmenting the transcripts loads the word lists: a worker's job, not the event loop's.
    running = vertx.executeBlocking(() -> prepare(clips), false)
      .compose(ready -> Tx.as(pool, null, conn -> {
        Future<Void> stored = Future.succeededFuture();
        for (Ready r : ready) {
          stored = stored.compose(v -> Transcripts.replace(conn, r.clip().episodeId(), r.clip().roomId(), "upload", r.transcript()));
        }
        return stored.map(ready);
      }))
      .onSuccess(ready -> LOG.info("demo transcripts stored in " + (System.nanoTime() - began) / 1_000_000 + " ms"))
      .compose(ready -> {
        Future<Void> chain = Future.succeededFuture();
        for (Ready r : ready) {
          chain = chain.compose(v -> stopping ? Future.succeededFuture() : one(r)
            .recover(e -> {
              LOG.log(Level.WARNING, "demo recording of episode " + r.clip().episodeId() + " left out: " + e.getMessage(), e);
              return Future.succeededFuture();
            }));
        }
        return chain;
      })
      .onSuccess(v -> LOG.info("demo recordings made and queued for the archive in " + (System.nanoTime() - began) / 1_000_000 + " ms"))
      .onFailure(e -> LOG.log(Level.WARNING, "demo transcripts and recordings left out: " + e.getMessage(), e));
    return Future.succeededFuture();
  }

  /** Makes no more clips; the one being made is finished (a couple of seconds) and queued. */
  @Override
  public Future<Void> stop() {
    stopping = true;
    return running.otherwiseEmpty();
  }

  /** Blocking: each clip's transcript, read from the resources and segmented, and the clip's length from it. */
  private static List<Ready> prepare(List<Clip> clips) throws IOException {
    List<Ready> ready = new java.util.ArrayList<>();
    for (Clip clip : clips) {
      try (InputStream in = DemoMedia.class.getResourceAsStream("/demo/" + clip.transcript())) {
        if (in == null) {
          throw new IOException("demo transcript " + clip.transcript() + " is missing from the resources");
        }
        List<Subtitles.Cue> cues = Subtitles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        long lastMs = cues.stream().mapToLong(Subtitles.Cue::endMs).max().orElse(0);
        ready.add(new Ready(clip, Transcripts.prepare(cues, "vtt"), DemoClip.seconds(lastMs)));
      }
    }
    return ready;
  }

  private Future<Void> one(Ready ready) {
    Clip clip = ready.clip();
    String key = "originals/" + UUID.randomUUID();
    return vertx.executeBlocking(() -> make(clip, ready.seconds(), key), false)
      .compose(made -> Tx.as(pool, null, conn -> conn.preparedQuery(DemoSql.RECORDING)
          .execute(Tuple.of(clip.episodeId(), clip.name(), key, made.sha256(), made.bytes()))
          .compose(rows -> ArchiveQueue.enqueue(conn, ArchiveQueue.Kind.RECORDING, rows.iterator().next().getLong("id"))))
        .recover(e -> store.deleteQuietly(vertx, key).compose(v -> Future.failedFuture(e))));
  }

  /** Blocking: generates the clip in a temporary folder and moves it into the store as the original {@code key}. */
  private Made make(Clip clip, int seconds, String key) throws IOException {
    Path tmp = Files.createTempDirectory("lianxin-demo");
    try {
      Path out = tmp.resolve("clip.mp4");
      ffmpeg.run(DemoClip.command(out, seconds, clip.look()), tmp.resolve("clip.log"), null);
      Made made = new Made(Pull.sha256(out), Files.size(out));
      Path original = store.path(key);
      Files.createDirectories(original.getParent());
      Files.move(out, original, StandardCopyOption.REPLACE_EXISTING);
      return made;
    } finally {
      try (var files = Files.list(tmp)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(tmp);
    }
  }
}
