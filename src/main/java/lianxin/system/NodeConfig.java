package lianxin.system;

import java.util.Map;
import lianxin.StartupException;

/**
 * How one node uses its machine.
 *
 * @param httpInstances HTTP verticles serving the port ({@code HTTP_INSTANCES}, one per core; 1 to 64). They share the
 *                      node's one pool, response cache, change listener and background workers, which run once per node
 */
public record NodeConfig(int httpInstances) {

  public static final int MAX_INSTANCES = 64;

  public static NodeConfig defaults() {
    return new NodeConfig(Math.min(MAX_INSTANCES, Math.max(1, Runtime.getRuntime().availableProcessors())));
  }

  public static NodeConfig fromEnv(Map<String, String> env) {
    String raw = env.get("HTTP_INSTANCES");
    if (raw == null || raw.isBlank()) {
      return defaults();
    }
    try {
      int n = Integer.parseInt(raw.strip());
      if (n >= 1 && n <= MAX_INSTANCES) {
        return new NodeConfig(n);
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new StartupException("HTTP_INSTANCES must be a number from 1 to " + MAX_INSTANCES + ", got '" + raw.strip() + "'");
  }
}
