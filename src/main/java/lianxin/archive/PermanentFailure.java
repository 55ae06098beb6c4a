package lianxin.archive;

/** The recording itself is at fault (not a media file, no streams, corrupt): retrying cannot help. */
final class PermanentFailure extends RuntimeException {

  PermanentFailure(String reason) {
    super(reason, null, false, false);
  }
}
