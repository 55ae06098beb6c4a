package lianxin.archive.intake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.UUID;
import lianxin.media.MediaStore;
import lianxin.media.S3MediaStore;

/**
 * Where a resumable upload's bytes gather until the last one lands, readable by every node (each chunk may arrive at
 * another one): one growing file in the shared local folder ({@link FileChunks}), or one object per chunk in the
 * bucket ({@link BucketChunks}). Either way the offset to resume from is what is stored, never a node's memory.
 */
interface Chunks {

  static Chunks of(Vertx vertx, MediaStore store) {
    return store instanceof S3MediaStore s3 ? new BucketChunks(vertx, s3) : new FileChunks(vertx, store);
  }

  /** A new upload: nothing received yet. */
  Future<Void> create(UUID id);

  /** Bytes received so far, from the start, without holes. */
  Future<Long> offset(UUID id);

  /**
   * Receives the request's body as the bytes from {@code offset} on, at most {@code length}; what arrived before a
   * dropped connection is kept. Completes with the new offset.
   */
  Future<Long> append(HttpServerRequest request, UUID id, long offset, long length);

  /** Blocking: the whole upload becomes the original {@code key}; returns its SHA-256 in hex. */
  String assemble(UUID id, String key) throws IOException;

  static String folder(UUID id) {
    return "uploads/" + id;
  }
}
