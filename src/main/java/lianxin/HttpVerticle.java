package lianxin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lianxin.archive.Archive;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.auth.Access;
import lianxin.auth.AuditRoutes;
import lianxin.auth.Authenticator;
import lianxin.auth.Bootstrap;
import lianxin.auth.SessionRoutes;
import lianxin.auth.TokenRoutes;
import lianxin.auth.UserRoutes;
import lianxin.cache.ChangeListener;
import lianxin.cache.ResponseCache;
import lianxin.calendar.CalendarRoutes;
import lianxin.capture.Capture;
import lianxin.db.Databases;
import lianxin.demo.DemoData;
import lianxin.http.Failures;
import lianxin.http.SecurityHeaders;
import lianxin.media.MediaRoutes;
import lianxin.media.MediaStore;
import lianxin.media.Storage;
import lianxin.metrics.FollowerRoutes;
import lianxin.metrics.MetricRoutes;
import lianxin.metrics.PlayRoutes;
import lianxin.net.AllowList;
import lianxin.net.Egress;
import lianxin.org.OrgRoutes;
import lianxin.people.PeopleRoutes;
import lianxin.room.RoomRoutes;
import lianxin.schedule.AirSweep;
import lianxin.schedule.EpisodeRoutes;
import lianxin.search.Indexer;
import lianxin.search.PodcastRoutes;
import lianxin.search.SearchRoutes;
import lianxin.search.TranscriptRoutes;
import lianxin.stats.OverviewRoutes;
import lianxin.stats.Rollup;
import lianxin.system.SystemRoutes;
import lianxin.system.Worker;
import lianxin.web.WebRoutes;

/**
 * The HTTP API and the static front-end of one node, and its background workers. Each feature mounts its own
 * routes, each route with its own body limit ({@code http.Bodies}); only the shared front (security headers, who
 * is asking, writes need a user) comes before them, and the failure handler and the 404 after.
 */
final class HttpVerticle extends VerticleBase {

  private final Config config;
  private final PgConnectOptions db;
  /** Started in this order before the server listens, stopped in reverse after it has finished its requests. */
  private final List<Worker> workers = new ArrayList<>();
  private Pool pool;
  private MediaStore store;
  private HttpServer server;

  HttpVerticle(Config config, PgConnectOptions db) {
    this.config = config;
    this.db = db;
  }

  @Override
  public Future<?> start() {
    pool = Databases.pool(vertx, db, 16);
    ResponseCache cache = new ResponseCache(context, 20_000, Duration.ofSeconds(30));
    AllowList allow = allowList();
    store = mediaStore();
    FfmpegRunner ffmpeg = new FfmpegRunner(config.ffmpeg(), config.ffprobe());
    Egress egress = new Egress(vertx, allow);
    Archive archive = new Archive(vertx, pool, db, store, ffmpeg, allow, egress, config.uploadLimit(), config.transcodes(),
      config.uploadExpiry());
    Capture capture = new Capture(vertx, pool, db, store, ffmpeg, allow, egress, config.captureLead(), config.captureGrace());
    PlayRoutes plays = new PlayRoutes(vertx, pool, config.playsPerAddress(), config.playsFlush(), config.playsGrace());
    workers.addAll(List.of(new ChangeListener(vertx, db, cache), egress, archive, capture, new Indexer(vertx, pool, db),
      new Rollup(vertx, pool), plays, new AirSweep(vertx, pool, config.captureGrace())));

    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::add);
    router.route("/api/*").handler(new Authenticator(pool));
    router.route("/api/*").handler(Access.signedInForWrites());
    SystemRoutes system = new SystemRoutes(pool);
    system.mount(router);
    new OrgRoutes(pool, cache).mount(router);
    new RoomRoutes(pool, cache, allow).mount(router);
    new PeopleRoutes(pool).mount(router);
    new EpisodeRoutes(pool, cache, config.captureGrace()).mount(router);
    new CalendarRoutes(pool, cache).mount(router);
    new SessionRoutes(vertx, pool).mount(router);
    new UserRoutes(vertx, pool).mount(router);
    new TokenRoutes(pool).mount(router);
    new AuditRoutes(pool).mount(router);
    archive.mount(router);
    capture.mount(router);
    new FollowerRoutes(pool, cache).mount(router);
    new MetricRoutes(pool, cache).mount(router);
    plays.mount(router);
    new OverviewRoutes(pool, cache).mount(router);
    new SearchRoutes(pool, cache).mount(router);
    new TranscriptRoutes(vertx, pool, cache, store).mount(router);
    new PodcastRoutes(vertx, pool, cache, store).mount(router);
    router.route("/api/*").failureHandler(Failures::handle);
    router.route("/api/*").handler(ctx -> ctx.fail(404));
    new MediaRoutes(vertx, store).mount(router);
    new WebRoutes(config.webDir(), vertx, pool).mount(router);
    system.documentRoutes(router);

    Future<Void> started = Storage.ready(vertx, store)
      .compose(v -> Bootstrap.admin(vertx, pool, config.adminPassword()))
      .compose(v -> DemoData.loadIfWanted(config, pool));
    for (Worker worker : workers) {
      started = started.compose(v -> worker.start());
    }
    return started
      .compose(v -> vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(router)
        .listen(config.port()))
      .onSuccess(s -> server = s);
  }

  int actualPort() {
    return server.actualPort();
  }

  /**
   * Graceful: stop accepting, let requests in flight finish (their writes commit), then stop the workers in reverse
   * order (the replay beacons still held are written), then close the pool.
   */
  @Override
  public Future<?> stop() {
    Future<Void> stopped = server == null ? Future.succeededFuture() : server.shutdown(10, TimeUnit.SECONDS);
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

  private MediaStore mediaStore() {
    try {
      return Storage.of(config);
    } catch (IOException e) {
      throw new StartupException("MEDIA_DIR " + config.mediaDir() + " cannot be created: " + e.getMessage(), e);
    }
  }
}
