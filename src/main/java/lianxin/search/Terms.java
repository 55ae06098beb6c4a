package lianxin.search;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How Chinese text becomes search terms. A run of Han characters gives its smartcn words (three characters or
 * more; shorter ones are covered below), every bigram and every character, so a two-character query matches inside
 * longer words and words that smartcn splits differently in the query and the text still meet. Latin words and
 * numbers are whole lower-cased terms ("12345热线" → 12345, 热线). Terms hold only letters and digits, so they pass
 * through PostgreSQL's 'simple' configuration unchanged.
 */
public final class Terms {

  /** Runs of Han characters, or of other letters and digits. */
  private static final Pattern RUNS = Pattern.compile("\\p{IsHan}+|[\\p{L}\\p{N}&&[^\\p{IsHan}]]+");

  /** Question words and particles residents type around what they look for; never required. */
  private static final Set<String> FILLER = Set.of("的", "了", "吗", "呢", "吧", "啊", "呀", "是", "在", "有", "和", "与", "及",
    "怎么", "怎样", "如何", "什么", "哪里", "哪儿", "哪些", "哪个", "为什么", "请问", "我", "我们", "你", "想", "要", "能",
    "可以", "一下", "关于", "相关", "节目", "直播");

  /** smartcn's own analyzer also stems English; the bare tokenizer gives words only. Thread-safe through reuse. */
  private static final Analyzer SMARTCN = new Analyzer() {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      return new TokenStreamComponents(new HMMChineseTokenizer());
    }
  };

  private Terms() {
  }

  /** One word of a query: matched by any of its alternatives (each a conjunction of terms). */
  public record Word(String text, List<List<String>> alternatives) {

    /** tsquery text: ( a | b & c ). Terms hold only letters and digits, so quoting is enough. */
    String tsquery() {
      List<String> ors = new ArrayList<>();
      for (List<String> all : alternatives) {
        ors.add(all.size() == 1 ? quote(all.get(0))
          : "(" + String.join(" & ", all.stream().map(Terms::quote).toList()) + ")");
      }
      return ors.size() == 1 ? ors.get(0) : "(" + String.join(" | ", ors) + ")";
    }
  }

  /** Every index term of {@code text}, in order of appearance (space-separated, it is a tsvector's source). */
  public static List<String> index(String text) {
    List<String> out = new ArrayList<>();
    runs(text, (run, han) -> {
      if (!han) {
        out.addAll(latinParts(run));
        return;
      }
      for (String w : smartcn(run)) {
        if (w.length() >= 3) {
          out.add(w);
        }
      }
      for (int i = 0; i + 1 < run.length(); i++) {
        out.add(run.substring(i, i + 2));
      }
      for (int i = 0; i < run.length(); i++) {
        out.add(run.substring(i, i + 1));
      }
    });
    return out;
  }

  /** Words worth suggesting: smartcn words of two characters or more and Latin words. */
  public static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    runs(text, (run, han) -> {
      if (!han) {
        if (run.length() >= 2) {
          out.add(run.toLowerCase(Locale.ROOT));
        }
        return;
      }
      for (String w : smartcn(run)) {
        if (w.length() >= 2 && !FILLER.contains(w)) {
          out.add(w);
        }
      }
    });
    return out;
  }

  /** Each run of {@code text} in order: Han characters, or other letters and digits. */
  private static void runs(String text, BiConsumer<String, Boolean> each) {
    if (text == null) {
      return;
    }
    Matcher m = RUNS.matcher(text);
    while (m.find()) {
      each.accept(m.group(), isHan(m.group()));
    }
  }

  /**
   * The words of a query. A Han word of three characters or more is found as itself or as all of its bigrams
   * (smartcn may have split the text differently); filler words are dropped unless nothing else is left.
   */
  public static List<Word> query(String q) {
    List<Word> words = new ArrayList<>();
    List<Word> filler = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    runs(q, (run, han) -> {
      for (String w : han ? smartcn(run) : latinParts(run)) {
        if (seen.add(w)) {
          (FILLER.contains(w) ? filler : words).add(new Word(w, alternatives(w)));
        }
      }
    });
    return words.isEmpty() ? filler : words;
  }

  private static List<List<String>> alternatives(String w) {
    if (!isHan(w) || w.length() <= 2) {
      return List.of(List.of(w));
    }
    List<String> bigrams = new ArrayList<>();
    for (int i = 0; i + 1 < w.length(); i++) {
      bigrams.add(w.substring(i, i + 2));
    }
    return List.of(List.of(w), bigrams);
  }

  private static List<String> smartcn(String run) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = SMARTCN.tokenStream("", new StringReader(run))) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        if (term.length() > 0) {
          out.add(term.toString());
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
    return out;
  }

  /** A mixed run ("5G", "iPhone15") is a term, and so are its letter and digit parts. */
  private static List<String> latinParts(String run) {
    String lower = run.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    out.add(lower);
    String[] parts = lower.split("(?<=\\p{N})(?=[^\\p{N}])|(?<=[^\\p{N}])(?=\\p{N})");
    if (parts.length > 1) {
      out.addAll(List.of(parts));
    }
    return out;
  }

  static boolean isHan(String s) {
    return !s.isEmpty() && Character.UnicodeScript.of(s.codePointAt(0)) == Character.UnicodeScript.HAN;
  }

  static String quote(String term) {
    return "'" + term + "'";
  }
}
