package lianxin.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lianxin.support.Http;
import lianxin.support.Indexed;
import lianxin.support.Seed;

/**
 * The corpus the judged query sets run against: target episodes written for the queries and 240 distractor episodes
 * from the same rooms, with the newspaper page's own sentences as descriptions and transcripts. Seeded once per test
 * JVM; {@link #measure} reports success@10, recall@10 and MRR for a query set.
 */
final class JudgedCorpus {

  private JudgedCorpus() {
  }

  /** A target episode: key, room, column, title, description, hosts, transcript lines, chapter titles. */
  record Target(String key, String room, String column, String title, String description, List<String> hosts,
                List<String> transcript, List<String> chapters) {
  }

  static final List<String> ROOMS = List.of("党群连心桥民生直播间", "奔腾社区直播间", "仕奇社区文明实践直播间", "棚城社区家园发展集思会",
    "西乌素图村农文旅直播间");
  static final Map<String, List<String>> COLUMNS = Map.of(
    "党群连心桥民生直播间", List.of("医疗", "养老", "民政", "就业创业培训"),
    "奔腾社区直播间", List.of("政策解读", "办事流程", "活动风采"),
    "仕奇社区文明实践直播间", List.of("志愿服务", "葫芦丝课堂"),
    "棚城社区家园发展集思会", List.of("集思会", "红蜂团"),
    "西乌素图村农文旅直播间", List.of("乡村生活", "民宿推介"));

  static final List<Target> TARGETS = List.of(
    t("hospital", "党群连心桥民生直播间", "医疗", "社区医院就医指南", "挂号、转诊和家庭医生签约，一次讲清。", List.of("云金华")),
    t("parking", "奔腾社区直播间", "政策解读", "老旧小区停车管理新政策", "车位划线、错时停放和收费怎么定。", List.of()),
    t("fees", "奔腾社区直播间", "政策解读", "物业服务收费标准解读", "物业公司收多少、怎么公示，居民可以怎么监督。", List.of()),
    t("hotline", "奔腾社区直播间", "办事流程", "12345热线怎么反映问题", "打电话、发短信还是网上留言，哪个更快。", List.of()),
    t("app", "奔腾社区直播间", "办事流程", "“青城办”App 手把手教学", "手机上办社保、查公积金。", List.of()),
    t("epidemic", "党群连心桥民生直播间", "医疗", "疫情之后的社区健康服务", "常态化防控下，社区卫生服务站如何开门接诊。", List.of()),
    t("residence", "奔腾社区直播间", "办事流程", "居住证办理流程", "需要带哪些材料，多久能拿到。", List.of()),
    t("reimburse", "党群连心桥民生直播间", "医疗", "医保报销怎么办", "门诊和住院报销比例，异地就医备案。", List.of()),
    t("dibao", "党群连心桥民生直播间", "民政", "低保申请流程", "家庭收入怎么算，入户调查看什么。", List.of()),
    t("meals", "党群连心桥民生直播间", "养老", "老年助餐点怎么用", "刷卡就餐，八十岁以上有优惠。", List.of()),
    t("disability", "党群连心桥民生直播间", "民政", "残疾人两项补贴", "生活补贴和护理补贴的标准。", List.of()),
    t("loan", "党群连心桥民生直播间", "就业创业培训", "创业担保贷款申请", "最高额度、贴息和担保人要求。", List.of()),
    t("flexible", "党群连心桥民生直播间", "就业创业培训", "灵活就业社保政策", "自己交社保，按月还是按年。", List.of()),
    t("aging", "党群连心桥民生直播间", "养老", "适老化改造补贴", "扶手、防滑地面、坐便器，补多少钱。", List.of()),
    t("insurance", "奔腾社区直播间", "政策解读", "城乡居民医保缴费", "缴费时间和档次，线上怎么交。", List.of()),
    t("certificate", "奔腾社区直播间", "办事流程", "社区开具证明指南", "哪些证明社区能开，哪些不能。", List.of()),
    t("hulusi1", "仕奇社区文明实践直播间", "葫芦丝课堂", "《请你到草原来》葫芦丝教学", "跟着老师一句一句吹。", List.of("白秀梅")),
    t("hulusi2", "仕奇社区文明实践直播间", "葫芦丝课堂", "葫芦丝入门：指法与气息", "零基础也能学。", List.of("白秀梅")),
    t("points", "仕奇社区文明实践直播间", "志愿服务", "公益银行积分怎么兑换", "当好人、做好事、有付出、受嘉奖。", List.of()),
    t("stairs", "棚城社区家园发展集思会", "集思会", "楼梯间管道粉刷怎么办", "居民提议，集议决办评五步走。", List.of()),
    t("gate", "棚城社区家园发展集思会", "集思会", "北门改电动门征求意见", "要不要换、钱从哪里来。", List.of()),
    t("bees", "棚城社区家园发展集思会", "红蜂团", "快递员外卖员加入红蜂团", "小哥们也是社区治理的一员。", List.of()),
    t("bnb", "西乌素图村农文旅直播间", "民宿推介", "院落里的民宿", "盘活闲置院落，发展庭院经济。", List.of()),
    t("mooncake", "党群连心桥民生直播间", "养老", "中秋月饼助农直播", "本地优质月饼，送到老人家门口。", List.of("云金华")),
    t("renovation", "奔腾社区直播间", "政策解读", "老旧小区改造进度通报", "外墙保温和管网更换到哪一步了。", List.of()),
    t("5g", "西乌素图村农文旅直播间", "乡村生活", "5G信号进山村", "基站建好了，直播带货不卡了。", List.of()),
    // Found only by what was said.
    new Target("garbage", "奔腾社区直播间", "活动风采", "小区环境大家谈", "居民聊聊身边的环境。", List.of(),
      List.of("大家好，欢迎来到直播间", "今天重点说说垃圾分类怎么做", "厨余垃圾要单独投放，不要混在一起"), List.of()),
    new Target("charging", "棚城社区家园发展集思会", "集思会", "楼道安全隐患排查", "消防通道要畅通。", List.of(),
      List.of("很多居民把电动车推进楼道里充电", "我们在小区北侧建了集中充电桩", "扫码就能充，一度电八毛"), List.of()),
    new Target("bloodpressure", "党群连心桥民生直播间", "医疗", "冬季老年人常见病预防", "天冷了，老人要注意什么。", List.of(),
      List.of("冬天血压容易波动", "有高血压的老人每天早晚各量一次", "药不能自己停"), List.of("开场", "流感疫苗接种时间", "观众提问")));

  /** Distractor topics: everyday community programmes that answer none of the judged queries. */
  static final List<String> TOPICS = List.of("文明实践", "邻里互助", "文艺演出", "消防安全", "反诈宣传", "读书分享", "亲子活动",
    "法律咨询", "防汛演练", "书法培训", "手工课堂", "戏曲欣赏", "广场舞", "科普讲堂", "心理健康", "家风家训", "国旗下讲话",
    "民族团结", "网格员风采", "党员先锋", "禁毒宣传", "普法讲座", "安全生产", "青少年成长", "老年大学", "摄影作品", "剪纸艺术",
    "文化惠民", "基层治理", "社区议事", "平安建设", "爱国卫生", "秋季运动会", "非遗展示", "乡村振兴", "农文旅融合", "生态环境",
    "村规民约", "党史学习", "志愿者招募");
  static final List<String> SUFFIXES = List.of("活动回顾", "现场直播", "专题讲座", "交流会", "成果展", "经验分享");
  /** Sentences of the page that would answer a judged query are left out of the distractors. */
  static final Set<String> ANSWERS = Set.of("中秋", "月饼", "葫芦丝", "庭院", "民宿", "红蜂", "快递", "积分", "公益银行", "电动门",
    "楼梯", "粉刷", "白秀梅", "云金华", "停车", "物业", "医院", "医保", "疫情", "居住证", "低保", "养老", "助餐", "残疾", "贷款",
    "就业", "改造", "证明", "垃圾", "充电", "血压", "疫苗", "12345", "App", "5G", "58");

  private static Http admin;
  static long district;
  static final Map<String, Long> ids = new HashMap<>();
  static final List<Long> numbered58 = new ArrayList<>();

  static Target t(String key, String room, String column, String title, String description, List<String> hosts) {
    return new Target(key, room, column, title, description, hosts, List.of(), List.of());
  }

  /** Seeds the corpus once per test JVM (the shared node keeps it); later callers reuse its ids. */
  static synchronized void seed(Vertx vertx) throws IOException {
    if (!ids.isEmpty()) {
      return;
    }
    admin = Http.local(vertx);
    Seed seed = new Seed(admin);
    district = seed.district();
    Map<String, Long> rooms = new HashMap<>();
    Map<String, Long> columns = new HashMap<>();
    for (String name : ROOMS) {
      long org = seed.org(name.substring(0, 4), "community", district);
      JsonObject body = new JsonObject().put("name", name).put("orgId", org).put("episodeOffset", name.startsWith("党群") ? 50 : 0);
      Http.Reply room = admin.post("/api/rooms", body);
      assertEquals(201, room.status(), room.body());
      rooms.put(name, room.json().getLong("id"));
      for (String column : COLUMNS.get(name)) {
        Http.Reply c = admin.post("/api/rooms/" + room.json().getLong("id") + "/columns", new JsonObject().put("name", column));
        assertEquals(201, c.status(), c.body());
        columns.put(name + "/" + column, c.json().getLong("id"));
      }
    }
    Map<String, Long> people = new HashMap<>();
    for (String name : List.of("云金华", "白秀梅", "王丹", "张少慧")) {
      people.put(name, seed.person(name));
    }
    List<String> sentences = sentences();
    Map<String, Integer> day = new HashMap<>();
    int target = 0;
    int sentence = 0;
    // Distractors and targets interleaved through each room's calendar.
    for (int i = 0; i < TOPICS.size() * SUFFIXES.size(); i++) {
      String room = ROOMS.get(i % ROOMS.size());
      // Distractors go to each room's first column, which answers no judged query by its name.
      String column = COLUMNS.get(room).get(0);
      String title = TOPICS.get(i % TOPICS.size()) + SUFFIXES.get(i / TOPICS.size());
      List<String> lines = i % 8 == 0 ? sentences.subList(sentence % sentences.size(), Math.min(sentences.size(), sentence % sentences.size() + 3)) : List.of();
      String description = sentences.get(sentence++ % sentences.size());
      List<String> hosts = i % 5 == 0 ? List.of("王丹") : i % 7 == 0 ? List.of("张少慧") : List.of();
      create(rooms.get(room), columns.get(room + "/" + column), title, description, hosts, people, next(day, room), lines, List.of());
      if (i % 8 == 3 && target < TARGETS.size()) {
        Target t = TARGETS.get(target++);
        ids.put(t.key(), create(rooms.get(t.room()), columns.get(t.room() + "/" + t.column()), t.title(), t.description(),
          t.hosts(), people, next(day, t.room()), t.transcript(), t.chapters()));
      }
    }
    while (target < TARGETS.size()) {
      Target t = TARGETS.get(target++);
      ids.put(t.key(), create(rooms.get(t.room()), columns.get(t.room() + "/" + t.column()), t.title(), t.description(),
        t.hosts(), people, next(day, t.room()), t.transcript(), t.chapters()));
    }
    Indexed.await();
    for (long roomId : rooms.values()) {
      String path = "/api/episodes?limit=200&roomId=" + roomId;
      for (Object e : admin.get(path).items()) {
        JsonObject episode = (JsonObject) e;
        if (Integer.valueOf(58).equals(episode.getInteger("number"))) {
          numbered58.add(episode.getLong("id"));
        }
      }
    }
  }

  static String next(Map<String, Integer> day, String room) {
    int n = day.merge(room, 1, Integer::sum);
    // Each room at its own hour, so a host of two rooms is never double-booked.
    return LocalDate.of(2023, 1, 1).plusDays(n * 2L) + "T" + (10 + 2 * ROOMS.indexOf(room)) + ":30:00+08:00";
  }

  static long create(long roomId, long columnId, String title, String description, List<String> hosts, Map<String, Long> people,
                     String day, List<String> transcript, List<String> chapters) {
    JsonArray hostIds = new JsonArray();
    hosts.forEach(h -> hostIds.add(people.get(h)));
    JsonObject body = new JsonObject().put("title", title).put("description", description).put("columnId", columnId)
      .put("hostIds", hostIds).put("startsAt", day)
      .put("endsAt", java.time.OffsetDateTime.parse(day).plusHours(1).toString()).put("confirmRenumber", true);
    Http.Reply reply = admin.post("/api/rooms/" + roomId + "/episodes", body);
    assertEquals(201, reply.status(), reply.body());
    long id = reply.json().getLong("id");
    if (!transcript.isEmpty()) {
      StringBuilder srt = new StringBuilder();
      for (int i = 0; i < transcript.size(); i++) {
        srt.append(i + 1).append('\n').append(String.format(Locale.ROOT, "00:%02d:00,000 --> 00:%02d:30,000%n", i * 5, i * 5))
          .append(transcript.get(i)).append("\n\n");
      }
      Http.Reply put = admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/transcript", srt.toString(), "application/x-subrip");
      assertEquals(200, put.status(), put.body());
    }
    if (!chapters.isEmpty()) {
      JsonArray list = new JsonArray();
      for (int i = 0; i < chapters.size(); i++) {
        list.add(new JsonObject().put("start", i * 600).put("title", chapters.get(i)));
      }
      assertEquals(200, admin.raw(HttpMethod.PUT, "/api/episodes/" + id + "/chapters", list.encode(), "application/json").status());
    }
    return id;
  }

  /** The newspaper page's sentences, minus those that would answer a judged query. */
  static List<String> sentences() throws IOException {
    Path page = Path.of("/work/shared/seed/hohhot-daily-2024-09.txt");
    String text = Files.isRegularFile(page) ? Files.readString(page)
      : "各社区在健全基层治理体系方面的典型经验和做法。观摩团成员纷纷表示要相互学习借鉴。";
    List<String> out = new ArrayList<>();
    for (String s : text.replace("\n", "").split("[。！？]")) {
      String sentence = s.strip();
      if (sentence.length() >= 12 && sentence.length() <= 300 && ANSWERS.stream().noneMatch(sentence::contains)) {
        out.add(sentence + "。");
      }
    }
    return out;
  }

  /**
   * Runs {@code judged} (query → keys of the wanted episodes, "#58" for every episode numbered 58) as an anonymous
   * resident, prints each query's ranks and the figures, and holds every query answered in the top 10 and the right
   * episode first for at least 9 in 10.
   */
  static void measure(Http http, String name, Map<String, List<String>> judged) {
    assertTrue(ids.size() == TARGETS.size());
    assertTrue(!numbered58.isEmpty(), "some episode is numbered 58");
    int answered = 0;
    int first = 0;
    double recall = 0;
    double reciprocal = 0;
    List<String> misses = new ArrayList<>();
    StringBuilder table = new StringBuilder("\nquery | wanted | ranks in top 10\n");
    for (var entry : judged.entrySet()) {
      List<Long> wanted = new ArrayList<>();
      for (String key : entry.getValue()) {
        if (key.equals("#58")) {
          wanted.addAll(numbered58);
        } else {
          wanted.add(ids.get(key));
        }
      }
      String path = "/api/search?limit=10&orgId=" + district + "&q=" + URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8);
      Http.Reply reply = http.anonymous().get(path);
      assertEquals(200, reply.status(), reply.body());
      List<Long> got = new ArrayList<>();
      for (Object item : reply.json().getJsonArray("items")) {
        got.add(((JsonObject) item).getJsonObject("episode").getLong("id"));
      }
      List<Integer> ranks = new ArrayList<>();
      for (int i = 0; i < got.size(); i++) {
        if (wanted.contains(got.get(i))) {
          ranks.add(i + 1);
        }
      }
      if (!ranks.isEmpty()) {
        answered++;
        reciprocal += 1.0 / ranks.get(0);
        first += ranks.get(0) == 1 ? 1 : 0;
      } else {
        misses.add(entry.getKey());
      }
      recall += (double) ranks.size() / Math.min(10, wanted.size());
      table.append(entry.getKey()).append(" | ").append(wanted.size()).append(" | ").append(ranks)
        .append(ranks.isEmpty() || ranks.get(0) != 1 ? "  <- top: " + titles(reply) : "").append('\n');
    }
    int n = judged.size();
    System.out.print(table);
    System.out.printf(Locale.ROOT, "%s: %d queries over %d episodes; success@10 %.3f, recall@10 %.3f, MRR %.3f, right first %.3f%n",
      name, n, TARGETS.size() + TOPICS.size() * SUFFIXES.size(), (double) answered / n, recall / n, reciprocal / n, (double) first / n);
    assertEquals(List.of(), misses, name + ": every query is answered in the top 10");
    assertTrue(first >= 0.9 * n, name + ": the right episode first for at least 9 in 10: " + first + " of " + n);
  }

  private static List<String> titles(Http.Reply reply) {
    List<String> titles = new ArrayList<>();
    for (Object item : reply.json().getJsonArray("items")) {
      titles.add(((JsonObject) item).getJsonObject("episode").getString("title"));
      if (titles.size() == 3) {
        break;
      }
    }
    return titles;
  }
}
