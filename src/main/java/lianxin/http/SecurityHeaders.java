package lianxin.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries: no inline scripts, no MIME sniffing, no referrer leaking to other sites. Names and
 * values are built once as ASCII strings, which Vert.x writes without encoding or checking them again per response.
 */
public final class SecurityHeaders {

  private static final CharSequence[][] HEADERS = {
    {HttpHeaders.createOptimized("X-Content-Type-Options"), HttpHeaders.createOptimized("nosniff")},
    {HttpHeaders.createOptimized("Referrer-Policy"), HttpHeaders.createOptimized("strict-origin-when-cross-origin")},
    {HttpHeaders.createOptimized("X-Frame-Options"), HttpHeaders.createOptimized("DENY")},
  };
  private static final CharSequence CSP_NAME = HttpHeaders.createOptimized("Content-Security-Policy");

  /**
   * The policy; {@code mediaOrigin} (a CDN, or the bucket presigned URLs point at) may also serve the player's
   * playlists and segments ({@code connect-src}: the players fetch them), audio and video, and posters.
   */
  static String csp(String mediaOrigin) {
    String media = mediaOrigin == null ? "" : " " + mediaOrigin;
    return String.join("; ",
      "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:" + media,
      "media-src 'self' blob:" + media, "connect-src 'self'" + media, "font-src 'self'", "object-src 'none'",
      "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'");
  }

  private SecurityHeaders() {
  }

  /**
   * These headers, with {@code mediaOrigin} allowed by the policy (null: none), plus one the node adds to every
   * response (which node answered), in one step of the router.
   */
  public static Handler<RoutingContext> with(String mediaOrigin, String name, String value) {
    CharSequence n = HttpHeaders.createOptimized(name);
    CharSequence v = HttpHeaders.createOptimized(value);
    CharSequence policy = HttpHeaders.createOptimized(csp(mediaOrigin));
    return ctx -> {
      var headers = ctx.response().headers();
      headers.set(n, v);
      headers.set(CSP_NAME, policy);
      for (CharSequence[] h : HEADERS) {
        headers.set(h[0], h[1]);
      }
      ctx.next();
    };
  }
}
