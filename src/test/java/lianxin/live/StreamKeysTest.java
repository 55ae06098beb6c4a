package lianxin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import lianxin.support.Clips;
import org.junit.jupiter.api.Test;

class StreamKeysTest {

  @Test
  void aKeyIsTheSameForTheSameNonceAndSecretAndNothingElse() {
    StreamKeys keys = new StreamKeys("a secret of enough length".getBytes(StandardCharsets.UTF_8));
    byte[] nonce = StreamKeys.nonce();
    String key = keys.key(7, nonce);
    assertTrue(StreamKeys.plausible(key), key);
    assertTrue(key.startsWith("lx7-"), key);
    assertEquals(key, keys.key(7, nonce));
    assertNotEquals(key, keys.key(8, nonce));
    assertNotEquals(key, keys.key(7, StreamKeys.nonce()));
    assertNotEquals(key, new StreamKeys("another secret, same length".getBytes(StandardCharsets.UTF_8)).key(7, nonce));
    assertEquals(32, StreamKeys.hash(key).length);
    assertFalse(StreamKeys.plausible("lx7-short"));
    assertFalse(StreamKeys.plausible(key + "?name=x"));
  }

  @Test
  void withoutSecretKeyOneIsGeneratedOnceIntoTheDataDirReadableByItsOwnerOnly() throws Exception {
    Path dir = Clips.tempDir("lianxin-keys");
    byte[] nonce = StreamKeys.nonce();
    String first = StreamKeys.load(null, dir).key(1, nonce);
    assertEquals(first, StreamKeys.load(null, dir).key(1, nonce));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ingest.key"))));
    assertNotEquals(first, StreamKeys.load("an operator's SECRET_KEY", dir).key(1, nonce));
  }
}
