package lianxin.media;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** {@link MediaStore} in a folder ({@code MEDIA_DIR}). */
public final class LocalMediaStore implements MediaStore {

  private final Path root;

  public LocalMediaStore(Path root) throws IOException {
    this.root = Files.createDirectories(root).toRealPath();
  }

  @Override
  public Path path(String key) {
    if (!MediaStore.validKey(key)) {
      return null;
    }
    Path path = root.resolve(key).normalize();
    return path.startsWith(root) ? path : null;
  }

  @Override
  public Path readable(String key) {
    Path path = path(key);
    try {
      Path real = path == null ? null : path.toRealPath();
      return real != null && real.startsWith(root) ? real : null;
    } catch (IOException e) {
      return null; // missing or unreadable: not found
    }
  }

  @Override
  public void publish(String prefix) {
    // Files are written in place; nothing to copy.
  }

  @Override
  public Path fetch(String key) {
    Path path = readable(key);
    return path != null && Files.isRegularFile(path) ? path : null;
  }

  @Override
  public void put(String key, Path file) throws IOException {
    Path target = path(key);
    if (target == null) {
      throw new IOException("not a media key: " + key);
    }
    if (!target.equals(file.toAbsolutePath().normalize())) {
      Files.createDirectories(target.getParent());
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  @Override
  public boolean exists(String key) {
    Path path = path(key);
    return path != null && Files.exists(path);
  }

  @Override
  public long size(String key) throws IOException {
    Path path = fetch(key);
    return path == null ? -1 : Files.size(path);
  }

  @Override
  public String readText(String key) throws IOException {
    Path path = fetch(key);
    return path == null ? null : Files.readString(path);
  }

  @Override
  public void delete(String key) throws IOException {
    Path path = path(key);
    if (path == null || !Files.exists(path)) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
