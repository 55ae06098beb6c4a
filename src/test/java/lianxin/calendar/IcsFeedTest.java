package lianxin.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.TimeZoneUpdater;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.DateProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IcsFeedTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  // Long enough that its UTF-8 SUMMARY line must fold (twice); ',' ';' and '\' need escaping; 🎉 is a surrogate pair.
  private static final String TITLE = "连心夜话,春节特辑;上篇——和社区的朋友们一起聊聊这一年的故事与明年的计划 \\ 欢迎来玩🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉";
  private static final String DESCRIPTION = "第一行：准备好茶\n第二行, 含逗号; 和分号";
  private static final Instant MODIFIED = Instant.parse("2026-11-20T08:15:30Z");

  // Any attempt by ical4j to open an http(s) URL consults the default ProxySelector first.
  private static final List<URI> CONNECTIONS = Collections.synchronizedList(new ArrayList<>());
  private static ProxySelector previousSelector;

  @BeforeAll
  static void trapNetwork() {
    previousSelector = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        CONNECTIONS.add(uri);
        throw new IllegalStateException("network access attempted: " + uri);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
      }
    });
  }

  @AfterAll
  static void releaseNetwork() {
    ProxySelector.setDefault(previousSelector);
    assertEquals(List.of(), CONNECTIONS, "ical4j must never reach the network");
  }

  private static List<CalendarEvent> threeEvents() {
    ZonedDateTime start = ZonedDateTime.of(2026, 12, 2, 19, 30, 0, 0, SHANGHAI);
    return List.of(
        new CalendarEvent(901, TITLE, DESCRIPTION, start, start.plusMinutes(90), "scheduled", 115, 0, MODIFIED,
            "连心直播间 Room A", null),
        new CalendarEvent(902, "元旦特别节目", "原定内容", start.plusDays(30), start.plusDays(30).plusHours(2),
            "cancelled", null, 3, MODIFIED.plusSeconds(60), "连心直播间 Room A", "主播生病, host is ill"),
        new CalendarEvent(903, "Stammtisch", "Berlin, live", ZonedDateTime.of(2026, 7, 1, 20, 0, 0, 0, BERLIN),
            ZonedDateTime.of(2026, 7, 1, 21, 0, 0, 0, BERLIN), "live", 7, 1, MODIFIED, "Raum B", null));
  }

  private static Calendar parse(String ics) throws Exception {
    return new CalendarBuilder().build(new ByteArrayInputStream(ics.getBytes(StandardCharsets.UTF_8)));
  }

  private static String prop(Component c, String name) {
    return c.getProperty(name).map(Property::getValue).orElse(null);
  }

  private static DateProperty<?> date(Component c, String name) {
    return (DateProperty<?>) c.getProperty(name).orElseThrow();
  }

  private static Instant instant(DateProperty<?> p) {
    Temporal t = p.getDate();
    return Instant.from(t);
  }

  @Test
  void rendersFeedThatParsesBack() throws Exception {
    List<CalendarEvent> input = threeEvents();
    String ics = IcsFeed.render("连心 · 社区直播, 节目表", input);
    Calendar cal = parse(ics);

    assertEquals("-//Lianxin//连心//ZH", cal.getProperty("PRODID").orElseThrow().getValue());
    assertEquals("2.0", cal.getProperty("VERSION").orElseThrow().getValue());
    assertEquals("GREGORIAN", cal.getProperty("CALSCALE").orElseThrow().getValue());
    assertEquals("PUBLISH", cal.getProperty("METHOD").orElseThrow().getValue());
    assertEquals("连心 · 社区直播, 节目表", cal.getProperty("X-WR-CALNAME").orElseThrow().getValue());
    Property refresh = cal.getProperty("REFRESH-INTERVAL").orElseThrow();
    assertEquals("PT1H", refresh.getValue());
    assertEquals("DURATION", refresh.getParameter(Parameter.VALUE).orElseThrow().getValue());
    assertEquals("PT1H", cal.getProperty("X-PUBLISHED-TTL").orElseThrow().getValue());
    assertTrue(cal.getProperty("X-WR-TIMEZONE").isEmpty(), "two zones in use, so no single calendar zone");

    List<VEvent> events = cal.getComponents(Component.VEVENT);
    assertEquals(3, events.size());
    Map<String, VEvent> byUid = events.stream().collect(Collectors.toMap(e -> prop(e, "UID"), Function.identity()));
    assertEquals(List.of("episode-901@lianxin", "episode-902@lianxin", "episode-903@lianxin"),
        events.stream().map(e -> prop(e, "UID")).toList());

    VEvent first = byUid.get("episode-901@lianxin");
    assertEquals("第115期 " + TITLE, prop(first, "SUMMARY"));
    assertEquals(DESCRIPTION, prop(first, "DESCRIPTION"));
    assertEquals("连心直播间 Room A", prop(first, "LOCATION"));
    assertEquals("CONFIRMED", prop(first, "STATUS"));

    VEvent cancelled = byUid.get("episode-902@lianxin");
    assertEquals("元旦特别节目", prop(cancelled, "SUMMARY"));
    assertEquals("CANCELLED", prop(cancelled, "STATUS"));
    assertEquals("原定内容\n取消原因：主播生病, host is ill", prop(cancelled, "DESCRIPTION"));

    assertEquals("第7期 Stammtisch", prop(byUid.get("episode-903@lianxin"), "SUMMARY"));
    assertEquals("CONFIRMED", prop(byUid.get("episode-903@lianxin"), "STATUS"));

    for (CalendarEvent in : input) {
      VEvent out = byUid.get("episode-" + in.episodeId() + "@lianxin");
      assertEquals(String.valueOf(in.sequence()), prop(out, "SEQUENCE"));
      DateProperty<?> start = date(out, "DTSTART");
      DateProperty<?> end = date(out, "DTEND");
      assertEquals(in.start().toInstant(), instant(start));
      assertEquals(in.end().toInstant(), instant(end));
      assertEquals(in.start().getZone().getId(), start.getParameter(Parameter.TZID).orElseThrow().getValue());
      assertEquals(in.lastModified(), instant(date(out, "DTSTAMP")));
      assertEquals(in.lastModified(), instant(date(out, "LAST-MODIFIED")));
    }
    assertTrue(ics.contains("\r\nDTSTART;TZID=Asia/Shanghai:20261202T193000\r\n"), ics);
    assertTrue(ics.contains("\r\nDTSTART;TZID=Europe/Berlin:20260701T200000\r\n"), ics);
    assertTrue(ics.contains("\r\nDTSTAMP:20261120T081530Z\r\n"), ics);

    List<VTimeZone> zones = cal.getComponents(Component.VTIMEZONE);
    assertEquals(List.of("Asia/Shanghai", "Europe/Berlin"),
        zones.stream().map(z -> prop(z, "TZID")).toList());
    assertFalse(ics.contains("Sao_Paulo"), "the JVM default zone must not leak into the feed");
  }

  @Test
  void linesEndWithCrlfAndStayWithin75Octets() {
    String ics = IcsFeed.render("连心", threeEvents());
    assertTrue(ics.endsWith("END:VCALENDAR\r\n"));
    assertFalse(ics.replace("\r\n", "").contains("\n"), "bare LF");
    assertFalse(ics.replace("\r\n", "").contains("\r"), "bare CR");
    String[] lines = ics.split("\r\n");
    boolean folded = false;
    for (String line : lines) {
      assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, () -> "over 75 octets: " + line);
      folded |= line.startsWith(" ");
    }
    assertTrue(folded, "the long Chinese SUMMARY should have been folded");
    // No fold splits a character: a half surrogate pair would not survive the UTF-8 round trip.
    for (String line : lines) {
      assertEquals(line, new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
  }

  @Test
  void outputDoesNotDependOnJvmDefaultZone() {
    TimeZone saved = TimeZone.getDefault();
    try {
      String here = IcsFeed.render("连心", threeEvents());
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
      String there = IcsFeed.render("连心", threeEvents());
      TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
      assertEquals(here, there);
      assertEquals(here, IcsFeed.render("连心", threeEvents()));
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void singleZoneNamesTheCalendarZone() throws Exception {
    List<CalendarEvent> shanghaiOnly = threeEvents().subList(0, 2);
    Calendar cal = parse(IcsFeed.render("连心", shanghaiOnly));
    assertEquals("Asia/Shanghai", cal.getProperty("X-WR-TIMEZONE").orElseThrow().getValue());
    assertEquals(1, cal.getComponents(Component.VTIMEZONE).size());
  }

  @Test
  void zoneOutsideTheRegistryIsWrittenInUtc() throws Exception {
    ZonedDateTime start = ZonedDateTime.of(2026, 12, 2, 19, 30, 0, 0, ZoneOffset.ofHours(8));
    CalendarEvent e = new CalendarEvent(904, "偏移", null, start, start.plusHours(1), "ended", 9, 0, MODIFIED,
        "Room", null);
    String ics = IcsFeed.render("连心", List.of(e));
    assertTrue(ics.contains("\r\nDTSTART:20261202T113000Z\r\n"), ics);
    assertTrue(ics.contains("\r\nDTEND:20261202T123000Z\r\n"), ics);
    Calendar cal = parse(ics);
    assertTrue(cal.getComponents(Component.VTIMEZONE).isEmpty());
    assertTrue(cal.getProperty("X-WR-TIMEZONE").isEmpty());
    VEvent v = cal.<VEvent>getComponents(Component.VEVENT).get(0);
    assertEquals(start.toInstant(), instant(date(v, "DTSTART")));
  }

  @Test
  void controlCharactersCannotBreakContentLines() throws Exception {
    ZonedDateTime start = ZonedDateTime.of(2026, 12, 2, 19, 30, 0, 0, SHANGHAI);
    CalendarEvent e = new CalendarEvent(906, "标题\r\n第二行", "a\r\nb\rc\u0007d\te", start, null, "ended", 10, 2,
        MODIFIED, null, null);
    String ics = IcsFeed.render("连心", List.of(e));
    assertFalse(ics.replace("\r\n", "").contains("\r"), "bare CR");
    VEvent v = parse(ics).<VEvent>getComponents(Component.VEVENT).get(0);
    assertEquals("第10期 标题\n第二行", prop(v, "SUMMARY"));
    assertEquals("a\nb\ncd\te", prop(v, "DESCRIPTION"));
    assertTrue(v.getProperty("DTEND").isEmpty());
    assertTrue(v.getProperty("LOCATION").isEmpty());

    Calendar empty = parse(IcsFeed.render("空", List.of()));
    assertTrue(empty.getComponents().isEmpty());
    assertEquals("空", empty.getProperty("X-WR-CALNAME").orElseThrow().getValue());
  }

  @Test
  void timezoneUpdatesStayOffline() throws Exception {
    assertFalse(new TimeZoneUpdater().isEnabled(), "ical4j tz updates must be off (no ical4j.properties turns them on)");
    String key = "net.fortuna.ical4j.timezone.update.enabled";
    String saved = System.getProperty(key);
    System.setProperty(key, "true");
    try {
      // A zone no other test has loaded, so the registry cache cannot hide a fetch.
      ZonedDateTime start = ZonedDateTime.of(2026, 12, 2, 19, 30, 0, 0, ZoneId.of("Asia/Kathmandu"));
      CalendarEvent e = new CalendarEvent(905, "加德满都", null, start, start.plusHours(1), "scheduled", 1, 0,
          MODIFIED, "Room", null);
      String ics = IcsFeed.render("连心", List.of(e));
      assertTrue(ics.contains("\r\nDTSTART:20261202T134500Z\r\n"), ics);
      assertTrue(parse(ics).getComponents(Component.VTIMEZONE).isEmpty());
    } finally {
      if (saved == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, saved);
      }
    }
    assertEquals(List.of(), CONNECTIONS);
    assertNotEquals("true", System.getProperty(key));
  }
}
