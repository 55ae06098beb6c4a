package lianxin.relay;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import lianxin.db.JobDatabase;
import lianxin.net.AllowList;
import lianxin.net.Egress;
import lianxin.system.Worker;

/**
 * This node's relays: for each live episode the ingest hands over ({@link #start}), one {@link Pusher} per enabled
 * target of its room, until {@link #stop}. Every two seconds each live episode's targets are read again, so a target
 * added, changed, disabled or removed while live is started or stopped within seconds (on whichever node runs the
 * push). The routes of the room's targets and of an episode's push states are mounted from here.
 */
public final class Relays implements Worker {

  private static final Logger LOG = Logger.getLogger(Relays.class.getName());
  private static final long RECONCILE_MILLIS = 2000;

  private final Vertx vertx;
  private final Pusher.Tools tools;
  /**
   * Starting, stopping and re-reading run one at a time on this thread of the relays' own (they wait for the
   * database and for processes, and Vert.x's worker threads may not wait on a future).
   */
  private final ExecutorService control = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "relays");
    t.setDaemon(true);
    return t;
  });
  /** Live episodes of this node: touched only on {@link #control}. */
  private final Map<Long, Live> live = new HashMap<>();
  private long timer = -1;

  private record Live(long roomId, String source, Map<Long, Pusher> pushers) {
  }

  public Relays(Vertx vertx, Pool pool, Sealer sealer, AllowList allow, Egress egress, String ffmpeg, RelayConfig config) {
    this.vertx = vertx;
    this.tools = new Pusher.Tools(pool, sealer, allow, egress, ffmpeg, config.maxBackoff(), JobDatabase.node());
  }

  public void mount(Router router) {
    new RelayRoutes(tools.pool(), tools.sealer(), tools.allow()).mount(router);
  }

  /**
   * The episode is live on this node's ingest at {@code rtmpSource} (an rtmp:// URL on this node): push it to every
   * enabled target of the room. Starting an episode already running with the same source changes nothing; with
   * another source its pushes restart from it.
   */
  public Future<Void> start(long roomId, long episodeId, String rtmpSource) {
    return run(() -> {
      Live running = live.get(episodeId);
      if (running != null && running.source().equals(rtmpSource)) {
        return;
      }
      if (running != null) {
        stopAll(running);
      }
      Live started = new Live(roomId, rtmpSource, new HashMap<>());
      live.put(episodeId, started);
      reconcile(episodeId, started);
    });
  }

  /** The episode ended (or left this node): its pushes stop, their targets read off. */
  public Future<Void> stop(long episodeId) {
    return run(() -> {
      Live running = live.remove(episodeId);
      if (running != null) {
        stopAll(running);
      }
    });
  }

  @Override
  public Future<Void> start() {
    timer = vertx.setPeriodic(RECONCILE_MILLIS, id -> run(this::reconcileAll)
      .onFailure(e -> LOG.warning("relays: targets not re-read: " + e)));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return run(() -> {
      for (Live running : live.values()) {
        stopAll(running);
      }
      live.clear();
    }).eventually(() -> {
      control.shutdown();
      return Future.succeededFuture();
    });
  }

  private Future<Void> run(Runnable work) {
    return Future.fromCompletionStage(CompletableFuture.runAsync(work, control), vertx.getOrCreateContext());
  }

  private void reconcileAll() {
    for (Map.Entry<Long, Live> e : live.entrySet()) {
      reconcile(e.getKey(), e.getValue());
    }
  }

  /** Blocking: a pusher for each enabled target as stored now; a changed target's pusher replaced. */
  private void reconcile(long episodeId, Live running) {
    List<RelayTarget> targets = new ArrayList<>();
    tools.pool().preparedQuery(RelaySql.TARGETS).execute(Tuple.of(running.roomId())).await()
      .forEach(r -> targets.add(RelayTarget.from(r)));
    Map<Long, RelayTarget> wanted = new HashMap<>();
    targets.stream().filter(RelayTarget::enabled).forEach(t -> wanted.put(t.id(), t));
    for (Long id : List.copyOf(running.pushers().keySet())) {
      RelayTarget now = wanted.get(id);
      Pusher pusher = running.pushers().get(id);
      if (now == null || !now.updatedAt().equals(pusher.target.updatedAt())) {
        stopQuietly(pusher);
        running.pushers().remove(id);
      }
    }
    for (RelayTarget t : wanted.values()) {
      if (!running.pushers().containsKey(t.id())) {
        Pusher pusher = new Pusher(tools, episodeId, t, running.source());
        pusher.start();
        running.pushers().put(t.id(), pusher);
      }
    }
  }

  /** Blocking: all of an episode's pushes stopped at once, not one after another. */
  private static void stopAll(Live running) {
    List<Thread> stopping = new ArrayList<>();
    for (Pusher pusher : running.pushers().values()) {
      Thread t = new Thread(() -> stopQuietly(pusher));
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    running.pushers().clear();
  }

  private static void stopQuietly(Pusher pusher) {
    try {
      pusher.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
