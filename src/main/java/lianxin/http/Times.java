package lianxin.http;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as clients read them: ISO-8601 with the offset of the room's zone, seconds always written. */
public final class Times {

  /** The clock for times that belong to no room (accounts, tokens, sessions, the audit log): China's. */
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  private Times() {
  }

  public static String format(OffsetDateTime time, ZoneId zone) {
    return time == null ? null : time.atZoneSameInstant(zone).format(ISO);
  }
}
