package lianxin.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import lianxin.StartupException;

/** The embedded default: a real PostgreSQL in DATA_DIR/pg, kept between runs. */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dir) {
    stopOrphan(dir);
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        // Chinese search needs a UTF-8 ctype: pg_trgm makes no trigrams of CJK text under ctype C.
        .setLocaleConfig("encoding", "UTF8")
        .setLocaleConfig("locale", "C.UTF-8")
        .setServerConfig("listen_addresses", "localhost")
        .setServerConfig("max_connections", "100")
        // PostgreSQL's 128 MB default holds the search index of a few thousand episodes; a city's 100,000 need
        // about 400 MB to be searched from memory (scripts/bench search).
        .setServerConfig("shared_buffers", "512MB")
        // zonky starts PostgreSQL with -F and synchronous_commit=off, fine for throwaway test databases;
        // this one is the system of record, so every committed write reaches the disk.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        // The node stops PostgreSQL itself, after its graceful stop has written what it holds (replay beacons);
        // zonky's own shutdown hook would run at the same time and cut those writes off.
        .setRegisterShutdownHook(false)
        .start();
      return new EmbeddedDatabase(postgres);
    } catch (IOException | RuntimeException e) {
      throw new StartupException("embedded PostgreSQL did not start in " + dir + ": " + rootMessage(e), e);
    }
  }

  /**
   * A server killed with SIGKILL leaves its postgres running on our data folder, which would refuse a second
   * postmaster. Stop that one first (SIGTERM: PostgreSQL's smart shutdown, its clients are gone anyway).
   */
  private static void stopOrphan(Path dir) {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
        .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false));
      if (orphan.isPresent()) {
        LOG.warning("stopping PostgreSQL " + pid + " left running on " + dir + " by an earlier run");
        orphan.get().destroy();
        orphan.get().onExit().get(30, TimeUnit.SECONDS);
      }
    } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new StartupException("a PostgreSQL from an earlier run still holds " + dir + " and did not stop: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while stopping an earlier PostgreSQL on " + dir, e);
    }
  }

  public String url() {
    return "postgresql://postgres:postgres@localhost:" + postgres.getPort() + "/postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new IllegalStateException("embedded PostgreSQL did not stop cleanly", e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
