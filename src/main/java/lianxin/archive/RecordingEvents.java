package lianxin.archive;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.logging.Logger;

/**
 * Progress from whichever node runs a job: triggers NOTIFY {@code lianxin_recordings} with the recording's
 * state; this node LISTENs and republishes each on its local event bus as {@code recording.<id>}.
 */
final class RecordingEvents {

  static final String CHANNEL = "lianxin_recordings";
  private static final Logger LOG = Logger.getLogger(RecordingEvents.class.getName());

  private final PgSubscriber subscriber;

  RecordingEvents(Vertx vertx, PgConnectOptions db) {
    subscriber = PgSubscriber.subscriber(vertx, db).reconnectPolicy(attempt -> 1000L);
    subscriber.channel(CHANNEL).handler(payload -> {
      JsonObject event = new JsonObject(payload);
      vertx.eventBus().publish(address(event.getLong("id")), event);
    });
    subscriber.closeHandler(v -> LOG.warning("recording progress notices stopped; reconnecting"));
  }

  static String address(long id) {
    return "recording." + id;
  }

  Future<Void> start() {
    return subscriber.connect();
  }

  Future<Void> stop() {
    return subscriber.close();
  }
}
