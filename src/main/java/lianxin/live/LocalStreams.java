package lianxin.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.capture.LiveCapture;
import lianxin.media.MediaStore;

/**
 * What this node runs for each publisher it holds: the recording (a run of the episode's ingest capture) and the
 * residents' live HLS, each an FFmpeg reading from loopback nginx on its own thread, started again after a second
 * if it ends while the publisher is still there. Episodes stay known after their publisher left, until they end.
 */
final class LocalStreams {

  private static final Logger LOG = Logger.getLogger(LocalStreams.class.getName());
  /** How often the live HLS is copied into the bucket when media is there: half a segment. */
  static final long MIRROR_MILLIS = 1_000;

  /** One publish's recording thread: {@code superseded} once a newer publish records; {@code closed} when it ended. */
  private record Recorder(AtomicBoolean superseded, java.util.concurrent.CompletableFuture<Void> closed) {
  }

  /** One publish held here: {@code stop} ends both FFmpeg loops. */
  private record Held(String client, AtomicBoolean stop, List<Process> processes) {
  }

  private final MediaStore store;
  private final FfmpegRunner tools;
  private final LiveCapture capture;
  private final Map<Long, Held> held = new ConcurrentHashMap<>();
  /** Episodes this node said {@code started} for and not yet {@code ended}. */
  private final Set<Long> known = ConcurrentHashMap.newKeySet();
  /**
   * Each episode's latest recording here: a new publish starts recording at once, tells the last one to stop, and
   * waits for it to close (and open its gap) only before its own bookkeeping.
   */
  private final Map<Long, Recorder> recorders = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "live-stream");
    t.setDaemon(true);
    return t;
  });

  LocalStreams(MediaStore store, FfmpegRunner tools, LiveCapture capture) {
    this.store = store;
    this.tools = tools;
    this.capture = capture;
  }

  /**
   * The query argument naming a reader in its play URL (nginx-rtmp plays the stream named before the '?' and sends
   * the arguments with its on_play callback), so the publish can be answered once the recording and the live HLS play.
   */
  static final String READER = "reader";
  static final String RECORDING = "recording";
  static final String HLS = "hls";

  /** The play URL of {@code source} naming {@code reader}, which nginx-rtmp hands on with that reader's on_play. */
  static String as(String source, String reader) {
    return source + "?" + READER + "=" + reader;
  }

  static String hlsKey(long episodeId) {
    return "live/" + episodeId;
  }

  /** Blocking: how the stream published here for {@code episodeId} looks now (see IngestHealth); null before any. */
  io.vertx.core.json.JsonObject health(long episodeId) throws IOException {
    return IngestHealth.measure(store.path(hlsKey(episodeId)).resolve("src"), tools);
  }

  /** The episodes whose publisher is connected here. */
  Set<Long> publishing() {
    return Set.copyOf(held.keySet());
  }

  Set<Long> known() {
    return Set.copyOf(known);
  }

  /**
   * Blocking work on this node's live threads (plain threads: the capture code may wait on futures there); the
   * result comes back on the caller's context.
   */
  <T> io.vertx.core.Future<T> blocking(java.util.concurrent.Callable<T> work) {
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    io.vertx.core.Promise<T> done = io.vertx.core.Promise.promise();
    threads.submit(() -> {
      try {
        T result = work.call();
        context.runOnContext(v -> done.complete(result));
      } catch (Exception e) {
        context.runOnContext(v -> done.fail(e));
      }
    });
    return done.future();
  }

  /** {@code unread} is called when the recording will not read this publish (another capture records the room). */
  void start(long episodeId, String client, String source, Runnable unread) {
    stop(episodeId);
    Held h = new Held(client, new AtomicBoolean(), new java.util.concurrent.CopyOnWriteArrayList<>());
    held.put(episodeId, h);
    known.add(episodeId);
    Recorder recorder = new Recorder(new AtomicBoolean(), new java.util.concurrent.CompletableFuture<>());
    Recorder previous = recorders.put(episodeId, recorder);
    if (previous != null) {
      previous.superseded().set(true);
    }
    threads.submit(() -> {
      try {
        record(episodeId, source, h, recorder, previous);
      } finally {
        unread.run(); // a no-op once the recording has read
        recorder.closed().complete(null);
      }
    });
    threads.submit(() -> hls(episodeId, source, h));
  }

  /** The publisher left: both FFmpeg processes stop (the recording notes where the gap begins). */
  void stop(long episodeId) {
    Held h = held.remove(episodeId);
    if (h != null) {
      h.stop().set(true);
      for (Process p : h.processes()) {
        threads.submit(() -> {
          LiveCapture.interrupt(p);
          return null;
        });
      }
    }
  }

  /** The episode ended: nothing of it runs here any more. */
  void forget(long episodeId) {
    stop(episodeId);
    known.remove(episodeId);
    recorders.remove(episodeId);
  }

  /** Blocking: every FFmpeg stopped (the node is stopping). */
  void close() throws InterruptedException {
    for (Long episode : List.copyOf(held.keySet())) {
      Held h = held.remove(episode);
      h.stop().set(true);
      for (Process p : h.processes()) {
        LiveCapture.interrupt(p);
      }
    }
    threads.shutdownNow();
  }

  private void record(long episodeId, String source, Held h, Recorder recorder, Recorder previous) {
    try {
      Long id = capture.open(episodeId);
      if (id == null) {
        LOG.info("live " + episodeId + ": recorded by the room's own capture, not from the ingest");
        return;
      }
      LiveCapture.Signals signals = new LiveCapture.Signals() {
        @Override
        public boolean left() {
          return h.stop().get();
        }

        @Override
        public boolean superseded() {
          return recorder.superseded().get();
        }

        @Override
        public boolean previousClosed() {
          return previous == null || previous.closed().isDone();
        }
      };
      while (!h.stop().get() && !recorder.superseded().get()) {
        capture.record(id, as(source, RECORDING), signals);
        pause(h);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "live " + episodeId + ": recording stopped", e);
    }
  }

  private void hls(long episodeId, String source, Held h) {
    Path dir = store.path(hlsKey(episodeId));
    java.util.concurrent.Future<?> mirror = null;
    try {
      for (String rendition : List.of("src", "360p", "audio")) {
        Files.createDirectories(dir.resolve(rendition));
      }
      if (store instanceof lianxin.media.S3MediaStore) {
        mirror = threads.submit(() -> mirror(episodeId, h));
      }
      boolean again = false;
      while (!h.stop().get()) {
        List<String> args = new ArrayList<>(List.of(tools.ffmpegPath()));
        args.addAll(LiveCommands.hls(as(source, HLS), dir, again).build());
        again = true;
        Process p = new ProcessBuilder(args).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ffmpeg.log").toFile())).start();
        h.processes().add(p);
        if (h.stop().get()) {
          LiveCapture.interrupt(p);
        }
        p.waitFor();
        h.processes().remove(p);
        pause(h);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "live " + episodeId + ": live HLS stopped", e);
    } finally {
      if (mirror != null) {
        mirror.cancel(true);
      }
    }
  }

  /**
   * With media in a bucket: copies the live HLS there every second (new and changed files; each playlist after the
   * segments it names, as {@link MediaStore#publish} does), so a resident whose request reaches another node is
   * served the same stream from the bucket. This node serves its own copy.
   */
  private void mirror(long episodeId, Held h) {
    while (!h.stop().get() && !Thread.currentThread().isInterrupted()) {
      try {
        store.publish(hlsKey(episodeId));
        Thread.sleep(MIRROR_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "live " + episodeId + ": the bucket's copy is behind", e);
        try {
          Thread.sleep(MIRROR_MILLIS);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static void pause(Held h) throws InterruptedException {
    if (!h.stop().get()) {
      Thread.sleep(1000);
    }
  }
}
