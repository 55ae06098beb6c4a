package lianxin.calendar;

import lianxin.auth.OrgSubtree;
import lianxin.question.QuestionSql;

/** The feeds' SQL: a window of recent and coming episodes, cancelled ones included so calendars drop them. */
final class CalendarSql {

  private CalendarSql() {
  }

  private static final String COLUMNS = """
    SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.status, e.number, e.revision, e.updated_at,
      e.cancel_reason, r.name AS room_name, r.timezone,
    """ + QuestionSql.WILL_ANSWER + """

    FROM episodes e JOIN rooms r ON r.id = e.room_id
    """;

  private static final String EVENTS = COLUMNS + """
    WHERE e.starts_at >= now() - interval '90 days' AND e.starts_at < now() + interval '400 days'
    """;

  /** One episode, for its own reminder (提醒我). */
  static final String EPISODE_EVENT = COLUMNS + " WHERE e.id = $1";

  static final String ROOM_NAME = "SELECT name FROM rooms WHERE id = $1";

  static final String ROOM_EVENTS = EVENTS + " AND e.room_id = $1 ORDER BY e.starts_at, e.id";

  static final String ORG_NAME = "SELECT name FROM orgs WHERE id = $1";

  static final String ORG_EVENTS = OrgSubtree.CTE + EVENTS
    + " AND r.org_id IN (SELECT id FROM subtree) ORDER BY e.starts_at, e.id LIMIT 5000";
}
