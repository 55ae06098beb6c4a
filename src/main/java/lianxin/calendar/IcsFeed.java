package lianxin.calendar;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.TimeZoneUpdater;
import net.fortuna.ical4j.model.component.VAlarm;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.XProperty;
import net.fortuna.ical4j.model.property.immutable.ImmutableAction;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/** Renders a subscribable iCalendar (RFC 5545) feed of episodes with ical4j. */
public final class IcsFeed {

  private static final String PRODID = "-//Lianxin//连心//ZH";
  private static final int MAX_OCTETS = 75;
  private static final TimeZoneRegistry REGISTRY = TimeZoneRegistryFactory.getInstance().createRegistry();

  private IcsFeed() {
  }

  /** RFC 5545 text (CRLF, folded lines) for one calendar. */
  public static String render(String calendarName, List<CalendarEvent> events) {
    return render(calendarName, events, null);
  }

  /**
   * The same, each episode that is still on with a reminder {@code alarmMinutes} before it starts (null: none), as
   * a phone's calendar shows it: a notice naming the episode.
   */
  public static String render(String calendarName, List<CalendarEvent> events, Integer alarmMinutes) {
    Map<String, VTimeZone> zones = new LinkedHashMap<>();
    List<VEvent> vevents = events.stream().map(e -> event(e, zones, alarmMinutes)).toList();

    Calendar cal = new Calendar();
    cal.add(new ProdId(PRODID));
    cal.add(ImmutableVersion.VERSION_2_0);
    cal.add(ImmutableCalScale.GREGORIAN);
    cal.add(ImmutableMethod.PUBLISH);
    cal.add(new XProperty("X-WR-CALNAME", text(calendarName)));
    // Subscribing apps (Apple, Google, Outlook) each read a different one of these as their poll interval.
    cal.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), Duration.ofHours(1)));
    cal.add(new XProperty("X-PUBLISHED-TTL", "PT1H"));
    Set<String> used = events.stream().flatMap(e -> Stream.of(e.start(), e.end())).filter(Objects::nonNull)
        .map(IcsFeed::zoneId).collect(Collectors.toSet());
    if (used.size() == 1 && zones.keySet().equals(used)) {
      cal.add(new XProperty("X-WR-TIMEZONE", used.iterator().next()));
    }
    zones.values().forEach(cal::add);
    vevents.forEach(cal::add);
    // Calendar.toString() is unfolded; ical4j's own FoldingWriter counts UTF-16 chars, so one line of
    // Chinese can reach ~219 octets. Folding here keeps every line within RFC 5545's 75 octets.
    return fold(cal.toString());
  }

  private static VEvent event(CalendarEvent e, Map<String, VTimeZone> zones, Integer alarmMinutes) {
    boolean cancelled = "cancelled".equals(e.status());
    String title = Objects.toString(e.title(), "");
    String summary = e.number() == null ? title : "第" + e.number() + "期 " + title;
    String description = e.description() == null ? "" : e.description();
    if (cancelled && e.cancelReason() != null && !e.cancelReason().isBlank()) {
      description = (description.isEmpty() ? "" : description + "\n") + "取消原因：" + e.cancelReason();
    }
    VEvent v = new VEvent(false); // false: no DTSTAMP of "now", which would change the feed on every poll
    v.add(new Uid("episode-" + e.episodeId() + "@lianxin"));
    v.add(new DtStamp(e.lastModified()));
    v.add(new LastModified(e.lastModified()));
    v.add(new Sequence(e.sequence()));
    v.add(new DtStart<>(inKnownZone(e.start(), zones)));
    if (e.end() != null) {
      v.add(new DtEnd<>(inKnownZone(e.end(), zones)));
    }
    v.add(new Summary(text(summary)));
    if (!description.isEmpty()) {
      v.add(new Description(text(description)));
    }
    if (e.roomName() != null) {
      v.add(new Location(text(e.roomName())));
    }
    // Cancelled events stay in the feed: a subscriber only drops an event it sees as CANCELLED.
    v.add(cancelled ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED);
    if (alarmMinutes != null && !cancelled) {
      VAlarm alarm = new VAlarm(Duration.ofMinutes(-alarmMinutes));
      alarm.add(ImmutableAction.DISPLAY);
      alarm.add(new Description(text(summary + "，" + alarmMinutes + " 分钟后开始")));
      v.add(alarm);
    }
    return v;
  }

  /** The time in its own zone when ical4j bundles a VTIMEZONE for it, else the same instant in UTC. */
  private static Temporal inKnownZone(ZonedDateTime t, Map<String, VTimeZone> zones) {
    String id = zoneId(t);
    if (!zones.containsKey(id)) {
      VTimeZone vtz = bundledZone(id);
      if (vtz == null) {
        return t.toInstant(); // ical4j writes a ZonedDateTime, even one at +00:00, with a TZID; an Instant as …Z
      }
      zones.put(id, vtz);
    }
    return t;
  }

  private static VTimeZone bundledZone(String id) {
    // The bundled definitions carry a TZURL; with updates on, the first lookup would fetch it over
    // the network. That must never happen here, so such a setup gets UTC times instead.
    if (new TimeZoneUpdater().isEnabled()) {
      return null;
    }
    try {
      TimeZone tz = REGISTRY.getTimeZone(id);
      return tz == null ? null : tz.getVTimeZone().copy(); // copy: the registry shares its instance
    } catch (RuntimeException unknown) {
      return null;
    }
  }

  private static String zoneId(ZonedDateTime t) {
    return t.getZone().getId();
  }

  /** ical4j escapes \ , ; and newlines but passes other control characters, which would break a content line. */
  private static String text(String s) {
    return s == null ? "" : s.replaceAll("\r\n?", "\n").replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
  }

  private static String fold(String unfolded) {
    StringBuilder out = new StringBuilder(unfolded.length() + unfolded.length() / 16);
    for (String line : unfolded.split("\r\n")) {
      int octets = 0;
      for (int i = 0; i < line.length(); ) {
        int cp = line.codePointAt(i);
        int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // its UTF-8 length
        if (octets + size > MAX_OCTETS) {
          out.append("\r\n ");
          octets = 1;
        }
        out.appendCodePoint(cp);
        octets += size;
        i += Character.charCount(cp);
      }
      out.append("\r\n");
    }
    return out.toString();
  }
}
