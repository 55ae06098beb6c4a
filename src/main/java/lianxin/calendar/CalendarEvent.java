package lianxin.calendar;

import java.time.Instant;
import java.time.ZonedDateTime;

/** One episode as a calendar entry. status is one of scheduled|live|ended|cancelled. number may be null (cancelled). */
public record CalendarEvent(long episodeId, String title, String description, ZonedDateTime start, ZonedDateTime end,
    String status, Integer number, int sequence, Instant lastModified, String roomName, String cancelReason) {
}
