package lianxin.search;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lianxin.cache.Encoded;
import lianxin.cache.ResponseCache;
import lianxin.http.ApiException;
import lianxin.http.Fields;
import lianxin.http.Times;
import lianxin.question.QuestionSql;

/** Public search over episodes, and suggestions as residents type. */
public record SearchRoutes(Pool pool, ResponseCache cache) {

  /** Cues shown per result: the best few, in time order. */
  private static final int CUES_PER_RESULT = 3;
  private static final int SNIPPET = 80;
  private static final int SUGGESTIONS = 8;

  public void mount(Router router) {
    router.get("/api/search").handler(this::search);
    router.get("/api/suggest").handler(this::suggest);
  }

  private void search(RoutingContext ctx) {
    SearchQuery query = SearchQuery.from(ctx);
    cache.get(ResponseCache.SEARCH, ctx.request().uri(), () -> run(query).map(Encoded::json))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }

  Future<JsonObject> run(SearchQuery query) {
    if (query.words().isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("items", new JsonArray()).put("total", 0).put("totalCapped", false));
    }
    if (query.orgId() != null && query.orgIds() == null) {
      return pool.preparedQuery(SearchQuery.SUBTREE).execute(Tuple.of(query.orgId()))
        .compose(rows -> run(query.withOrgs(rows.iterator().next().getArrayOfLongs("ids"))));
    }
    // Every word first; only when that finds nothing, any of them (ranked by how much of the query they cover).
    return page(query, true).compose(p -> p.total() > 0 || !query.relaxable() ? Future.succeededFuture(p)
        : page(query, false))
      .compose(p -> describe(query, p))
      .compose(body -> questions(query, body));
  }

  /** Questions to display per search: the answered ones first (each a link to its moment), then the most asked. */
  private static final int QUESTIONS = 5;

  /**
   * 民生问答: approved questions holding every word of the query follow the episodes on the first page, as items of
   * {@code type: "question"} with their answer moments; {@code questions} says how many were added. Filters by room
   * and org apply; a column or period filter leaves questions out.
   */
  private Future<JsonObject> questions(SearchQuery query, JsonObject body) {
    if (query.offset() > 0 || query.columnId() != null || query.from() != null || query.to() != null) {
      return Future.succeededFuture(body.put("questions", 0));
    }
    String[] words = query.words().stream().map(w -> Terms.normalize(w.text()).toLowerCase(java.util.Locale.ROOT))
      .toArray(String[]::new);
    Long[] orgs = query.orgId() == null ? null : query.orgIds();
    return pool.preparedQuery(QuestionSql.SEARCH).execute(Tuple.of(words, query.roomId(), orgs, QUESTIONS)).map(rows -> {
      JsonArray items = body.getJsonArray("items");
      for (Row r : rows) {
        JsonObject question = new JsonObject().put("id", r.getLong("id")).put("text", r.getString("text"))
          .put("roomId", r.getLong("room_id")).put("roomName", r.getString("room_name")).put("votes", r.getInteger("votes"));
        Long episode = r.getLong("answer_episode_id");
        if (episode != null) {
          long ms = r.getLong("answer_ms");
          question.put("answer", new JsonObject().put("episodeId", episode).put("title", r.getString("answer_title"))
            .put("t", ms / 1000).put("replay", r.getBoolean("replay")).put("url", "/episodes/" + episode + "?t=" + ms / 1000));
        } else {
          question.putNull("answer");
        }
        items.add(new JsonObject().put("type", "question").put("question", question));
      }
      return body.put("questions", rows.size());
    });
  }

  /** A page of hits (episode id and score, best first) and how many match in all. */
  private record Page(List<Long> ids, Map<Long, Double> scores, long total, boolean all) {
  }

  /** Counts first (cheap, capped), then ranks with the plan the count calls for, then fills from transcripts. */
  private Future<Page> page(SearchQuery query, boolean all) {
    List<Object> countParams = new ArrayList<>();
    String count = query.countSql(countParams, all);
    return pool.preparedQuery(count).execute(Tuple.from(countParams)).compose(counted -> {
      Row n = counted.iterator().next();
      long head = n.getLong("head");
      Page page = new Page(new ArrayList<>(), new HashMap<>(), n.getLong("n"), all);
      Future<Page> ranked = Future.succeededFuture(page);
      if (head > 0 || !all && page.total() > 0) {
        List<Object> params = new ArrayList<>();
        String sql = query.sql(params, all, head);
        ranked = pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> add(page, rows));
      }
      // Episodes found only by their transcript fill what the head's matches left of the page (when every head
      // match was ranked; beyond that the page lies past the ranked candidates). The any-word fallback ranked the
      // recent transcript matches with the rest already.
      return ranked.compose(p -> {
        if (!all || p.ids().size() == query.limit() || p.total() == head || head > SearchQuery.CANDIDATES) {
          return Future.succeededFuture(p);
        }
        List<Object> more = new ArrayList<>();
        String transcripts = query.transcriptSql(more, all, head, p.ids().size());
        return pool.preparedQuery(transcripts).execute(Tuple.from(more)).map(rows -> add(p, rows));
      });
    });
  }

  private static Page add(Page page, RowSet<Row> rows) {
    for (Row r : rows) {
      page.ids().add(r.getLong("episode_id"));
      page.scores().put(r.getLong("episode_id"), r.getDouble("score"));
    }
    return page;
  }

  private Future<JsonObject> describe(SearchQuery query, Page page) {
    List<Long> ids = page.ids();
    Map<Long, Double> scores = page.scores();
    long matches = Math.min(page.total(), SearchQuery.COUNT_CAP);
    boolean more = page.total() > SearchQuery.COUNT_CAP;
    if (ids.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("items", new JsonArray()).put("total", matches)
        .put("totalCapped", more).put("matched", page.all() ? "all" : "any"));
    }
    Long[] idArray = ids.toArray(Long[]::new);
    List<String> needles = Highlights.needles(query.words());
    return Future.all(pool.preparedQuery(SearchSql.EPISODES).execute(Tuple.of(idArray)),
        pool.preparedQuery(SearchSql.MATCHING_CUES)
          .execute(Tuple.of(idArray, page.all() ? query.anyWord() : query.tsquery(false), CUES_PER_RESULT)))
      .map(both -> {
        Map<Long, JsonObject> items = new HashMap<>();
        for (Row r : both.<RowSet<Row>>resultAt(0)) {
          items.put(r.getLong("id"), item(r, scores.get(r.getLong("id")), needles));
        }
        for (Row c : both.<RowSet<Row>>resultAt(1)) {
          JsonObject item = items.get(c.getLong("episode_id"));
          if (item != null) {
            String text = c.getString("text");
            item.getJsonArray("cues").add(new JsonObject().put("start", c.getLong("start_ms") / 1000.0)
              .put("end", c.getLong("end_ms") / 1000.0).put("text", text).put("highlight", Highlights.mark(text, needles)));
          }
        }
        JsonArray ordered = new JsonArray();
        for (Long id : ids) {
          if (items.containsKey(id)) {
            ordered.add(items.get(id));
          }
        }
        JsonObject body = new JsonObject().put("items", ordered).put("total", matches).put("totalCapped", more)
          .put("matched", page.all() ? "all" : "any");
        if (ids.size() == query.limit() && query.offset() + ids.size() < page.total()) {
          body.put("next", SearchQuery.cursor(query.offset() + ids.size()));
        }
        return body;
      });
  }

  private static JsonObject item(Row r, double score, List<String> needles) {
    ZoneId zone = ZoneId.of(r.getString("timezone"));
    Integer number = r.getInteger("number");
    JsonObject episode = new JsonObject()
      .put("id", r.getLong("id"))
      .put("title", r.getString("title"))
      .put("number", number)
      .put("numberLabel", number == null ? null : "第" + number + "期")
      .put("roomId", r.getLong("room_id"))
      .put("roomName", r.getString("room_name"))
      .put("columnId", r.getLong("column_id"))
      .put("columnName", r.getString("column_name"))
      .put("description", r.getString("description"))
      .put("startsAt", Times.format(r.getOffsetDateTime("starts_at"), zone))
      .put("endsAt", Times.format(r.getOffsetDateTime("ends_at"), zone))
      .put("timezone", zone.getId())
      .put("status", r.getString("status"))
      .put("hosts", r.getValue("hosts"))
      .put("replay", r.getValue("archive") != null)
      .put("archive", r.getValue("archive"));
    JsonObject highlights = new JsonObject();
    putIf(highlights, "title", Highlights.mark(r.getString("title"), needles));
    putIf(highlights, "numberLabel", number == null ? null : Highlights.mark("第" + number + "期", needles));
    putIf(highlights, "description", Highlights.snippet(r.getString("description"), needles, SNIPPET));
    putIf(highlights, "columnName", Highlights.mark(r.getString("column_name"), needles));
    putIf(highlights, "roomName", Highlights.mark(r.getString("room_name"), needles));
    putIf(highlights, "chapters", Highlights.snippet(r.getString("chapter_titles"), needles, SNIPPET));
    return new JsonObject().put("type", "episode").put("episode", episode).put("score", Math.round(score * 10000) / 10000.0)
      .put("highlights", highlights).put("cues", new JsonArray());
  }

  private static void putIf(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  private void suggest(RoutingContext ctx) {
    String q = ctx.queryParams().get("q");
    if (q == null || q.isBlank()) {
      throw ApiException.invalid("q", "请输入至少一个字。", "q must not be empty.");
    }
    // Normalized as the words were (a full-width ＡＰ suggests app).
    String text = Terms.normalize(q.strip());
    String prefix = text.toLowerCase(java.util.Locale.ROOT);
    if (prefix.codePointCount(0, prefix.length()) > 20) {
      throw ApiException.invalid("q", "联想词最多 20 个字。", "q is longer than 20 characters.");
    }
    int limit = Fields.limit(ctx, SUGGESTIONS, 20);
    // A range over the C-collated index: prefix ≤ term < prefix + the highest code point.
    String upper = prefix + "\uDBFF\uDFFF";
    cache.get(ResponseCache.SEARCH, ctx.request().uri(), () -> Future.all(
        pool.preparedQuery(SearchSql.SUGGEST_ROOMS).execute(Tuple.of(text, limit)),
        pool.preparedQuery(SearchSql.SUGGEST_COLUMNS).execute(Tuple.of(text, limit)),
        pool.preparedQuery(SearchSql.SUGGEST_TERMS).execute(Tuple.of(prefix, upper, limit)))
      .map(all -> {
        JsonArray items = new JsonArray();
        for (Row r : all.<RowSet<Row>>resultAt(0)) {
          items.add(new JsonObject().put("type", "room").put("text", r.getString("name")).put("roomId", r.getLong("id")));
        }
        for (Row r : all.<RowSet<Row>>resultAt(1)) {
          items.add(new JsonObject().put("type", "column").put("text", r.getString("name")).put("columnId", r.getLong("id"))
            .put("roomId", r.getLong("room_id")).put("roomName", r.getString("room_name")));
        }
        for (Row r : all.<RowSet<Row>>resultAt(2)) {
          items.add(new JsonObject().put("type", "term").put("text", r.getString("term")).put("episodes", r.getInteger("episodes")));
        }
        return Encoded.json(new JsonObject().put("items", items));
      }))
      .onSuccess(encoded -> encoded.send(ctx))
      .onFailure(ctx::fail);
  }
}
