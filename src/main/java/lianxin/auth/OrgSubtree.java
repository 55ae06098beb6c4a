package lianxin.auth;

/**
 * An org unit and every unit below it, as SQL ({@code WITH RECURSIVE subtree}, the org's id as {@code $1}): what an
 * official's scope covers, and how rooms and users are filtered by org. Statements follow it with their SELECT.
 */
public final class OrgSubtree {

  public static final String CTE = """
    WITH RECURSIVE subtree AS (
      SELECT id FROM orgs WHERE id = $1
      UNION ALL
      SELECT o.id FROM orgs o JOIN subtree s ON o.parent_id = s.id
    )""";

  private OrgSubtree() {
  }
}
