package lianxin.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import lianxin.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecurrenceTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static ZonedDateTime at(String local, ZoneId zone) {
    return ZonedDateTime.of(LocalDateTime.parse(local), zone);
  }

  @Test
  void weeklyWednesdaysInShanghai() {
    List<ZonedDateTime> got = Recurrence.expand("FREQ=WEEKLY;BYDAY=WE;COUNT=4", LocalDateTime.parse("2026-12-02T19:30"), SHANGHAI);
    assertEquals(List.of(
      at("2026-12-02T19:30", SHANGHAI),
      at("2026-12-09T19:30", SHANGHAI),
      at("2026-12-16T19:30", SHANGHAI),
      at("2026-12-23T19:30", SHANGHAI)), got);
    assertEquals(ZoneOffset.ofHours(8), got.get(0).getOffset());
  }

  @Test
  void acceptsRrulePrefix() {
    assertEquals(
      Recurrence.expand("FREQ=DAILY;COUNT=5", LocalDateTime.parse("2026-12-02T19:30"), SHANGHAI),
      Recurrence.expand("RRULE:FREQ=DAILY;COUNT=5", LocalDateTime.parse("2026-12-02T19:30"), SHANGHAI));
  }

  @Test
  void dailyCount() {
    List<ZonedDateTime> got = Recurrence.expand("FREQ=DAILY;COUNT=5", LocalDateTime.parse("2026-12-30T08:00"), SHANGHAI);
    assertEquals(5, got.size());
    assertEquals(at("2026-12-30T08:00", SHANGHAI), got.get(0));
    assertEquals(at("2027-01-03T08:00", SHANGHAI), got.get(4));
  }

  @Test
  void firstStartOffRuleIsNotAnOccurrenceAndCountCountsReturnedOnes() {
    // Monday start, Wednesday rule: the Monday is skipped and still three Wednesdays come back.
    List<ZonedDateTime> got = Recurrence.expand("FREQ=WEEKLY;BYDAY=WE;COUNT=3", LocalDateTime.parse("2026-11-30T19:30"), SHANGHAI);
    assertEquals(List.of(
      at("2026-12-02T19:30", SHANGHAI),
      at("2026-12-09T19:30", SHANGHAI),
      at("2026-12-16T19:30", SHANGHAI)), got);
  }

  @Test
  void everyTwoWeeksUntilUtcInstantInclusive() {
    // 19:30 in Shanghai is 11:30Z, so the UNTIL instant is exactly the 2027-02-16 show: included. Read naively as a
    // wall time (or through the JVM default zone, as ical4j would), it would be dropped.
    List<ZonedDateTime> got = Recurrence.expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270216T113000Z",
      LocalDateTime.parse("2026-12-08T19:30"), SHANGHAI);
    assertEquals(List.of(
      at("2026-12-08T19:30", SHANGHAI),
      at("2026-12-22T19:30", SHANGHAI),
      at("2027-01-05T19:30", SHANGHAI),
      at("2027-01-19T19:30", SHANGHAI),
      at("2027-02-02T19:30", SHANGHAI),
      at("2027-02-16T19:30", SHANGHAI)), got);

    List<ZonedDateTime> oneSecondEarlier = Recurrence.expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270216T112959Z",
      LocalDateTime.parse("2026-12-08T19:30"), SHANGHAI);
    assertEquals(at("2027-02-02T19:30", SHANGHAI), oneSecondEarlier.get(oneSecondEarlier.size() - 1));
  }

  @Test
  void everyTwoWeeksUntilMarch() {
    List<ZonedDateTime> got = Recurrence.expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270301T000000Z",
      LocalDateTime.parse("2026-12-08T19:30"), SHANGHAI);
    assertEquals(6, got.size());
    assertEquals(at("2027-02-16T19:30", SHANGHAI), got.get(5));
  }

  @Test
  void untilDateIncludesTheWholeDay() {
    List<ZonedDateTime> got = Recurrence.expand("FREQ=DAILY;UNTIL=20261231", LocalDateTime.parse("2026-12-29T19:30"), SHANGHAI);
    assertEquals(List.of(
      at("2026-12-29T19:30", SHANGHAI),
      at("2026-12-30T19:30", SHANGHAI),
      at("2026-12-31T19:30", SHANGHAI)), got);
  }

  @Test
  void monthlySecondTuesday() {
    List<ZonedDateTime> got = Recurrence.expand("FREQ=MONTHLY;BYDAY=2TU;COUNT=6", LocalDateTime.parse("2026-09-08T20:00"), SHANGHAI);
    assertEquals(List.of(
      at("2026-09-08T20:00", SHANGHAI),
      at("2026-10-13T20:00", SHANGHAI),
      at("2026-11-10T20:00", SHANGHAI),
      at("2026-12-08T20:00", SHANGHAI),
      at("2027-01-12T20:00", SHANGHAI),
      at("2027-02-09T20:00", SHANGHAI)), got);
  }

  @Test
  void berlinSpringForwardKeepsWallTime() {
    // 2027-03-28 is the last Sunday of March: CET +01:00 becomes CEST +02:00.
    List<ZonedDateTime> got = Recurrence.expand("FREQ=WEEKLY;BYDAY=SU;COUNT=3", LocalDateTime.parse("2027-03-21T19:30"), BERLIN);
    assertWallTimeAndOffsets(got, LocalTime.of(19, 30), "+01:00", "+02:00", "+02:00");
    assertEquals("2027-03-28T19:30+02:00[Europe/Berlin]", got.get(1).toString());
    assertEquals(Duration.ofDays(7).minusHours(1), Duration.between(got.get(0), got.get(1)));
  }

  @Test
  void berlinFallBackKeepsWallTime() {
    // 2026-10-25 is the last Sunday of October: CEST +02:00 becomes CET +01:00.
    List<ZonedDateTime> got = Recurrence.expand("FREQ=WEEKLY;BYDAY=SU;COUNT=3", LocalDateTime.parse("2026-10-18T19:30"), BERLIN);
    assertWallTimeAndOffsets(got, LocalTime.of(19, 30), "+02:00", "+01:00", "+01:00");
    assertEquals(Duration.ofDays(7).plusHours(1), Duration.between(got.get(0), got.get(1)));
  }

  @Test
  void newYorkBothTransitionsKeepWallTime() {
    // DST ends 2026-11-01 and starts 2027-03-14 (both Sundays).
    List<ZonedDateTime> autumn = Recurrence.expand("FREQ=WEEKLY;BYDAY=SU;COUNT=2", LocalDateTime.parse("2026-10-25T19:30"), NEW_YORK);
    assertWallTimeAndOffsets(autumn, LocalTime.of(19, 30), "-04:00", "-05:00");
    List<ZonedDateTime> spring = Recurrence.expand("FREQ=WEEKLY;BYDAY=SU;COUNT=2", LocalDateTime.parse("2027-03-07T19:30"), NEW_YORK);
    assertWallTimeAndOffsets(spring, LocalTime.of(19, 30), "-05:00", "-04:00");
  }

  @Test
  void springForwardGapMovesForward() {
    List<ZonedDateTime> got = Recurrence.expand("FREQ=DAILY;COUNT=3", LocalDateTime.parse("2027-03-13T02:30"), NEW_YORK);
    assertEquals("2027-03-13T02:30-05:00[America/New_York]", got.get(0).toString());
    assertEquals("2027-03-14T03:30-04:00[America/New_York]", got.get(1).toString());
    assertEquals("2027-03-15T02:30-04:00[America/New_York]", got.get(2).toString());
  }

  @Test
  void autumnOverlapTakesEarlierOffset() {
    List<ZonedDateTime> got = Recurrence.expand("FREQ=DAILY;COUNT=1", LocalDateTime.parse("2026-11-01T01:30"), NEW_YORK);
    assertEquals("2026-11-01T01:30-04:00[America/New_York]", got.get(0).toString());
  }

  @Test
  void exactlyMaxOccurrencesIsAllowed() {
    assertEquals(Recurrence.MAX_OCCURRENCES,
      Recurrence.expand("FREQ=DAILY;COUNT=366", LocalDateTime.parse("2026-01-01T09:00"), SHANGHAI).size());
    // 2028 is a leap year: 366 days, inclusive date UNTIL.
    assertEquals(Recurrence.MAX_OCCURRENCES,
      Recurrence.expand("FREQ=DAILY;UNTIL=20281231", LocalDateTime.parse("2028-01-01T09:00"), SHANGHAI).size());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "",
    "garbage",
    "not;a;rule;at;all",
    "FREQ=FORTNIGHTLY;COUNT=3",
    "FREQ=WEEKLY;BYDAY=XX;COUNT=3",
    "FREQ=WEEKLY;COUNT=ten",
    "FREQ=WEEKLY;UNTIL=tomorrow",
    "FREQ=WEEKLY;COUNT=0",
    "FREQ=WEEKLY;INTERVAL=0;COUNT=3",
    "FREQ=WEEKLY;COUNT=3;X-FOO=BAR",
    "FREQ=WEEKLY;COUNT",
    "BYDAY=WE;COUNT=3",
  })
  void malformedRules(String rule) {
    assertInvalid(rule, LocalDateTime.parse("2026-12-02T19:30"), "RRULE");
  }

  @Test
  void nullRule() {
    assertInvalid(null, LocalDateTime.parse("2026-12-02T19:30"), "RRULE");
  }

  @Test
  void needsCountOrUntil() {
    ApiException e = assertInvalid("FREQ=WEEKLY;BYDAY=WE", LocalDateTime.parse("2026-12-02T19:30"), "COUNT or UNTIL");
    assertEquals(new lianxin.http.Text("重复规则需要 COUNT 或 UNTIL。", "The rule needs COUNT or UNTIL."), e.text());
  }

  @Test
  void countAndUntilTogether() {
    assertInvalid("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", LocalDateTime.parse("2026-12-02T19:30"), "both COUNT and UNTIL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SECONDLY", "MINUTELY", "HOURLY"})
  void subDailyFrequencies(String freq) {
    assertInvalid("FREQ=" + freq + ";COUNT=3", LocalDateTime.parse("2026-12-02T19:30"), freq);
  }

  @Test
  void noOccurrence() {
    // UNTIL before the first start.
    assertInvalid("FREQ=WEEKLY;BYDAY=WE;UNTIL=20261201", LocalDateTime.parse("2026-12-02T19:30"), "no occurrence");
    // A date that never exists.
    assertInvalid("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3", LocalDateTime.parse("2026-12-02T19:30"), "no occurrence");
  }

  @Test
  void tooManyOccurrences() {
    assertInvalid("FREQ=DAILY;COUNT=367", LocalDateTime.parse("2026-12-02T19:30"), "more than 366");
    assertInvalid("FREQ=DAILY;UNTIL=20301231T000000Z", LocalDateTime.parse("2026-12-02T19:30"), "more than 366");
    // A leap year plus one day.
    assertInvalid("FREQ=DAILY;UNTIL=20290101", LocalDateTime.parse("2028-01-01T09:00"), "more than 366");
  }

  private static void assertWallTimeAndOffsets(List<ZonedDateTime> got, LocalTime wall, String... offsets) {
    assertEquals(offsets.length, got.size());
    for (int i = 0; i < offsets.length; i++) {
      assertEquals(wall, got.get(i).toLocalTime(), "wall time of " + got.get(i));
      assertEquals(ZoneOffset.of(offsets[i]), got.get(i).getOffset(), "offset of " + got.get(i));
    }
  }

  private static ApiException assertInvalid(String rule, LocalDateTime firstStart, String inMessage) {
    ApiException e = assertThrows(ApiException.class, () -> Recurrence.expand(rule, firstStart, SHANGHAI), String.valueOf(rule));
    assertEquals(422, e.status());
    assertEquals("invalid", e.error());
    assertEquals("rrule", e.details().getString("field"));
    assertTrue(e.text().en().contains(inMessage), e.text().en());
    // Each language alone: Chinese with no English sentence in it, and the other way round.
    assertTrue(Character.UnicodeScript.of(e.text().zh().codePointAt(0)) == Character.UnicodeScript.HAN, e.text().zh());
    assertTrue(!e.text().en().matches("(?s).*\\p{IsHan}.*") && !e.text().zh().contains("The rule"), e.text().toString());
    return e;
  }
}
