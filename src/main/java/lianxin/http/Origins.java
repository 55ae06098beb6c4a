package lianxin.http;

import io.vertx.ext.web.RoutingContext;

/** The address a client used to reach this node, for absolute links in feeds and shared pages. */
public final class Origins {

  private Origins() {
  }

  /**
   * {@code scheme://host[:port]} as the client sent it (behind a TLS proxy, {@code X-Forwarded-Proto: https}); null
   * when the Host header is not a host name, so nothing it says is ever written into a page or feed.
   */
  public static String of(RoutingContext ctx) {
    String proto = ctx.request().getHeader("x-forwarded-proto");
    String scheme = "https".equals(proto) || ctx.request().isSSL() ? "https" : "http";
    String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
    return host.matches("[A-Za-z0-9.\\-:\\[\\]]+") ? scheme + "://" + host : null;
  }
}
