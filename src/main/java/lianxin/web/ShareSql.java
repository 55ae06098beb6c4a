package lianxin.web;

/**
 * What a shared link's preview shows (a page's title, description and poster) and what the page fetches first, read
 * in one statement each.
 */
final class ShareSql {

  private ShareSql() {
  }

  /** The newest archived recording's poster of the episodes {@code WHERE} picks. */
  private static final String POSTER = """
    (SELECT rec.poster_key FROM recordings rec
     WHERE %s AND rec.status = 'archived' AND rec.poster_key IS NOT NULL ORDER BY rec.id DESC LIMIT 1) AS poster_key""";

  /** The newest archived recording's master playlist: the page names its first files (see StartFiles). */
  private static final String MASTER = """
    (SELECT rec.master_key FROM recordings rec
     WHERE rec.episode_id = e.id AND rec.status = 'archived' ORDER BY rec.id DESC LIMIT 1) AS master_key""";

  static final String EPISODE = """
    SELECT e.title, e.description, e.number, e.status, e.starts_at, r.name AS room_name, r.timezone, o.name AS org_name,
    """ + POSTER.formatted("rec.episode_id = e.id") + ",\n" + MASTER + """

    FROM episodes e JOIN rooms r ON r.id = e.room_id JOIN orgs o ON o.id = r.org_id WHERE e.id = $1""";

  static final String ROOM = """
    SELECT r.name, r.description, o.name AS org_name,
    """ + POSTER.formatted("rec.room_id = r.id") + """

    FROM rooms r JOIN orgs o ON o.id = r.org_id WHERE r.id = $1""";
}
