package lianxin.net;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import lianxin.http.ApiException;
import lianxin.http.Text;
import lianxin.system.Worker;

/**
 * The one way out to media sources: a forward proxy on loopback that every pull and capture connects through, the
 * JDK client by its proxy setting and FFmpeg by {@code http_proxy} (which FFmpeg uses for every http, https and TLS
 * connection it opens: redirects, nested playlists, segments, keys, rtmps). For each connection the proxy resolves
 * the name once, checks every address against the {@link AllowList}, and connects to a checked address itself, so a
 * name that resolves elsewhere a moment later (DNS rebinding) reaches nothing, and no hop escapes the check however
 * FFmpeg got to it. Plain HTTP is forwarded request by request (absolute-form, GET and HEAD only, no redirect
 * followed here: the client asks again through the proxy); HTTPS and other TLS go through {@code CONNECT}.
 *
 * <p>Each job takes its own {@link Lease} (its own port), so a refusal is the job's, and its reason, naming the
 * address, becomes the job's failure instead of FFmpeg's bare "403". Only allowed addresses are ever reached, so the
 * port is of no use to other local users beyond what they can reach anyway.
 */
public final class Egress implements Worker {

  private static final Logger LOG = Logger.getLogger(Egress.class.getName());
  /** Hop-by-hop headers (RFC 9110 7.6.1) and the proxy's own: never passed on. */
  private static final Set<String> HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
    "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host");

  private final Vertx vertx;
  private final AllowList allow;
  private NetClient tcp;
  private HttpClient http;

  public Egress(Vertx vertx, AllowList allow) {
    this.vertx = vertx;
    this.allow = allow;
  }

  @Override
  public Future<Void> start() {
    tcp = vertx.createNetClient(new NetClientOptions().setConnectTimeout(15_000));
    http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(15_000).setIdleTimeout(60).setKeepAlive(false));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return Future.join(tcp == null ? Future.succeededFuture() : tcp.close(),
      http == null ? Future.succeededFuture() : http.close()).mapEmpty();
  }

  /** Blocking (a job thread): a proxy of this job's own, listening until it is closed. */
  public Lease lease() {
    Lease lease = new Lease();
    // Signed segment URLs can be long: room for them in the request line.
    lease.server = vertx.createHttpServer(new HttpServerOptions().setMaxInitialLineLength(16_384))
      .requestHandler(request -> handle(request, lease))
      .listen(0, "127.0.0.1").await();
    return lease;
  }

  /** One job's proxy: its address for the JDK client and FFmpeg, and what it refused. */
  public static final class Lease implements AutoCloseable {

    private HttpServer server;
    private final List<Text> refusals = new CopyOnWriteArrayList<>();

    /** {@code http://127.0.0.1:PORT}, as FFmpeg's {@code http_proxy} takes it. */
    public String url() {
      return "http://127.0.0.1:" + server.actualPort();
    }

    public ProxySelector selector() {
      return ProxySelector.of(new InetSocketAddress("127.0.0.1", server.actualPort()));
    }

    /** What an FFmpeg process needs in its environment to go out through this proxy only. */
    public Map<String, String> environment() {
      return Map.of("http_proxy", url());
    }

    /** The first connection refused, its reason naming the address; empty when none was. */
    public Optional<Text> refusal() {
      return refusals.stream().findFirst();
    }

    @Override
    public void close() {
      server.close().await();
    }
  }

  private void handle(HttpServerRequest request, Lease lease) {
    URI target;
    try {
      target = request.method() == HttpMethod.CONNECT ? URI.create("tls://" + request.uri()) : URI.create(request.uri());
    } catch (IllegalArgumentException e) {
      target = null;
    }
    boolean connect = request.method() == HttpMethod.CONNECT;
    if (target == null || target.getHost() == null || target.getPort() < 0 && connect
      || !connect && !"http".equalsIgnoreCase(target.getScheme())) {
      request.response().setStatusCode(400).end("absolute http URL or CONNECT host:port expected");
      return;
    }
    if (!connect && request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().setStatusCode(405).end("GET and HEAD only");
      return;
    }
    URI hop = target;
    String what = connect ? hop.getHost() + ":" + hop.getPort() : hop.toString();
    request.pause();
    vertx.executeBlocking(() -> allow.addresses("sourceUrl", what, what, hop.getHost()).get(0), false)
      .onSuccess(address -> {
        request.resume();
        if (connect) {
          tunnel(request, address, hop.getPort());
        } else {
          forward(request, address, hop);
        }
      })
      .onFailure(e -> {
        request.resume();
        Text reason = e instanceof ApiException api ? api.text() : Text.of(String.valueOf(e), String.valueOf(e));
        lease.refusals.add(reason);
        LOG.info("egress refused " + what + ": " + reason.en());
        request.response().setStatusCode(403).putHeader("content-type", "text/plain; charset=utf-8").end(reason.en());
      });
  }

  /** CONNECT: the client's TLS runs end to end over a TCP connection to the checked address. */
  private void tunnel(HttpServerRequest request, InetAddress address, int port) {
    tcp.connect(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
      .onFailure(e -> request.response().setStatusCode(502).end(String.valueOf(e.getMessage())))
      .onSuccess(upstream -> request.toNetSocket()
        .onFailure(e -> upstream.close())
        .onSuccess(client -> splice(client, upstream)));
  }

  private static void splice(NetSocket a, NetSocket b) {
    a.pipeTo(b).onFailure(e -> b.close());
    b.pipeTo(a).onFailure(e -> a.close());
  }

  /** Plain HTTP: the request again, to the checked address, with the name in its Host header. */
  private void forward(HttpServerRequest request, InetAddress address, URI hop) {
    int port = hop.getPort() > 0 ? hop.getPort() : 80;
    String path = (hop.getRawPath() == null || hop.getRawPath().isEmpty() ? "/" : hop.getRawPath())
      + (hop.getRawQuery() == null ? "" : "?" + hop.getRawQuery());
    RequestOptions options = new RequestOptions().setMethod(request.method())
      .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
      .setHost(hop.getHost()).setPort(port).setURI(path).setFollowRedirects(false);
    http.request(options)
      .compose(out -> {
        copy(request.headers(), out.headers());
        // The client gone (FFmpeg stopped at the window's end): stop reading from the source too.
        request.response().closeHandler(v -> out.reset());
        return out.send();
      })
      .onSuccess(in -> relay(in, request.response()))
      .onFailure(e -> {
        if (!request.response().headWritten()) {
          request.response().setStatusCode(502).end(String.valueOf(e.getMessage()));
        } else if (!request.response().closed()) {
          request.response().reset();
        }
      });
  }

  /**
   * The source's answer to the client, with back-pressure; written by hand rather than piped because the client
   * may hang up mid-body, and a pipe then still writes to the closed response.
   */
  private static void relay(HttpClientResponse in, HttpServerResponse out) {
    out.setStatusCode(in.statusCode());
    copy(in.headers(), out.headers());
    if (in.headers().contains("content-length")) {
      out.putHeader("content-length", in.getHeader("content-length"));
    } else {
      out.setChunked(true);
    }
    in.handler(chunk -> {
      if (out.closed()) {
        return;
      }
      out.write(chunk);
      if (out.writeQueueFull()) {
        in.pause();
        out.drainHandler(v -> in.resume());
      }
    });
    in.endHandler(v -> {
      if (!out.closed()) {
        out.end();
      }
    });
    in.exceptionHandler(e -> {
      if (!out.closed()) {
        out.reset();
      }
    });
  }

  private static void copy(MultiMap from, MultiMap to) {
    from.forEach((name, value) -> {
      String n = name.toLowerCase(java.util.Locale.ROOT);
      if (!HOP.contains(n) && !n.equals("content-length")) {
        to.add(name, value);
      }
    });
  }
}
