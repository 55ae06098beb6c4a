package lianxin.archive.intake;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import lianxin.media.MediaStore;

/**
 * Deletes what uploads leave behind in {@code MEDIA_DIR/uploads/}, once when a node starts and then every
 * {@link #EVERY} as a db-scheduler recurring task (one node per period across the cluster). Three kinds of leftover:
 * <ul>
 *   <li><b>Resumable uploads untouched for {@code UPLOAD_EXPIRY}</b> (24 h): expired in one SQL statement
 *   ({@link ResumableSql#EXPIRE}, row locks order it against a chunk's claim and against another node's sweep), then
 *   their {@code uploads/<id>} deleted, and the {@code originals/<id>} of a completion that died between moving the
 *   file and making its recording. A later chunk or status request answers 410 naming the upload.</li>
 *   <li><b>A one-shot upload's partial file</b> {@code uploads/<uuid>.part} (a request that ends in any failure
 *   deletes its own at once, see {@link Uploads#receive}; only a killed node leaves one) whose last modification is
 *   older than {@link #PARTIAL_GRACE}.</li>
 *   <li><b>A resumable upload's file whose row is gone or closed</b> (the episode was deleted, the row cascaded
 *   away, an earlier deletion failed), also only once it is older than {@link #PARTIAL_GRACE}.</li>
 * </ul>
 * <p>Why the age of the file, and not which node wrote it: every node shares {@code MEDIA_DIR} and any of them may be
 * streaming a {@code .part} right now; nothing on disk says which node that is, and whether that node is alive is
 * not known to the file system. A request that is writing touches its file with every chunk of bytes, so a file
 * untouched for an hour belongs to no live request on any node (at worst to a client that sent nothing for an hour,
 * whose upload then fails at its end instead of becoming a recording). The hour also absorbs clock skew between the
 * nodes and a network file system's server, which sets the modification times. Files of other names in
 * {@code uploads/} are never touched.
 * <p>All of it is safe from any thread: SQL on the pool, file work on a worker (never the event loop).
 */
public final class UploadSweep {

  private static final Logger LOG = Logger.getLogger(UploadSweep.class.getName());
  /** A partial or orphaned file in {@code uploads/} untouched this long belongs to no live request on any node. */
  public static final Duration PARTIAL_GRACE = Duration.ofHours(1);
  /** How often the recurring task runs (on one node of the cluster each time). */
  public static final Duration EVERY = Duration.ofMinutes(10);
  static final String TASK = "upload-sweep";
  static final String FOLDER = "uploads";
  static final String PART = ".part";

  /** What one run did: the uploads it expired, the keys it deleted. */
  public record Swept(List<UUID> expired, List<String> deleted) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final MediaStore store;
  private final Duration expiry;

  public UploadSweep(Vertx vertx, Pool pool, MediaStore store, Duration expiry) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
    this.expiry = expiry;
  }

  /** Where a one-shot upload streams before it becomes {@code originals/<id>}. */
  static String partKey(String id) {
    return FOLDER + "/" + id + PART;
  }

  /** The recurring task for the archive's scheduler: runs {@link #run} on a job thread, one node each period. */
  public RecurringTask<Void> task() {
    return Tasks.recurring(TASK, FixedDelay.of(EVERY)).execute((instance, context) -> run().await());
  }

  /** One sweep: expire, then delete what is left behind. Any node may run one while another does. */
  public Future<Swept> run() {
    List<UUID> expired = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    return pool.preparedQuery(ResumableSql.EXPIRE).execute(Tuple.of(expiry.toMillis() / 1000.0))
      .compose(rows -> {
        List<String> keys = new ArrayList<>();
        for (Row row : rows) {
          UUID id = row.getUUID("id");
          expired.add(id);
          keys.add(FOLDER + "/" + id);
          if (row.getBoolean("original_unused")) {
            keys.add("originals/" + id);
          }
        }
        // Expired rows first: once committed, no chunk can claim them, so their files are nobody's.
        return vertx.executeBlocking(() -> {
          for (String key : keys) {
            if (delete(key)) {
              deleted.add(key);
            }
          }
          return staleFiles();
        }, false);
      })
      .compose(stale -> {
        List<UUID> ids = new ArrayList<>();
        for (String name : stale) {
          if (name.endsWith(PART)) {
            continue;
          }
          ids.add(UUID.fromString(name));
        }
        Future<Set<UUID>> open = ids.isEmpty() ? Future.succeededFuture(Set.of())
          : pool.preparedQuery(ResumableSql.OPEN).execute(Tuple.of(ids.toArray(new UUID[0]))).map(rows -> {
            Set<UUID> live = new HashSet<>();
            rows.forEach(r -> live.add(r.getUUID("id")));
            return live;
          });
        return open.compose(live -> vertx.executeBlocking(() -> {
          for (String name : stale) {
            // A resumable upload's own file stays while its row is open (it expires through its row instead).
            if (!name.endsWith(PART) && live.contains(UUID.fromString(name))) {
              continue;
            }
            String key = FOLDER + "/" + name;
            if (delete(key)) {
              deleted.add(key);
            }
          }
          return new Swept(expired, deleted);
        }, false));
      })
      .onSuccess(swept -> {
        if (!swept.expired().isEmpty() || !swept.deleted().isEmpty()) {
          LOG.info("upload sweep: " + swept.expired().size() + " resumable upload(s) expired, deleted " + swept.deleted());
        }
      });
  }

  /**
   * Blocking: names in {@code uploads/} of the sweep's two forms ({@code <uuid>.part}, {@code <uuid>}) whose
   * files were last modified longer than {@link #PARTIAL_GRACE} ago.
   */
  private List<String> staleFiles() throws IOException {
    Path folder = store.path(FOLDER);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    Instant before = Instant.now().minus(PARTIAL_GRACE);
    List<String> stale = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        String id = name.endsWith(PART) ? name.substring(0, name.length() - PART.length()) : name;
        if (!isUuid(id)) {
          continue;
        }
        try {
          BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
          if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(before)) {
            stale.add(name);
          }
        } catch (NoSuchFileException gone) {
          // Renamed to an original, or deleted by another node's sweep, since the listing.
        }
      }
    }
    return stale;
  }

  /** Blocking: true when the key's file was there and is now gone; a failure is logged and left for the next run. */
  private boolean delete(String key) {
    try {
      // A resumable upload in a bucket is a folder of chunk objects: the store removes the key and what is under it.
      if (!store.exists(key)) {
        return false;
      }
      store.delete(key);
      return true;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "upload sweep: could not delete " + key + " (tried again next run)", e);
      return false;
    }
  }

  private static boolean isUuid(String name) {
    if (name.length() != 36) {
      return false;
    }
    try {
      return UUID.fromString(name).toString().equals(name);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
