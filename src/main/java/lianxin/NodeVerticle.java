package lianxin;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lianxin.archive.Archive;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.auth.Bootstrap;
import lianxin.cache.ChangeListener;
import lianxin.cache.ResponseCache;
import lianxin.capture.Capture;
import lianxin.db.Databases;
import lianxin.db.JobDatabase;
import lianxin.demo.DemoData;
import lianxin.demo.DemoMedia;
import lianxin.live.Live;
import lianxin.live.LiveListener;
import lianxin.media.MediaStore;
import lianxin.media.Storage;
import lianxin.metrics.PlayRoutes;
import lianxin.net.AllowList;
import lianxin.net.Egress;
import lianxin.question.QuestionRoutes;
import lianxin.relay.Relays;
import lianxin.relay.Sealer;
import lianxin.schedule.AirSweep;
import lianxin.search.Indexer;
import lianxin.stats.Rollup;
import lianxin.system.Worker;

/**
 * What a node has once, however many HTTP verticles serve its port: the pool, the response cache and its change
 * listener, the media store and the background workers (archive and capture job runners, indexer, rollup, replay
 * buffer, air sweep). Deploys {@code HTTP_INSTANCES} {@link HttpVerticle}s sharing the port once its workers run;
 * being their parent, it is stopped after them, so requests in flight finish before the workers stop.
 */
final class NodeVerticle extends VerticleBase {

  /**
   * Per node, for the background workers and the node-wide parts' routes (uploads, live, beacons, relays, questions);
   * each HTTP verticle has its own pool besides ({@link HttpVerticle#POOLS_TOTAL}). See docs/operations.md for the
   * connection budget.
   */
  static final int POOL_SIZE = 8;

  private final Config config;
  private final PgConnectOptions db;
  /** Started in this order before the port opens, stopped in reverse after the HTTP verticles have stopped. */
  private final List<Worker> workers = new ArrayList<>();
  private Pool pool;
  private MediaStore store;
  private Live live;
  private volatile int port;

  NodeVerticle(Config config, PgConnectOptions db) {
    this.config = config;
    this.db = db;
  }

  @Override
  public Future<?> start() {
    // The node's own pool spreads its connections over as many event loops as there are HTTP verticles.
    pool = Databases.pool(vertx, db, POOL_SIZE, config.node().httpInstances());
    ResponseCache cache = new ResponseCache(20_000, Duration.ofSeconds(30));
    AllowList allow = allowList();
    store = mediaStore();
    FfmpegRunner ffmpeg = new FfmpegRunner(config.ffmpeg(), config.ffprobe());
    Egress egress = new Egress(vertx, allow);
    Archive archive = new Archive(vertx, pool, db, store, ffmpeg, allow, egress, config.uploadLimit(), config.transcodes(),
      config.uploadExpiry());
    Capture capture = new Capture(vertx, pool, db, store, ffmpeg, allow, egress, config.captureLead(), config.captureGrace());
    PlayRoutes plays = new PlayRoutes(vertx, pool, config.playsPerAddress(), config.playsFlush(), config.playsGrace());
    live = new Live(vertx, pool, store, ffmpeg, config.live(), config.dataDir(), config.captureLead());
    Relays relays = new Relays(vertx, pool, sealer(), allow, egress, config.ffmpeg(), config.relay());
    live.addListener(relaysFollow(relays));
    // Relays after the egress: they stop before it, as their rtmps pushes go through it.
    workers.addAll(List.of(new ChangeListener(vertx, db, cache), egress, archive, capture, live,
      new Indexer(vertx, pool, db), new Rollup(vertx, pool), plays, new AirSweep(vertx, pool, config.captureGrace()),
      relays));
    // Last: its clips are made in the background once everything else runs, and it is stopped first.
    DemoMedia demo = new DemoMedia(vertx, pool, store, ffmpeg);
    workers.add(demo);
    HttpVerticle.Parts parts = new HttpVerticle.Parts(config, db, cache, allow, store, archive, capture, live, plays,
      relays, new QuestionRoutes(vertx, pool), JobDatabase.node());

    Future<Void> started = Storage.ready(vertx, store)
      .compose(v -> Bootstrap.admin(vertx, pool, config.adminPassword()))
      .compose(v -> DemoData.loadIfWanted(config, pool))
      .onSuccess(demo::pending)
      .mapEmpty();
    for (Worker worker : workers) {
      started = started.compose(v -> worker.start());
    }
    // nginx's callbacks need the port open.
    return started.compose(v -> serve(parts)).compose(v -> live.ingest(port));
  }

  /**
   * The relays push what this node's ingest receives: they start (again) with each publish here and stop when the
   * publisher leaves this node, so a publisher who comes back on another node is pushed from there, never twice.
   */
  private static LiveListener relaysFollow(Relays relays) {
    return new LiveListener() {
      @Override
      public Future<Void> started(long roomId, long episodeId, String rtmpSource) {
        return relays.start(roomId, episodeId, rtmpSource);
      }

      @Override
      public Future<Void> left(long episodeId) {
        return relays.stop(episodeId);
      }

      @Override
      public Future<Void> ended(long episodeId) {
        return relays.stop(episodeId);
      }
    };
  }

  /**
   * {@code HTTP_INSTANCES} verticles listening on {@code PORT} share one socket; Vert.x hands them connections in
   * turn. Port 0 would give each its own free port; a negative port is Vert.x's way to share one free port.
   */
  private Future<?> serve(HttpVerticle.Parts parts) {
    int listen = config.port() == 0 ? -1 : config.port();
    List<HttpVerticle> deployed = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
        HttpVerticle http = new HttpVerticle(parts, listen);
        deployed.add(http);
        return http;
      }, new DeploymentOptions().setInstances(config.node().httpInstances()))
      .onSuccess(id -> port = deployed.get(0).actualPort());
  }

  int actualPort() {
    return port;
  }

  /** The HTTP verticles have stopped by now (children stop first); the workers stop in reverse, then the pool. */
  @Override
  public Future<?> stop() {
    Future<Void> stopped = Future.succeededFuture();
    for (int i = workers.size() - 1; i >= 0; i--) {
      stopped = stopped.eventually(workers.get(i)::stop);
    }
    return stopped.eventually(() -> pool.close()).eventually(() -> Storage.close(vertx, store));
  }

  private AllowList allowList() {
    try {
      return new AllowList(config.pullAllow(), config.captureFileRoot());
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** The key push URLs are sealed with: SECRET_KEY, or one generated once into DATA_DIR. */
  private Sealer sealer() {
    try {
      return Sealer.load(config.relay().secretKey(), config.dataDir().resolve("secret.key"));
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private MediaStore mediaStore() {
    try {
      return Storage.of(config);
    } catch (IOException e) {
      throw new StartupException("MEDIA_DIR " + config.mediaDir() + " cannot be created: " + e.getMessage(), e);
    }
  }
}
