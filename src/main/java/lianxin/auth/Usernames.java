package lianxin.auth;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one form of a username: NFKC (full-width letters and digits read as ASCII) and lower case without a locale
 * (Turkish İ becomes i + U+0307 on every machine). It is what is stored, looked up and throttled, so Java and
 * PostgreSQL never fold case differently: the database only compares the stored text for equality.
 */
public final class Usernames {

  public static final int MAX_LENGTH = 64;

  private Usernames() {
  }

  public static String normalize(String username) {
    // NFKC again after lower-casing: a lower-case mapping can leave text that NFKC would compose.
    return Normalizer.normalize(Normalizer.normalize(username, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT),
      Normalizer.Form.NFKC);
  }
}
