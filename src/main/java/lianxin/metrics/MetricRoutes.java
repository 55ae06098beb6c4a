package lianxin.metrics;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lianxin.auth.Access;
import lianxin.auth.User;
import lianxin.cache.ResponseCache;
import lianxin.db.Tx;
import lianxin.http.ApiException;
import lianxin.http.Text;
import lianxin.http.Bodies;
import lianxin.http.Fields;
import lianxin.http.Replies;

/** What each platform reported for an episode: entered through the API or imported from a platform's CSV export. */
public record MetricRoutes(Pool pool, ResponseCache cache) {

  /**
   * A platform's export of a year of daily lives runs past the 1 MiB JSON limit; the import reads the whole file
   * (every row is checked before one transaction writes them all), so it has a limit of its own.
   */
  public static final long IMPORT_BODY_LIMIT = 32L * 1024 * 1024;

  public void mount(Router router) {
    Bodies.json(router.put("/api/episodes/:id/metrics")).handler(this::put);
    router.get("/api/episodes/:id/metrics").handler(this::get);
    Bodies.limited(router.post("/api/metrics/import"), IMPORT_BODY_LIMIT).handler(this::importCsv);
  }

  /** The room's hosts, officials above it and admins. */
  private void put(RoutingContext ctx) {
    User actor = Access.require(ctx);
    long id = Fields.pathId(ctx, "id", "episode");
    JsonObject body = Fields.body(ctx);
    String raw = Fields.text(body, "platform", 30);
    String platform = Platforms.code(raw);
    if (platform == null) {
      throw ApiException.invalid("platform", Platforms.unknown(raw));
    }
    List<Object> values = new ArrayList<>(List.of(id, platform));
    for (Metric m : Metric.values()) {
      Long value = Fields.optionalLong(body, m.field);
      if (value != null && (value < 0 || value > m.max)) {
        throw ApiException.invalid(m.field, m.outOfRange(value));
      }
      values.add(value);
    }
    Long views = Fields.optionalLong(body, "views");
    Long unique = Fields.optionalLong(body, "uniqueViewers");
    if (views != null && unique != null && unique > views) {
      throw ApiException.invalid("uniqueViewers", "观看人数不能多于观看人次。", "uniqueViewers cannot exceed views.");
    }
    episode(id)
      .compose(episode -> {
        long roomId = episode.getLong("room_id");
        return Tx.as(pool, actor, conn -> Access.room(conn, actor, roomId)
            .compose(v -> {
              Text refusal = refusal(episode);
              if (refusal != null) {
                throw ApiException.conflict(refusal.zh(), refusal.en(), new JsonArray());
              }
              return conn.preparedQuery(MetricSql.PUT).execute(Tuple.from(values));
            }))
          .onSuccess(v -> cache.invalidate(String.valueOf(roomId)))
          .compose(v -> load(id, roomId));
      })
      .onSuccess(json -> Replies.ok(ctx, json))
      .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long id = Fields.pathId(ctx, "id", "episode");
    episode(id)
      .compose(episode -> load(id, episode.getLong("room_id")))
      .onSuccess(json -> Replies.ok(ctx, json))
      .onFailure(ctx::fail);
  }

  /**
   * All or nothing: every bad row is reported (by line, header = line 1) and nothing is written unless every
   * row is good. Rows upsert by (episode, platform), so importing the same file again changes nothing.
   */
  private void importCsv(RoutingContext ctx) {
    User actor = Access.require(ctx);
    String type = ctx.request().getHeader("content-type");
    if (type == null || !(type.startsWith("text/csv") || type.startsWith("application/csv"))) {
      throw ApiException.unsupportedType("请以 text/csv 上传 CSV 文件。", "Send the CSV file as text/csv.",
        new JsonObject().put("field", "content-type"));
    }
    String platform = ctx.queryParams().get("platform");
    if (platform != null && Platforms.code(platform) == null) {
      throw ApiException.badRequest("platform", Platforms.unknown(platform).zh(), Platforms.unknown(platform).en());
    }
    Map<String, String> mapping = mapping(ctx);
    // Decoding and parsing tens of megabytes takes a while: not on the event loop.
    ctx.vertx().executeBlocking(() -> CsvImport.parse(utf8(ctx), mapping, platform), false)
      .compose(parsed -> store(actor, parsed))
      .onSuccess(json -> Replies.ok(ctx, json))
      .onFailure(ctx::fail);
  }

  private Future<JsonObject> store(User actor, CsvImport.Parsed parsed) {
    if (parsed.rows().isEmpty() && parsed.errors().isEmpty()) {
      throw ApiException.invalid("body", "文件里没有数据行。", "The file has no rows under its header.");
    }
    Map<Long, List<CsvImport.Row>> byEpisode = new HashMap<>();
    parsed.rows().forEach(r -> byEpisode.computeIfAbsent(r.episodeId(), k -> new ArrayList<>()).add(r));
    List<Metric> columns = new ArrayList<>(parsed.columns().metrics().keySet());
    return Tx.as(pool, actor, conn -> conn.preparedQuery(MetricSql.EPISODES).execute(Tuple.of(byEpisode.keySet().toArray(Long[]::new)))
      .compose(rows -> {
        // Every room in the file must be the user's to change (403), before anything about its rows is said.
        Future<Void> allowed = Future.succeededFuture();
        for (long room : roomsOf(rows)) {
          allowed = allowed.compose(v -> Access.room(conn, actor, room));
        }
        return allowed.map(rows);
      })
      .compose(rows -> {
        List<JsonObject> errors = new ArrayList<>(parsed.errors());
        Set<Long> rooms = new HashSet<>();
        Set<Long> found = new HashSet<>();
        for (Row row : rows) {
          found.add(row.getLong("id"));
          rooms.add(row.getLong("room_id"));
          Text refusal = refusal(row);
          if (refusal != null) {
            byEpisode.get(row.getLong("id")).forEach(r -> errors.add(CsvImport.error(r.line(), "episodeId", refusal)));
          }
        }
        byEpisode.forEach((episode, lines) -> {
          if (!found.contains(episode)) {
            lines.forEach(r -> errors.add(CsvImport.error(r.line(), "episodeId", Text.of("节目 " + episode + " 不存在。", "No episode with id " + episode + "."))));
          }
        });
        if (!errors.isEmpty()) {
          errors.sort(Comparator.comparingInt(e -> e.getInteger("line")));
          throw new ApiException(422, "invalid_rows", errors.size() + " 处有误，未导入任何数据；请改正后重新导入整个文件。",
        errors.size() + " problem(s) found; nothing was imported. Fix them and import the whole file again.",
            new JsonObject().put("imported", 0).put("errors", new JsonArray(errors)));
        }
        List<Tuple> batch = parsed.rows().stream().map(r -> {
          List<Object> values = new ArrayList<>(List.of(r.episodeId(), r.platform()));
          columns.forEach(m -> values.add(r.values()[m.ordinal()]));
          return Tuple.from(values);
        }).toList();
        return conn.preparedQuery(MetricSql.upsert(columns, "csv")).executeBatch(batch).map(rooms);
      }))
      .onSuccess(rooms -> rooms.forEach(room -> cache.invalidate(String.valueOf(room))))
      .map(v -> new JsonObject().put("imported", parsed.rows().size()).put("errors", new JsonArray())
        .put("columns", parsed.columns().found()).put("ignoredColumns", parsed.columns().ignored()));
  }

  /** The episode's row of {@link MetricSql#EPISODES}, or a 404. */
  private Future<Row> episode(long id) {
    return pool.preparedQuery(MetricSql.EPISODES).execute(Tuple.of(new Long[] {id})).map(rows -> {
      if (rows.size() == 0) {
        throw ApiException.notFound("episode", id);
      }
      return rows.iterator().next();
    });
  }

  private static Set<Long> roomsOf(Iterable<Row> episodes) {
    Set<Long> rooms = new java.util.TreeSet<>();
    episodes.forEach(row -> rooms.add(row.getLong("room_id")));
    return rooms;
  }

  private static Text refusal(Row episode) {
    if ("cancelled".equals(episode.getString("status"))) {
      return Text.of("节目 " + episode.getLong("id") + " 已取消，没有数据可录入。", "Episode " + episode.getLong("id") + " was cancelled; it has no numbers.");
    }
    if (!episode.getBoolean("started")) {
      return Text.of("节目 " + episode.getLong("id") + " 还没开播。", "Episode " + episode.getLong("id") + " has not aired yet.");
    }
    return null;
  }

  private Future<JsonObject> load(long id, long roomId) {
    Future<io.vertx.sqlclient.RowSet<Row>> platforms = pool.preparedQuery(MetricSql.OF_EPISODE).execute(Tuple.of(id));
    Future<io.vertx.sqlclient.RowSet<Row>> replays = pool.preparedQuery(MetricSql.REPLAYS).execute(Tuple.of(id));
    Future<io.vertx.sqlclient.RowSet<Row>> retention = pool.preparedQuery(MetricSql.RETENTION).execute(Tuple.of(id));
    return Future.all(platforms, replays, retention)
      .map(v -> EpisodeMetrics.toJson(id, roomId, platforms.result(), replays.result(), retention.result()));
  }

  private static String utf8(RoutingContext ctx) {
    if (ctx.body().buffer() == null || ctx.body().length() == 0) {
      throw ApiException.invalid("body", "请求体是空的；请上传 CSV 文件。", "The body is empty; send the CSV file.");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(ctx.body().buffer().getBytes())).toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("body", "文件不是 UTF-8 编码；在 Excel 里另存为“CSV UTF-8（逗号分隔）”。",
        "The file is not UTF-8; in Excel, save it as \"CSV UTF-8 (Comma delimited)\".");
    }
  }

  /** {@code mapping}: a JSON object from a column header to a field, e.g. {"播放量": "views"}; "" ignores a column. */
  private static Map<String, String> mapping(RoutingContext ctx) {
    String raw = ctx.queryParams().get("mapping");
    if (raw == null || raw.isBlank()) {
      return Map.of();
    }
    JsonObject json;
    try {
      json = new JsonObject(raw);
    } catch (DecodeException e) {
      throw ApiException.badRequest("mapping", "mapping 应为 JSON 对象，如 {\"播放量\":\"views\"}。", "mapping must be a JSON object such as {\"播放量\":\"views\"}.");
    }
    Map<String, String> mapping = new HashMap<>();
    for (String header : json.fieldNames()) {
      Object target = json.getValue(header);
      if (target == null || "".equals(target)) {
        mapping.put(header.strip(), null);
        continue;
      }
      if (!(target instanceof String field) || !(field.equals(CsvImport.EPISODE_ID) || field.equals(CsvImport.PLATFORM) || Metric.byField(field) != null)) {
        throw ApiException.badRequest("mapping", "mapping 里的「" + header + "」对应的字段不存在：" + target + "。", "Unknown field for '" + header + "': " + target + ".");
      }
      mapping.put(header.strip(), field);
    }
    return mapping;
  }
}
