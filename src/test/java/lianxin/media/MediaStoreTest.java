package lianxin.media;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.api.Test;

/** Keys of the media store. */
class MediaStoreTest {

  @Test
  void mediaKeysCannotEscapeTheStore() {
    assertTrue(MediaStore.validKey("archive/7/v0/seg00001.m4s"));
    for (String bad : new String[] {"../etc/passwd", "archive/../originals/x", "/etc/passwd", "archive//x", "archive/./x",
      "archive/7/..", "archive/%2e%2e/x", "archive\\x", ""}) {
      assertFalse(MediaStore.validKey(bad), bad);
    }
  }
}
