package lianxin.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import lianxin.capture.LiveCapture;
import lianxin.db.Tx;
import lianxin.media.MediaStore;

/**
 * Every second on every node: beat for the publishers held here; end the episodes whose publisher stayed away past
 * the grace (one node wins each, by the row lock: the timer is the rows, so it survives the loss of any node);
 * let go of episodes ended elsewhere; and make the recording of one ended session, leased so that a node dying
 * mid-way hands it on.
 */
final class LiveSweep {

  private static final Logger LOG = Logger.getLogger(LiveSweep.class.getName());
  static final long TICK_MILLIS = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private final MediaStore store;
  private final LiveCapture capture;
  private final LocalStreams streams;
  private final Duration grace;
  private final String node;
  private final LongConsumer ended;
  private long timer = -1;
  private boolean busy;
  private boolean finishing;

  LiveSweep(Vertx vertx, Pool pool, MediaStore store, LiveCapture capture, LocalStreams streams, Duration grace,
            String node, LongConsumer ended) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
    this.capture = capture;
    this.streams = streams;
    this.grace = grace;
    this.node = node;
    this.ended = ended;
  }

  void start() {
    timer = vertx.setPeriodic(TICK_MILLIS, t -> tick());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void tick() {
    if (busy) {
      return;
    }
    busy = true;
    beat().compose(v -> expire()).compose(v -> letGo())
      .onFailure(e -> LOG.log(Level.WARNING, "live sweep: " + e.getMessage()))
      .onComplete(r -> {
        busy = false;
        finish();
      });
  }

  private Future<Void> beat() {
    Set<Long> here = streams.publishing();
    return here.isEmpty() ? Future.succeededFuture()
      : pool.preparedQuery(LiveSql.BEAT).execute(Tuple.tuple().addString(node).addArrayOfLong(here.toArray(Long[]::new))).mapEmpty();
  }

  private Future<Void> expire() {
    return Tx.as(pool, null, conn -> conn.preparedQuery(LiveSql.EXPIRE)
      .execute(Tuple.of(Publishes.seconds(grace), Publishes.seconds(grace.plus(Publishes.SILENCE))))
      .compose(rows -> {
        List<Tuple> ends = new ArrayList<>();
        for (Row r : rows) {
          ends.add(Tuple.of(r.getLong("episode_id"), r.getOffsetDateTime("last_seen"), r.getBoolean("unscheduled")));
          LOG.info("live: episode " + r.getLong("episode_id") + " ends (its publisher stayed away " + grace + ")");
        }
        return ends.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(LiveSql.END_EPISODE).executeBatch(ends).mapEmpty();
      }));
  }

  /** Episodes this node had a part in that have ended (here or on another node). */
  private Future<Void> letGo() {
    Set<Long> known = streams.known();
    if (known.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(LiveSql.ENDED).execute(Tuple.tuple().addArrayOfLong(known.toArray(Long[]::new))).map(rows -> {
      for (Row r : rows) {
        streams.forget(r.getLong("episode_id"));
        ended.accept(r.getLong("episode_id"));
      }
      return null;
    });
  }

  /** One ended session's recording at a time per node, off the event loop. */
  private void finish() {
    if (finishing) {
      return;
    }
    finishing = true;
    pool.preparedQuery(LiveSql.CLAIM_FINISH).execute()
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture();
        }
        long episode = rows.iterator().next().getLong("episode_id");
        // On a thread of our own: the capture code waits for the database (Future.await), which Vert.x's own
        // worker threads may not.
        return streams.blocking(() -> {
          Long id = capture.ofEpisode(episode);
          if (id != null) {
            capture.finish(id);
          }
          store.delete(LocalStreams.hlsKey(episode));
          return null;
        }).compose(v -> pool.preparedQuery(LiveSql.FINISHED).execute(Tuple.of(episode)))
          .onSuccess(v -> LOG.info("live: episode " + episode + "'s recording is on the archive's queue"));
      })
      .onFailure(e -> LOG.log(Level.WARNING, "live: making a recording failed; another try after the lease", e))
      .onComplete(r -> finishing = false);
  }
}
