package lianxin.live;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import lianxin.Config;
import lianxin.StartupException;

/**
 * RTMP ingest settings, read once at start.
 *
 * @param rtmpPort       where this node's own nginx-rtmp listens for publishers ({@code RTMP_PORT}, 1935; 0 picks a
 *                       free port, for tests)
 * @param external       the publish address of an nginx-rtmp run by the operator ({@code RTMP_EXTERNAL}, e.g.
 *                       {@code rtmp://live.example.org/live}); null: this node starts its own nginx. The same
 *                       address, with the stream key, is where this node reads the stream from
 * @param grace          how long a publisher may be gone before the episode ends ({@code LIVE_GRACE}, 2m; 5s to 1h)
 * @param callbackSecret what nginx's callbacks must carry ({@code RTMP_CALLBACK_SECRET}); needed with
 *                       {@code RTMP_EXTERNAL}, generated per start for the node's own nginx when unset
 * @param secretKey      the secret stream keys are derived from ({@code SECRET_KEY}); null: one is generated once
 *                       into {@code DATA_DIR/ingest.key}. Nodes sharing a database must share it
 */
public record LiveConfig(int rtmpPort, String external, Duration grace, String callbackSecret, String secretKey) {

  public static final int DEFAULT_RTMP_PORT = 1935;
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);
  /** For servers built in code (tests): the node's own nginx on a free port. */
  public static final LiveConfig EMBEDDED_ANY_PORT = new LiveConfig(0, null, DEFAULT_GRACE, null, null);

  public static LiveConfig fromEnv(Map<String, String> env) {
    String external = blankToNull(env.get("RTMP_EXTERNAL"));
    String secret = blankToNull(env.get("RTMP_CALLBACK_SECRET"));
    if (external != null) {
      URI uri = URI.create(external);
      if (!"rtmp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
        throw new StartupException("RTMP_EXTERNAL must be an rtmp:// address with a host and an application, such as "
          + "rtmp://live.example.org/live, got '" + external + "'");
      }
      if (secret == null || secret.length() < 16) {
        throw new StartupException("RTMP_EXTERNAL needs RTMP_CALLBACK_SECRET (at least 16 characters), the secret its "
          + "on_publish callbacks carry; see docs/live.md");
      }
      external = external.replaceAll("/+$", "");
    }
    if (secret != null && !secret.matches("[A-Za-z0-9_-]{16,200}")) {
      throw new StartupException("RTMP_CALLBACK_SECRET must be 16 to 200 letters, digits, '-' or '_'");
    }
    String key = blankToNull(env.get("SECRET_KEY"));
    if (key != null && key.length() < 16) {
      throw new StartupException("SECRET_KEY must be at least 16 characters");
    }
    return new LiveConfig(port(blankToNull(env.get("RTMP_PORT"))), external,
      Config.duration("LIVE_GRACE", blankToNull(env.get("LIVE_GRACE")), DEFAULT_GRACE, Duration.ofSeconds(5), Duration.ofHours(1)),
      secret, key);
  }

  private static int port(String raw) {
    if (raw == null) {
      return DEFAULT_RTMP_PORT;
    }
    try {
      int port = Integer.parseInt(raw);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new StartupException("RTMP_PORT must be a number from 0 to 65535, got '" + raw + "'");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
