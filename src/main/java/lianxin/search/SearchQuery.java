package lianxin.search;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import lianxin.db.Databases;
import lianxin.http.ApiException;
import lianxin.http.Fields;

/**
 * {@code GET /api/search}: the query's words and filters. Every word is required (AND); only when that finds
 * nothing does the search fall back to any of them (OR), ranked by how much of the query each episode covers
 * ({@link #coverage}).
 */
record SearchQuery(String q, List<Terms.Word> words, Long roomId, Long columnId, Long orgId, OffsetDateTime from,
                   OffsetDateTime to, int limit, int offset, Long[] orgIds) {

  /** The org subtree as ids, looked up once before the search: a plain = ANY the planner estimates well. */
  static final String SUBTREE = """
    WITH RECURSIVE t AS (SELECT id FROM orgs WHERE id = $1 UNION ALL SELECT o.id FROM orgs o JOIN t ON o.parent_id = t.id)
    SELECT array_agg(id) AS ids FROM t""";

  SearchQuery withOrgs(Long[] ids) {
    return new SearchQuery(q, words, roomId, columnId, orgId, from, to, limit, offset, ids == null ? new Long[0] : ids);
  }

  /** Dates without a time are read in the rooms' usual zone. */
  private static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
  private static final int MAX_QUERY = 100;
  /** Ranking weights for D, C, B, A (transcript, chapters and description, column/room/hosts, title). */
  private static final String WEIGHTS = "'{0.05, 0.2, 0.4, 1.0}'";
  /** Candidates ranked per query, twice: recent matches, recent title matches. */
  static final int CANDIDATES = 150;
  static final int COUNT_CAP = 1000;
  /**
   * Up to this many head matches are read once through the index and sorted; more, and walking the newest
   * documents finds the {@link #CANDIDATES} sooner (about where the two cost the same on 100,000 episodes).
   */
  static final int PLAN_CAP = 4000;

  static SearchQuery from(RoutingContext ctx) {
    String q = ctx.queryParams().get("q");
    if (q == null || q.isBlank()) {
      throw ApiException.invalid("q", "请输入要搜索的词。", "q must not be empty.");
    }
    if (q.codePointCount(0, q.length()) > MAX_QUERY) {
      throw ApiException.invalid("q", "搜索词最多 " + MAX_QUERY + " 个字。", "q is longer than " + MAX_QUERY + " characters.");
    }
    int offset = 0;
    String cursor = ctx.queryParams().get("cursor");
    if (cursor != null && !cursor.isBlank()) {
      offset = decode(cursor);
    }
    return new SearchQuery(q.strip(), Terms.query(q), Fields.queryId(ctx, "roomId"), Fields.queryId(ctx, "columnId"),
      Fields.queryId(ctx, "orgId"), Fields.queryTime(ctx, "from", DEFAULT_ZONE), Fields.queryTime(ctx, "to", DEFAULT_ZONE),
      Fields.limit(ctx, 20, 50), offset, null);
  }

  /** Every word, or (the fallback) any word, a long one also by any of its bigrams. */
  String tsquery(boolean all) {
    return all ? String.join(" & ", words.stream().map(Terms.Word::tsquery).toList())
      : String.join(" | ", words.stream().map(w -> w.relaxedTsquery() == null ? w.tsquery() : w.relaxedTsquery()).toList());
  }

  /** Any word as it is: which cues of an episode that has every word to show. */
  String anyWord() {
    return String.join(" | ", words.stream().map(Terms.Word::tsquery).toList());
  }

  /** Whether falling back to any word can find more: more than one word, or a word found by its parts then. */
  boolean relaxable() {
    return words.size() > 1 || words.stream().anyMatch(w -> w.relaxedTsquery() != null);
  }

  /**
   * What ranking counts per document before {@code ts_rank_cd}: each query word it has (which orders the any-word
   * fallback by how much of the query an episode covers; the first entries) and, half as much, each word it has as
   * typed rather than by a synonym (so 社区卫生服务站 finds that text before 社区医院) or, in the fallback, by one
   * of its bigrams only.
   */
  String[] coverage(boolean all) {
    List<String> out = new ArrayList<>();
    for (Terms.Word w : words) {
      out.add(w.tsquery());
    }
    for (Terms.Word w : words) {
      if (!w.typed().equals(w.alternatives())) {
        out.add(w.typedTsquery());
      }
      if (!all && w.relaxedTsquery() != null) {
        out.add(w.relaxedTsquery());
      }
    }
    return out.toArray(String[]::new);
  }

  /**
   * The page of episodes whose own words match (title, column, room, hosts, chapters, description), best first. A
   * common word (社区) is in tens of thousands of them and ranking them all is slow, so ranking looks at a bounded
   * candidate set: the most recent matches, and the most recent whose title has the words (a rare word's matches
   * are all candidates).
   *
   * <p>{@code headMatches} (counted first) picks the plan. Up to {@link #PLAN_CAP} matches are read once through
   * the index and sorted; more are found by walking the newest documents until enough match. Left to itself, the
   * planner walked the newest documents for words in 2% of them too, reading 50 documents per match. For any word
   * ({@code all} false, the fallback) the most recent transcript matches are ranked with them, by what they cover.
   */
  String sql(List<Object> params, boolean all, long headMatches) {
    params.add(tsquery(all));
    params.add(coverage(all));
    Filters filters = filters(params);
    String where = filters.docs();
    params.add(limit);
    params.add(offset);
    String candidates = headMatches <= PLAN_CAP
      ? "m AS MATERIALIZED (SELECT d.episode_id, d.starts_at, d.title_terms @@ $1::text::tsquery AS in_title"
        + " FROM search_docs d WHERE d.head @@ $1::text::tsquery" + where + "),"
        + " c AS ((SELECT episode_id FROM m ORDER BY starts_at DESC LIMIT " + CANDIDATES + ")"
        + " UNION (SELECT episode_id FROM m WHERE in_title ORDER BY starts_at DESC LIMIT " + CANDIDATES + "))"
      : "c AS ((SELECT d.episode_id FROM search_docs d WHERE d.head @@ $1::text::tsquery" + where
        + " ORDER BY d.starts_at DESC LIMIT " + CANDIDATES + ") UNION (SELECT d.episode_id FROM search_docs d"
        + " WHERE d.title_terms @@ $1::text::tsquery" + where + " ORDER BY d.starts_at DESC LIMIT " + CANDIDATES + "))";
    // Any word (the fallback): the most recent transcript matches are candidates too, and what an episode's transcript
    // covers counts, so an episode that said most of the query comes before a title with one of its words.
    String spoken = all ? "" : ", t AS (SELECT t.episode_id FROM transcript_terms t WHERE t.terms @@ $1::text::tsquery"
      + filters.transcripts() + " ORDER BY t.starts_at DESC LIMIT " + CANDIDATES + "),"
      + " ct AS (SELECT episode_id FROM c UNION SELECT episode_id FROM t)";
    return Databases.PLAN_EACH_TIME + "WITH " + candidates + spoken
      // The score is the coverage (words had, 1 each; words had as typed, 0.5 each) plus ts_rank_cd in [0, 1).
      + " SELECT x.episode_id, (x.cover + x.rank)::float8 AS score FROM (SELECT d.episode_id, d.starts_at,"
      + " (SELECT coalesce(sum(CASE WHEN n <= " + words.size() + " THEN 1 ELSE 0.5 END), 0)"
      + " FROM unnest($2::text[]) WITH ORDINALITY w (q, n) WHERE d.head @@ q::tsquery"
      + (all ? "" : " OR s.terms @@ q::tsquery") + ") AS cover,"
      + " ts_rank_cd(" + WEIGHTS + ", d.head, $1::text::tsquery, 32) AS rank, " + WATCHABLE + " AS watchable"
      + (all ? " FROM search_docs d JOIN c ON c.episode_id = d.episode_id"
        : " FROM search_docs d JOIN ct ON ct.episode_id = d.episode_id LEFT JOIN transcript_terms s ON s.episode_id = d.episode_id")
      // For the same coverage, what can be watched comes first: a replay, then what has aired, then what is to come.
      + ") x ORDER BY x.cover DESC, x.watchable DESC, x.rank DESC, x.starts_at DESC, x.episode_id DESC"
      + " LIMIT $" + (params.size() - 1) + " OFFSET $" + params.size();
  }

  /** 2 with an archived replay, 1 aired (begun) without one, 0 still to come; over a candidate's document {@code d}. */
  static final String WATCHABLE = "CASE WHEN EXISTS (SELECT 1 FROM recordings rec WHERE rec.episode_id = d.episode_id"
    + " AND rec.status = 'archived') THEN 2 WHEN d.starts_at <= now() THEN 1 ELSE 0 END";

  /**
   * Episodes found only by their transcript, newest first: they come after every episode whose own words match
   * (the head's matches, {@code headMatches} of them, all ranked when there are at most {@link #CANDIDATES}).
   */
  String transcriptSql(List<Object> params, boolean all, long headMatches, int rowsFromHead) {
    params.add(tsquery(all));
    Filters filters = filters(params);
    params.add(limit - rowsFromHead);
    params.add(Math.max(0, offset - headMatches));
    return Databases.PLAN_EACH_TIME + "SELECT t.episode_id, 0::float8 AS score FROM " + spokenOnly(filters)
      + " ORDER BY t.starts_at DESC, t.episode_id DESC LIMIT $" + (params.size() - 1) + " OFFSET $" + params.size();
  }

  /**
   * How many match: {@code head} by their own words (counted up to {@link #PLAN_CAP}, to pick the ranking's plan),
   * {@code n} in all, counted up to {@link #COUNT_CAP} (beyond it, the total says "more than"). Transcripts are
   * counted only while the head's matches stay under that cap.
   */
  String countSql(List<Object> params, boolean all) {
    params.add(tsquery(all));
    Filters filters = filters(params);
    return Databases.PLAN_EACH_TIME + "SELECT h.n AS head, least(h.n + t.n, " + (COUNT_CAP + 1) + ") AS n"
      + " FROM (SELECT count(*) AS n FROM (SELECT 1 FROM search_docs d WHERE d.head @@ $1::text::tsquery" + filters.docs()
      + " LIMIT " + (PLAN_CAP + 1) + ") x) h,"
      + " LATERAL (SELECT count(*) AS n FROM (SELECT 1 FROM " + spokenOnly(filters) + " AND h.n <= " + COUNT_CAP
      + " LIMIT " + (COUNT_CAP + 1) + ") y) t";
  }

  /**
   * Episodes whose transcript has the words and whose own words do not (the head's matches are looked up once, as a
   * hashed set), within the filters, which the transcript's row carries itself (a copy of its document's, NULL
   * without a document): joining every transcript match with its document made filtered searches the slowest.
   * A room's or column's transcripts are few, so they are read through its index and each is tested (OFFSET 0 keeps
   * the words out of that scan): reading the words' index as well took 6 ms for common characters (医, 保).
   */
  private String spokenOnly(Filters filters) {
    String own = filters.transcripts();
    String notHead = " AND t.episode_id NOT IN (SELECT d.episode_id FROM search_docs d WHERE d.head @@ $1::text::tsquery"
      + filters.docs() + ")";
    if (roomId == null && columnId == null) {
      return "transcript_terms t WHERE t.terms @@ $1::text::tsquery" + own + notHead;
    }
    return "(SELECT * FROM transcript_terms t WHERE true" + own + " OFFSET 0) t WHERE t.terms @@ $1::text::tsquery" + notHead;
  }

  /**
   * The filters as conditions on the columns both tables have: a document's, or a transcript's own copy of them (NULL
   * without a document, so such a transcript is not found).
   */
  record Filters(List<String> conditions) {

    /** On the search documents, {@code d}. */
    String docs() {
      return on("d");
    }

    /** On the transcripts, {@code t}. */
    String transcripts() {
      return " AND t.starts_at IS NOT NULL" + on("t");
    }

    private String on(String alias) {
      StringBuilder out = new StringBuilder();
      for (String c : conditions) {
        out.append(" AND ").append(alias).append('.').append(c);
      }
      return out.toString();
    }
  }

  private Filters filters(List<Object> params) {
    List<String> conditions = new ArrayList<>();
    if (roomId != null) {
      params.add(roomId);
      conditions.add("room_id = $" + params.size());
    }
    if (columnId != null) {
      params.add(columnId);
      conditions.add("column_id = $" + params.size());
    }
    if (orgIds != null) {
      params.add(orgIds);
      conditions.add("org_id = ANY($" + params.size() + ")");
    }
    if (from != null) {
      params.add(from);
      conditions.add("starts_at >= $" + params.size());
    }
    if (to != null) {
      params.add(to);
      conditions.add("starts_at < $" + params.size());
    }
    return new Filters(conditions);
  }

  static String cursor(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int offset = Integer.parseInt(raw.substring(1));
      if (raw.charAt(0) == 'o' && offset >= 0 && offset <= 10_000) {
        return offset;
      }
    } catch (RuntimeException ignored) {
      // reported below
    }
    throw ApiException.badRequest("cursor", "cursor 无效，请使用上一页返回的 next。", "cursor is not one this server gave out.");
  }
}
