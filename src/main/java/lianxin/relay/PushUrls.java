package lianxin.relay;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import lianxin.http.ApiException;

/**
 * A platform's push address as hosts paste it from 抖音, 视频号, 快手 or B站: {@code rtmp(s)://host[:port]/app/streamkey?…}.
 * Everything after the application path (the stream name and any query, where B站 and 视频号 put their keys) is the
 * secret part: pages only ever see it masked.
 */
final class PushUrls {

  static final int MAX_LENGTH = 1000;

  private PushUrls() {
  }

  /** The URL, trimmed; a 422 naming {@code field} unless it is an rtmp:// or rtmps:// URL with a host and a stream. */
  static URI parse(String field, String raw) {
    String s = raw.strip();
    if (s.length() > MAX_LENGTH) {
      throw ApiException.invalid(field, field + " 最长 " + MAX_LENGTH + " 个字符。", field + " is at most " + MAX_LENGTH + " characters.");
    }
    if (!s.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw ApiException.invalid(field, field + " 不能包含空格、控制字符或中文字符。",
        field + " cannot contain spaces, control characters or non-ASCII characters.");
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw wrong(field);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("rtmp") && !scheme.equals("rtmps") || uri.getHost() == null || uri.getRawUserInfo() != null
      || uri.getRawFragment() != null || uri.getPort() == 0 || uri.getRawPath() == null) {
      throw wrong(field);
    }
    String path = uri.getRawPath();
    int slash = path.lastIndexOf('/');
    boolean hasApp = slash > 0;
    boolean hasStream = slash >= 0 && slash < path.length() - 1 || uri.getRawQuery() != null;
    if (!hasApp || !hasStream) {
      throw ApiException.invalid(field, field + " 缺少应用名或推流码，请粘贴平台给出的完整推流地址（服务器地址加推流码）。",
        field + " lacks the application or the stream key: paste the platform's whole push address (server URL and stream key).");
    }
    return uri;
  }

  private static ApiException wrong(String field) {
    return ApiException.invalid(field, field + " 须是 rtmp:// 或 rtmps:// 推流地址（不含用户名密码）。",
      field + " must be an rtmp:// or rtmps:// push URL (without user name or password).");
  }

  /**
   * What pages show: the server and application in full, the stream key (and query) as its first and last two
   * characters around an ellipsis when it is long enough that this gives nothing away, else the ellipsis alone:
   * {@code rtmp://push.example.com/third/st…89}.
   */
  static String masked(URI uri) {
    String raw = uri.toString();
    int pathStart = raw.indexOf('/', raw.indexOf("://") + 3);
    int queryStart = raw.indexOf('?');
    int keyStart = raw.lastIndexOf('/', queryStart < 0 ? raw.length() - 1 : queryStart) + 1;
    if (pathStart < 0 || keyStart <= pathStart) {
      keyStart = queryStart;
    }
    String secret = raw.substring(keyStart);
    String shown = secret.length() >= 16 ? secret.substring(0, 2) + "…" + secret.substring(secret.length() - 2) : "…";
    return raw.substring(0, keyStart) + shown;
  }
}
