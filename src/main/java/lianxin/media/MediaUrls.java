package lianxin.media;

/**
 * The one place that knows how a media key becomes the address clients fetch it from ({@code /media/<key>}, served
 * by {@link MediaRoutes}). Java builds addresses with {@link #of}; SQL that returns them ready-made embeds
 * {@link #sql}.
 */
public final class MediaUrls {

  /** The path under which {@link MediaRoutes} serves the store. */
  public static final String PREFIX = "/media/";

  private MediaUrls() {
  }

  /** The address of {@code key}; null for no key. */
  public static String of(String key) {
    return key == null ? null : PREFIX + key;
  }

  /** A SQL expression for the address of the key in {@code keyColumn} (NULL for a NULL key). */
  public static String sql(String keyColumn) {
    return "'" + PREFIX + "' || " + keyColumn;
  }
}
