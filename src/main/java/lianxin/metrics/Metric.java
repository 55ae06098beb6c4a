package lianxin.metrics;

import lianxin.http.Text;
import java.util.List;
import java.util.Locale;

/**
 * The numbers a platform reports for one episode: the API field, the column, the bound (the same as the
 * migration's CHECK) and the headers platform exports use for it.
 */
enum Metric {
  PEAK_VIEWERS("peakViewers", "peak_viewers", 100_000_000L, List.of("最高在线", "最高在线人数", "在线人数峰值", "峰值在线", "peak_viewers")),
  VIEWS("views", "views", 1_000_000_000L, List.of("观看人次", "观看次数", "累计观看人次", "播放量", "观看量")),
  UNIQUE_VIEWERS("uniqueViewers", "unique_viewers", 1_000_000_000L, List.of("观看人数", "累计观看人数", "观众数", "unique_viewers")),
  LIKES("likes", "likes", 10_000_000_000L, List.of("点赞", "点赞数", "点赞次数")),
  COMMENTS("comments", "comments", 100_000_000L, List.of("评论", "评论数", "评论次数")),
  SHARES("shares", "shares", 100_000_000L, List.of("分享", "分享数", "分享次数", "转发")),
  NEW_FOLLOWERS("newFollowers", "new_followers", 100_000_000L, List.of("新增关注", "新增粉丝", "涨粉", "新增关注数", "new_followers")),
  AVG_WATCH_SECONDS("avgWatchSeconds", "avg_watch_seconds", 43_200L, List.of("平均观看时长", "人均观看时长", "平均观看时长(秒)", "avg_watch_seconds"));

  final String field;
  final String column;
  final long max;
  final List<String> headers;

  Metric(String field, String column, long max, List<String> headers) {
    this.field = field;
    this.column = column;
    this.max = max;
    this.headers = headers;
  }

  /** A CSV header in English (any case) or as a platform names it, or null. */
  static Metric byHeader(String header) {
    String h = header.strip();
    for (Metric m : values()) {
      if (m.field.equalsIgnoreCase(h) || m.headers.contains(h) || m.headers.contains(h.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    return null;
  }

  static Metric byField(String field) {
    for (Metric m : values()) {
      if (m.field.equals(field)) {
        return m;
      }
    }
    return null;
  }

  /** The refusal for a value outside 0..max, naming the field. */
  Text outOfRange(long value) {
    return Text.of(field + " 应在 0 到 " + max + " 之间（收到 " + value + "）。", field + " must be from 0 to " + max + " (got " + value + ").");
  }
}
