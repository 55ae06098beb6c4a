package lianxin.org;

/** The org tree's SQL. */
final class OrgSql {

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
}
