package lianxin.archive.job;

/**
 * The fixed stages of an archive job, in order, each with its share of the overall percent (the package
 * stage, which decodes the source once for every frame-based by-product, is most of the work).
 */
enum Stage {
  /**
   * Fetching the original from its URL (pulled recordings only). Its percent is the pull's own (when the server
   * gives a Content-Length; else it stays 0); processing then counts from 0 again.
   */
  PULL(0, 100),
  PROBE(0, 2),
  VALIDATE(2, 3),
  PACKAGE(3, 80),
  POSTER(80, 83),
  STORYBOARD(83, 85),
  CHAPTERS(85, 90),
  LOUDNESS(90, 95),
  AUDIO(95, 99),
  ARCHIVED(100, 100);

  private final int from;
  private final int to;

  Stage(int from, int to) {
    this.from = from;
    this.to = to;
  }

  /** The overall percent when this stage is {@code fraction} (0..1) done. */
  double overall(double fraction) {
    double f = Math.max(0, Math.min(1, fraction));
    return from + (to - from) * f;
  }

  /** As stored and shown: lower case. */
  String label() {
    return name().toLowerCase();
  }
}
