package lianxin.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
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
import lianxin.system.Worker;

/**
 * The demo's recordings, made after the port has opened: each aired demo episode gets a clip generated with FFmpeg
 * (off the event loop), which then goes the way of a host's upload: an original in the media store, a recording row
 * and its archive job in one transaction. The archive jobs do the rest (HLS, poster, chapters, audio) while the
 * next clip is made. A clip that cannot be made is logged and left out; the others go on.
 */
public final class DemoMedia implements Worker {

  private static final Logger LOG = Logger.getLogger(DemoMedia.class.getName());

  /** A recording to make for episode {@code episodeId} (aired then), {@code seconds} long, in look {@code look} (DemoClip). */
  public record Clip(long episodeId, java.time.OffsetDateTime aired, String name, int seconds, int look) {
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
    Future<Void> chain = Future.succeededFuture();
    for (Clip clip : clips) {
      chain = chain.compose(v -> stopping ? Future.succeededFuture() : one(clip)
        .recover(e -> {
          LOG.log(Level.WARNING, "demo recording of episode " + clip.episodeId() + " left out: " + e.getMessage(), e);
          return Future.succeededFuture();
        }));
    }
    running = chain.onSuccess(v -> LOG.info("demo recordings queued for the archive in "
      + (System.nanoTime() - began) / 1_000_000 + " ms"));
    return Future.succeededFuture();
  }

  /** Makes no more clips; the one being made is finished (a couple of seconds) and queued. */
  @Override
  public Future<Void> stop() {
    stopping = true;
    return running.otherwiseEmpty();
  }

  private Future<Void> one(Clip clip) {
    String key = "originals/" + UUID.randomUUID();
    return vertx.executeBlocking(() -> make(clip, key), false)
      .compose(made -> Tx.as(pool, null, conn -> conn.preparedQuery(DemoSql.RECORDING)
          .execute(Tuple.of(clip.episodeId(), clip.name(), key, made.sha256(), made.bytes()))
          .compose(rows -> ArchiveQueue.enqueue(conn, ArchiveQueue.Kind.RECORDING, rows.iterator().next().getLong("id"))))
        .recover(e -> store.deleteQuietly(vertx, key).compose(v -> Future.failedFuture(e))));
  }

  /** Blocking: generates the clip in a temporary folder and moves it into the store as the original {@code key}. */
  private Made make(Clip clip, String key) throws IOException {
    Path tmp = Files.createTempDirectory("lianxin-demo");
    try {
      Path out = tmp.resolve("clip.mp4");
      ffmpeg.run(DemoClip.command(out, clip.seconds(), clip.look()), tmp.resolve("clip.log"), null);
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
