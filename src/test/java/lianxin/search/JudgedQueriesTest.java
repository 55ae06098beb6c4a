package lianxin.search;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lianxin.support.Http;
import lianxin.support.Slow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The judged query set the search was built against: resident-style queries over {@link JudgedCorpus}, each with the
 * episodes a person would want (two-character words, words apart in the text, phrases and numbers, transcript-only
 * hits). Every query answered in the top 10, the right episode first for at least 9 in 10.
 */
@ExtendWith(VertxExtension.class)
@Slow
class JudgedQueriesTest {

  /** Query → keys of the episodes a person would want (plus "#58": every episode numbered 58). */
  private static final Map<String, List<String>> JUDGED = new LinkedHashMap<>();

  static {
    judged("社区医院", "hospital");
    judged("停车政策", "parking");
    judged("物业费标准", "fees");
    judged("12345热线", "hotline");
    judged("App", "app");
    judged("就医", "hospital", "reimburse");
    judged("疫情", "epidemic");
    judged("居住证", "residence");
    judged("怎么办理居住证", "residence");
    judged("医保报销", "reimburse");
    judged("低保申请", "dibao");
    judged("养老助餐", "meals");
    judged("残疾人补贴", "disability");
    judged("创业贷款", "loan");
    judged("灵活就业社保", "flexible");
    judged("适老化改造", "aging");
    judged("医保缴费", "insurance");
    judged("社区开证明", "certificate");
    judged("葫芦丝", "hulusi1", "hulusi2");
    judged("白秀梅", "hulusi1", "hulusi2");
    judged("云金华", "hospital", "mooncake");
    judged("公益银行积分", "points");
    judged("楼梯间粉刷", "stairs");
    judged("电动门", "gate");
    judged("红蜂团", "bees");
    judged("快递员", "bees");
    judged("民宿", "bnb");
    judged("庭院经济", "bnb");
    judged("中秋月饼", "mooncake");
    judged("老旧小区改造", "renovation");
    judged("5G", "5g");
    judged("第58期", "#58");
    judged("垃圾分类", "garbage");
    judged("电动车充电", "charging");
    judged("高血压", "bloodpressure");
    judged("流感疫苗", "bloodpressure");
  }

  private static void judged(String query, String... keys) {
    JUDGED.put(query, List.of(keys));
  }

  @BeforeAll
  static void seed(Vertx vertx) throws IOException {
    JudgedCorpus.seed(vertx);
  }

  @Test
  void residentsFindTheRightEpisodes(Vertx vertx) {
    JudgedCorpus.measure(Http.local(vertx), "judged queries", JUDGED);
  }
}
