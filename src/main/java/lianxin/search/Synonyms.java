package lianxin.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Groups of words residents use for the same thing (看病 and 就医, 老人 and 老年, 电瓶车 and 电动车), read once
 * from {@code search/synonyms.txt}. Only queries use them: a query word in a group is matched by any word of it.
 */
final class Synonyms {

  private static final Map<String, List<String>> GROUPS = load("/search/synonyms.txt");
  /** The most adjacent query words a group's word may span (smartcn splits 外卖小哥 into four). */
  static final int SPAN = 4;

  private Synonyms() {
  }

  /** The group of {@code word} (normalized, lower-cased), or null. */
  static List<String> of(String word) {
    return GROUPS.get(word);
  }

  static Map<String, List<String>> load(String resource) {
    Map<String, List<String>> groups = new HashMap<>();
    try (InputStream in = Synonyms.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the class path");
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String text = Terms.normalize(line).strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        List<String> group = List.of(text.split("\\s+"));
        for (String word : group) {
          if (groups.putIfAbsent(word, group) != null) {
            throw new IllegalStateException(resource + ": " + word + " is in two groups");
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(groups);
  }
}
