package lianxin.stats;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * What an exported overview is called: the org unit and the period, as officials file it
 * ({@code 新城区_2026-01-01_2026-11-30.xlsx}), sent as RFC 6266 {@code Content-Disposition} with the Chinese name in
 * {@code filename*} (RFC 5987, UTF-8) and an ASCII {@code filename} for clients that do not read it. The dashboard
 * builds the same name for its links' {@code download} attribute (web/src/dashboard/exportName.ts).
 */
final class ExportName {

  private ExportName() {
  }

  /** {@code 新城区_2026-01-01_2026-11-30.xlsx}; the city is 全市, an open period 最早 / 至今, other breakdowns say so. */
  static String of(String orgName, LocalDate from, LocalDate to, OverviewSql.GroupBy groupBy, String ext) {
    String org = orgName == null ? "全市" : safe(orgName);
    return org + "_" + (from == null ? "最早" : from.toString()) + "_" + (to == null ? "至今" : to.toString())
      + switch (groupBy) {
        case ROOM -> "";
        case COLUMN -> "_按栏目";
        case MONTH -> "_按月";
        case ORG -> "_按下级机构";
      } + "." + ext;
  }

  /** The same in ASCII: {@code overview_12_2026-01-01_2026-11-30.xlsx}. */
  static String ascii(Long orgId, LocalDate from, LocalDate to, OverviewSql.GroupBy groupBy, String ext) {
    return "overview_" + (orgId == null ? "city" : orgId.toString()) + "_" + (from == null ? "start" : from.toString())
      + "_" + (to == null ? "now" : to.toString())
      + (groupBy == OverviewSql.GroupBy.ROOM ? "" : "_" + groupBy.name().toLowerCase()) + "." + ext;
  }

  /** {@code attachment; filename="ascii"; filename*=UTF-8''%E6%96%B0...}. */
  static String disposition(String name, String ascii) {
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encode(name);
  }

  /** An org's name as part of a file name: no path separators, reserved or control characters; at most 40 characters. */
  static String safe(String name) {
    StringBuilder out = new StringBuilder();
    // The same characters as JavaScript's \s and controls, so the dashboard's download name is this one.
    name.codePoints().limit(40).forEach(c -> out.appendCodePoint(
      c < 0x20 || c == 0x7f || c == 0xfeff || Character.isSpaceChar(c) || "\\/:*?\"<>|".indexOf(c) >= 0 ? '_' : c));
    return out.isEmpty() ? "机构" : out.toString();
  }

  /** RFC 5987 {@code value-chars}: attr-chars as they are, every other UTF-8 byte as %XX. */
  static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
          .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
