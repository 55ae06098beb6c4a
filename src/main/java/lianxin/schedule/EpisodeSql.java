package lianxin.schedule;

import lianxin.media.MediaUrls;

/** The schedule's SQL: episodes, their people, numbering, conflicts and series. */
final class EpisodeSql {

  private EpisodeSql() {
  }

  /** The newest archived recording's files ({@code rec}), as the addresses clients fetch them from. */
  private static final String MEDIA = "json_build_object('master', " + MediaUrls.sql("rec.master_key")
    + ", 'audio', " + MediaUrls.sql("rec.audio_key") + ", 'poster', " + MediaUrls.sql("rec.poster_key")
    + ", 'storyboard', " + MediaUrls.sql("rec.storyboard_key") + ", 'chapters', " + MediaUrls.sql("rec.chapters_key") + ")";

  /** Every episode read goes through this select, mapped by {@link Episode#toJson}. */
  static final String SELECT = """
    SELECT e.id, e.room_id, r.name AS room_name, r.timezone, e.column_id, c.name AS column_name, e.series_id,
      e.title, e.description, e.starts_at, e.ends_at, e.status, e.number, e.actual_start, e.actual_end,
      e.cancel_reason, e.revision, e.updated_at,
      -- The archive: the newest archived recording's media (a replacement shows only once it is complete).
      (SELECT json_build_object('recordingId', rec.id, 'durationSeconds', rec.duration_seconds, 'kind', rec.kind,
                'media', """ + MEDIA + """
        )
         FROM recordings rec WHERE rec.episode_id = e.id AND rec.status = 'archived' ORDER BY rec.id DESC LIMIT 1) AS archive,
      -- Whether transcript.vtt has something to serve (the player adds a subtitle track only then).
      EXISTS (SELECT 1 FROM transcripts t WHERE t.episode_id = e.id) AS has_transcript,
      coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'role', ep.role) ORDER BY ep.role, p.id)
                FROM episode_people ep JOIN people p ON p.id = ep.person_id WHERE ep.episode_id = e.id), '[]') AS people
    FROM episodes e JOIN rooms r ON r.id = e.room_id LEFT JOIN columns c ON c.id = e.column_id
    """;

  static final String ONE = SELECT + " WHERE e.id = $1";

  static final String MANY = SELECT + " WHERE e.id = ANY($1) ORDER BY e.starts_at, e.id";

  static final String UPCOMING = SELECT + """
     WHERE e.room_id = $1 AND e.status IN ('scheduled', 'live') AND e.ends_at > now()
     ORDER BY e.starts_at, e.id LIMIT $2""";

  /** Serialises every schedule write of one room, so numbering never races. */
  static final String LOCK_ROOM = "SELECT id, timezone FROM rooms WHERE id = $1 FOR UPDATE";

  static final String ROOM_EXISTS = "SELECT 1 FROM rooms WHERE id = $1";

  static final String PEOPLE_OF = """
    SELECT episode_id,
      coalesce(array_agg(person_id ORDER BY person_id) FILTER (WHERE role = 'host'), '{}') AS hosts,
      coalesce(array_agg(person_id ORDER BY person_id) FILTER (WHERE role = 'guest'), '{}') AS guests
    FROM episode_people WHERE episode_id = ANY($1) GROUP BY episode_id""";


  static final String CURRENT = """
    SELECT id, room_id, series_id, column_id, title, description, starts_at, ends_at, status
    FROM episodes WHERE id = $1 FOR UPDATE""";

  static final String COLUMN_IN_ROOM = "SELECT 1 FROM columns WHERE id = $1 AND room_id = $2";

  static final String KNOWN_PEOPLE = "SELECT id FROM people WHERE id = ANY($1)";

  static final String INSERT = """
    INSERT INTO episodes (room_id, column_id, series_id, title, description, starts_at, ends_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""";

  static final String INSERT_PERSON = "INSERT INTO episode_people (episode_id, person_id, role) VALUES ($1, $2, $3)";

  static final String DELETE_PEOPLE = "DELETE FROM episode_people WHERE episode_id = $1";

  static final String UPDATE = """
    UPDATE episodes SET column_id = $2, title = $3, description = $4, starts_at = $5, ends_at = $6,
      revision = revision + 1, updated_at = now()
    WHERE id = $1""";

  static final String FOLLOWING = """
    SELECT id, room_id, series_id, column_id, title, description, starts_at, ends_at, status
    FROM episodes WHERE series_id = $1 AND (id = $3 OR (starts_at > $2 AND status = 'scheduled'))
    ORDER BY starts_at FOR UPDATE""";

  /** Exclusion constraints are checked per row; a series moved as a whole may pass through its own slots. */
  static final String DEFER_OVERLAPS = "SET CONSTRAINTS episodes_room_overlap, episode_people_overlap DEFERRED";

  /**
   * Aired episodes keep their numbers; scheduled ones follow the highest aired number (or the room's offset)
   * in order of start. Only rows whose number moves are touched, and each such change is a new revision.
   */
  static final String RENUMBER = """
    WITH base AS (
      SELECT greatest(r.episode_offset, coalesce(max(e.number), 0)) AS n
      FROM rooms r LEFT JOIN episodes e ON e.room_id = r.id AND e.status IN ('live', 'ended')
      WHERE r.id = $1 GROUP BY r.id, r.episode_offset
    ), ranked AS (
      SELECT id, row_number() OVER (ORDER BY starts_at, id) AS rn
      FROM episodes WHERE room_id = $1 AND status = 'scheduled'
    )
    UPDATE episodes e SET number = base.n + ranked.rn, revision = e.revision + 1, updated_at = now()
    FROM ranked, base
    WHERE e.id = ranked.id AND e.number IS DISTINCT FROM base.n + ranked.rn""";

  /** Going live fixes the episode's number: the next after every aired one. */
  static final String START = """
    UPDATE episodes e SET status = 'live', actual_start = now(), revision = revision + 1, updated_at = now(),
      number = (SELECT greatest(r.episode_offset, coalesce(max(x.number), 0)) + 1
                FROM rooms r LEFT JOIN episodes x ON x.room_id = r.id AND x.status IN ('live', 'ended')
                WHERE r.id = e.room_id GROUP BY r.id, r.episode_offset)
    WHERE e.id = $1""";

  static final String END = """
    UPDATE episodes SET status = 'ended', actual_end = now(), revision = revision + 1, updated_at = now()
    WHERE id = $1""";

  static final String CANCEL = """
    UPDATE episodes SET status = 'cancelled', number = NULL, cancel_reason = $2, revision = revision + 1,
      updated_at = now()
    WHERE id = $1""";

  /**
   * What stands in the way of the slots ($2, $3 arrays): episodes of the same room, and episodes where any of
   * the people ($4) already appear. $5 are the episodes being moved, which cannot clash with themselves.
   */
  static final String CONFLICTS = """
    WITH slots AS (
      SELECT s, f, idx FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS o(s, f, idx)
    ), hits AS (
      SELECT slots.idx, e.id FROM slots JOIN episodes e
        ON e.room_id = $1 AND e.status <> 'cancelled' AND tstzrange(e.starts_at, e.ends_at) && tstzrange(slots.s, slots.f)
      UNION
      SELECT slots.idx, ep.episode_id FROM slots JOIN episode_people ep
        ON ep.active AND ep.person_id = ANY($4) AND ep.during && tstzrange(slots.s, slots.f)
    )
    SELECT hits.idx, e.id, e.room_id, r.name AS room_name, r.timezone, e.title, e.starts_at, e.ends_at,
      coalesce((SELECT json_agg(p.name ORDER BY p.id) FROM episode_people ep JOIN people p ON p.id = ep.person_id
                WHERE ep.episode_id = e.id AND ep.person_id = ANY($4)), '[]') AS busy_people
    FROM hits JOIN episodes e ON e.id = hits.id JOIN rooms r ON r.id = e.room_id
    WHERE NOT (e.id = ANY($5))
    ORDER BY hits.idx, e.starts_at""";

  static final String INSERT_SERIES = """
    INSERT INTO series (room_id, title, rrule, first_start, duration_minutes) VALUES ($1, $2, $3, $4, $5)
    RETURNING id""";
}
