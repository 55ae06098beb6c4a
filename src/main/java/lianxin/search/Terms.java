package lianxin.search;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
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
 * through PostgreSQL's 'simple' configuration unchanged. Text and queries are NFKC-normalized first, so the
 * full-width digits and letters of Chinese keyboards (第５８期, ＡＰＰ) are the ordinary ones.
 */
public final class Terms {

  /** Runs of Han characters, or of other letters and digits. */
  private static final Pattern RUNS = Pattern.compile("\\p{IsHan}+|[\\p{L}\\p{N}&&[^\\p{IsHan}]]+");

  /** Question words and particles residents type around what they look for; never required. */
  private static final Set<String> FILLER = Set.of("的", "了", "吗", "呢", "吧", "啊", "呀", "是", "在", "有", "和", "与", "及",
    "怎么", "怎样", "如何", "什么", "哪里", "哪儿", "哪些", "哪个", "为什么", "请问", "我", "我们", "你", "想", "要", "能",
    "可以", "一下", "关于", "相关", "节目", "直播", "怎么办", "怎么弄", "咋", "咋办", "啥", "哪", "在哪", "多少", "嘛", "么",
    "哦", "不", "没", "没有", "有没有", "能不能", "是不是", "里", "给", "让", "弄", "搞");

  /** Chinese numerals, as in 第五十八期. */
  private static final Pattern NUMERAL = Pattern.compile("[零〇一二两三四五六七八九十百千]+");

  /** smartcn's own analyzer also stems English; the bare tokenizer gives words only. Thread-safe through reuse. */
  private static final Analyzer SMARTCN = new Analyzer() {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      return new TokenStreamComponents(new HMMChineseTokenizer());
    }
  };

  private Terms() {
  }

  /**
   * One word of a query: matched by any of its alternatives (each a conjunction of terms); {@code typed} are the
   * alternatives of what was typed, without its synonyms (ranking puts those matches first).
   */
  public record Word(String text, List<List<String>> alternatives, List<List<String>> typed) {

    /** tsquery text: ( a | b & c ). Terms hold only letters and digits, so quoting is enough. */
    String tsquery() {
      return or(alternatives);
    }

    String typedTsquery() {
      return or(typed);
    }

    /**
     * For the any-word fallback: a Han word of three characters or more is also matched by any one of its bigrams
     * (养老院 that no text has whole still finds 养老), else null.
     */
    String relaxedTsquery() {
      if (!isHan(text) || text.length() < 3) {
        return null;
      }
      Set<List<String>> out = new LinkedHashSet<>(alternatives);
      for (int i = 0; i + 1 < text.length(); i++) {
        out.add(List.of(text.substring(i, i + 2)));
      }
      return or(List.copyOf(out));
    }

    private static String or(List<List<String>> alternatives) {
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

  /** NFKC: full-width forms (５８, ＡＰＰ) and other compatibility characters become the ordinary ones. */
  static String normalize(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC);
  }

  /** Each run of {@code text} (normalized) in order: Han characters, or other letters and digits. */
  private static void runs(String text, BiConsumer<String, Boolean> each) {
    if (text == null) {
      return;
    }
    Matcher m = RUNS.matcher(normalize(text));
    while (m.find()) {
      each.accept(m.group(), isHan(m.group()));
    }
  }

  /**
   * The words of a query. A Han word of three characters or more is found as itself or as all of its bigrams
   * (smartcn may have split the text differently); a word, or a few adjacent ones, in a {@link Synonyms} group is
   * found by any word of the group; a Chinese numeral after 第 or before 期 is found as digits too (第五十八期 is
   * 第58期); filler words are dropped unless nothing else is left.
   */
  public static List<Word> query(String q) {
    List<Word> words = new ArrayList<>();
    List<Word> filler = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    runs(q, (run, han) -> {
      List<String> tokens = han ? smartcn(run) : latinParts(run);
      for (int i = 0; i < tokens.size(); ) {
        int n = han ? synonymSpan(tokens, i) : Synonyms.of(tokens.get(i)) == null ? 0 : 1;
        String w = String.join("", tokens.subList(i, i + Math.max(n, 1)));
        if (seen.add(w)) {
          List<List<String>> typed = new ArrayList<>(alternatives(w));
          if (n > 1) {
            typed.add(List.copyOf(tokens.subList(i, i + n)));
          }
          List<List<String>> alternatives = n > 0 ? synonymAlternatives(w, typed) : typed;
          if (n == 0 && NUMERAL.matcher(w).matches() && (i > 0 && tokens.get(i - 1).endsWith("第")
              || i + 1 < tokens.size() && tokens.get(i + 1).startsWith("期"))) {
            alternatives = new ArrayList<>(alternatives);
            alternatives.add(List.of(String.valueOf(numeral(w))));
          }
          (FILLER.contains(w) ? filler : words).add(new Word(w, alternatives, n > 0 ? List.copyOf(typed) : alternatives));
        }
        i += Math.max(n, 1);
      }
    });
    return words.isEmpty() ? filler : words;
  }

  /** How many tokens from {@code i} (the most, up to {@link Synonyms#SPAN}) form a word of a synonym group; 0 if none. */
  private static int synonymSpan(List<String> tokens, int i) {
    for (int n = Math.min(Synonyms.SPAN, tokens.size() - i); n >= 1; n--) {
      if (Synonyms.of(String.join("", tokens.subList(i, i + n))) != null) {
        return n;
      }
    }
    return 0;
  }

  /** What was typed ({@code typed}: the word, its bigrams, its tokens anywhere), or any word of its group. */
  private static List<List<String>> synonymAlternatives(String w, List<List<String>> typed) {
    Set<List<String>> out = new LinkedHashSet<>(typed);
    for (String s : Synonyms.of(w)) {
      // A longer word with w in it (助餐点 for 助餐) finds nothing w does not, and would be marked whole.
      if (!s.contains(w)) {
        out.addAll(alternatives(s));
      }
    }
    return List.copyOf(out);
  }

  /** The value of a Chinese numeral below ten thousand: 五十八 → 58, 十二 → 12, 一百零五 → 105. */
  static int numeral(String s) {
    int total = 0;
    int digit = 0;
    for (char c : s.toCharArray()) {
      int unit = c == '十' ? 10 : c == '百' ? 100 : c == '千' ? 1000 : 0;
      if (unit > 0) {
        total += (digit == 0 ? 1 : digit) * unit;
        digit = 0;
      } else {
        digit = "零一二三四五六七八九".indexOf(c == '〇' ? '零' : c == '两' ? '二' : c);
      }
    }
    return total + digit;
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
