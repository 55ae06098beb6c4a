package lianxin.archive.job;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import lianxin.archive.ffmpeg.PermanentFailure;
import lianxin.http.ApiException;
import lianxin.net.AllowList;

/**
 * The pull's HTTP GETs, every hop on the allow-list: the client never follows a redirect by itself; each
 * {@code Location} is resolved against the hop that sent it and checked (the name resolved, every address) before
 * anything connects to it, and a refused hop fails the pull naming it. The connection is not pinned to the checked
 * address (Java 17's client has no per-client resolver): it resolves the name again when it connects, normally
 * from the JVM's positive DNS cache the check has just filled ({@code networkaddress.cache.ttl}, 30 s by default),
 * so a name that rebinds between check and connect is caught only while that entry lives.
 */
final class CheckedHttp {

  static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final AllowList allow;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
    .followRedirects(HttpClient.Redirect.NEVER).build();

  CheckedHttp(AllowList allow) {
    this.allow = allow;
  }

  /**
   * The first answer that is not a redirect, already known to be a 200 ({@link HttpResponse#uri()} is its hop, which
   * relative URLs resolve against). {@code zh}/{@code en} say what {@code url} is, for the reasons.
   */
  HttpResponse<InputStream> get(URI url, String zh, String en) throws IOException {
    URI hop = url;
    String hopZh = zh;
    String hopEn = en;
    for (int redirects = 0; ; redirects++) {
      check(hop, hopZh, hopEn);
      HttpResponse<InputStream> response = send(hop);
      int status = response.statusCode();
      if (!REDIRECTS.contains(status)) {
        return ok(response);
      }
      response.body().close();
      if (redirects == MAX_REDIRECTS) {
        throw new PermanentFailure(zh + " 重定向超过 " + MAX_REDIRECTS + " 次。" + en + " redirected more than "
          + MAX_REDIRECTS + " times.");
      }
      String location = response.headers().firstValue("location").orElse(null);
      if (location == null) {
        throw new PermanentFailure(hopZh + " 返回 " + status + " 却没有 Location。" + hop + " answered " + status
          + " without a Location.");
      }
      hop = next(hop, location, hopZh, hopEn);
      hopZh = zh + " 重定向到的 " + hop;
      hopEn = en + "'s redirect to " + hop;
    }
  }

  /** The allow-list's check as a pull's reason: a refused address is the recording's fault, never retried. */
  void check(URI uri, String zh, String en) {
    try {
      allow.checkNow("sourceUrl", zh, en, uri);
    } catch (ApiException e) {
      throw new PermanentFailure(e.getMessage());
    }
  }

  private static URI next(URI hop, String location, String zh, String en) {
    URI next;
    try {
      next = hop.resolve(location.strip());
    } catch (IllegalArgumentException e) {
      next = null;
    }
    // Only http(s) onwards: a redirect to file:, ftp: or the like is refused like a bad address.
    if (next == null || next.getHost() == null || next.getScheme() == null
      || !Set.of("http", "https").contains(next.getScheme().toLowerCase(Locale.ROOT))) {
      throw new PermanentFailure(zh + " 重定向到不可拉取的地址 " + location + "。" + en + " redirected to " + location
        + ", which is not an http(s) URL with a host.");
    }
    return next;
  }

  private HttpResponse<InputStream> send(URI hop) throws IOException {
    try {
      return client.send(HttpRequest.newBuilder(hop).timeout(Duration.ofMinutes(1)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pulling " + hop, e);
    }
  }

  private static HttpResponse<InputStream> ok(HttpResponse<InputStream> response) throws IOException {
    int status = response.statusCode();
    if (status == 200) {
      return response;
    }
    response.body().close();
    if (status >= 400 && status < 500) {
      throw new PermanentFailure("地址返回 " + status + "。The URL answered " + status + ": " + response.uri());
    }
    // 5xx and the like: the server may recover; the job retries with backoff.
    throw new IOException("the URL answered " + status + ": " + response.uri());
  }
}
