package lianxin.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import lianxin.StartupException;

/**
 * The embedded default: a real PostgreSQL in DATA_DIR/pg, kept between runs. Only this server can use it: it listens
 * on localhost TCP only (no Unix socket), and every connection proves a password generated at the first start and
 * kept in DATA_DIR/pg.password (mode 0600) with scram-sha-256. A data folder from before, which trusted every local
 * connection, is given the password and switched over at its next start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
  private static final String HBA = String.join("\n",
    "# Lianxin: every connection proves the password in DATA_DIR/pg.password (scram-sha-256); no socket, localhost only.",
    "host all all 127.0.0.1/32 scram-sha-256",
    "host all all ::1/128 scram-sha-256",
    "host replication all 127.0.0.1/32 scram-sha-256",
    "host replication all ::1/128 scram-sha-256",
    "");

  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  public static EmbeddedDatabase start(Path dir) {
    stopOrphan(dir);
    String password = password(dir.resolveSibling(dir.getFileName() + ".password"));
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        // Chinese search needs a UTF-8 ctype: pg_trgm makes no trigrams of CJK text under ctype C.
        .setLocaleConfig("encoding", "UTF8")
        .setLocaleConfig("locale", "C.UTF-8")
        .setServerConfig("listen_addresses", "localhost")
        // No Unix socket: other local users cannot reach it through a world-writable folder.
        .setServerConfig("unix_socket_directories", "")
        .setConnectConfig("password", password)
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
      requirePassword(postgres, dir, password);
      return new EmbeddedDatabase(postgres, password);
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
    return "postgresql://postgres:" + password + "@localhost:" + postgres.getPort() + "/postgres";
  }

  /** The superuser's password: read from {@code file}, or made (random, 0600) at the first start. */
  private static String password(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.createDirectories(file.getParent());
      Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
        password + "\n");
      return password;
    } catch (IOException e) {
      throw new StartupException("the embedded database's password file " + file + " cannot be read or made: " + e.getMessage(), e);
    }
  }

  /**
   * A data folder that still trusts local connections (made by initdb here, or by an earlier version) gets the
   * password and a pg_hba.conf that asks for it; PostgreSQL reloads it at once. Idempotent.
   */
  private static void requirePassword(EmbeddedPostgres postgres, Path dir, String password) throws IOException {
    Path hba = dir.resolve("pg_hba.conf");
    if (Files.readString(hba).equals(HBA)) {
      return;
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
      st.execute("SET password_encryption = 'scram-sha-256'");
      // The password is base64url, so it needs no quoting beyond the literal's.
      st.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
      Files.writeString(hba, HBA);
      st.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new StartupException("the embedded database in " + dir + " could not be given its password: " + e.getMessage(), e);
    }
    LOG.info("embedded PostgreSQL in " + dir + " now asks for its password (kept in " + dir.getFileName() + ".password)");
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
