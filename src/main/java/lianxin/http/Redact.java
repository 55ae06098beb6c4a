package lianxin.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URLs as they may be shown to people who did not give them: no userinfo, no query string, no fragment
 * ({@code https://cdn.example.org/path/file.mp4?…}). A pull URL may carry a password or a signed query.
 */
public final class Redact {

  /** A URL inside a sentence: a scheme, then printable ASCII up to a space, a quote or non-ASCII (such as 。). */
  private static final Pattern IN_TEXT = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[\\x21-\\x7e&&[^\"'<>]]+");
  private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

  private Redact() {
  }

  /** One URL, redacted; null stays null. */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    String s = USERINFO.matcher(url).replaceFirst("$1");
    int hash = s.indexOf('#');
    if (hash >= 0) {
      s = s.substring(0, hash);
    }
    int query = s.indexOf('?');
    return query < 0 ? s : s.substring(0, query) + "?…";
  }

  /** Every URL in a text (an error message), redacted. */
  public static String inText(String text) {
    if (text == null) {
      return null;
    }
    return IN_TEXT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(url(m.group())));
  }
}
