package lianxin.capture;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import lianxin.http.ApiException;

/** A room's capture source as the API accepts it: RTMP(S), HTTP(S) (FLV or HLS), SRT, or an absolute file path. */
public final class Sources {

  private static final Set<String> SCHEMES = Set.of("rtmp", "rtmps", "http", "https", "srt");

  private Sources() {
  }

  /** The source, trimmed; a 422 naming {@code field} when it is none of the accepted kinds. */
  public static String parse(String field, String raw) {
    String s = raw.strip();
    if (isFile(s)) {
      Path p = Path.of(s).normalize();
      if (!p.toString().equals(s) || s.contains("..")) {
        throw ApiException.invalid(field, field + " 的文件路径须为规范的绝对路径。",
        "The file path in " + field + " must be absolute and normalised (no '..').");
      }
      return s;
    }
    try {
      URI uri = new URI(s);
      if (uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() != null) {
        return s;
      }
    } catch (URISyntaxException ignored) {
      // reported below
    }
    throw ApiException.invalid(field, field + " 须是 rtmp(s)、http(s)（FLV 或 HLS）、srt 地址或服务器上的绝对文件路径。",
        field + " must be an rtmp(s), http(s) (FLV or HLS) or srt URL with a host, or an absolute file path on the server.");
  }

  /** What pages show of a source: its kind and host, never a path or key ({@code rtmp://live.example.org/…}). */
  public static String masked(String source) {
    if (source == null) {
      return null;
    }
    if (isFile(source)) {
      return "file:…";
    }
    URI uri = URI.create(source);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/…";
  }

  public static boolean isFile(String source) {
    return source.startsWith("/");
  }

  /** For the allow-list: the URI of a network source; null for a file. */
  public static URI uri(String source) {
    return isFile(source) ? null : URI.create(source);
  }
}
