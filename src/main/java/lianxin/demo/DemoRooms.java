package lianxin.demo;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

/**
 * What the demo holds, from the Hohhot Daily page of 13 September 2024 (shared/seed): 党群连心桥 of the Hulunbei Road
 * sub-district with 114 episodes aired and 1.44万 followers, its columns 医疗, 养老, 民政 and 就业创业培训; the Benteng
 * community's room with its 政策解读, 办事流程 and 活动风采 broadcasts on Douyin; and the other places the visitors saw.
 * Figures the page does not give (views, likes, the followers of earlier months) are made up to look ordinary.
 */
final class DemoRooms {

  private DemoRooms() {
  }

  /** A weekly series of a room: the day, the time, the column and the titles its episodes cycle through. */
  record Slot(DayOfWeek day, LocalTime time, int minutes, String column, List<String> titles) {
  }

  /** What a platform reported for an aired episode (Douyin's own figures). */
  record Figures(long views, long uniqueViewers, long peakViewers, long likes, long comments, long shares,
                 long newFollowers, int avgWatchSeconds) {
  }

  /**
   * An aired episode with a short recording and a transcript: on the day of {@code slot} of its room, {@code weeksAgo}
   * weeks before the last such day before today (0: within the last seven days, 1: eight to fourteen days ago).
   * {@code transcript} names a WebVTT file in the resources' {@code demo/} folder. Only 医保报销怎么办 aired in the last
   * seven days: the newest episode, so its recording is made first and plays first.
   */
  record Aired(int slot, int weeksAgo, String title, String transcript, Figures figures) {
  }

  /**
   * A room. {@code offset}: episodes aired before Lianxin (the newspaper's count); {@code followers}: monthly readings
   * on Douyin, oldest first, the last one yesterday.
   */
  record Room(String org, String name, String description, int offset, String platform, String account,
              List<String> columns, List<Slot> slots, List<Aired> aired, List<Long> followers) {
  }

  static final List<Room> ALL = List.of(
    new Room("呼伦北路街道", "党群连心桥民生直播间", "呼伦北路街道“民生+互联网”直播间：医疗、养老、民政、就业创业培训。", 114,
      "douyin", "呼伦北路街道党群连心桥", List.of("医疗", "养老", "民政", "就业创业培训"),
      List.of(
        new Slot(DayOfWeek.WEDNESDAY, LocalTime.of(19, 30), 60, "医疗", List.of("社区医院就医指南", "冬季老年人常见病预防", "家庭医生签约服务")),
        new Slot(DayOfWeek.FRIDAY, LocalTime.of(19, 30), 60, "养老", List.of("居家养老服务上门", "老年助餐点怎么用", "适老化改造补贴")),
        new Slot(DayOfWeek.SATURDAY, LocalTime.of(10, 0), 45, "就业创业培训", List.of("灵活就业社保政策", "创业担保贷款申请", "家政技能培训报名")),
        new Slot(DayOfWeek.MONDAY, LocalTime.of(15, 0), 45, "民政", List.of("残疾人两项补贴", "临时救助怎么申请", "低保申请流程"))),
      List.of(
        new Aired(3, 1, "低保申请流程", "dibao.vtt", new Figures(1_860, 1_420, 136, 912, 74, 31, 22, 214)),
        new Aired(2, 1, "家政技能培训报名", "jiuye.vtt", new Figures(2_240, 1_710, 158, 1_086, 118, 57, 35, 246)),
        new Aired(1, 1, "养老金资格认证怎么做", "yanglao.vtt", new Figures(3_120, 2_380, 241, 1_530, 203, 88, 47, 301)),
        new Aired(0, 0, "医保报销怎么办", "yibao.vtt", new Figures(3_480, 2_650, 276, 1_812, 236, 96, 58, 327))),
      List.of(9_650L, 10_020L, 10_480L, 10_910L, 11_300L, 11_760L, 12_150L, 12_600L, 13_020L, 13_480L, 13_950L, 14_400L)),
    new Room("奔腾社区", "奔腾社区直播间", "“大家好，欢迎来到奔腾社区直播间”：每周在抖音直播政策解读、办事流程、活动风采。", 0,
      "douyin", "奔腾社区", List.of("政策解读", "办事流程", "活动风采"),
      List.of(
        new Slot(DayOfWeek.TUESDAY, LocalTime.of(10, 0), 60, "政策解读", List.of("老旧小区停车管理新政策", "物业服务收费标准解读", "城乡居民医保缴费")),
        new Slot(DayOfWeek.THURSDAY, LocalTime.of(16, 0), 45, "办事流程", List.of("新生儿落户办理流程", "12345热线怎么反映问题", "社区开具证明指南")),
        new Slot(DayOfWeek.SUNDAY, LocalTime.of(19, 0), 60, "活动风采", List.of("身边的幸福故事", "邻里节活动回顾", "社区志愿者风采"))),
      List.of(
        new Aired(0, 1, "老旧小区加装电梯政策解读", "dianti.vtt", new Figures(640, 512, 48, 233, 41, 19, 12, 188)),
        new Aired(1, 1, "居住证办理流程", "juzhuzheng.vtt", new Figures(520, 431, 37, 176, 29, 11, 8, 162))),
      List.of(1_820L, 1_960L, 2_110L, 2_290L, 2_430L, 2_600L, 2_750L, 2_930L, 3_080L, 3_260L, 3_410L, 3_580L)),
    new Room("仕奇社区", "仕奇社区文明实践直播间", "葫芦丝教学、志愿服务与“社区公益银行”积分兑换。", 0,
      "wechat-channels", "仕奇社区", List.of("葫芦丝课堂", "志愿服务"),
      List.of(
        new Slot(DayOfWeek.WEDNESDAY, LocalTime.of(9, 30), 60, "葫芦丝课堂", List.of("《请你到草原来》葫芦丝教学", "葫芦丝入门：指法与气息")),
        new Slot(DayOfWeek.SATURDAY, LocalTime.of(15, 0), 45, "志愿服务", List.of("公益银行积分怎么兑换", "清洁家园志愿活动报名"))),
      List.of(), List.of()),
    new Room("棚城社区", "棚城社区家园发展集思会", "围绕居民身边的“揪心事”“烦心事”，集议决办评五步协商。", 0,
      "kuaishou", "棚城社区", List.of("集思会", "红蜂团"),
      List.of(
        new Slot(DayOfWeek.THURSDAY, LocalTime.of(19, 0), 90, "集思会", List.of("楼梯间管道粉刷怎么办", "北门改电动门征求意见")),
        new Slot(DayOfWeek.TUESDAY, LocalTime.of(14, 0), 30, "红蜂团", List.of("快递员外卖员加入红蜂团"))),
      List.of(), List.of()),
    new Room("西乌素图村", "西乌素图村农文旅直播间", "庭院经济、民宿与乡村生活美学。", 0,
      "douyin", "西乌素图村", List.of("乡村生活", "民宿推介"),
      List.of(new Slot(DayOfWeek.SUNDAY, LocalTime.of(10, 0), 60, "乡村生活", List.of("秋日西乌素图村", "艺术工作室探访"))),
      List.of(), List.of()));
}
