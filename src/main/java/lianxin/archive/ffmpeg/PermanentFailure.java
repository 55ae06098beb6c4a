package lianxin.archive.ffmpeg;

/** The recording itself is at fault (not a media file, no streams, corrupt): retrying cannot help. */
public final class PermanentFailure extends RuntimeException {

  public PermanentFailure(String reason) {
    super(reason, null, false, false);
  }
}
