package lianxin.http;

/**
 * Something said to a person, in both languages the product speaks; one of them is shown, never both at once
 * ({@link Lang}). Reasons that are stored (a failed recording's) keep both, so each reader gets their own.
 */
public record Text(String zh, String en) {

  public static Text of(String zh, String en) {
    return new Text(zh, en);
  }

  public String in(Lang lang) {
    return lang == Lang.EN ? en : zh;
  }

  /**
   * Inside an error's details (a line of an import and what is wrong with it): {@link Failures} replaces every
   * object of exactly these two keys with the reader's language.
   */
  public io.vertx.core.json.JsonObject json() {
    return new io.vertx.core.json.JsonObject().put("zh", zh).put("en", en);
  }

  /** For logs: both, marked. */
  @Override
  public String toString() {
    return zh + " [en] " + en;
  }
}
