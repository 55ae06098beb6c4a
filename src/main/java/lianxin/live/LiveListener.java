package lianxin.live;

import io.vertx.core.Future;

/**
 * Told about episodes live through this node's ingest (the relays to the platforms listen). Called on the event loop;
 * a failed future is logged, never stops the ingest.
 */
public interface LiveListener {

  /**
   * A publisher started on this node for {@code episodeId}, the first time or back within the grace (then the
   * source is new: read again from it). {@code rtmpSource} is where this node reads the stream (loopback nginx, or
   * the operator's with {@code RTMP_EXTERNAL}); it holds the stream key, so never show or store it.
   */
  Future<Void> started(long roomId, long episodeId, String rtmpSource);

  /** The publisher left this node; the episode may go on, here or on another node, if it returns within the grace. */
  default Future<Void> left(long episodeId) {
    return Future.succeededFuture();
  }

  /** The episode ended (the grace passed, or the host ended it); said on every node that said {@link #started}. */
  Future<Void> ended(long episodeId);
}
