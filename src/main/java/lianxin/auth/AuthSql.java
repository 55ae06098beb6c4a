package lianxin.auth;

/** Accounts' SQL. */
final class AuthSql {

  private AuthSql() {
  }

  static final String ROOM_OF_EPISODE = "SELECT room_id FROM episodes WHERE id = $1";

  static final String ROOM_OF_EPISODE_LOCKED = "SELECT room_id FROM episodes WHERE id = $1 FOR NO KEY UPDATE";

  static final String ROOM_OF_RECORDING = "SELECT room_id FROM recordings WHERE id = $1";

  private static final String USER_COLUMNS = """
    u.id, u.username, u.role, u.org_id, u.disabled,
      (SELECT array_agg(ur.room_id ORDER BY ur.room_id) FROM user_rooms ur WHERE ur.user_id = u.id) AS room_ids""";

  static final String BY_TOKEN = "SELECT t.id AS token_id, t.kind, t.csrf_token, " + USER_COLUMNS.replace("u.id,", "u.id AS id,") + """
     FROM tokens t JOIN users u ON u.id = t.user_id
    WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
      AND NOT u.disabled""";

  static final String TOUCH_TOKEN = """
    UPDATE tokens SET last_used_at = now()
    WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""";

  /** By the stored form ({@link Usernames#normalize}), never lower(): PostgreSQL folds case unlike Java. */
  static final String BY_USERNAME = "SELECT u.password_hash, " + USER_COLUMNS + " FROM users u WHERE u.username = $1";

  static final String USER = "SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = $1";

  static final String USERS = "SELECT " + USER_COLUMNS + " FROM users u ORDER BY u.id";

  /** Users an official may see: those whose org, or one of whose rooms, lies in the official's subtree. */
  static final String USERS_IN_SUBTREE = OrgSubtree.CTE + " SELECT " + USER_COLUMNS + """
     FROM users u
    WHERE u.org_id IN (SELECT id FROM subtree)
       OR EXISTS (SELECT 1 FROM user_rooms ur JOIN rooms r ON r.id = ur.room_id
                   WHERE ur.user_id = u.id AND r.org_id IN (SELECT id FROM subtree))
    ORDER BY u.id""";

  static final String INSERT_USER = """
    INSERT INTO users (username, password_hash, role, org_id) VALUES ($1, $2, $3, $4) RETURNING id""";

  static final String UPDATE_USER = """
    UPDATE users SET password_hash = coalesce($2, password_hash), role = coalesce($3, role),
      org_id = CASE WHEN $5 THEN $4 ELSE org_id END, disabled = coalesce($6, disabled), updated_at = now()
    WHERE id = $1""";

  static final String CLEAR_ROOMS = "DELETE FROM user_rooms WHERE user_id = $1";

  static final String ADD_ROOM = "INSERT INTO user_rooms (user_id, room_id) VALUES ($1, $2)";

  /** Bootstrap: the first admin, only while there is no user at all; concurrent nodes race safely on the username. */
  static final String BOOTSTRAP_ADMIN = """
    INSERT INTO users (username, password_hash, role)
    SELECT 'admin', $1, 'admin' WHERE NOT EXISTS (SELECT 1 FROM users)
    ON CONFLICT DO NOTHING RETURNING id""";

  static final String INSERT_TOKEN = """
    INSERT INTO tokens (user_id, kind, token_hash, csrf_token, name, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
    RETURNING id, created_at""";

  static final String REVOKE_TOKEN = "UPDATE tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL";

  static final String PASSWORD_HASH = "SELECT password_hash FROM users WHERE id = $1";

  /** Every session and API token of user $1 but token $2 (null: all): after a password change or disabling. */
  static final String END_TOKENS_OF = """
    UPDATE tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $2""";

  static final String SESSIONS_OF = """
    SELECT id, created_at, last_used_at, expires_at FROM tokens
    WHERE user_id = $1 AND kind = 'session' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
    ORDER BY id""";

  static final String SESSION_OWNER = "SELECT user_id FROM tokens WHERE id = $1 AND kind = 'session'";

  static final String TOKENS_OF = """
    SELECT id, name, created_at, last_used_at FROM tokens
    WHERE user_id = $1 AND kind = 'api' AND revoked_at IS NULL ORDER BY id""";

  static final String TOKEN_OWNER = "SELECT user_id FROM tokens WHERE id = $1 AND kind = 'api'";

  /** Whether org $2 is org $1 or below it. */
  static final String ORG_IN_SUBTREE = OrgSubtree.CTE + " SELECT EXISTS (SELECT 1 FROM subtree WHERE id = $2) AS inside";

  /** Whether room $2 belongs to org $1's subtree. */
  static final String ROOM_IN_SUBTREE = OrgSubtree.CTE
    + " SELECT EXISTS (SELECT 1 FROM rooms r WHERE r.id = $2 AND r.org_id IN (SELECT id FROM subtree)) AS inside";

  /**
   * One sign-in attempt, counted against the account's key and the client's before the password is checked, in one
   * statement: the new counts come back, so of parallel attempts only the first up to the limit see a count within
   * it. Keys are taken in a fixed order (client: before user:) so two attempts never wait on each other's rows.
   */
  static final String COUNT_ATTEMPT = """
    INSERT INTO login_failures (key, failures, window_start)
    SELECT k, 1, now() FROM unnest($1::text[]) AS k ORDER BY k
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_failures.window_start > now() - interval '15 minutes' THEN login_failures.failures + 1 ELSE 1 END,
      window_start = CASE WHEN login_failures.window_start > now() - interval '15 minutes' THEN login_failures.window_start ELSE now() END
    RETURNING key, failures""";

  /** A successful attempt gives the client's slot back. */
  static final String RETURN_ATTEMPT = "UPDATE login_failures SET failures = failures - 1 WHERE key = $1 AND failures > 0";

  static final String CLEAR_FAILURES = "DELETE FROM login_failures WHERE key = $1";

  /** A key's failures in its current window (none once the window is over). */
  static final String FAILURES = """
    SELECT failures FROM login_failures WHERE key = $1 AND window_start > now() - interval '15 minutes'""";

  static final String AUDIT = OrgSubtree.CTE + """
     SELECT a.id, a.at, a.actor_id, a.actor_name, a.action, a.target, a.org_id, a.room_id, a.before, a.after
     FROM audit_log a
    WHERE ($1::bigint IS NULL OR a.org_id IN (SELECT id FROM subtree))
      AND ($2::timestamptz IS NULL OR a.at >= $2) AND ($3::timestamptz IS NULL OR a.at < $3)
      AND ($4::bigint IS NULL OR a.id < $4)
    ORDER BY a.id DESC LIMIT $5""";
}
