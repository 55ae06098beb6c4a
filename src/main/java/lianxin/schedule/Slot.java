package lianxin.schedule;

import java.time.Duration;
import java.time.OffsetDateTime;
import lianxin.http.ApiException;

/** A planned time range [start, end), checked the way a host would be told about it. */
record Slot(OffsetDateTime start, OffsetDateTime end) {

  static final Duration LONGEST = Duration.ofHours(12);

  Slot {
    if (!end.isAfter(start)) {
      throw ApiException.invalid("endsAt", "结束时间必须晚于开始时间。", "endsAt must be after startsAt.");
    }
    if (Duration.between(start, end).compareTo(LONGEST) > 0) {
      throw ApiException.invalid("endsAt", "一期节目最长 12 小时。", "An episode can last at most 12 hours.");
    }
  }
}
