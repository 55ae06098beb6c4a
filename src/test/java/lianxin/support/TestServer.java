package lianxin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lianxin.Config;
import lianxin.Server;

/** One Lianxin node on a free port over {@link TestDb}, shared by the HTTP tests. Tests seed their own rows. */
public final class TestServer {

  public static final String ADMIN_PASSWORD = "test-admin-password";

  private static Server server;
  private static Path data;

  private TestServer() {
  }

  public static synchronized int port() {
    if (server == null) {
      try {
        data = Files.createTempDirectory("lianxin-test-data");
        // Tests pull from servers on loopback, which the allow-list refuses unless told.
        server = Server.start(new Config(0, data, TestDb.url(), false, Path.of("web", "dist").toAbsolutePath(), ADMIN_PASSWORD,
          java.util.List.of("127.0.0.0/8", "localhost"))
          // Tests claim replay seconds faster than they pass; PlayAllowanceTest and PlayInflationTest check the rule.
          .withPlaysGrace(86_400));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
    return server.port();
  }

  /** The shared node's MEDIA_DIR (its default, DATA_DIR/media), for tests that put files where an operator would. */
  public static synchronized Path mediaDir() {
    port();
    return data.resolve("media");
  }
}
