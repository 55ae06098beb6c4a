package lianxin.cache;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import java.util.logging.Logger;
import lianxin.system.Worker;

/**
 * Listens on PostgreSQL's {@code lianxin_changes} channel, fed by triggers on every committed change, and
 * drops the cache entries it names. A reconnect drops everything, since notices may have been missed.
 */
public final class ChangeListener implements Worker {

  public static final String CHANNEL = "lianxin_changes";
  private static final Logger LOG = Logger.getLogger(ChangeListener.class.getName());

  private final PgSubscriber subscriber;

  public ChangeListener(Vertx vertx, PgConnectOptions options, ResponseCache cache) {
    this.subscriber = PgSubscriber.subscriber(vertx, options)
      .reconnectPolicy(attempt -> 1000L);
    subscriber.channel(CHANNEL)
      .subscribeHandler(v -> cache.invalidateAll())
      // A notice names one room (or "orgs"); replay flushes name several, comma-separated.
      .handler(payload -> cache.invalidate(List.of(payload.split(","))));
    subscriber.closeHandler(v -> {
      LOG.warning("change notices stopped; caches are cleared and reconnection is under way");
      cache.invalidateAll();
    });
  }

  @Override
  public Future<Void> start() {
    return subscriber.connect();
  }

  @Override
  public Future<Void> stop() {
    return subscriber.close();
  }
}
