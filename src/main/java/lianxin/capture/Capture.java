package lianxin.capture;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.db.JobDatabase;
import lianxin.media.MediaStore;
import lianxin.net.AllowList;
import lianxin.net.Egress;
import lianxin.system.Worker;

/**
 * Recording rooms' live sources on this node: the planner and its job runner (a worker), and the route that shows an
 * episode's capture. A finished capture becomes a recording on the archive's queue.
 */
public final class Capture implements Worker {

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions db;
  private final CaptureRecorder recorder;
  private final Duration lead;
  private final Duration grace;
  private CapturePlanner planner;

  public Capture(Vertx vertx, Pool pool, PgConnectOptions db, MediaStore store, FfmpegRunner ffmpeg, AllowList allow,
                 Egress egress, Duration lead, Duration grace) {
    this.vertx = vertx;
    this.pool = pool;
    this.db = db;
    this.recorder = new CaptureRecorder(pool, store, ffmpeg, allow, egress, JobDatabase.node());
    this.lead = lead;
    this.grace = grace;
  }

  public void mount(Router router) {
    new CaptureRoutes(pool).mount(router);
  }

  /** The scheduler connects over JDBC as it is built and started: a worker thread's job, not the event loop's. */
  @Override
  public Future<Void> start() {
    return vertx.executeBlocking(() -> {
      planner = new CapturePlanner(vertx, pool, JobDatabase.dataSource(db), recorder, lead, grace);
      planner.start();
      return null;
    }, false).mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    return planner == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      planner.stop();
      return null;
    }, false).mapEmpty();
  }
}
