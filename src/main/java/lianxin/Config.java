package lianxin;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the server reads from its environment, read once at start.
 *
 * @param port         HTTP port ({@code PORT}, 8080; 0 picks a free one)
 * @param dataDir      where the embedded database and media live ({@code DATA_DIR}, ./data)
 * @param databaseUrl  {@code DATABASE_URL} (postgresql://user:pass@host:port/db), or null for the embedded default
 * @param demo         load the demo rooms into an empty database ({@code DEMO}: on by default for the embedded
 *                     database, off for a {@code DATABASE_URL} unless DEMO=1)
 * @param webDir       static front-end files served at / ({@code WEB_DIR}, ./web/dist, else ./web)
 * @param adminPassword the first admin's password ({@code LIANXIN_ADMIN_PASSWORD}); generated and printed once if absent
 */
public record Config(int port, Path dataDir, String databaseUrl, boolean demo, Path webDir, String adminPassword) {

  public static Config fromEnv(Map<String, String> env) {
    String url = blankToNull(env.get("DATABASE_URL"));
    String demo = blankToNull(env.get("DEMO"));
    boolean demoOn = url == null ? !"0".equals(demo) : "1".equals(demo);
    return new Config(
      port(env.getOrDefault("PORT", "8080")),
      Path.of(env.getOrDefault("DATA_DIR", "data")).toAbsolutePath(),
      url,
      demoOn,
      webDir(env.get("WEB_DIR")),
      blankToNull(env.get("LIANXIN_ADMIN_PASSWORD")));
  }

  public boolean embedded() {
    return databaseUrl == null;
  }

  private static int port(String raw) {
    try {
      int port = Integer.parseInt(raw.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new StartupException("PORT must be a number from 0 to 65535, got '" + raw + "'");
  }

  private static Path webDir(String raw) {
    if (raw != null && !raw.isBlank()) {
      return Path.of(raw).toAbsolutePath();
    }
    Path built = Path.of("web", "dist");
    return (built.toFile().isDirectory() ? built : Path.of("web")).toAbsolutePath();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
