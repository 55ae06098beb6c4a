package lianxin.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every few seconds, this node measures each stream published to it ({@link IngestHealth}) and writes the figures
 * into the episode's live session, where the host desk reads them from any node.
 */
final class HealthWatch {

  private static final Logger LOG = Logger.getLogger(HealthWatch.class.getName());
  static final long EVERY_MS = 5_000;

  private final Vertx vertx;
  private final Pool pool;
  private final LocalStreams streams;
  private final String node;
  private long timer = -1;
  private boolean running;

  HealthWatch(Vertx vertx, Pool pool, LocalStreams streams, String node) {
    this.vertx = vertx;
    this.pool = pool;
    this.streams = streams;
    this.node = node;
  }

  void start() {
    timer = vertx.setPeriodic(EVERY_MS, t -> round());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  /** One round over this node's publishes; a round still going (slow ffprobe) skips the next. */
  private void round() {
    if (running) {
      return;
    }
    running = true;
    List<Future<?>> writes = new ArrayList<>();
    for (long episode : streams.publishing()) {
      writes.add(streams.blocking(() -> streams.health(episode))
        .compose(health -> health == null ? Future.succeededFuture()
          : pool.preparedQuery(LiveSql.WRITE_HEALTH).execute(Tuple.of(episode, health, node)))
        .onFailure(e -> LOG.log(Level.FINE, "live " + episode + ": health not measured", e)));
    }
    Future.join(writes).onComplete(done -> running = false);
  }
}
