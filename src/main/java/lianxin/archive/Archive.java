package lianxin.archive;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** The archive pipeline of one node: its routes, media serving, progress notices and job runner. */
public final class Archive {

  private final Vertx vertx;
  private final ArchiveRoutes routes;
  private final MediaRoutes media;
  private final Imports imports;
  private final RecordingEvents events;
  private final Pipeline pipeline;
  private final Pool pool;
  private final PgConnectOptions db;
  private final int transcodes;
  private final lianxin.Config config;
  private final Capturer capturer;
  private final PullAllow allow;
  private final Resumable resumable;
  private Jobs jobs;
  private Captures captures;

  public Archive(Vertx vertx, Pool pool, PgConnectOptions db, lianxin.Config config) {
    this.vertx = vertx;
    this.config = config;
    Path mediaDir = config.mediaDir();
    long uploadLimit = config.uploadLimit();
    try {
      this.allow = new PullAllow(config.pullAllow());
    } catch (IllegalArgumentException e) {
      throw new lianxin.StartupException(e.getMessage(), e);
    }
    MediaStore store;
    try {
      store = new LocalMediaStore(mediaDir);
    } catch (IOException e) {
      throw new UncheckedIOException("MEDIA_DIR " + mediaDir + " cannot be created: " + e.getMessage(), e);
    }
    this.routes = new ArchiveRoutes(vertx, pool, store, uploadLimit, allow);
    this.resumable = new Resumable(vertx, pool, store, uploadLimit);
    this.media = new MediaRoutes(vertx, store);
    this.imports = new Imports(vertx, pool, store);
    this.events = new RecordingEvents(vertx, db);
    Tools tools = Tools.fromEnv(System.getenv());
    this.pipeline = new Pipeline(pool, store, tools, new Pull(tools, uploadLimit, allow));
    this.capturer = new Capturer(pool, store, tools, allow, Jobs.node());
    this.pool = pool;
    this.db = db;
    this.transcodes = config.transcodes();
  }

  /** Which hosts pulls and captures may reach (for the rooms' capture sources). */
  public PullAllow allow() {
    return allow;
  }

  /** Routes that must see the request before the JSON body handler (uploads stream their body). */
  public void mountUploads(Router router) {
    routes.mountUploads(router);
    resumable.mountChunks(router);
  }

  public void mount(Router router) {
    routes.mount(router);
    imports.mount(router);
    new CaptureRoutes(pool).mount(router);
    resumable.mount(router);
    media.mount(router);
  }

  public Future<Void> start() {
    // The scheduler connects over JDBC as it is built and started: a worker's job, not the event loop's.
    return events.start().compose(v -> vertx.executeBlocking(() -> {
      jobs = new Jobs(db, pipeline, pool, transcodes);
      jobs.start();
      captures = new Captures(vertx, pool, Jobs.dataSource(db), capturer, config.captureLead(), config.captureGrace(), Jobs.node());
      captures.start();
      return null;
    }, false)).mapEmpty();
  }

  public Future<Void> stop() {
    return vertx.executeBlocking(() -> {
      if (captures != null) {
        captures.stop();
      }
      if (jobs != null) {
        jobs.stop();
      }
      return null;
    }, false).compose(v -> events.stop());
  }
}
