package lianxin.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lianxin.Config;
import lianxin.StartupException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@code scripts/media-to-s3}: copies a local media folder ({@code MEDIA_DIR}) into the bucket the {@code S3_*}
 * variables name, while nodes keep serving from the folder. Each object carries its SHA-256 ({@code x-amz-meta-sha256})
 * and is read back and hashed after the upload, so a run proves every byte arrived; an object already there with the
 * same hash is left alone, which makes a second run copy only what is new or changed. An open resumable upload's file
 * becomes its first chunk object, so the upload carries on after the switch. {@code imports/} (the operator's
 * import folder, read locally in both modes) and one-shot partial files ({@code uploads/*.part}) stay.
 * {@code --dry-run} lists what would be copied.
 */
public final class MigrateToS3 {

  /** What one run did. */
  public record Result(int copied, int present, int changed, List<String> failed, long bytes) {
    @Override
    public String toString() {
      return "copied " + copied + ", already there " + present + ", changed while copying (copied again next run) " + changed
        + ", failed " + failed.size() + (failed.isEmpty() ? "" : " " + failed) + "; " + bytes + " bytes sent";
    }
  }

  private final Path root;
  private final Bucket bucket;
  private final boolean dryRun;

  public MigrateToS3(Path root, Bucket bucket, boolean dryRun) {
    this.root = root;
    this.bucket = bucket;
    this.dryRun = dryRun;
  }

  public static void main(String[] args) {
    try {
      Config config = Config.fromEnv(System.getenv());
      if (!config.s3().enabled()) {
        throw new StartupException("set S3_BUCKET, S3_ACCESS_KEY and S3_SECRET_KEY (and S3_ENDPOINT unless AWS) to name the bucket");
      }
      boolean dryRun = List.of(args).contains("--dry-run");
      try (Bucket bucket = new Bucket(config.s3())) {
        bucket.check();
        System.out.println("media-to-s3: " + config.mediaDir() + " -> " + config.s3() + (dryRun ? " (dry run)" : ""));
        Result result = new MigrateToS3(config.mediaDir(), bucket, dryRun).run();
        System.out.println("media-to-s3: " + result);
        System.exit(result.failed().isEmpty() ? 0 : 1);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("media-to-s3: " + e.getMessage());
      System.exit(2);
    }
  }

  public Result run() throws IOException {
    int copied = 0;
    int present = 0;
    int changed = 0;
    long bytes = 0;
    List<String> failed = new java.util.ArrayList<>();
    if (!Files.isDirectory(root)) {
      throw new IOException("MEDIA_DIR " + root + " is not a folder");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      String key = key(root.relativize(file).toString().replace('\\', '/'));
      if (key == null) {
        continue;
      }
      try {
        String sha256 = sha256(Files.newInputStream(file));
        HeadObjectResponse head = bucket.head(key);
        if (head != null && sha256.equals(head.metadata().get("sha256"))) {
          present++;
          continue;
        }
        if (dryRun) {
          System.out.println("would copy " + key);
          continue;
        }
        long size = Files.size(file);
        bucket.put(key, file, MediaRoutes.type(key), Map.of("sha256", sha256));
        String stored;
        try (InputStream in = bucket.open(key)) {
          stored = in == null ? "missing" : sha256(in);
        }
        if (stored.equals(sha256)) {
          copied++;
          bytes += size;
        } else if (!sha256(Files.newInputStream(file)).equals(sha256)) {
          changed++; // written to while it was copied (a job running on a node): the next run copies it again
          bucket.delete(List.of(key));
        } else {
          failed.add(key);
          bucket.delete(List.of(key));
        }
      } catch (java.nio.file.NoSuchFileException gone) {
        // deleted by a node since the listing: nothing to copy
      } catch (IOException | RuntimeException e) {
        System.err.println("media-to-s3: " + key + ": " + e.getMessage());
        failed.add(key);
      }
    }
    return new Result(copied, present, changed, failed, bytes);
  }

  /** The bucket key for a file of the folder; null for what stays local. */
  static String key(String relative) {
    if (relative.startsWith("imports/") || !MediaStore.validKey(relative)) {
      return null;
    }
    if (relative.startsWith("uploads/")) {
      String name = relative.substring("uploads/".length());
      // An open resumable upload's file is its bytes from 0: the first chunk object (see archive.intake.BucketChunks).
      return name.matches("[0-9a-f-]{36}") ? relative + "/" + "0".repeat(19) : null;
    }
    return relative;
  }

  private static String sha256(InputStream stream) throws IOException {
    try (InputStream in = stream) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
