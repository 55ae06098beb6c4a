package lianxin.stats;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The overview's breakdown as an Excel workbook (fastexcel): the same rows and columns as {@link OverviewCsv},
 * with figures as numbers (Excel sums and sorts them without a text-to-number step) and an empty cell where a
 * figure is not defined.
 */
final class OverviewXlsx {

  static final String CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private OverviewXlsx() {
  }

  static byte[] of(JsonObject overview) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      Workbook workbook = new Workbook(out, "Lianxin", "1.0");
      Worksheet sheet = workbook.newWorksheet("概览");
      sheet.value(0, 0, "分组");
      for (int c = 0; c < OverviewCsv.COLUMNS.size(); c++) {
        sheet.value(0, c + 1, OverviewCsv.COLUMNS.get(c).header());
      }
      sheet.style(0, 0).bold().set();
      int r = 1;
      for (Object group : overview.getJsonArray("groups")) {
        row(sheet, r++, ((JsonObject) group).getString("label"), (JsonObject) group);
      }
      row(sheet, r, "合计", overview.getJsonObject("totals"));
      sheet.freezePane(1, 1);
      workbook.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a workbook into memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static void row(Worksheet sheet, int r, String label, JsonObject figures) {
    sheet.value(r, 0, label);
    for (int c = 0; c < OverviewCsv.COLUMNS.size(); c++) {
      Object value = figures.getValue(OverviewCsv.COLUMNS.get(c).field());
      if (value instanceof Number number) {
        sheet.value(r, c + 1, number);
      }
    }
  }
}
