package lianxin.media;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link MediaStore} in an S3-compatible bucket. The bucket holds every original, archive output and capture
 * segment; the node's scratch folder ({@code DATA_DIR/scratch}, emptied when the node starts) holds only the working
 * copies of the jobs this node is running, which each job drops when it ends ({@link #release}). The operator's
 * import folder ({@code MEDIA_DIR/imports}) stays local: it is where files are put for the back-catalogue import.
 */
public final class S3MediaStore implements MediaStore {

  private final Bucket bucket;
  private final S3Config config;
  private final LocalMediaStore scratch;
  private final LocalMediaStore media;
  /** What {@link #publish} last uploaded from each working file (size and time), so a re-publish sends only changes. */
  private final Map<String, String> published = new ConcurrentHashMap<>();

  public S3MediaStore(S3Config config, Path scratchDir, Path mediaDir) throws IOException {
    this.config = config;
    this.bucket = new Bucket(config);
    if (Files.exists(scratchDir)) {
      new LocalMediaStore(scratchDir.getParent()).delete(scratchDir.getFileName().toString());
    }
    this.scratch = new LocalMediaStore(scratchDir);
    this.media = new LocalMediaStore(mediaDir);
  }

  public Bucket bucket() {
    return bucket;
  }

  public S3Config config() {
    return config;
  }

  /** The CDN's origin, or the bucket's as presigned URLs name it (path or host style, as configured). */
  @Override
  public String redirectOrigin() {
    if (config.publicUrl() != null) {
      return origin(URI.create(config.publicUrl()));
    }
    return config.serve().equals("presign") ? origin(bucket.presign("origin-probe", Duration.ofMinutes(1))) : null;
  }

  private static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  @Override
  public Path path(String key) {
    return imports(key) ? media.path(key) : scratch.path(key);
  }

  /**
   * Only a live stream's working files, which this node's ingest writes and serves itself (and copies into the
   * bucket for the other nodes); everything else {@link MediaRoutes} serves from the bucket.
   */
  @Override
  public Path readable(String key) {
    return key.startsWith("live/") ? scratch.readable(key) : null;
  }

  /**
   * Uploads the working files under {@code prefix} that changed since the last time (logs stay on the node). The
   * playlists are read first and uploaded last, as read, the master at the very end: a playlist in the bucket names
   * only segments that were complete when it was read and are in the bucket before it, even while FFmpeg is still
   * writing (a capture).
   */
  @Override
  public void publish(String prefix) throws IOException {
    Path dir = path(prefix);
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = new ArrayList<>(walk.filter(Files::isRegularFile).filter(f -> publishable(dir, f)).toList());
    }
    files.sort(Comparator.comparingInt((Path f) -> order(f.getFileName().toString())).thenComparing(Path::toString));
    Map<Path, String> playlists = new LinkedHashMap<>();
    for (Path file : files) {
      if (order(file.getFileName().toString()) > 0) {
        playlists.put(file, Files.readString(file));
      }
    }
    for (Path file : files) {
      String key = prefix + "/" + dir.relativize(file).toString().replace('\\', '/');
      String text = playlists.get(file);
      String signature = text != null ? "text:" + text.hashCode() + ":" + text.length()
        : Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
      if (!signature.equals(published.get(key))) {
        if (text != null) {
          bucket.putText(key, text, MediaRoutes.type(key));
        } else {
          bucket.put(key, file, MediaRoutes.type(key));
        }
        published.put(key, signature);
      }
    }
  }

  private static boolean publishable(Path dir, Path file) {
    String name = file.getFileName().toString();
    // .tmp: FFmpeg writes a playlist there and renames it; the renamed one is what players may read.
    return !dir.relativize(file).startsWith("logs") && !name.endsWith(".log") && !name.endsWith(".download")
      && !name.endsWith(".tmp");
  }

  private static int order(String name) {
    return name.equals("master.m3u8") ? 2 : name.endsWith(".m3u8") ? 1 : 0;
  }

  @Override
  public Path fetch(String key) throws IOException {
    if (imports(key)) {
      return media.fetch(key);
    }
    Path local = scratch.path(key);
    if (local == null) {
      return null;
    }
    HeadObjectResponse head = bucket.head(key);
    if (head == null) {
      return null;
    }
    if (Files.isRegularFile(local) && Files.size(local) == head.contentLength()) {
      return local; // this job's own working copy
    }
    Files.createDirectories(local.getParent());
    return bucket.get(key, local) ? local : null;
  }

  @Override
  public void fetchAll(String prefix) throws IOException {
    for (S3Object o : bucket.list(prefix + "/")) {
      Path local = scratch.path(o.key());
      if (local != null && !(Files.isRegularFile(local) && Files.size(local) == o.size())) {
        Files.createDirectories(local.getParent());
        bucket.get(o.key(), local);
      }
    }
  }

  /** Uploads {@code file} as {@code key}; a file other than the key's own working copy is deleted once it is up. */
  @Override
  public void put(String key, Path file) throws IOException {
    bucket.put(key, file, MediaRoutes.type(key));
    if (!file.toAbsolutePath().normalize().equals(scratch.path(key))) {
      Files.deleteIfExists(file);
    }
  }

  @Override
  public void release(String prefix) throws IOException {
    if (!imports(prefix)) {
      scratch.delete(prefix);
      published.keySet().removeIf(k -> k.equals(prefix) || k.startsWith(prefix + "/"));
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    if (imports(key)) {
      return media.exists(key);
    }
    return bucket.head(key) != null || !bucket.list(key + "/").isEmpty();
  }

  @Override
  public long size(String key) throws IOException {
    HeadObjectResponse head = imports(key) ? null : bucket.head(key);
    return imports(key) ? media.size(key) : head == null ? -1 : head.contentLength();
  }

  @Override
  public String readText(String key) throws IOException {
    return imports(key) ? media.readText(key) : bucket.text(key);
  }

  /** Removes {@code key} and everything under it from the bucket, and any working copy. */
  @Override
  public void delete(String key) throws IOException {
    if (!MediaStore.validKey(key)) {
      return;
    }
    if (imports(key)) {
      media.delete(key);
      return;
    }
    List<String> keys = new ArrayList<>(bucket.list(key + "/").stream().map(S3Object::key).toList());
    keys.add(key);
    bucket.delete(keys);
    release(key);
  }

  private static boolean imports(String key) {
    return key != null && (key.equals("imports") || key.startsWith("imports/"));
  }
}
