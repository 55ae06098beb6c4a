package lianxin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealerTest {

  static final String URL = "rtmp://push.example.com/third/stream-7f3c9a51d2e84b06";

  @Test
  void aGeneratedKeyIsWrittenOnceReadableByTheOwnerOnlyAndOpensWhatItSealed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data/secret.key");
    Sealer first = Sealer.load(null, file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String key = Files.readString(file);
    String sealed = first.seal(URL, 7);
    // The same file next start: the same key.
    assertEquals(URL, Sealer.load(null, file).open(sealed, 7));
    assertEquals(key, Files.readString(file));
    assertTrue(Files.list(file.getParent()).count() == 1, "no temporary file left");
  }

  @Test
  void eachValueHasItsOwnNonceAndIsBoundToItsRoom(@TempDir Path dir) {
    Sealer sealer = Sealer.load(null, dir.resolve("secret.key"));
    String a = sealer.seal(URL, 7);
    String b = sealer.seal(URL, 7);
    assertNotEquals(a, b);
    assertTrue(!a.contains("7f3c9a51") && !a.contains("push.example.com"));
    assertEquals(URL, sealer.open(b, 7));
    assertThrows(Sealer.Unsealable.class, () -> sealer.open(a, 8));
    int at = a.length() - 10;
    String altered = a.substring(0, at) + (a.charAt(at) == 'A' ? 'B' : 'A') + a.substring(at + 1);
    assertThrows(Sealer.Unsealable.class, () -> sealer.open(altered, 7));
  }

  @Test
  void secretKeyFromTheEnvironmentWinsAndAnotherKeyIsNamedAsSuch(@TempDir Path dir) {
    Sealer hex = Sealer.load("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", dir.resolve("unused"));
    assertTrue(Files.notExists(dir.resolve("unused")));
    Sealer passphrase = Sealer.load("a long enough passphrase", dir.resolve("unused"));
    Sealer.Unsealable e = assertThrows(Sealer.Unsealable.class, () -> passphrase.open(hex.seal(URL, 1), 1));
    assertTrue(e.getMessage().contains("SECRET_KEY"), e.getMessage());
    assertEquals(URL, Sealer.load("ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8=", dir).open(hex.seal(URL, 1), 1));
    assertThrows(IllegalArgumentException.class, () -> Sealer.load("short", dir.resolve("unused")));
  }
}
