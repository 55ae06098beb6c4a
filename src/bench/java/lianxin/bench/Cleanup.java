package lianxin.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Stops wrk, the server (SIGTERM) and PostgreSQL and deletes the temp dir; runs once, from finally or the hook. */
final class Cleanup implements Runnable {
  final Path dir;
  final Wrk wrk;
  volatile ServerProcess server;
  volatile EmbeddedPostgres pg;
  private boolean done;

  Cleanup(Path dir, Wrk wrk) {
    this.dir = dir;
    this.wrk = wrk;
  }

  @Override
  public synchronized void run() {
    if (done) {
      return;
    }
    done = true;
    wrk.stop();
    try {
      if (server != null) {
        server.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (pg != null) {
        pg.close();
      }
    } catch (IOException e) {
      System.err.println("bench: PostgreSQL did not stop cleanly: " + e);
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("bench: could not delete " + dir + ": " + e);
    }
  }
}
