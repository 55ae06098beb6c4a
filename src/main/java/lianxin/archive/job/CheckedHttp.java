package lianxin.archive.job;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import lianxin.archive.ffmpeg.PermanentFailure;
import lianxin.http.ApiException;
import lianxin.net.AllowList;
import lianxin.net.Egress;

/**
 * The pull's HTTP GETs, every hop on the allow-list: the client never follows a redirect by itself; each
 * {@code Location} is resolved against the hop that sent it and checked (the name resolved, every address) before
 * anything connects to it, and a refused hop fails the pull naming it. Every connection goes through the job's
 * {@link Egress} proxy, which resolves and checks the name again and connects to the address it checked, so a name
 * that rebinds between this check and the connection reaches nothing either. A URL's userinfo becomes Basic
 * credentials for its own origin only, never sent on to a redirect elsewhere.
 */
final class CheckedHttp {

  static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final AllowList allow;
  private final Egress.Lease egress;
  private final HttpClient client;
  /** The first URL's origin and its userinfo as an Authorization value; null without userinfo. */
  private String origin;
  private String credentials;

  CheckedHttp(AllowList allow, Egress.Lease egress) {
    this.allow = allow;
    this.egress = egress;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).proxy(egress.selector())
      .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * The first answer that is not a redirect, already known to be a 200 ({@link HttpResponse#uri()} is its hop, which
   * relative URLs resolve against). {@code zh}/{@code en} say what {@code url} is, for the reasons.
   */
  HttpResponse<InputStream> get(URI url, String zh, String en) throws IOException {
    if (origin == null && url.getRawUserInfo() != null) {
      origin = origin(url);
      credentials = "Basic " + Base64.getEncoder().encodeToString(
        URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }
    URI hop = withoutUserInfo(url);
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
        throw new PermanentFailure(zh + " 重定向超过 " + MAX_REDIRECTS + " 次。",
        en + " redirected more than "
          + MAX_REDIRECTS + " times.");
      }
      String location = response.headers().firstValue("location").orElse(null);
      if (location == null) {
        throw new PermanentFailure(hopZh + " 返回 " + status + " 却没有 Location。",
        hop + " answered " + status
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
      throw new PermanentFailure(e.text());
    }
  }

  /** The egress refused the connection (the name now resolves to an address the check refuses): say why. */
  private void refused() {
    egress.refusal().ifPresent(reason -> {
      throw new PermanentFailure(reason);
    });
  }

  private static String origin(URI uri) {
    return (uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()).toLowerCase(Locale.ROOT);
  }

  /** The URL as sent, raw path and query kept byte for byte. */
  private static URI withoutUserInfo(URI uri) {
    return uri.getRawUserInfo() == null ? uri : URI.create(uri.getScheme() + "://" + uri.getHost()
      + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + (uri.getRawPath() == null ? "" : uri.getRawPath())
      + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
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
      throw new PermanentFailure(zh + " 重定向到不可拉取的地址 " + location + "。",
        en + " redirected to " + location
        + ", which is not an http(s) URL with a host.");
    }
    return next;
  }

  private HttpResponse<InputStream> send(URI hop) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(hop).timeout(Duration.ofMinutes(1)).GET();
    if (credentials != null && origin(hop).equals(origin)) {
      request.header("Authorization", credentials);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      refused();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pulling " + hop, e);
    }
  }

  private HttpResponse<InputStream> ok(HttpResponse<InputStream> response) throws IOException {
    int status = response.statusCode();
    if (status == 200) {
      return response;
    }
    response.body().close();
    refused();
    if (status >= 400 && status < 500) {
      throw new PermanentFailure("地址返回 " + status + "：" + response.uri() + "。", "The URL answered " + status + ": " + response.uri());
    }
    // 5xx and the like: the server may recover; the job retries with backoff.
    throw new IOException("the URL answered " + status + ": " + response.uri());
  }
}
