package lianxin.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermsTest {

  @Test
  void hanTextGivesWordsBigramsAndCharacters() {
    List<String> terms = Terms.index("物业服务收费标准");
    assertTrue(terms.containsAll(List.of("物业", "服务", "收费", "标准", "费", "业服")), terms.toString());
  }

  @Test
  void latinAndNumbersAreWholeLowerCasedTerms() {
    List<String> terms = Terms.index("拨打12345热线，下载App");
    assertTrue(terms.containsAll(List.of("12345", "热线", "app")), terms.toString());
    assertTrue(!terms.contains("App"), terms.toString());
  }

  @Test
  void queryWordsAreSmartcnWordsWithFillerDropped() {
    assertEquals(List.of("物业", "标准"), Terms.query("物业标准").stream().map(Terms.Word::text).toList());
    assertEquals(List.of("停车", "政策"), Terms.query("停车政策").stream().map(Terms.Word::text).toList());
    assertEquals(List.of("12345", "热线"), Terms.query("12345热线").stream().map(Terms.Word::text).toList());
    assertEquals(List.of("第", "58", "期"), Terms.query("第58期").stream().map(Terms.Word::text).toList());
    assertEquals(List.of("居住证", "办理"), Terms.query("居住证怎么办理").stream().map(Terms.Word::text).toList());
  }

  @Test
  void fullWidthDigitsAndLettersAreTheOrdinaryOnes() {
    assertTrue(Terms.index("第５８期 ＡＰＰ").containsAll(List.of("58", "app")), Terms.index("第５８期 ＡＰＰ").toString());
    assertEquals(List.of("第", "58", "期"), Terms.query("第５８期").stream().map(Terms.Word::text).toList());
    assertEquals("'app'", Terms.query("ＡＰＰ").get(0).tsquery());
  }

  @Test
  void aWordOfASynonymGroupIsFoundByAnyWordOfIt() {
    Terms.Word word = Terms.query("看病").get(0);
    assertTrue(word.alternatives().containsAll(List.of(List.of("看病"), List.of("就医"))), word.toString());
    assertEquals(List.of(List.of("看病")), word.typed());
    // Adjacent words that together are in a group (smartcn splits 社会保险 and 物业费) are one word, still found
    // by their own parts anywhere.
    Terms.Word social = Terms.query("社会保险").get(0);
    assertTrue(social.alternatives().containsAll(List.of(List.of("社保"), List.of("社会", "保险"))), social.toString());
    Terms.Word fee = Terms.query("物业费标准").get(0);
    assertEquals("物业费", fee.text());
    assertTrue(fee.alternatives().contains(List.of("物业", "费")), fee.toString());
    // Only queries use synonyms: the index is what the text says.
    assertTrue(!Terms.index("看病").contains("就医"));
  }

  @Test
  void aChineseEpisodeNumberIsFoundAsDigits() {
    Terms.Word n = Terms.query("第五十八期").get(1);
    assertTrue(n.alternatives().contains(List.of("58")), n.toString());
    assertEquals(List.of(58, 12, 105, 10, 2), List.of(Terms.numeral("五十八"), Terms.numeral("十二"), Terms.numeral("一百零五"),
      Terms.numeral("十"), Terms.numeral("两")));
    // Not every numeral is a number: 一 in 一刻钟 stays a character.
    assertTrue(Terms.query("一刻钟").stream().noneMatch(w -> w.alternatives().contains(List.of("1"))));
  }

  @Test
  void aLongHanWordIsFoundAsItselfOrByAllItsBigrams() {
    for (String q : List.of("居委会", "老年人", "呼伦贝尔", "党群连心桥", "社区卫生服务中心在哪里", "老旧小区停车管理新政策", "垃圾分类", "一刻钟便民生活圈")) {
      System.out.println(q + " -> " + Terms.query(q).stream().map(Terms.Word::text).toList());
    }
    Terms.Word word = Terms.query("居委会").get(0);
    assertTrue(word.tsquery().contains("|"), word.tsquery());
    // In the any-word fallback, also by one bigram (养老院 that no text has whole still finds 养老).
    assertEquals("('养老院' | ('养老' & '老院') | '养老' | '老院')", Terms.query("养老院").get(0).relaxedTsquery());
    assertEquals(null, Terms.query("养老").get(0).relaxedTsquery());
  }

  @Test
  void highlightsMarkMatchesAndEscapeEverythingElse() {
    List<String> needles = Highlights.needles(Terms.query("停车政策"));
    assertEquals("<mark>停车</mark>管理新<mark>政策</mark> &lt;script&gt;", Highlights.mark("停车管理新政策 <script>", needles));
    // Full-width text is marked for a half-width query, and a synonym's word for the word typed.
    assertEquals("下载<mark>ＡＰＰ</mark>", Highlights.mark("下载ＡＰＰ", Highlights.needles(Terms.query("app"))));
    assertEquals("社区医院<mark>就医</mark>指南", Highlights.mark("社区医院就医指南", Highlights.needles(Terms.query("看病"))));
    assertEquals(null, Highlights.mark("便民服务", Highlights.needles(Terms.query("12345"))));
  }
}
