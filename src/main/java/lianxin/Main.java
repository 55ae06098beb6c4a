package lianxin;

import java.util.logging.Logger;

/** Starts Lianxin; a start-up that cannot go on ends with one line saying why. */
public final class Main {

  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  private Main() {
  }

  public static void main(String[] args) {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
    Server server;
    try {
      server = Server.start(Config.fromEnv(System.getenv()));
    } catch (StartupException e) {
      System.err.println("lianxin: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    // SIGTERM and Ctrl-C: stop taking requests, close the pool, then stop the embedded PostgreSQL cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "lianxin-shutdown"));
    LOG.info("Lianxin 连心 is serving on http://localhost:" + server.port());
  }
}
