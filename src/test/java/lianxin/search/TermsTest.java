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
    assertEquals(List.of("物业", "费", "标准"), Terms.query("物业费标准").stream().map(Terms.Word::text).toList());
    assertEquals(List.of("停车", "政策"), Terms.query("停车政策").stream().map(Terms.Word::text).toList());
    assertEquals(List.of("12345", "热线"), Terms.query("12345热线").stream().map(Terms.Word::text).toList());
    assertEquals(List.of("第", "58", "期"), Terms.query("第58期").stream().map(Terms.Word::text).toList());
    assertEquals(List.of("居住", "证", "办理"), Terms.query("居住证怎么办理").stream().map(Terms.Word::text).toList());
  }

  @Test
  void aLongHanWordIsFoundAsItselfOrByAllItsBigrams() {
    for (String q : List.of("居委会", "老年人", "呼伦贝尔", "党群连心桥", "社区卫生服务中心在哪里", "老旧小区停车管理新政策", "垃圾分类", "一刻钟便民生活圈")) {
      System.out.println(q + " -> " + Terms.query(q).stream().map(Terms.Word::text).toList());
    }
    Terms.Word word = Terms.query("居委会").get(0);
    assertTrue(word.tsquery().contains("|"), word.tsquery());
  }

  @Test
  void highlightsMarkMatchesAndEscapeEverythingElse() {
    List<String> needles = Highlights.needles(Terms.query("停车政策"));
    assertEquals("<mark>停车</mark>管理新<mark>政策</mark> &lt;script&gt;", Highlights.mark("停车管理新政策 <script>", needles));
  }
}
