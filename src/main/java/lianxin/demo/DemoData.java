package lianxin.demo;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.logging.Logger;
import lianxin.Config;
import lianxin.schedule.Numbering;

/**
 * The rooms from the Hohhot Daily page of September 2024 (shared/seed), with a coming schedule, so a newcomer
 * sees a living system. Only into an empty database, and into a DATABASE_URL database only when DEMO=1.
 */
public final class DemoData {

  private static final Logger LOG = Logger.getLogger(DemoData.class.getName());
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  /** A weekly slot of a room: the day, the time, the column and the titles it cycles through. */
  private record Slot(DayOfWeek day, LocalTime time, int minutes, String column, List<String> titles) {
  }

  private record DemoRoom(String org, String name, String description, int offset, String platform, String account,
                          List<String> columns, List<Slot> slots) {
  }

  private static final List<DemoRoom> ROOMS = List.of(
    new DemoRoom("呼伦北路街道", "党群连心桥民生直播间", "呼伦北路街道“民生+互联网”直播间：医疗、养老、民政、就业创业培训。", 114,
      "douyin", "呼伦北路街道党群连心桥", List.of("医疗", "养老", "民政", "就业创业培训"),
      List.of(
        new Slot(DayOfWeek.WEDNESDAY, LocalTime.of(19, 30), 60, "医疗", List.of("社区医院就医指南", "冬季老年人常见病预防", "医保报销怎么办")),
        new Slot(DayOfWeek.FRIDAY, LocalTime.of(19, 30), 60, "养老", List.of("居家养老服务上门", "老年助餐点怎么用", "适老化改造补贴")),
        new Slot(DayOfWeek.SATURDAY, LocalTime.of(10, 0), 45, "就业创业培训", List.of("灵活就业社保政策", "创业担保贷款申请", "家政技能培训报名")),
        new Slot(DayOfWeek.MONDAY, LocalTime.of(15, 0), 45, "民政", List.of("低保申请流程", "残疾人两项补贴", "临时救助怎么申请")))),
    new DemoRoom("奔腾社区", "奔腾社区直播间", "“大家好，欢迎来到奔腾社区直播间”：政策解读、办事流程、活动风采。", 0,
      "douyin", "奔腾社区", List.of("政策解读", "办事流程", "活动风采"),
      List.of(
        new Slot(DayOfWeek.TUESDAY, LocalTime.of(10, 0), 60, "政策解读", List.of("老旧小区停车管理新政策", "物业服务收费标准解读", "城乡居民医保缴费")),
        new Slot(DayOfWeek.THURSDAY, LocalTime.of(16, 0), 45, "办事流程", List.of("居住证办理流程", "12345热线怎么反映问题", "社区开具证明指南")),
        new Slot(DayOfWeek.SUNDAY, LocalTime.of(19, 0), 60, "活动风采", List.of("身边的幸福故事", "邻里节活动回顾", "社区志愿者风采")))),
    new DemoRoom("仕奇社区", "仕奇社区文明实践直播间", "葫芦丝教学、志愿服务与“社区公益银行”积分兑换。", 0,
      "wechat-channels", "仕奇社区", List.of("葫芦丝课堂", "志愿服务"),
      List.of(
        new Slot(DayOfWeek.WEDNESDAY, LocalTime.of(9, 30), 60, "葫芦丝课堂", List.of("《请你到草原来》葫芦丝教学", "葫芦丝入门：指法与气息")),
        new Slot(DayOfWeek.SATURDAY, LocalTime.of(15, 0), 45, "志愿服务", List.of("公益银行积分怎么兑换", "清洁家园志愿活动报名")))),
    new DemoRoom("棚城社区", "棚城社区家园发展集思会", "围绕居民身边的“揪心事”“烦心事”，集议决办评五步协商。", 0,
      "kuaishou", "棚城社区", List.of("集思会", "红蜂团"),
      List.of(
        new Slot(DayOfWeek.THURSDAY, LocalTime.of(19, 0), 90, "集思会", List.of("楼梯间管道粉刷怎么办", "北门改电动门征求意见")),
        new Slot(DayOfWeek.TUESDAY, LocalTime.of(14, 0), 30, "红蜂团", List.of("快递员外卖员加入红蜂团")))),
    new DemoRoom("西乌素图村", "西乌素图村农文旅直播间", "庭院经济、民宿与乡村生活美学。", 0,
      "douyin", "西乌素图村", List.of("乡村生活", "民宿推介"),
      List.of(new Slot(DayOfWeek.SUNDAY, LocalTime.of(10, 0), 60, "乡村生活", List.of("秋日西乌素图村", "艺术工作室探访")))));

  private static final int WEEKS = 6;

  private DemoData() {
  }

  public static Future<Void> loadIfWanted(Config config, Pool pool) {
    if (!config.demo()) {
      return Future.succeededFuture();
    }
    return pool.query("SELECT count(*) AS n FROM orgs").execute()
      .compose(rows -> rows.iterator().next().getLong("n") > 0 ? Future.succeededFuture()
        : pool.withTransaction(DemoData::load).onSuccess(v -> LOG.info("loaded the demo rooms (DEMO=0 turns this off)")));
  }

  private static Future<Void> load(SqlConnection conn) {
    return orgs(conn).compose(v -> {
      Future<Void> chain = Future.succeededFuture();
      for (DemoRoom room : ROOMS) {
        chain = chain.compose(x -> room(conn, room));
      }
      return chain;
    });
  }

  private static Future<Void> orgs(SqlConnection conn) {
    String sql = """
      WITH xc AS (INSERT INTO orgs (name, kind) VALUES ('新城区', 'district') RETURNING id),
           hm AS (INSERT INTO orgs (name, kind) VALUES ('回民区', 'district') RETURNING id),
           sh AS (INSERT INTO orgs (name, kind) VALUES ('赛罕区', 'district') RETURNING id),
           yq AS (INSERT INTO orgs (name, kind) VALUES ('玉泉区', 'district') RETURNING id),
           hl AS (INSERT INTO orgs (name, kind, parent_id) SELECT '呼伦北路街道', 'subdistrict', id FROM xc RETURNING id),
           bh AS (INSERT INTO orgs (name, kind, parent_id) SELECT '保合少镇', 'town', id FROM xc RETURNING id),
           jl AS (INSERT INTO orgs (name, kind, parent_id) SELECT '甲兰板村', 'village', id FROM bh RETURNING id),
           bt AS (INSERT INTO orgs (name, kind, parent_id) SELECT '奔腾社区', 'community', id FROM hm RETURNING id),
           xw AS (INSERT INTO orgs (name, kind, parent_id) SELECT '西乌素图村', 'village', id FROM hm RETURNING id),
           sq AS (INSERT INTO orgs (name, kind, parent_id) SELECT '仕奇社区', 'community', id FROM sh RETURNING id)
      INSERT INTO orgs (name, kind, parent_id) SELECT '棚城社区', 'community', id FROM yq""";
    return conn.query(sql).execute().mapEmpty();
  }

  private static Future<Void> room(SqlConnection conn, DemoRoom room) {
    return conn.preparedQuery("""
        INSERT INTO rooms (org_id, name, description, episode_offset)
        SELECT id, $2, $3, $4 FROM orgs WHERE name = $1 RETURNING id""")
      .execute(Tuple.of(room.org(), room.name(), room.description(), room.offset()))
      .map(rows -> rows.iterator().next().getLong("id"))
      .compose(roomId -> conn.preparedQuery("INSERT INTO room_platforms (room_id, platform, account) VALUES ($1, $2, $3)")
        .execute(Tuple.of(roomId, room.platform(), room.account()))
        .compose(v -> conn.preparedQuery("INSERT INTO columns (room_id, name) VALUES ($1, $2)")
          .executeBatch(room.columns().stream().map(c -> Tuple.of(roomId, c)).toList()))
        .compose(v -> conn.preparedQuery("""
            INSERT INTO episodes (room_id, column_id, title, starts_at, ends_at)
            SELECT $1, c.id, $3, $4, $5 FROM columns c WHERE c.room_id = $1 AND c.name = $2""")
          .executeBatch(schedule(roomId, room)))
        .compose(v -> Numbering.renumber(conn, roomId)));
  }

  /** The room's weekly slots for the coming weeks, titles taken in turn. */
  private static List<Tuple> schedule(long roomId, DemoRoom room) {
    ZonedDateTime now = ZonedDateTime.now(ZONE);
    List<Tuple> episodes = new java.util.ArrayList<>();
    for (Slot slot : room.slots()) {
      LocalDate first = now.toLocalDate().with(TemporalAdjusters.nextOrSame(slot.day()));
      if (!ZonedDateTime.of(first, slot.time(), ZONE).isAfter(now)) {
        first = first.plusWeeks(1); // today's slot has already begun: the schedule starts with what is still ahead
      }
      for (int week = 0; week < WEEKS; week++) {
        OffsetDateTime start = ZonedDateTime.of(first.plusWeeks(week), slot.time(), ZONE).toOffsetDateTime();
        String title = slot.titles().get(week % slot.titles().size());
        episodes.add(Tuple.of(roomId, slot.column(), title, start, start.plusMinutes(slot.minutes())));
      }
    }
    return episodes;
  }
}
