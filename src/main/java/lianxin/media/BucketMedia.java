package lianxin.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import lianxin.http.ApiException;

/**
 * {@code /media/<key>} when media is in a bucket. By default the node is a proxy: it asks the bucket (a presigned GET
 * with the client's {@code Range} and {@code If-None-Match}) and streams the answer through with backpressure, so
 * every client keeps one origin (the pages' Content-Security-Policy allows media from 'self' only) and the bucket
 * needs no public access or CORS. With {@code S3_MEDIA_SERVE=presign} it answers a redirect to a 5-minute presigned
 * URL instead; with {@code MEDIA_PUBLIC_URL}, a redirect to the CDN. See docs/storage.md for the measurements.
 */
final class BucketMedia {

  static final Duration SIGNED_FOR = Duration.ofMinutes(5);
  private static final List<String> PASSED = List.of("content-length", "content-range", "etag", "last-modified");

  private final Bucket bucket;
  private final S3Config config;
  private final HttpClient http;

  BucketMedia(Vertx vertx, Bucket bucket, S3Config config) {
    this.bucket = bucket;
    this.config = config;
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000),
      new PoolOptions().setHttp1MaxSize(64));
  }

  void serve(RoutingContext ctx, String key, String type, String cacheControl) {
    if (config.publicUrl() != null) {
      redirect(ctx, config.publicUrl() + "/" + key, cacheControl);
    } else if (config.serve().equals("presign")) {
      // The redirect must not outlive its signature in any cache.
      redirect(ctx, bucket.presign(key, SIGNED_FOR).toString(), "private, max-age=60");
    } else if (ctx.request().method() == HttpMethod.HEAD) {
      head(ctx, key, type, cacheControl);
    } else {
      proxy(ctx, key, type, cacheControl);
    }
  }

  private static void redirect(RoutingContext ctx, String location, String cacheControl) {
    ctx.response().setStatusCode(302).putHeader("location", location).putHeader("cache-control", cacheControl).end();
  }

  private void proxy(RoutingContext ctx, String key, String type, String cacheControl) {
    String range = ctx.request().getHeader("range");
    // A range is checked here, as for the local folder (S3 answers a malformed one with the whole object): the size
    // first, then one plain range forwarded. Without a range, one request to the bucket.
    Future<String> forwarded = range == null ? Future.succeededFuture(null)
      : Future.fromCompletionStage(bucket.headAsync(key), ctx.vertx().getOrCreateContext()).map(head -> {
        if (head == null) {
          throw notFound();
        }
        long[] span = MediaRoutes.span(range, head.contentLength());
        if (span == null) {
          throw new Unsatisfiable(head.contentLength());
        }
        return "bytes=" + span[0] + "-" + span[1];
      });
    forwarded.compose(bytes -> {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setAbsoluteURI(bucket.presign(key, SIGNED_FOR).toString());
      if (bytes != null) {
        options.putHeader("range", bytes);
      }
      String etag = ctx.request().getHeader("if-none-match");
      if (etag != null) {
        options.putHeader("if-none-match", etag);
      }
      return http.request(options);
    })
      .compose(request -> request.send())
      .compose(answer -> relay(ctx, answer, type, cacheControl))
      .onFailure(e -> {
        if (e instanceof Unsatisfiable u) {
          headers(ctx.response().setStatusCode(416), type, cacheControl).putHeader("content-range", "bytes */" + u.size).end();
        } else if (ctx.response().headWritten()) {
          ctx.response().reset(); // the client sees a cut transfer, not a short file that looks whole
        } else {
          ctx.fail(e);
        }
      });
  }

  private Future<Void> relay(RoutingContext ctx, HttpClientResponse answer, String type, String cacheControl) {
    int status = answer.statusCode();
    if (status == 404 || status == 403) {
      answer.end();
      return Future.failedFuture(notFound());
    }
    if (status >= 500 || (status != 200 && status != 206 && status != 304 && status != 416)) {
      answer.end();
      return Future.failedFuture(unavailable(status));
    }
    HttpServerResponse response = headers(ctx.response().setStatusCode(status), type, cacheControl);
    for (String header : PASSED) {
      String value = answer.getHeader(header);
      if (value != null) {
        response.putHeader(header, value);
      }
    }
    return answer.pipeTo(response);
  }

  private void head(RoutingContext ctx, String key, String type, String cacheControl) {
    Future.fromCompletionStage(bucket.headAsync(key), ctx.vertx().getOrCreateContext())
      .onSuccess(head -> {
        if (head == null) {
          ctx.fail(notFound());
          return;
        }
        HttpServerResponse response = headers(ctx.response(), type, cacheControl)
          .putHeader("etag", head.eTag())
          .putHeader("content-length", String.valueOf(head.contentLength()));
        if (head.lastModified() != null) {
          response.putHeader("last-modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(head.lastModified().atOffset(ZoneOffset.UTC)));
        }
        response.end();
      })
      .onFailure(ctx::fail);
  }

  private static HttpServerResponse headers(HttpServerResponse response, String type, String cacheControl) {
    return response.putHeader("content-type", type)
      .putHeader("accept-ranges", "bytes")
      .putHeader("cache-control", cacheControl)
      .putHeader("content-encoding", "identity");
  }

  /** A range outside the object: 416 with its size. */
  private static final class Unsatisfiable extends RuntimeException {
    final long size;

    Unsatisfiable(long size) {
      super("range not satisfiable", null, false, false);
      this.size = size;
    }
  }

  private static ApiException notFound() {
    return new ApiException(404, "not_found", "没有这个媒体文件。", "No such media file.", null);
  }

  private static ApiException unavailable(int status) {
    return new ApiException(502, "storage_unavailable", "媒体存储暂时无法访问（" + status + "），请稍后再试。",
      "The media storage did not answer properly (" + status + "); try again shortly.", null);
  }
}
