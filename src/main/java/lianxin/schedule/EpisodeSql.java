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
      e.cancel_reason, e.revision, e.updated_at, e.aired_by, e.aired_at,
      -- The archive: the newest archived recording's media (a replacement shows only once it is complete).
      (SELECT json_build_object('recordingId', rec.id, 'durationSeconds', rec.duration_seconds, 'kind', rec.kind,
                'media', """ + MEDIA + """
        )
         FROM recordings rec WHERE rec.episode_id = e.id AND rec.status = 'archived' ORDER BY rec.id DESC LIMIT 1) AS archive,
      -- The newest recording whatever its state, so the host desk shows a replay being made or one that failed.
      (SELECT json_build_object('id', rec.id, 'status', rec.status, 'source', rec.source)
         FROM recordings rec WHERE rec.episode_id = e.id ORDER BY rec.id DESC LIMIT 1) AS recording,
      -- While live through the ingest: where residents play it (the player waits for the first segments), and how
      -- many of Lianxin's live players beat within the last 60 s (metrics.PlaySql.LIVE_WINDOW_SECONDS).
      (SELECT json_build_object('hls', """ + MediaUrls.sql("'live/' || s.episode_id || '/master.m3u8'") + """
        , 'viewers', (SELECT count(*) FROM live_viewers v WHERE v.episode_id = e.id AND v.seen_at > now() - interval '60 seconds')
        ) FROM live_sessions s WHERE s.episode_id = e.id AND s.ended_at IS NULL AND e.status = 'live') AS live,
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
    SELECT id, room_id, series_id, column_id, title, description, starts_at, ends_at, status, aired_by, aired_at,
      actual_start
    FROM episodes WHERE id = $1 FOR UPDATE""";

  static final String COLUMN_IN_ROOM = "SELECT 1 FROM columns WHERE id = $1 AND room_id = $2";

  static final String KNOWN_PEOPLE = "SELECT id FROM people WHERE id = ANY($1)";

  static final String INSERT = """
    INSERT INTO episodes (room_id, column_id, series_id, title, description, starts_at, ends_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""";

  /** A past episode the host enters with its number (the back catalogue): aired, by the host's word. */
  static final String INSERT_AIRED = """
    INSERT INTO episodes (room_id, column_id, series_id, title, description, starts_at, ends_at, status, number, aired_by)
    VALUES ($1, $2, NULL, $3, $4, $5, $6, 'ended', $7, 'host') RETURNING id""";

  /** The aired episode of the room that holds a number, if any. */
  static final String NUMBER_HOLDER = """
    SELECT id, title FROM episodes WHERE room_id = $1 AND number = $2 AND status IN ('live', 'ended')""";

  static final String INSERT_PERSON = "INSERT INTO episode_people (episode_id, person_id, role) VALUES ($1, $2, $3)";

  static final String DELETE_PEOPLE = "DELETE FROM episode_people WHERE episode_id = $1";

  static final String UPDATE = """
    UPDATE episodes SET column_id = $2, title = $3, description = $4, starts_at = $5, ends_at = $6,
      revision = revision + 1, updated_at = now()
    WHERE id = $1""";

  static final String FOLLOWING = """
    SELECT id, room_id, series_id, column_id, title, description, starts_at, ends_at, status, aired_by, aired_at,
      actual_start
    FROM episodes WHERE series_id = $1 AND (id = $3 OR (starts_at > $2 AND status = 'scheduled'))
    ORDER BY starts_at FOR UPDATE""";

  /** Exclusion constraints are checked per row; a series moved as a whole may pass through its own slots. */
  static final String DEFER_OVERLAPS = "SET CONSTRAINTS episodes_room_overlap, episode_people_overlap DEFERRED";

  /**
   * Going live fixes the episode's number: the one it was announced with (a planned episode always has one, see
   * {@link Numbering}). An episode the sweep, a recording or metrics marked aired can still go live while its
   * capture window is open; then the host has confirmed it.
   */
  static final String START = """
    UPDATE episodes SET status = 'live', actual_start = now(), aired_by = 'host', aired_at = now(),
      revision = revision + 1, updated_at = now()
    WHERE id = $1""";

  /**
   * Planned episodes of the room ($1) whose end plus the capture grace ($2, seconds) has passed: aired, not confirmed
   * by the host. Their numbers stay what they were (they come before every planned episode still to come).
   */
  static final String SWEEP_ROOM = """
    UPDATE episodes SET status = 'ended', aired_by = 'schedule', aired_at = now(), revision = revision + 1, updated_at = now()
    WHERE room_id = $1 AND status = 'scheduled' AND ends_at <= now() - make_interval(secs => $2)""";

  /** The rooms with overdue planned episodes, locked in id order as every schedule write locks its room. */
  static final String SWEEP_LOCK = """
    SELECT id FROM rooms WHERE id IN (SELECT room_id FROM episodes
                                      WHERE status = 'scheduled' AND ends_at <= now() - make_interval(secs => $1))
    ORDER BY id FOR UPDATE""";

  /** The same as {@link #SWEEP_ROOM} for the rooms ($1) {@link #SWEEP_LOCK} holds. */
  static final String SWEEP = """
    UPDATE episodes SET status = 'ended', aired_by = 'schedule', aired_at = now(), revision = revision + 1, updated_at = now()
    WHERE room_id = ANY($1) AND status = 'scheduled' AND ends_at <= now() - make_interval(secs => $2)""";

  /** One node at a time sweeps; the others skip their turn. */
  static final String SWEEP_TURN = "SELECT pg_try_advisory_xact_lock(hashtextextended('episode_air_sweep', 0)) AS locked";

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
