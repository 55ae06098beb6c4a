package lianxin.archive;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.archive.intake.Imports;
import lianxin.archive.intake.IntakeRoutes;
import lianxin.archive.intake.Resumable;
import lianxin.archive.intake.UploadSweep;
import lianxin.archive.job.Jobs;
import lianxin.archive.job.Pipeline;
import lianxin.archive.job.Pull;
import lianxin.db.JobDatabase;
import lianxin.media.MediaStore;
import lianxin.net.AllowList;
import lianxin.net.Egress;
import lianxin.system.Worker;

/**
 * The archive of one node: the routes by which recordings arrive ({@code intake}) and are followed, retried and
 * deleted, and, as a worker, the job runner ({@code job}) and the progress notices from every node.
 */
public final class Archive implements Worker {

  private static final Logger LOG = Logger.getLogger(Archive.class.getName());

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions db;
  private final MediaStore store;
  private final long uploadLimit;
  private final int transcodes;
  private final AllowList allow;
  private final Pipeline pipeline;
  private final RecordingEvents events;
  private final Duration uploadExpiry;
  private final UploadSweep sweep;
  private Jobs jobs;

  public Archive(Vertx vertx, Pool pool, PgConnectOptions db, MediaStore store, FfmpegRunner ffmpeg, AllowList allow,
                 Egress egress, long uploadLimit, int transcodes, Duration uploadExpiry) {
    this.vertx = vertx;
    this.pool = pool;
    this.db = db;
    this.store = store;
    this.allow = allow;
    this.uploadLimit = uploadLimit;
    this.transcodes = transcodes;
    this.pipeline = new Pipeline(pool, store, ffmpeg, new Pull(ffmpeg, uploadLimit, allow, egress));
    this.events = new RecordingEvents(vertx, db);
    this.uploadExpiry = uploadExpiry;
    this.sweep = new UploadSweep(vertx, pool, store, uploadExpiry);
  }

  public void mount(Router router) {
    new IntakeRoutes(vertx, pool, store, uploadLimit, allow).mount(router);
    new Resumable(vertx, pool, store, uploadLimit, uploadExpiry).mount(router);
    new Imports(vertx, pool, store).mount(router);
    new RecordingRoutes(vertx, pool, store).mount(router);
  }

  /**
   * The scheduler connects over JDBC as it is built and started: a worker thread's job, not the event loop's. Then
   * this node sweeps the uploads' leftovers once (a killed node's, before any client comes back to them); from then
   * on the scheduler's recurring task sweeps every ten minutes on whichever node picks it up.
   */
  @Override
  public Future<Void> start() {
    return events.start().compose(v -> vertx.executeBlocking(() -> {
      jobs = new Jobs(JobDatabase.dataSource(db), pipeline, pool, transcodes, List.of(sweep.task()));
      jobs.start();
      return null;
    }, false)).compose(v -> sweep.run()
      .onFailure(e -> LOG.log(Level.WARNING, "upload sweep at start failed (the recurring one tries again): " + e.getMessage(), e))
      .<Void>mapEmpty()
      .otherwiseEmpty());
  }

  @Override
  public Future<Void> stop() {
    Future<Void> stopped = jobs == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      jobs.stop();
      return null;
    }, false).mapEmpty();
    return stopped.compose(v -> events.stop());
  }
}
