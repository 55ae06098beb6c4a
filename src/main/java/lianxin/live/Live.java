package lianxin.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.capture.LiveCapture;
import lianxin.db.JobDatabase;
import lianxin.media.MediaStore;
import lianxin.system.Worker;

/**
 * Going live through Lianxin: this node's RTMP ingest (its own nginx, or the operator's with RTMP_EXTERNAL), the
 * rooms' stream keys, what a publish makes live, and what runs while it does (recording, live HLS, the listeners).
 * The sessions' state is in PostgreSQL; any node ends the episodes whose publisher stayed away past the grace
 * ({@link LiveSweep}). The node's own nginx starts once the HTTP port is open ({@link #ingest}), as its callbacks
 * need it.
 */
public final class Live implements Worker {

  private static final Logger LOG = Logger.getLogger(Live.class.getName());
  /** The longest a publish waits for its recording and live HLS to play before it is answered anyway. */
  private static final long READERS_WAIT_MILLIS = 3000;

  private final Vertx vertx;
  private final Pool pool;
  private final LiveConfig config;
  private final Path dataDir;
  private final String node = JobDatabase.node();
  private final String callbackSecret;
  private final List<LiveListener> listeners = new CopyOnWriteArrayList<>();
  /**
   * Publishes waiting for their first readers (the recording, the live HLS) to play, by stream key and reader
   * ({@link #waiting}; completed from the on_play callback).
   */
  private final Map<String, Promise<Void>> awaiting = new ConcurrentHashMap<>();
  private final LocalStreams streams;
  private final Publishes publishes;
  private final LiveSweep sweep;
  private final HealthWatch health;
  private final IngestRoutes routes;
  private Nginx nginx;

  public Live(Vertx vertx, Pool pool, MediaStore store, FfmpegRunner ffmpeg, LiveConfig config, Path dataDir,
              Duration captureLead) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.dataDir = dataDir;
    this.callbackSecret = config.callbackSecret() != null ? config.callbackSecret() : StreamKeys.token(24);
    LiveCapture capture = new LiveCapture(pool, store, ffmpeg, node);
    this.streams = new LocalStreams(store, ffmpeg, capture);
    this.publishes = new Publishes(pool, captureLead, node, streams::publishing);
    this.sweep = new LiveSweep(vertx, pool, store, capture, streams, config.grace(), node, this::tellEnded);
    this.health = new HealthWatch(vertx, pool, streams, node);
    this.routes = new IngestRoutes(pool, this::publishUrl);
  }

  /** Told when an episode goes live through this node's ingest, when its publisher leaves and when it ends. */
  public void addListener(LiveListener listener) {
    listeners.add(listener);
  }

  public void mount(Router router) {
    routes.mount(router);
    new Callbacks(this, callbackSecret, app()).mount(router);
  }

  /** The stream keys' secret (blocking: it may be generated into DATA_DIR), the sweep and the health watch. */
  @Override
  public Future<Void> start() {
    return vertx.executeBlocking(() -> StreamKeys.load(config.secretKey(), dataDir), false)
      .onSuccess(routes::keys)
      .onSuccess(k -> sweep.start())
      .onSuccess(k -> health.start())
      .mapEmpty();
  }

  /** Blocking work on a worker: this node's nginx, once the HTTP server listens on {@code httpPort}. */
  public Future<Void> ingest(int httpPort) {
    if (config.external() != null) {
      LOG.info("RTMP ingest: external server " + config.external());
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> nginx = Nginx.start(dataDir, config.rtmpPort(), httpPort, callbackSecret), false)
      .mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    sweep.stop();
    health.stop();
    return vertx.executeBlocking(() -> {
      streams.close();
      if (nginx != null) {
        nginx.stop();
      }
      return null;
    }, false).mapEmpty();
  }

  /**
   * The publish decided; with this node's own nginx, the answer (and so the publisher's first packet) waits until the
   * recording and the live HLS play the stream, at most {@link #READERS_WAIT_MILLIS}. nginx-rtmp gives a reader only
   * what arrives after it joined, and FFmpeg takes about a second to start: the recording lost 0.6–1.6 s of each
   * start, and a live HLS that joined late got no video until the publisher's next keyframe, so its one-second probe
   * found audio alone (7 of 10 late joins, measured) and its retry kept residents waiting about 4 s longer.
   */
  Future<Publishes.Publish> publish(String key, String client) {
    return publishes.publish(key, client).compose(p -> {
      String source = source(key);
      Promise<Void> recording = Promise.promise();
      Promise<Void> hls = Promise.promise();
      if (config.external() == null) {
        awaiting.put(waiting(key, LocalStreams.RECORDING), recording);
        awaiting.put(waiting(key, LocalStreams.HLS), hls);
      } else {
        // The operator's nginx sends no on_play to Lianxin.
        recording.complete();
        hls.complete();
      }
      Context context = vertx.getOrCreateContext();
      streams.start(p.episodeId(), client, source, () -> context.runOnContext(v -> readerPlays(key, LocalStreams.RECORDING)));
      LOG.info("live: episode " + p.episodeId() + (p.resumed() ? " continues" : " is live") + " (publisher " + client + ")");
      return Future.all(recording.future(), hls.future()).timeout(READERS_WAIT_MILLIS, TimeUnit.MILLISECONDS)
        .onFailure(e -> {
          awaiting.remove(waiting(key, LocalStreams.RECORDING), recording);
          awaiting.remove(waiting(key, LocalStreams.HLS), hls);
          LOG.warning("live: episode " + p.episodeId() + "'s recording or live HLS did not play within "
            + READERS_WAIT_MILLIS + " ms");
        })
        .otherwiseEmpty()
        // The relays start once the recording and the live HLS play: started with them, five FFmpeg processes at
        // once held the publisher's answer (and so residents' first playlist) back by ~0.6 s on two cores. A platform
        // then starts at the publisher's next keyframe, a second or two into the show, which it would wait for anyway.
        .onComplete(v -> tell(l -> l.started(p.roomId(), p.episodeId(), source)))
        .map(p);
    });
  }

  /**
   * {@code reader} ({@link LocalStreams#RECORDING} or {@link LocalStreams#HLS}) plays the stream {@code key} now (or
   * will not): once both do, the publish is answered.
   */
  void readerPlays(String key, String reader) {
    Promise<Void> plays = awaiting.remove(waiting(key, reader));
    if (plays != null) {
      plays.tryComplete();
    }
  }

  private static String waiting(String key, String reader) {
    return key + "?" + reader;
  }

  Future<Long> left(String key, String client) {
    return publishes.left(key, client).onSuccess(episode -> {
      if (episode != null) {
        streams.stop(episode);
        LOG.info("live: the publisher of episode " + episode + " left; it ends unless back within " + config.grace());
        tell(l -> l.left(episode));
      }
    });
  }

  private void tellEnded(long episode) {
    tell(l -> l.ended(episode));
  }

  private void tell(Function<LiveListener, Future<Void>> call) {
    for (LiveListener l : listeners) {
      try {
        call.apply(l).onFailure(e -> LOG.log(Level.WARNING, "live listener failed", e));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "live listener failed", e);
      }
    }
  }

  /** Where this node reads a publisher of {@code key}: loopback, or the operator's server. */
  private String source(String key) {
    return (config.external() != null ? config.external() : "rtmp://127.0.0.1:" + nginx.port + "/" + Nginx.APP) + "/" + key;
  }

  /** The RTMP application publishers name: ours, or the last part of RTMP_EXTERNAL's path. */
  private String app() {
    if (config.external() == null) {
      return Nginx.APP;
    }
    String path = URI.create(config.external()).getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** What hosts put in OBS's server field, for a request that reached this node as {@code host}. */
  private String publishUrl(String host) {
    if (config.external() != null) {
      return config.external();
    }
    int port = nginx == null ? config.rtmpPort() : nginx.port;
    return "rtmp://" + host + (port == LiveConfig.DEFAULT_RTMP_PORT ? "" : ":" + port) + "/" + Nginx.APP;
  }
}
