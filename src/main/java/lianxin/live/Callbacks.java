package lianxin.live;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * nginx-rtmp's on_publish and on_publish_done: form posts ({@code app}, {@code name}, {@code clientid}, ...; the
 * publish URL's query arguments arrive as more fields of the same names). Only a request carrying the callback
 * secret is heard. A 2xx lets the publisher in; anything else (a refusal, an error, no answer) keeps it out.
 */
final class Callbacks {

  private static final Logger LOG = Logger.getLogger(Callbacks.class.getName());

  private final Live live;
  private final byte[] secret;
  private final String app;

  Callbacks(Live live, String secret, String app) {
    this.live = live;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.app = app;
  }

  void mount(Router router) {
    router.post(NginxConf.PUBLISH).handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::publish);
    router.post(NginxConf.PUBLISH_DONE).handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::done);
    router.post(NginxConf.PLAY).handler(BodyHandler.create(false).setBodyLimit(16 * 1024)).handler(this::play);
    router.route("/ingest/*").failureHandler(ctx -> {
      LOG.log(Level.WARNING, "ingest callback failed", ctx.failure());
      ctx.response().setStatusCode(ctx.statusCode() > 0 && ctx.statusCode() != 500 ? ctx.statusCode() : 403).end();
    });
  }

  private void publish(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String key = single(form, "name");
    if (!authentic(ctx) || key == null || !app.equals(single(form, "app")) || client(form) == null) {
      refuse(ctx, "publish refused before any lookup (secret, app, a name given once, client id)");
      return;
    }
    live.publish(key, client(form))
      .onSuccess(p -> ctx.response().setStatusCode(200).end())
      .onFailure(e -> refuse(ctx, e instanceof Publishes.Refused r ? r.reason.en() : e.toString()));
  }

  private void done(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String key = single(form, "name");
    if (!authentic(ctx) || key == null || client(form) == null) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    live.left(key, client(form))
      .onComplete(r -> {
        if (r.failed()) {
          LOG.log(Level.WARNING, "publish done: " + r.cause().getMessage());
        }
        ctx.response().setStatusCode(200).end();
      });
  }

  /** A reader of this node's nginx (loopback only, by its configuration) began to play: always allowed. */
  private void play(RoutingContext ctx) {
    if (!authentic(ctx)) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    String key = single(form, "name");
    String reader = single(form, LocalStreams.READER);
    if (key != null && reader != null) {
      live.readerPlays(key, reader);
    }
    ctx.response().setStatusCode(200).end();
  }

  /** Compared in constant time. */
  private boolean authentic(RoutingContext ctx) {
    List<String> given = ctx.queryParam("secret");
    return given.size() == 1 && MessageDigest.isEqual(secret, given.get(0).getBytes(StandardCharsets.UTF_8));
  }

  /** A field given exactly once: a second {@code name} from the publish URL's query is a refusal, not a choice. */
  private static String single(MultiMap form, String field) {
    List<String> values = form.getAll(field);
    return values.size() == 1 && values.get(0).length() <= 200 ? values.get(0) : null;
  }

  private static String client(MultiMap form) {
    String id = single(form, "clientid");
    return id != null && id.matches("[A-Za-z0-9_.-]{1,100}") ? id : null;
  }

  private static void refuse(RoutingContext ctx, String why) {
    LOG.info("RTMP publish refused: " + why);
    ctx.response().setStatusCode(403).end();
  }
}
