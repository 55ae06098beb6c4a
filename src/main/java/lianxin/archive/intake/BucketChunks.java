package lianxin.archive.intake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import lianxin.media.S3MediaStore;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A resumable upload in the bucket: each chunk is an object {@code uploads/<id>/<offset, 19 digits>}, so any node can
 * take the next chunk and the offset is the sum of the stored chunks (read from the bucket, which every node shares).
 * A chunk streams to the receiving node's scratch folder first and goes up when its request ends, whole or cut
 * short: what arrived before a drop is kept, as on disk. On the last byte the chunks are joined, in order, into the
 * original (hashed on the way, uploaded in parts) and deleted.
 *
 * <p>Why objects and not one multipart upload with a part per chunk: S3 parts must be at least 5 MiB except the
 * last, and a client's chunks (or what arrived of one before a drop) may be smaller.
 */
record BucketChunks(Vertx vertx, S3MediaStore store) implements Chunks {

  @Override
  public Future<Void> create(UUID id) {
    return Future.succeededFuture(); // nothing stored until the first chunk
  }

  @Override
  public Future<Long> offset(UUID id) {
    return vertx.executeBlocking(() -> end(stored(id)), false);
  }

  @Override
  public Future<Long> append(HttpServerRequest request, UUID id, long offset, long length) {
    Path part = store.path(Chunks.folder(id) + "." + offset + ".chunk");
    return vertx.fileSystem().mkdirs(part.getParent().toString())
      .compose(v -> vertx.fileSystem().open(part.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true)))
      .compose(f -> request.pipeTo(new HashingFile(f, length)).eventually(() -> f.close().otherwiseEmpty()))
      // Whole or cut short, what arrived is stored, and the outcome of the request follows.
      .transform(received -> vertx.executeBlocking(() -> {
        if (Files.size(part) > 0) {
          store.put(Chunks.folder(id) + "/" + String.format("%019d", offset), part);
        }
        Files.deleteIfExists(part);
        return null;
      }, false).compose(v -> received.succeeded() ? offset(id) : Future.failedFuture(received.cause())));
  }

  @Override
  public String assemble(UUID id, String key) throws IOException {
    List<S3Object> chunks = stored(id);
    Path original = store.path(key);
    Files.createDirectories(original.getParent());
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(original), digest)) {
      for (S3Object chunk : chunks) {
        try (InputStream in = store.bucket().open(chunk.key())) {
          if (in == null) {
            throw new IOException("chunk " + chunk.key() + " vanished while joining");
          }
          in.transferTo(out);
        }
      }
    }
    store.put(key, original);
    store.release(key);
    store.delete(Chunks.folder(id));
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The stored chunks from byte 0 on, in order, up to the first hole (an object left by nothing this upload wrote). */
  private List<S3Object> stored(UUID id) throws IOException {
    List<S3Object> run = new ArrayList<>();
    long end = 0;
    for (S3Object o : store.bucket().list(Chunks.folder(id) + "/")) {
      String name = o.key().substring(o.key().lastIndexOf('/') + 1);
      if (name.length() == 19 && name.chars().allMatch(Character::isDigit) && Long.parseLong(name) == end) {
        run.add(o);
        end += o.size();
      }
    }
    return run;
  }

  private static long end(List<S3Object> chunks) {
    return chunks.stream().mapToLong(S3Object::size).sum();
  }
}
