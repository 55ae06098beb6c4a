package lianxin.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stream keys. A room's key is {@code lx<room>-<HMAC-SHA256(secret, room:nonce)>}: the database keeps the nonce and
 * the key's SHA-256 only, so the key can be shown again to the room's managers by a node that knows the secret, but
 * not made (nor used to publish) by anyone who can only read the database. Rotating draws a new nonce.
 */
final class StreamKeys {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] secret;

  StreamKeys(byte[] secret) {
    this.secret = secret.clone();
  }

  /**
   * Blocking: the secret from {@code SECRET_KEY} or, without it, from {@code DATA_DIR/ingest.key}, generated there
   * once (mode 0600).
   */
  static StreamKeys load(String secretKey, Path dataDir) throws IOException {
    if (secretKey != null) {
      return new StreamKeys(secretKey.getBytes(StandardCharsets.UTF_8));
    }
    Path file = dataDir.resolve("ingest.key");
    if (!Files.exists(file)) {
      Path tmp = Files.createTempFile(dataDir, "ingest", ".key", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, token(32) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
      try {
        // A link fails when the name exists: of two nodes starting on one DATA_DIR, the first one's secret wins.
        Files.createLink(file, tmp);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // the other node's
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return new StreamKeys(Files.readString(file).strip().getBytes(StandardCharsets.UTF_8));
  }

  String key(long roomId, byte[] nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] sum = mac.doFinal(("lianxin-ingest:" + roomId + ":" + HexFormat.of().formatHex(nonce)).getBytes(StandardCharsets.UTF_8));
      return "lx" + roomId + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(sum).substring(0, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** What a publish name must look like before it is looked up at all. */
  static boolean plausible(String name) {
    return name != null && name.matches("lx\\d{1,18}-[A-Za-z0-9_-]{32}");
  }

  static byte[] nonce() {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  /** A random URL-safe token of {@code bytes} random bytes. */
  static String token(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
