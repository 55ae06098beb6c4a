package lianxin.stats;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The overview's breakdown as a spreadsheet: one row per group, then the totals (合计). */
final class OverviewCsv {

  record Column(String header, String field) {
  }

  /** The spreadsheet's columns after the group label, shared with {@link OverviewXlsx}. */
  static final List<Column> COLUMNS = List.of(
    new Column("直播间数", "rooms"), new Column("播出期数", "episodesAired"), new Column("有数据期数", "episodesWithMetrics"),
    new Column("播出时长(小时)", "hoursAired"), new Column("粉丝数", "followers"), new Column("粉丝增长", "followerGrowth"),
    new Column("观看人次", "views"), new Column("平均观看人次", "avgViews"), new Column("回放观看", "replayViews"), new Column("直播观看人数", "liveViewers"),
    new Column("点赞", "likes"), new Column("评论", "comments"), new Column("分享", "shares"),
    new Column("新增关注", "newFollowers"), new Column("互动率", "engagementRate"),
    new Column("收到问题", "questionsReceived"), new Column("已回答问题", "questionsAnswered"),
    new Column("待回答问题", "questionsOpen"), new Column("提问到回答(中位天数)", "questionsMedianDays"));

  private OverviewCsv() {
  }

  static String of(JsonObject overview) {
    StringBuilder out = new StringBuilder("\uFEFF"); // Excel reads UTF-8 (Chinese headers) only with the mark.
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
      printer.print(text("分组"));
      for (Column c : COLUMNS) {
        printer.print(text(c.header()));
      }
      printer.println();
      for (Object group : overview.getJsonArray("groups")) {
        row(printer, ((JsonObject) group).getString("label"), (JsonObject) group);
      }
      row(printer, "合计", overview.getJsonObject("totals"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void row(CSVPrinter printer, String label, JsonObject figures) throws IOException {
    printer.print(text(label));
    for (Column c : COLUMNS) {
      Object value = figures.getValue(c.field());
      printer.print(value == null ? "" : value instanceof Number ? value : text(value.toString()));
    }
    printer.println();
  }

  /**
   * A text cell a spreadsheet will not run: one starting with {@code = + - @}, a tab or a carriage return gets a
   * leading {@code '} (OWASP's advice against CSV injection), so a room named {@code =HYPERLINK(...)} shows as its
   * name. Figures are written as numbers and never pass through here.
   */
  static String text(String cell) {
    return cell == null || cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0 ? cell : "'" + cell;
  }
}
