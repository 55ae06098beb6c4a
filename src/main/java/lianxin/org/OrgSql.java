package lianxin.org;

/** The org tree's SQL. */
public final class OrgSql {

  private OrgSql() {
  }

  static final String INSERT = """
    INSERT INTO orgs (name, kind, parent_id) VALUES ($1, $2, $3)
    RETURNING id, name, kind, parent_id""";

  static final String KIND_OF = "SELECT kind FROM orgs WHERE id = $1";

  static final String ALL = "SELECT id, name, kind, parent_id FROM orgs ORDER BY id";

  static final String ONE = "SELECT id, name, kind, parent_id FROM orgs WHERE id = $1";

  static final String CHILDREN = "SELECT id, name, kind, parent_id FROM orgs WHERE parent_id = $1 ORDER BY id";

  static final String ROOMS = "SELECT id, name FROM rooms WHERE org_id = $1 ORDER BY id";

  /** An org and every unit below it; other features filter by it. */
  public static final String SUBTREE = """
    WITH RECURSIVE subtree AS (
      SELECT id FROM orgs WHERE id = $1
      UNION ALL
      SELECT o.id FROM orgs o JOIN subtree s ON o.parent_id = s.id
    )""";
}
