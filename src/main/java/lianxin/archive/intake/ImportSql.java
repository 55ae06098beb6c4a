package lianxin.archive.intake;

/** The back-catalogue import's SQL. */
final class ImportSql {

  private ImportSql() {
  }

  static final String ROOM = "SELECT timezone FROM rooms WHERE id = $1";

  /** Every schedule write holds its room's row: numbering never races a go-live or another import. */
  static final String LOCK_ROOM = "SELECT id FROM rooms WHERE id = $1 FOR UPDATE";

  static final String COLUMN = """
    INSERT INTO columns (room_id, name) VALUES ($1, $2)
    ON CONFLICT (room_id, name) DO UPDATE SET name = excluded.name RETURNING id""";

  /** Aired and over; an hour long until the job knows better (the overlap constraint needs an end). */
  static final String EPISODE = """
    INSERT INTO episodes (room_id, column_id, title, starts_at, ends_at, status, actual_start, actual_end)
    VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + interval '1 hour', 'ended', $4::timestamptz,
      $4::timestamptz + interval '1 hour')
    RETURNING id""";

  /** A host by name: the person with that name, or a new one. */
  static final String HOST = """
    WITH found AS (SELECT id FROM people WHERE name = $2 ORDER BY id LIMIT 1),
    made AS (INSERT INTO people (name) SELECT $2 WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id)
    INSERT INTO episode_people (episode_id, person_id, role, during, active)
    SELECT e.id, p.id, 'host', tstzrange(e.starts_at, e.ends_at), true
    FROM episodes e, (SELECT id FROM found UNION ALL SELECT id FROM made) p WHERE e.id = $1""";

  static final String RECORDING = """
    INSERT INTO recordings (episode_id, room_id, source, source_name, original_key, bytes)
    SELECT id, room_id, 'import', $2, $3, $4 FROM episodes WHERE id = $1
    RETURNING id""";

  /**
   * Numbers for the imported episodes ($2), in aired order. When the room's back catalogue (numbers up to its offset)
   * has room for them and they aired before every episode numbered after the offset, they fill the offset: the whole
   * back catalogue is numbered 1.. by aired date and the offset stays. Otherwise they follow the highest aired number.
   */
  static final String NUMBER = """
    WITH room AS (SELECT episode_offset AS off FROM rooms WHERE id = $1),
    aired AS (SELECT id, number, starts_at FROM episodes WHERE room_id = $1 AND status IN ('live', 'ended')),
    back AS (SELECT id, starts_at FROM aired, room WHERE id = ANY($2) OR number <= room.off),
    fits AS (
      SELECT (SELECT count(*) FROM back) <= room.off
        AND NOT EXISTS (SELECT 1 FROM aired a WHERE a.number > room.off
                        AND a.starts_at <= (SELECT max(starts_at) FROM back)) AS yes
      FROM room
    ),
    numbered AS (
      SELECT id, row_number() OVER (ORDER BY starts_at, id) AS n FROM back, fits WHERE fits.yes
      UNION ALL
      SELECT a.id, (SELECT greatest(room.off, coalesce(max(x.number), 0)) FROM aired x WHERE NOT x.id = ANY($2))
        + row_number() OVER (ORDER BY a.starts_at, a.id)
      FROM aired a, room, fits WHERE NOT fits.yes AND a.id = ANY($2)
    )
    UPDATE episodes e SET number = numbered.n FROM numbered WHERE e.id = numbered.id
    RETURNING e.id, e.number""";
}
