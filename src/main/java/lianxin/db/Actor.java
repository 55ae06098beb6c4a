package lianxin.db;

/** Who a write is done for, as the audit log names them (a signed-in user; null for the server's own work). */
public interface Actor {

  /** The name the audit trigger records. */
  String actor();
}
