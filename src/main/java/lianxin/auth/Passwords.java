package lianxin.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane). Hashing takes tens of ms: never on an event loop. */
final class Passwords {

  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

  /** Verified against when the username is unknown, so both cases take the same time. */
  private static final String DECOY = Password.hash("lianxin-decoy").addRandomSalt(16).with(ARGON2).getResult();

  static final int MIN_LENGTH = 10;

  private Passwords() {
  }

  static Future<String> hash(Vertx vertx, String password) {
    return vertx.executeBlocking(() -> Password.hash(password).addRandomSalt(16).with(ARGON2).getResult(), false);
  }

  static Future<Boolean> verify(Vertx vertx, String password, String hash) {
    String against = hash == null ? DECOY : hash;
    return vertx.executeBlocking(() -> Password.check(password, against).with(Argon2Function.getInstanceFromHash(against)) && hash != null, false);
  }
}
