package lianxin.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Marks the searched words in a text for display: {@code <mark>…</mark>} around each match and everything else
 * HTML-escaped, so a client may insert the result as HTML without letting a title's own markup through.
 */
final class Highlights {

  private Highlights() {
  }

  /**
   * The strings to look for: each word, or for a long Han word missing as a whole, its bigrams; and the words of
   * its synonyms (whole: the bigrams of 市民热线 would mark 便民 in any text found by 12345).
   */
  static List<String> needles(List<Terms.Word> words) {
    List<String> out = new ArrayList<>();
    for (Terms.Word w : words) {
      for (List<String> alt : w.alternatives()) {
        if (alt.size() == 1 || w.typed().contains(alt)) {
          out.addAll(alt);
        }
      }
    }
    return out;
  }

  /** The whole text, marked; null when there is nothing to mark. */
  static String mark(String text, List<String> needles) {
    if (text == null) {
      return null;
    }
    boolean[] hit = hits(text, needles);
    return contains(hit) ? render(text, hit, 0, text.length()) : null;
  }

  /** A window of about {@code width} characters around the first match, marked; null without a match. */
  static String snippet(String text, List<String> needles, int width) {
    if (text == null) {
      return null;
    }
    boolean[] hit = hits(text, needles);
    int first = -1;
    for (int i = 0; i < hit.length && first < 0; i++) {
      if (hit[i]) {
        first = i;
      }
    }
    if (first < 0) {
      return null;
    }
    int from = Math.max(0, Math.min(first - width / 4, text.length() - width));
    int to = Math.min(text.length(), from + width);
    // Never split a surrogate pair.
    if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
      from--;
    }
    if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
      to++;
    }
    return (from > 0 ? "…" : "") + render(text, hit, from, to) + (to < text.length() ? "…" : "");
  }

  private static boolean[] hits(String text, List<String> needles) {
    // Needles are normalized (Terms.normalize): so is the text, where that keeps its length (full-width ＡＰＰ does).
    String normalized = Terms.normalize(text);
    String lower = (normalized.length() == text.length() ? normalized : text).toLowerCase(Locale.ROOT);
    boolean[] hit = new boolean[text.length()];
    if (lower.length() != text.length()) {
      return hit; // case folding changed the length: marking would be off
    }
    for (String n : needles) {
      if (n.isEmpty()) {
        continue;
      }
      for (int at = lower.indexOf(n); at >= 0; at = lower.indexOf(n, at + 1)) {
        if (Terms.isHan(n) || wordEdge(lower, at, n.length())) {
          java.util.Arrays.fill(hit, at, at + n.length(), true);
        }
      }
    }
    return hit;
  }

  /** Latin words and numbers match whole ("app" not inside "happy"). */
  private static boolean wordEdge(String s, int at, int len) {
    boolean before = at == 0 || !Character.isLetterOrDigit(s.charAt(at - 1)) || Terms.isHan(s.substring(at - 1, at));
    int end = at + len;
    boolean after = end >= s.length() || !Character.isLetterOrDigit(s.charAt(end)) || Terms.isHan(s.substring(end, end + 1));
    return before && after;
  }

  private static boolean contains(boolean[] hit) {
    for (boolean b : hit) {
      if (b) {
        return true;
      }
    }
    return false;
  }

  private static String render(String text, boolean[] hit, int from, int to) {
    StringBuilder out = new StringBuilder();
    boolean open = false;
    for (int i = from; i < to; i++) {
      if (hit[i] != open) {
        out.append(open ? "</mark>" : "<mark>");
        open = hit[i];
      }
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    if (open) {
      out.append("</mark>");
    }
    return out.toString();
  }
}
