package lianxin.relay;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lianxin.http.Text;

/** FFmpeg's words made safe to store and show: every URL in them masked, so no stream key is ever kept. */
final class Reasons {

  private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[\\x21-\\x7e&&[^\"'<>]]+");

  private Reasons() {
  }

  /**
   * {@code line} with the push URLs (as given, and as FFmpeg opened it) in their masked form, the source as
   * "直播源", and any other URL cut to its scheme and host; a trailing ':' FFmpeg adds after a URL is kept.
   */
  static String masked(String line, List<String> push, String source) {
    String out = line;
    // Placeholders outside the URL pattern, so the masked forms are not cut again below.
    for (String url : push) {
      out = out.replace(url, "\u0001");
    }
    out = out.replace(source, "\u0002");
    out = URL.matcher(out).replaceAll(m -> Matcher.quoteReplacement(hostOnly(m.group())));
    return out.replace("\u0001", PushUrls.masked(URI.create(push.get(0)))).replace("\u0002", "[source]");
  }

  /**
   * Why a push ended, from FFmpeg's exit code and its last line (null: it said nothing), in words a host can act on,
   * with no stream key in them; {@code connected}: bytes had reached the platform.
   */
  static Text ended(int code, String last, List<String> push, String source, boolean connected) {
    if (last == null) {
      return code == 0
        ? Text.of("直播源已结束（主播断开），等待重新推流。", "The live source ended (the publisher left); waiting for it.")
        : Text.of("FFmpeg 退出（代码 " + code + "）。", "FFmpeg exited (code " + code + ").");
    }
    String shown = masked(last, push, source);
    if (last.contains(source)) {
      return Text.of("读取直播源失败：" + shown, "Reading the live source failed: " + shown);
    }
    if (last.contains("Connection refused")) {
      return Text.of("平台拒绝连接：" + shown, "The platform refused the connection: " + shown);
    }
    if (last.contains("timed out")) {
      return Text.of("平台无响应（超时）：" + shown, "The platform did not answer (timed out): " + shown);
    }
    return connected
      ? Text.of("推流中断：" + shown, "The push broke off: " + shown)
      : Text.of("连接平台失败：" + shown, "Connecting to the platform failed: " + shown);
  }

  private static String hostOnly(String url) {
    String u = url.endsWith(":") ? url.substring(0, url.length() - 1) : url;
    int start = u.indexOf("://") + 3;
    int end = start;
    while (end < u.length() && "/?#".indexOf(u.charAt(end)) < 0) {
      end++;
    }
    return u.substring(0, end) + (end < u.length() ? "/…" : "") + (url.endsWith(":") ? ":" : "");
  }
}
