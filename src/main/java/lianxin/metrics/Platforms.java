package lianxin.metrics;

import lianxin.http.Text;
import java.util.List;
import java.util.Map;

/** Platform codes, and the names hosts write in spreadsheets (抖音, 视频号 ...). */
final class Platforms {

  static final List<String> CODES = List.of("douyin", "wechat-channels", "kuaishou", "bilibili", "self-hosted");

  private static final Map<String, String> NAMES = Map.ofEntries(
    Map.entry("抖音", "douyin"), Map.entry("视频号", "wechat-channels"), Map.entry("微信视频号", "wechat-channels"),
    Map.entry("快手", "kuaishou"), Map.entry("b站", "bilibili"), Map.entry("哔哩哔哩", "bilibili"),
    Map.entry("自建", "self-hosted"), Map.entry("自有平台", "self-hosted"));

  private Platforms() {
  }

  /** The code for a code or a Chinese name, or null when it is neither. */
  static String code(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip().toLowerCase(java.util.Locale.ROOT);
    return CODES.contains(s) ? s : NAMES.get(s);
  }

  static Text unknown(String raw) {
    return Text.of("不认识的平台「" + raw + "」，可选 " + String.join("、", CODES) + " 或 抖音、视频号、快手、B站。",
      "Unknown platform '" + raw + "'; use one of " + CODES + ".");
  }
}
