package lianxin.archive.intake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import lianxin.archive.job.Pull;
import lianxin.media.MediaStore;

/** A resumable upload as one file {@code uploads/<id>} in the local folder (shared by the nodes); its length is the offset. */
record FileChunks(Vertx vertx, MediaStore store) implements Chunks {

  @Override
  public Future<Void> create(UUID id) {
    return vertx.fileSystem().mkdirs(file(id).getParent().toString())
      .compose(v -> vertx.fileSystem().createFile(file(id).toString()));
  }

  @Override
  public Future<Long> offset(UUID id) {
    return vertx.fileSystem().exists(file(id).toString()).compose(exists -> exists
      ? vertx.fileSystem().props(file(id).toString()).map(p -> p.size()) : Future.succeededFuture(0L));
  }

  @Override
  public Future<Long> append(HttpServerRequest request, UUID id, long offset, long length) {
    return vertx.fileSystem().open(file(id).toString(), new OpenOptions().setWrite(true).setCreate(false))
      .compose(f -> {
        f.setWritePos(offset);
        // More than the range announced is refused; what did arrive before a drop stays, and is the next offset.
        HashingFile sink = new HashingFile(f, length);
        return request.pipeTo(sink).eventually(() -> f.close().otherwiseEmpty());
      })
      .compose(v -> offset(id));
  }

  @Override
  public String assemble(UUID id, String key) throws IOException {
    Path original = store.path(key);
    Files.createDirectories(original.getParent());
    Files.move(file(id), original, StandardCopyOption.ATOMIC_MOVE);
    return Pull.sha256(original);
  }

  private Path file(UUID id) {
    return store.path(Chunks.folder(id));
  }
}
