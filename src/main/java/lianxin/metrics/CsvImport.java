package lianxin.metrics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import lianxin.http.ApiException;
import lianxin.http.Text;

/**
 * Reads a platform export into rows, or says what is wrong with each bad row by its line (the header is line 1).
 * Columns are found by a caller's mapping first, then by English field names, then by the platforms' Chinese
 * headers; other columns (开播时间, 直播时长 ...) are ignored and listed.
 */
final class CsvImport {

  static final String EPISODE_ID = "episodeId";
  static final String PLATFORM = "platform";
  private static final List<String> EPISODE_HEADERS = List.of("episodeid", "episode_id", "节目id", "节目编号", "场次id");
  private static final List<String> PLATFORM_HEADERS = List.of("platform", "平台", "直播平台");
  static final int MAX_ROWS = 50_000;

  /** One good row: metric values indexed by {@link Metric#ordinal()}, null where the cell was empty. */
  record Row(int line, long episodeId, String platform, Long[] values) {
  }

  /** Where each target field is read from, by column index. */
  record Columns(Integer episodeId, Integer platform, Map<Metric, Integer> metrics, JsonObject found, JsonArray ignored) {
  }

  record Parsed(Columns columns, List<Row> rows, List<JsonObject> errors) {
  }

  private CsvImport() {
  }

  static Parsed parse(String text, Map<String, String> mapping, String defaultPlatform) {
    // Excel's "CSV UTF-8" starts with a byte-order mark; it is not part of the first header.
    String csv = text.startsWith("\uFEFF") ? text.substring(1) : text;
    int[] lineStarts = lineStarts(csv);
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
      .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).setTrim(true).get();
    try (CSVParser parser = CSVParser.parse(csv, format)) {
      Columns columns = columns(parser.getHeaderNames(), mapping, defaultPlatform);
      List<Row> rows = new ArrayList<>();
      List<JsonObject> errors = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (CSVRecord record : parser) {
        int line = lineOf(csv, lineStarts, record.getCharacterPosition());
        if (rows.size() + errors.size() >= MAX_ROWS) {
          throw ApiException.invalid("body", "一次最多导入 " + MAX_ROWS + " 行，请拆分文件。", "At most " + MAX_ROWS + " rows per import; split the file.");
        }
        Row row = row(record, line, columns, defaultPlatform, errors);
        if (row != null) {
          Integer earlier = seen.putIfAbsent(row.episodeId() + "/" + row.platform(), line);
          if (earlier != null) {
            errors.add(error(line, EPISODE_ID, Text.of("与第 " + earlier + " 行重复（同一节目、同一平台）。", "Repeats line " + earlier + " (same episode and platform).")));
          } else {
            rows.add(row);
          }
        }
      }
      return new Parsed(columns, rows, errors);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("header", "表头有误（列名重复？）：" + e.getMessage() + "。", "The header is not usable: " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      throw ApiException.badRequest("body", "CSV 格式有误（引号不成对？）：" + e.getMessage() + "。", "The CSV is malformed: " + e.getMessage());
    }
  }

  static JsonObject error(int line, String field, Text message) {
    return new JsonObject().put("line", line).put("field", field).put("message", message.json());
  }

  private static Columns columns(List<String> headers, Map<String, String> mapping, String defaultPlatform) {
    Integer episodeId = null;
    Integer platform = null;
    Map<Metric, Integer> metrics = new LinkedHashMap<>();
    JsonObject found = new JsonObject();
    JsonArray ignored = new JsonArray();
    for (int i = 0; i < headers.size(); i++) {
      String header = headers.get(i) == null ? "" : headers.get(i).strip();
      String target = target(header, mapping);
      if (target == null) {
        if (!header.isEmpty()) {
          ignored.add(header);
        }
        continue;
      }
      if (found.fieldNames().stream().anyMatch(h -> target.equals(found.getString(h)))) {
        throw ApiException.invalid("header", "有两列都对应 " + target + "；请在 mapping 里指定用哪一列。",
        "Two columns map to " + target + "; say which one in mapping.");
      }
      found.put(header, target);
      switch (target) {
        case EPISODE_ID -> episodeId = i;
        case PLATFORM -> platform = i;
        default -> metrics.put(Metric.byField(target), i);
      }
    }
    if (episodeId == null) {
      throw ApiException.invalid(EPISODE_ID, "找不到 episodeId（节目ID）列；表头是：" + headers + "。", "No episodeId column; the header is " + headers + ".");
    }
    if (platform == null && defaultPlatform == null) {
      throw ApiException.invalid(PLATFORM, "找不到 platform（平台）列；请加上这一列或传 platform 参数。",
        "No platform column; add one or pass the platform query parameter.");
    }
    return new Columns(episodeId, platform, metrics, found, ignored);
  }

  private static String target(String header, Map<String, String> mapping) {
    if (mapping.containsKey(header)) {
      return mapping.get(header);
    }
    String lower = header.toLowerCase(java.util.Locale.ROOT);
    if (EPISODE_HEADERS.contains(lower)) {
      return EPISODE_ID;
    }
    if (PLATFORM_HEADERS.contains(lower)) {
      return PLATFORM;
    }
    Metric metric = Metric.byHeader(header);
    return metric == null ? null : metric.field;
  }

  private static Row row(CSVRecord record, int line, Columns columns, String defaultPlatform, List<JsonObject> errors) {
    int before = errors.size();
    Long episodeId = null;
    String idCell = cell(record, columns.episodeId());
    try {
      episodeId = Long.parseLong(idCell);
      if (episodeId <= 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      errors.add(error(line, EPISODE_ID, Text.of("episodeId 应为节目编号，收到「" + idCell + "」。", "episodeId must be an episode id, got '" + idCell + "'.")));
    }
    String platformCell = columns.platform() == null ? defaultPlatform : cell(record, columns.platform());
    String platform = Platforms.code(platformCell);
    if (platform == null) {
      errors.add(error(line, PLATFORM, Platforms.unknown(platformCell)));
    }
    Long[] values = new Long[Metric.values().length];
    columns.metrics().forEach((metric, index) -> {
      String raw = cell(record, index);
      try {
        Long value = metric == Metric.AVG_WATCH_SECONDS ? Numbers.seconds(raw) : Numbers.count(raw);
        if (value != null && (value < 0 || value > metric.max)) {
          errors.add(error(line, metric.field, metric.outOfRange(value)));
        }
        values[metric.ordinal()] = value;
      } catch (NumberFormatException e) {
        errors.add(error(line, metric.field, Text.of(metric.field + " 不是数字：「" + raw + "」。", metric.field + " is not a number: '" + raw + "'.")));
      }
    });
    Long views = values[Metric.VIEWS.ordinal()];
    Long unique = values[Metric.UNIQUE_VIEWERS.ordinal()];
    if (views != null && unique != null && unique > views) {
      errors.add(error(line, "uniqueViewers", Text.of("观看人数不能多于观看人次。", "uniqueViewers cannot exceed views.")));
    }
    return errors.size() > before ? null : new Row(line, episodeId, platform, values);
  }

  private static String cell(CSVRecord record, int index) {
    return index < record.size() ? record.get(index).strip() : "";
  }

  /** Offsets where each line begins, so a record's character position gives its line even past quoted newlines. */
  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int lineOf(String csv, int[] lineStarts, long position) {
    int at = (int) position;
    // The parser reports where it began reading, which is before the empty lines it skipped.
    while (at < csv.length() && (csv.charAt(at) == '\n' || csv.charAt(at) == '\r')) {
      at++;
    }
    int found = Arrays.binarySearch(lineStarts, at);
    return (found >= 0 ? found : -found - 2) + 1;
  }
}
