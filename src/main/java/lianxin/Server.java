package lianxin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import lianxin.db.Databases;
import lianxin.db.EmbeddedDatabase;
import lianxin.db.Migrations;

/** One Lianxin node: its database (embedded or not), migrations, its shared parts and its HTTP verticles. */
public final class Server {

  private static final Logger LOG = Logger.getLogger(Server.class.getName());

  private final Vertx vertx;
  private final EmbeddedDatabase embedded;
  private final int port;

  private Server(Vertx vertx, EmbeddedDatabase embedded, int port) {
    this.vertx = vertx;
    this.embedded = embedded;
    this.port = port;
  }

  public static Server start(Config config) {
    checkDataDir(config);
    EmbeddedDatabase embedded = config.embedded() ? EmbeddedDatabase.start(config.dataDir().resolve("pg")) : null;
    Vertx vertx = null;
    try {
      PgConnectOptions db = Databases.options(embedded != null ? embedded.url() : config.databaseUrl());
      int applied = Migrations.apply(db);
      if (applied > 0) {
        LOG.info("applied " + applied + " database migration(s)");
      }
      vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
      NodeVerticle node = new NodeVerticle(config, db);
      await(vertx.deployVerticle(node), config);
      return new Server(vertx, embedded, node.actualPort());
    } catch (RuntimeException e) {
      if (vertx != null) {
        vertx.close();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw e instanceof StartupException ? e : new StartupException(describe(e), e);
    }
  }

  public int port() {
    return port;
  }

  public void stop() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warning("HTTP server did not close cleanly: " + e);
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  private static void await(Future<?> future, Config config) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.net.BindException) {
        throw new StartupException("port " + config.port() + " is already in use; stop the other program or set PORT", cause);
      }
      throw cause instanceof StartupException s ? s : new StartupException(describe(cause), cause);
    } catch (Exception e) {
      throw new StartupException("the server did not start within 60 s: " + e, e);
    }
  }

  private static void checkDataDir(Config config) {
    try {
      Files.createDirectories(config.dataDir());
    } catch (IOException | SecurityException e) {
      throw new StartupException("DATA_DIR " + config.dataDir() + " cannot be created: " + e.getMessage(), e);
    }
    if (!Files.isWritable(config.dataDir())) {
      throw new StartupException("DATA_DIR " + config.dataDir() + " is not writable; set DATA_DIR to a folder you can write");
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (root instanceof java.net.ConnectException || message.contains("Connection refused")) {
      return "cannot reach the database in DATABASE_URL: " + message;
    }
    if (message.contains("password authentication failed") || message.contains("does not exist")) {
      return "the database in DATABASE_URL refused us: " + message;
    }
    return message;
  }
}
