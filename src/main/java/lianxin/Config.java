package lianxin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lianxin.live.LiveConfig;
import lianxin.media.S3Config;
import lianxin.relay.RelayConfig;
import lianxin.system.NodeConfig;

/**
 * Everything the server reads from its environment, read once at start.
 *
 * @param port         HTTP port ({@code PORT}, 8080; 0 picks a free one)
 * @param dataDir      where the embedded database and media live ({@code DATA_DIR}, ./data)
 * @param databaseUrl  {@code DATABASE_URL} (postgresql://user:pass@host:port/db), or null for the embedded default
 * @param demo         load the demo rooms into an empty database ({@code DEMO}: on by default for the embedded
 *                     database, off for a {@code DATABASE_URL} unless DEMO=1)
 * @param webDir       static front-end files served at / ({@code WEB_DIR}, ./web/dist: the build output of web/)
 * @param adminPassword the first admin's password ({@code LIANXIN_ADMIN_PASSWORD}); generated and printed once if absent
 * @param mediaDir     uploads and archive media ({@code MEDIA_DIR}, DATA_DIR/media)
 * @param uploadLimit  largest accepted recording upload in bytes ({@code UPLOAD_LIMIT}, 8 GiB; suffixes K, M, G)
 * @param transcodes   archive jobs one node runs at once ({@code TRANSCODES}, one per two cores, at least one)
 * @param captureLead  how long before an episode's start its room's source is recorded ({@code CAPTURE_LEAD}, 2m)
 * @param captureGrace how long after its planned end recording goes on unless the host ends it ({@code CAPTURE_GRACE}, 15m)
 * @param pullAllow    hosts and CIDRs that pulls and captures may reach although private or loopback
 *                     ({@code PULL_ALLOW}, comma-separated; empty: public addresses only)
 * @param ffmpeg       the FFmpeg program ({@code FFMPEG}, ffmpeg from PATH)
 * @param ffprobe      the ffprobe program ({@code FFPROBE}, ffprobe from PATH)
 * @param playsPerAddress replay beacons one address may send per second after a burst of 600
 *                     ({@code PLAYS_PER_ADDRESS}, 20: a community centre's viewers behind one NAT address)
 * @param playsFlush   how often a node writes the replay beacons it holds in memory ({@code PLAYS_FLUSH}, 250ms):
 *                     what a killed node can lose at most; a stopped node writes them first
 * @param captureFileRoot the one folder a room's capture source may name files in ({@code CAPTURE_FILE_ROOT});
 *                     null (unset): file sources are refused
 * @param playsGrace   seconds a replay session may claim beyond the wall-clock time since its first beacon
 *                     ({@code PLAYS_GRACE}, 15: one beacon interval)
 * @param uploadExpiry how long a resumable upload may go without a chunk before it expires and its partial file is
 *                     deleted ({@code UPLOAD_EXPIRY}, 24h; from 1m to 30d)
 * @param relay        the relays' settings ({@code SECRET_KEY}, {@code RELAY_MAX_BACKOFF}): {@link RelayConfig}
 * @param node         how the node uses its machine ({@code HTTP_INSTANCES}; {@link NodeConfig})
 * @param live         RTMP ingest: {@code RTMP_PORT}, {@code RTMP_EXTERNAL}, {@code LIVE_GRACE} and the rest
 *                     ({@link LiveConfig})
 * @param s3           media in an S3-compatible bucket instead of {@code mediaDir} ({@code S3_*}, {@code MEDIA_PUBLIC_URL};
 *                     see {@link S3Config}); off by default
 */
public record Config(int port, Path dataDir, String databaseUrl, boolean demo, Path webDir, String adminPassword,
                     Path mediaDir, long uploadLimit, int transcodes, Duration captureLead, Duration captureGrace,
                     List<String> pullAllow, String ffmpeg, String ffprobe, int playsPerAddress,
                     Duration playsFlush, Path captureFileRoot, int playsGrace, Duration uploadExpiry,
                     RelayConfig relay, NodeConfig node,
                     LiveConfig live, S3Config s3) {

  public static final long DEFAULT_UPLOAD_LIMIT = 8L << 30;
  public static final Duration DEFAULT_CAPTURE_LEAD = Duration.ofMinutes(2);
  public static final Duration DEFAULT_CAPTURE_GRACE = Duration.ofMinutes(15);
  public static final int DEFAULT_PLAYS_PER_ADDRESS = 20;
  public static final Duration DEFAULT_PLAYS_FLUSH = Duration.ofMillis(250);
  public static final int DEFAULT_PLAYS_GRACE = 15;
  public static final Duration DEFAULT_UPLOAD_EXPIRY = Duration.ofHours(24);

  /** The schedule-only settings, with the archive's defaults. */
  public Config(int port, Path dataDir, String databaseUrl, boolean demo, Path webDir, String adminPassword) {
    this(port, dataDir, databaseUrl, demo, webDir, adminPassword, List.of());
  }

  /** The schedule-only settings and a pull allow-list, with the archive's other defaults. */
  public Config(int port, Path dataDir, String databaseUrl, boolean demo, Path webDir, String adminPassword,
                List<String> pullAllow) {
    this(port, dataDir, databaseUrl, demo, webDir, adminPassword, dataDir.resolve("media"), DEFAULT_UPLOAD_LIMIT,
      defaultTranscodes(), DEFAULT_CAPTURE_LEAD, DEFAULT_CAPTURE_GRACE, pullAllow, "ffmpeg", "ffprobe",
      DEFAULT_PLAYS_PER_ADDRESS, DEFAULT_PLAYS_FLUSH, null, DEFAULT_PLAYS_GRACE, DEFAULT_UPLOAD_EXPIRY,
      RelayConfig.defaults(), NodeConfig.defaults(), LiveConfig.EMBEDDED_ANY_PORT,
      S3Config.NONE);
  }

  /** The same settings with another {@code playsGrace}. */
  public Config withPlaysGrace(int seconds) {
    return new Config(port, dataDir, databaseUrl, demo, webDir, adminPassword, mediaDir, uploadLimit, transcodes,
      captureLead, captureGrace, pullAllow, ffmpeg, ffprobe, playsPerAddress, playsFlush, captureFileRoot, seconds,
      uploadExpiry, relay, node, live, s3);
  }

  public static Config fromEnv(Map<String, String> env) {
    String url = blankToNull(env.get("DATABASE_URL"));
    String demo = blankToNull(env.get("DEMO"));
    boolean demoOn = url == null ? !"0".equals(demo) : "1".equals(demo);
    Path dataDir = Path.of(env.getOrDefault("DATA_DIR", "data")).toAbsolutePath();
    String media = blankToNull(env.get("MEDIA_DIR"));
    return new Config(
      port(env.getOrDefault("PORT", "8080")),
      dataDir,
      url,
      demoOn,
      webDir(env.get("WEB_DIR")),
      blankToNull(env.get("LIANXIN_ADMIN_PASSWORD")),
      media == null ? dataDir.resolve("media") : Path.of(media).toAbsolutePath(),
      bytes("UPLOAD_LIMIT", blankToNull(env.get("UPLOAD_LIMIT")), DEFAULT_UPLOAD_LIMIT),
      transcodes(blankToNull(env.get("TRANSCODES"))),
      duration("CAPTURE_LEAD", blankToNull(env.get("CAPTURE_LEAD")), DEFAULT_CAPTURE_LEAD),
      duration("CAPTURE_GRACE", blankToNull(env.get("CAPTURE_GRACE")), DEFAULT_CAPTURE_GRACE),
      list(env.get("PULL_ALLOW")),
      Objects.requireNonNullElse(blankToNull(env.get("FFMPEG")), "ffmpeg"),
      Objects.requireNonNullElse(blankToNull(env.get("FFPROBE")), "ffprobe"),
      number("PLAYS_PER_ADDRESS", blankToNull(env.get("PLAYS_PER_ADDRESS")), DEFAULT_PLAYS_PER_ADDRESS, 1, 100_000_000),
      positive("PLAYS_FLUSH", duration("PLAYS_FLUSH", blankToNull(env.get("PLAYS_FLUSH")), DEFAULT_PLAYS_FLUSH)),
      blankToNull(env.get("CAPTURE_FILE_ROOT")) == null ? null : Path.of(env.get("CAPTURE_FILE_ROOT").strip()).toAbsolutePath(),
      number("PLAYS_GRACE", blankToNull(env.get("PLAYS_GRACE")), DEFAULT_PLAYS_GRACE, 0, 86_400),
      duration("UPLOAD_EXPIRY", blankToNull(env.get("UPLOAD_EXPIRY")), DEFAULT_UPLOAD_EXPIRY, Duration.ofMinutes(1),
        Duration.ofDays(30)),
      relay(env), NodeConfig.fromEnv(env), LiveConfig.fromEnv(env),
      S3Config.fromEnv(env));
  }

  private static RelayConfig relay(Map<String, String> env) {
    try {
      return RelayConfig.fromEnv(env);
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** A span such as 250ms, 90s, 2m or 1h (a plain number is seconds), at most a day. */
  static Duration duration(String name, String raw, Duration fallback) {
    return duration(name, raw, fallback, Duration.ZERO, Duration.ofDays(1));
  }

  /** A span such as 90s, 2m, 1h or (where {@code max} allows) 3d, from {@code min} to {@code max}. */
  public static Duration duration(String name, String raw, Duration fallback, Duration min, Duration max) {
    if (raw == null) {
      return fallback;
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})\\s*(ms|[smhd]?)").matcher(raw.toLowerCase());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofSeconds(n);
      };
      if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
        return d;
      }
    }
    if (max.compareTo(Duration.ofDays(1)) > 0) {
      throw new StartupException(name + " must be a span such as 30m, 24h or 7d, from " + span(min) + " to " + span(max)
        + ", got '" + raw + "'");
    }
    throw new StartupException(name + " must be a span such as 250ms, 90s, 2m or 1h, got '" + raw + "'");
  }

  private static String span(Duration d) {
    return d.toSeconds() % 86_400 == 0 ? d.toDays() + "d" : d.toSeconds() % 3600 == 0 ? d.toHours() + "h"
      : d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }

  private static Duration positive(String name, Duration d) {
    if (d.isZero()) {
      throw new StartupException(name + " must be longer than 0");
    }
    return d;
  }

  private static List<String> list(String raw) {
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static int defaultTranscodes() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  private static int transcodes(String raw) {
    return number("TRANSCODES", raw, defaultTranscodes(), 1, 64);
  }

  private static int number(String name, String raw, int fallback, int min, int max) {
    if (raw == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new StartupException(name + " must be a number from " + min + " to " + max + ", got '" + raw + "'");
  }

  /** A size such as 8589934592, 512M or 8G (binary units). */
  static long bytes(String name, String raw, long fallback) {
    if (raw == null) {
      return fallback;
    }
    String digits = raw.toUpperCase().replaceAll("I?B$", "");
    long unit = switch (digits.isEmpty() ? ' ' : digits.charAt(digits.length() - 1)) {
      case 'K' -> 1L << 10;
      case 'M' -> 1L << 20;
      case 'G' -> 1L << 30;
      case 'T' -> 1L << 40;
      default -> 1;
    };
    try {
      long n = Long.parseLong(unit == 1 ? digits : digits.substring(0, digits.length() - 1).trim());
      if (n > 0 && n <= Long.MAX_VALUE / unit) {
        return n * unit;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new StartupException(name + " must be a size such as 8G, 512M or a number of bytes, got '" + raw + "'");
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
    return Path.of("web", "dist").toAbsolutePath();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
