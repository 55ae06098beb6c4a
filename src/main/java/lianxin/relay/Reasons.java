package lianxin.relay;

import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
