package lianxin.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The search benchmark's corpus on top of the schedule's 100,000 episodes: varied Chinese titles and descriptions,
 * 10 transcript cues per episode (1,000,000), and every episode's search document. Segmentation runs once per
 * distinct text in Java (the same {@link Terms} as the server); the rows are built set-based in SQL from those.
 */
public final class SearchBenchData {

  /** Topics residents ask about, and everyday programme topics around them. */
  public static final List<String> TOPICS = List.of("老旧小区停车管理", "物业服务收费标准", "社区医院就医", "医保报销", "居住证办理",
    "12345热线", "垃圾分类", "电动车充电", "居家养老服务", "老年助餐", "适老化改造", "低保申请", "残疾人补贴", "灵活就业社保",
    "创业担保贷款", "城乡居民医保缴费", "疫苗接种", "高血压防治", "反诈宣传", "消防安全", "防汛演练", "邻里互助", "文明实践",
    "志愿服务", "葫芦丝教学", "广场舞", "书法培训", "亲子活动", "法律咨询", "心理健康", "家风家训", "民族团结", "网格员风采",
    "禁毒宣传", "普法讲座", "青少年成长", "老年大学", "剪纸艺术", "非遗展示", "乡村振兴", "庭院经济", "民宿推介", "快递员外卖员",
    "红蜂团", "楼道安全", "北门电动门", "楼梯间粉刷", "公益银行积分", "中秋月饼", "5G信号", "App使用教学", "供暖缴费",
    "燃气安全", "二手房交易", "学区划分", "新生入学", "就业招聘会", "失业保险", "公积金提取", "社区食堂");
  public static final List<String> SUFFIXES = List.of("政策解读", "现场答疑", "专题讲座", "交流会", "经验分享", "办事指南",
    "居民议事", "活动回顾");
  public static final List<String> LINES = List.of("大家好，欢迎来到直播间", "今天我们请来了街道的工作人员", "有问题可以在评论区留言",
    "这个政策从下个月开始实行", "需要带上身份证和户口本", "可以在手机上直接办理", "我们社区已经有三百多户报名",
    "老人行动不便的可以预约上门", "具体标准以公示为准", "下面回答几个居民的问题", "感谢大家的参与，我们下期再见",
    "请大家注意安全", "错时停车从下月开始", "充电桩建在小区北侧", "厨余垃圾要单独投放", "每月十五号前缴费");

  private SearchBenchData() {
  }

  /** Titles: every topic with every suffix. */
  public static List<String> titles() {
    List<String> titles = new ArrayList<>();
    for (String suffix : SUFFIXES) {
      for (String topic : TOPICS) {
        titles.add(topic + suffix);
      }
    }
    return titles;
  }

  /** Cue texts: a topic said in a sentence, or a plain line. */
  static List<String> cueTexts() {
    List<String> out = new ArrayList<>(LINES);
    for (String topic : TOPICS) {
      out.add("关于" + topic + "，大家最关心的是怎么办");
      out.add(topic + "的问题我们已经反映给街道");
    }
    return out;
  }

  /** Seeds titles, descriptions, cues and documents over an already seeded schedule; returns a summary. */
  public static String seed(Connection db, List<String> someDescriptions) throws SQLException {
    List<String> descriptions = List.copyOf(new java.util.LinkedHashSet<>(someDescriptions));
    db.setAutoCommit(false);
    try (Statement st = db.createStatement()) {
      st.execute("SET LOCAL session_replication_role = replica");
      st.execute("CREATE TEMP TABLE bench_titles (id int PRIMARY KEY, title text, terms text, words text[]) ON COMMIT DROP");
      st.execute("CREATE TEMP TABLE bench_texts (id int PRIMARY KEY, text text, terms text) ON COMMIT DROP");
      st.execute("CREATE TEMP TABLE bench_lines (id int PRIMARY KEY, text text, terms text) ON COMMIT DROP");
      st.execute("CREATE TEMP TABLE bench_names (name text PRIMARY KEY, terms text) ON COMMIT DROP");
      List<String> titles = titles();
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO bench_titles VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < titles.size(); i++) {
          ps.setInt(1, i);
          ps.setString(2, titles.get(i));
          ps.setString(3, Documents.text(titles.get(i)));
          ps.setArray(4, db.createArrayOf("text", Terms.words(titles.get(i)).toArray()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      texts(db, "bench_texts", descriptions);
      texts(db, "bench_lines", cueTexts());
      List<String> names = new ArrayList<>();
      try (var rs = st.executeQuery("SELECT name FROM rooms UNION SELECT name FROM columns UNION SELECT name FROM people")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO bench_names VALUES (?, ?)")) {
        for (String name : Set.copyOf(names)) {
          ps.setString(1, name);
          ps.setString(2, Documents.text(name));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      int nt = titles.size();
      st.execute("UPDATE episodes SET title = t.title, description = d.text FROM bench_titles t, bench_texts d"
        + " WHERE t.id = (episodes.id * 7919) % " + nt + " AND d.id = (episodes.id * 104729) % " + descriptions.size());
      // Ten cues per episode, 30 s apart, each a line of the pool.
      int nl = cueTexts().size();
      st.execute("INSERT INTO transcripts (episode_id, room_id, source, format, cue_count)"
        + " SELECT id, room_id, 'upload', 'vtt', 10 FROM episodes");
      st.execute("INSERT INTO transcript_cues (episode_id, seq, start_ms, end_ms, text, terms)"
        + " SELECT t.episode_id, k, k * 30000, k * 30000 + 25000, l.text, to_tsvector('simple', l.terms)"
        + " FROM transcripts t CROSS JOIN generate_series(1, 10) k JOIN bench_lines l ON l.id = (t.episode_id * 31 + k * 17) % " + nl);
      st.execute("INSERT INTO transcript_terms (episode_id, terms)"
        + " SELECT t.episode_id, setweight(to_tsvector('simple', (SELECT string_agg(DISTINCT w, ' ')"
        + "   FROM unnest(string_to_array(string_agg(l.terms, ' '), ' ')) w WHERE w <> '')), 'D')"
        + " FROM transcripts t CROSS JOIN generate_series(1, 10) k JOIN bench_lines l ON l.id = (t.episode_id * 31 + k * 17) % " + nl
        + " GROUP BY t.episode_id");
      // The documents as Documents.index builds them: A title and 第N期, B column/room/hosts, C description.
      st.execute("""
        INSERT INTO search_docs (episode_id, room_id, column_id, org_id, starts_at, words, title_terms, head)
        SELECT id, room_id, column_id, org_id, starts_at, words, a, a || b || c
        FROM (SELECT e.id, e.room_id, e.column_id, r.org_id, e.starts_at, t.words,
          setweight(to_tsvector('simple', t.terms || coalesce(' 第 ' || e.number || ' 期', '')), 'A') AS a,
          setweight(to_tsvector('simple', coalesce(cn.terms, '') || ' ' || rn.terms || ' ' || coalesce(pn.terms, '')), 'B') AS b,
          setweight(to_tsvector('simple', d.terms), 'C') AS c
        FROM episodes e JOIN rooms r ON r.id = e.room_id
        JOIN bench_titles t ON t.title = e.title JOIN bench_texts d ON d.text = e.description
        JOIN bench_names rn ON rn.name = r.name
        LEFT JOIN columns c ON c.id = e.column_id LEFT JOIN bench_names cn ON cn.name = c.name
        LEFT JOIN LATERAL (SELECT string_agg(n.terms, ' ') AS terms FROM episode_people ep JOIN people p ON p.id = ep.person_id
                           JOIN bench_names n ON n.name = p.name WHERE ep.episode_id = e.id) pn ON true
        WHERE e.status <> 'cancelled') x""");
      // Each transcript's copy of its document's filter columns, as Documents.index writes it.
      st.execute("UPDATE transcript_terms t SET room_id = d.room_id, column_id = d.column_id, org_id = d.org_id,"
        + " starts_at = d.starts_at FROM search_docs d WHERE d.episode_id = t.episode_id");
      st.execute("INSERT INTO search_terms (term, episodes) SELECT w, count(*) FROM search_docs, unnest(words) w GROUP BY w");
      db.commit();
    } catch (SQLException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
    try (Statement st = db.createStatement()) {
      st.execute("VACUUM ANALYZE");
      try (var rs = st.executeQuery("SELECT (SELECT count(*) FROM search_docs) || ' search documents, '"
        + " || (SELECT count(*) FROM transcript_cues) || ' transcript cues, ' || (SELECT count(*) FROM search_terms) || ' suggestion terms'")) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void texts(Connection db, String table, List<String> texts) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
      for (int i = 0; i < texts.size(); i++) {
        ps.setInt(1, i);
        ps.setString(2, texts.get(i));
        ps.setString(3, Documents.text(texts.get(i)));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * The statements one search runs, as the server builds them, for the bench's EXPLAIN: label, SQL ($n parameters)
   * and the parameters as SQL literals.
   */
  public static List<List<String>> statements(String q) {
    SearchQuery query = new SearchQuery(q, Terms.query(q), null, null, null, null, null, 20, 0, null);
    List<List<String>> out = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    out.add(statement("page (up to 4,000 matches)", query.sql(params, true, 1), params));
    params = new ArrayList<>();
    out.add(statement("page (over 4,000 matches)", query.sql(params, true, SearchQuery.PLAN_CAP + 1), params));
    params = new ArrayList<>();
    out.add(statement("count", query.countSql(params, true), params));
    params = new ArrayList<>();
    out.add(statement("transcript-only page", query.transcriptSql(params, true, 0, 0), params));
    return out;
  }

  /**
   * The count and transcript-only page of {@code q} as the bench's filtered row asks it (org 2's subtree, from
   * 2025-01-01), and also within that district's busiest room when {@code inRoom}; the first element is the label.
   */
  public static List<List<String>> filtered(Connection db, String q, boolean inRoom) throws SQLException {
    Long[] orgs;
    Long room = null;
    try (Statement st = db.createStatement()) {
      try (var rs = st.executeQuery(SearchQuery.SUBTREE.replace("$1", "2"))) {
        rs.next();
        orgs = (Long[]) rs.getArray(1).getArray();
      }
      if (inRoom) {
        try (var rs = st.executeQuery("SELECT room_id FROM search_docs WHERE org_id = ANY('" + array(orgs)
          + "'::bigint[]) GROUP BY room_id ORDER BY count(*) DESC, room_id LIMIT 1")) {
          rs.next();
          room = rs.getLong(1);
        }
      }
    }
    String label = "filtered (orgId=2, from=2025-01-01" + (room == null ? "" : ", roomId=" + room) + ") ";
    SearchQuery query = new SearchQuery(q, Terms.query(q), room, null, 2L, OffsetDateTime.parse("2025-01-01T00:00:00+08:00"),
      null, 20, 0, null).withOrgs(orgs);
    List<List<String>> out = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    out.add(statement(label + "count", query.countSql(params, true), params));
    params = new ArrayList<>();
    out.add(statement(label + "transcript-only page", query.transcriptSql(params, true, 0, 0), params));
    return out;
  }

  private static String array(Long[] ids) {
    return "{" + String.join(",", Arrays.stream(ids).map(String::valueOf).toList()) + "}";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static List<String> statement(String label, String sql, List<Object> params) {
    List<String> out = new ArrayList<>(List.of(label, sql));
    for (Object p : params) {
      out.add(p instanceof Number ? String.valueOf(p)
        : p instanceof String[] texts ? "ARRAY[" + String.join(", ", Arrays.stream(texts).map(SearchBenchData::literal).toList()) + "]::text[]"
        : literal(p instanceof Long[] ids ? array(ids) : String.valueOf(p)));
    }
    return out;
  }
}
