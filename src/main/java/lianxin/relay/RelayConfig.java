package lianxin.relay;

import java.time.Duration;
import java.util.Map;

/**
 * The relays' settings, read once with the rest of {@code lianxin.Config}.
 *
 * @param secretKey  {@code SECRET_KEY}: the key push URLs are sealed with (32 bytes as 64 hex digits or base64, or a
 *                   passphrase of at least 16 characters, hashed); null: a key generated once into
 *                   {@code DATA_DIR/secret.key} (mode 0600). Several nodes sharing a database must share it.
 * @param maxBackoff {@code RELAY_MAX_BACKOFF} (30s): the longest wait between a target's reconnect attempts; the
 *                   wait doubles from one second up to it while the platform keeps failing
 */
public record RelayConfig(String secretKey, Duration maxBackoff) {

  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

  public static RelayConfig defaults() {
    return new RelayConfig(null, DEFAULT_MAX_BACKOFF);
  }

  /** Throws IllegalArgumentException (the caller makes it a start-up failure) naming the bad variable. */
  public static RelayConfig fromEnv(Map<String, String> env) {
    String secret = env.get("SECRET_KEY");
    String backoff = env.get("RELAY_MAX_BACKOFF");
    return new RelayConfig(secret == null || secret.isBlank() ? null : secret.strip(),
      backoff == null || backoff.isBlank() ? DEFAULT_MAX_BACKOFF : seconds(backoff.strip()));
  }

  private static Duration seconds(String raw) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,4})\\s*([sm]?)").matcher(raw);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d = m.group(2).equals("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
      if (d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofMinutes(10)) <= 0) {
        return d;
      }
    }
    throw new IllegalArgumentException("RELAY_MAX_BACKOFF must be a span such as 30s or 2m, from 1s to 10m, got '" + raw + "'");
  }
}
