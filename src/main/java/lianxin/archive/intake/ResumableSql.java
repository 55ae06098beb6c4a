package lianxin.archive.intake;

/** Resumable uploads' SQL. */
final class ResumableSql {

  private ResumableSql() {
  }

  static final String INSERT = "INSERT INTO uploads (id, episode_id, room_id, size, name) VALUES ($1, $2, $3, $4, $5)";

  static final String ONE = "SELECT *, coalesce(busy_until > now(), false) AS receiving FROM uploads WHERE id = $1";

  /**
   * One chunk at a time; a holder that vanished (its connection dropped, its node died) lets go after a minute. An
   * expired upload is never claimed again, and a claim counts as activity: the row lock orders it against
   * {@link #EXPIRE}, so either the chunk claims first (and the sweep, seeing it touched, leaves it) or the sweep
   * expires it first (and the claim finds nothing to claim).
   */
  static final String CLAIM = """
    UPDATE uploads SET busy_until = now() + interval '1 minute', touched_at = now()
    WHERE id = $1 AND recording_id IS NULL AND expired_at IS NULL AND (busy_until IS NULL OR busy_until < now())""";

  /** A chunk's end is activity too: the expiry counts from the last byte received, not the chunk's start. */
  static final String RELEASE = "UPDATE uploads SET busy_until = NULL, touched_at = now() WHERE id = $1";

  /** Completes only an upload that did not expire meanwhile (the recording's transaction rolls back otherwise). */
  static final String DONE = "UPDATE uploads SET recording_id = $2, busy_until = NULL, touched_at = now() WHERE id = $1 AND expired_at IS NULL";

  /**
   * Expires, in one statement, every open upload untouched for $1 seconds that no chunk holds. Two sweeps at once
   * (two nodes) each get a disjoint set: the second waits on the first's row locks, then re-reads the rows and finds
   * them expired. Returns each id and whether its {@code originals/<id>} (where a completion that died after the
   * move, before its transaction, left it) belongs to no recording, so that the sweep may delete it too.
   */
  static final String EXPIRE = """
    UPDATE uploads u SET expired_at = now(), busy_until = NULL
    WHERE recording_id IS NULL AND expired_at IS NULL AND touched_at < now() - make_interval(secs => $1)
      AND (busy_until IS NULL OR busy_until < now())
    RETURNING id, NOT EXISTS (SELECT 1 FROM recordings r WHERE r.original_key = 'originals/' || u.id::text) AS original_unused""";

  /** Of these ids (files in {@code uploads/}), those still open: their file is an upload in progress. */
  static final String OPEN = "SELECT id FROM uploads WHERE id = ANY($1) AND recording_id IS NULL AND expired_at IS NULL";
}
