package lianxin.archive.ffmpeg;

import lianxin.http.Text;

/**
 * The recording itself is at fault (not a media file, no streams, corrupt): retrying cannot help. The reason is
 * stored in both languages and shown to the host in theirs.
 */
public final class PermanentFailure extends RuntimeException {

  private final Text reason;

  public PermanentFailure(Text reason) {
    super(reason.toString(), null, false, false);
    this.reason = reason;
  }

  public PermanentFailure(String zh, String en) {
    this(Text.of(zh, en));
  }

  public Text reason() {
    return reason;
  }
}
