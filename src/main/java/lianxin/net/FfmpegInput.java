package lianxin.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A source as FFmpeg is to open it: the URL and the input options that keep FFmpeg on checked addresses. FFmpeg
 * follows redirects, nested playlists, segments and keys by itself, so it may open only the protocols the source
 * needs ({@code -protocol_whitelist}, inherited by everything it opens from there), and every HTTP and TLS
 * connection goes through the job's {@link Egress} ({@code http_proxy} in its environment), which checks and pins
 * each one. RTMP and SRT do not use a proxy: their one connection goes to the address checked here, written into
 * the URL in place of the name (RTMP keeps the name in its {@code tcUrl}, which servers use for virtual hosts).
 */
public record FfmpegInput(String url, List<String> options) {

  /** A file on this machine (a copied playlist, a capture file source) and the protocols it may lead to. */
  public static FfmpegInput local(String path, String protocols) {
    return new FfmpegInput(path, List.of("-protocol_whitelist", protocols));
  }

  /**
   * This node's own ingest (loopback nginx-rtmp), as its readers open it: the live HLS, the recording and the relays.
   * RTMP only, nothing it could redirect to; no Nagle delay, since nginx-rtmp answers the handshake in small writes
   * and each would otherwise wait out a 40 ms delayed ACK (the publisher's answer waits for the readers); and a read
   * timeout in microseconds, after which FFmpeg gives up on a publisher that is gone (blocked in a read, it answers
   * neither SIGINT nor anything else).
   */
  public static FfmpegInput ingest(String url, long timeoutMicros) {
    return new FfmpegInput(url, List.of("-protocol_whitelist", "rtmp,tcp", "-tcp_nodelay", "1",
      "-rw_timeout", String.valueOf(timeoutMicros)));
  }

  /** Blocking (RTMP and SRT resolve here): a network source; a 422 naming {@code field} when it is refused. */
  public static FfmpegInput network(AllowList allow, String field, URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "http", "https" -> new FfmpegInput(uri.toString(),
        List.of("-protocol_whitelist", "http,https,tls,tcp,httpproxy,crypto"));
      case "rtmps" -> new FfmpegInput(uri.toString(), List.of("-protocol_whitelist", "rtmps,tls,tcp,httpproxy"));
      case "rtmp" -> {
        List<String> options = new ArrayList<>(List.of("-protocol_whitelist", "rtmp,tcp"));
        options.addAll(List.of("-rtmp_tcurl", tcUrl(uri)));
        yield new FfmpegInput(pinned(allow, field, uri), options);
      }
      case "srt" -> new FfmpegInput(pinned(allow, field, uri), List.of("-protocol_whitelist", "srt"));
      default -> throw new IllegalArgumentException("not a source scheme: " + scheme);
    };
  }

  /** The URL with the first checked address in place of its name. */
  static String pinned(AllowList allow, String field, URI uri) {
    InetAddress address = allow.addresses(field, field, field, uri.getHost()).get(0);
    String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    String raw = uri.toString();
    int at = raw.indexOf("://") + 3;
    int authorityEnd = raw.length();
    for (char c : new char[] {'/', '?', '#'}) {
      if (raw.indexOf(c, at) >= 0) {
        authorityEnd = Math.min(authorityEnd, raw.indexOf(c, at));
      }
    }
    String authority = raw.substring(at, authorityEnd);
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    String port = uri.getPort() >= 0 ? ":" + uri.getPort() : "";
    return raw.substring(0, at) + authority.substring(0, authority.length() - hostPort.length()) + host + port
      + raw.substring(authorityEnd);
  }

  /** What FFmpeg would send as {@code tcUrl} for the named URL: everything up to the stream name. */
  static String tcUrl(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String app = path.lastIndexOf('/') > 0 ? path.substring(0, path.lastIndexOf('/')) : path;
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + app;
  }
}
