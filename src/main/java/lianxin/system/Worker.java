package lianxin.system;

import io.vertx.core.Future;

/**
 * Background work of a node (listeners, job runners, timers, buffers). The HTTP verticle starts every worker before
 * it listens and stops them, in reverse order, after the last request has finished: a worker that holds anything
 * in memory writes it out in {@link #stop}.
 */
public interface Worker {

  Future<Void> start();

  Future<Void> stop();
}
