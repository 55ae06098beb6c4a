package lianxin.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals push URLs (they hold platforms' stream keys) for the database: AES-256-GCM from the JDK, a random 96-bit
 * nonce per value stored with it, the room's id as associated data (a sealed value copied to another room's row
 * does not open). A sealed value reads {@code v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>}; the key id (the
 * first 4 bytes of the key's SHA-256) names which key sealed it, so a node with another key says so instead of
 * failing obscurely.
 */
public final class Sealer {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final String keyId;

  Sealer(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key, "AES");
    this.keyId = HexFormat.of().formatHex(sha256(key), 0, 4);
  }

  /**
   * Blocking (start-up): the key from {@code SECRET_KEY}, or else the one in {@code file}, generated there once
   * (readable by this user only). Throws IllegalArgumentException naming what is wrong.
   */
  public static Sealer load(String secretKey, Path file) {
    if (secretKey != null) {
      return new Sealer(parse(secretKey, "SECRET_KEY"));
    }
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        Files.createDirectories(file.toAbsolutePath().getParent());
        // Written whole under another name, then linked into place: a reader never sees half a key, and of two
        // nodes starting on one DATA_DIR the second keeps the first one's key.
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "secret", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
          Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n");
          Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException raced) {
          // read theirs, below
        } finally {
          Files.delete(tmp);
        }
      }
      return new Sealer(parse(Files.readString(file).strip(), file.toString()));
    } catch (IOException e) {
      throw new IllegalArgumentException("the relay key " + file + " cannot be read or created: " + e.getMessage(), e);
    }
  }

  /** 64 hex digits, or base64 of 32 bytes, or a passphrase of 16 characters or more (its SHA-256). */
  static byte[] parse(String raw, String where) {
    if (raw.matches("[0-9a-fA-F]{64}")) {
      return HexFormat.of().parseHex(raw);
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(raw);
      if (decoded.length == 32) {
        return decoded;
      }
    } catch (IllegalArgumentException notBase64) {
      // a passphrase, below
    }
    if (raw.length() >= 16) {
      return sha256(raw.getBytes(StandardCharsets.UTF_8));
    }
    throw new IllegalArgumentException(where + " must be 32 bytes as 64 hex digits or base64 (openssl rand -base64 32),"
      + " or a passphrase of at least 16 characters");
  }

  public String seal(String plain, long roomId) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(roomId));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return "v1." + keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** The plain value; {@link Unsealable} when another key sealed it or it was altered. */
  public String open(String sealed, long roomId) {
    String[] parts = sealed.split("\\.");
    if (parts.length != 3 || !parts[0].equals("v1")) {
      throw new Unsealable("not a sealed value");
    }
    if (!parts[1].equals(keyId)) {
      throw new Unsealable("sealed with another key (" + parts[1] + "; this node's is " + keyId + "): set the same SECRET_KEY on every node");
    }
    try {
      byte[] in = Base64.getUrlDecoder().decode(parts[2]);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(aad(roomId));
      return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new Unsealable("altered or not this room's");
    }
  }

  /** A value that cannot be opened here. */
  public static final class Unsealable extends RuntimeException {
    Unsealable(String why) {
      super(why, null, false, false);
    }
  }

  private static byte[] aad(long roomId) {
    return ("lianxin relay target of room " + roomId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
