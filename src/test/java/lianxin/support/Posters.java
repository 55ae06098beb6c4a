package lianxin.support;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A small real poster for a recording row a test writes by hand: lists and search results show an archived
 * episode's poster, so a row that names a missing file would be a broken image (and a 404) on pages other tests open.
 */
public final class Posters {

  private Posters() {
  }

  /** Writes a 16×9 JPEG at media key {@code key} of the shared test node. */
  public static void write(String key) throws IOException {
    Path file = TestServer.mediaDir().resolve(key);
    Files.createDirectories(file.getParent());
    if (!ImageIO.write(new BufferedImage(16, 9, BufferedImage.TYPE_INT_RGB), "jpg", file.toFile())) {
      throw new IOException("no JPEG writer");
    }
  }
}
