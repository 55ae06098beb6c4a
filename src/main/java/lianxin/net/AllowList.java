package lianxin.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lianxin.http.ApiException;

/**
 * Which hosts a pull or a capture may reach ({@code PULL_ALLOW}). Public addresses are fine; loopback, private,
 * link-local, carrier-grade NAT and unique-local addresses are refused unless a listed host name or CIDR covers
 * them, so anyone allowed to upload cannot make the server fetch from its own network. Every address the name
 * resolves to must pass (a name with one public and one private address is refused).
 */
public final class AllowList {

  private record Cidr(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      BigInteger mask = BigInteger.ONE.shiftLeft(address.length * 8).subtract(BigInteger.ONE)
        .shiftRight(bits).not();
      return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
    }
  }

  private static final List<Cidr> PRIVATE = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
    "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/3", "::/127", "fc00::/7",
    "fe80::/10", "ff00::/8").stream().map(AllowList::cidr).toList();

  /** How a name becomes addresses: the system's resolver, or a test's. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final List<String> hosts = new ArrayList<>();
  private final Resolver resolver;
  private final List<Cidr> cidrs = new ArrayList<>();
  /** The one folder file sources may be read from ({@code CAPTURE_FILE_ROOT}); null: file sources are refused. */
  private final Path fileRoot;

  /** Entries as in {@code PULL_ALLOW}, and no file sources. */
  public AllowList(List<String> entries) {
    this(entries, null);
  }

  /**
   * Entries as in {@code PULL_ALLOW}: host names ({@code cdn.example.org}) or CIDRs ({@code 10.1.0.0/16},
   * {@code 127.0.0.1}); {@code fileRoot} the folder file sources must sit in, or null for none.
   */
  public AllowList(List<String> entries, Path fileRoot) {
    this(entries, fileRoot, InetAddress::getAllByName);
  }

  /** As above, names resolved by {@code resolver}. */
  public AllowList(List<String> entries, Path fileRoot, Resolver resolver) {
    this.resolver = resolver;
    this.fileRoot = fileRoot == null ? null : fileRoot.toAbsolutePath().normalize();
    for (String entry : entries) {
      String e = entry.strip().toLowerCase(Locale.ROOT);
      if (e.matches("[0-9.]+(/\\d+)?") || e.contains(":")) {
        cidrs.add(cidr(e.contains("/") ? e : e + (e.contains(":") ? "/128" : "/32")));
      } else if (!e.isEmpty()) {
        hosts.add(e);
      }
    }
  }

  /**
   * Blocking: a file source must sit inside {@code CAPTURE_FILE_ROOT}, links followed (a link inside that points out
   * is refused); a 422 naming {@code field} otherwise, or when no root is configured.
   */
  public void checkFileNow(String field, Path file) {
    if (fileRoot == null) {
      throw ApiException.invalid(field, field + " 不能是服务器上的文件：未设置 CAPTURE_FILE_ROOT。",
        field
        + " cannot be a file on the server: CAPTURE_FILE_ROOT is not set.");
    }
    try {
      Path root = Files.exists(fileRoot) ? fileRoot.toRealPath() : fileRoot;
      Path real = Files.exists(file) ? file.toRealPath() : file.toAbsolutePath().normalize();
      if (real.startsWith(root)) {
        return;
      }
    } catch (IOException e) {
      // unreadable: refused below
    }
    throw ApiException.invalid(field, field + " 的文件须在 CAPTURE_FILE_ROOT（" + fileRoot + "）之内。",
        field
      + " must be a file inside CAPTURE_FILE_ROOT (" + fileRoot + ").");
  }

  /** {@link #checkFileNow} off the event loop (it reads the file system). */
  public Future<Void> checkFile(Vertx vertx, String field, Path file) {
    return vertx.executeBlocking(() -> {
      checkFileNow(field, file);
      return null;
    }, false);
  }

  /** The check off the event loop (it resolves the name). */
  public Future<Void> check(Vertx vertx, String field, URI uri) {
    return vertx.executeBlocking(() -> {
      checkNow(field, uri);
      return null;
    }, false);
  }

  /** Blocking: resolves the host; throws a 422 naming {@code field} when any of its addresses is not allowed. */
  public void checkNow(String field, URI uri) {
    checkNow(field, field, field, uri);
  }

  /**
   * The same check, its message saying what the URI is ({@code zh} and {@code en}, e.g. a redirect a pull was sent
   * to), so a refused hop is named in the reason; the 422 still names {@code field}.
   */
  public void checkNow(String field, String zh, String en, URI uri) {
    // null: a file path, not a network fetch; a listed name passes without a lookup.
    if (uri.getHost() != null && !hosts.contains(bare(uri.getHost()))) {
      addresses(field, zh, en, uri.getHost());
    }
  }

  /**
   * Blocking: every address {@code host} resolves to, each one checked (a listed name is trusted whatever it
   * resolves to); a 422 naming {@code field} otherwise. A connection made to one of these addresses reaches what was
   * checked, whatever the name resolves to a moment later ({@link Egress} connects only this way).
   */
  public List<InetAddress> addresses(String field, String zh, String en, String host) {
    host = bare(host);
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw ApiException.invalid(field, zh + " 的主机名 " + host + " 无法解析。",
        "The host " + host + " in " + en + " does not resolve.");
    }
    if (hosts.contains(host)) {
      return List.of(addresses);
    }
    for (InetAddress address : addresses) {
      if (!allowed(address.getAddress())) {
        throw ApiException.invalid(field, zh + " 指向内部地址 " + address.getHostAddress() + "，未在 PULL_ALLOW 中允许。",
        en + " points at the internal address " + address.getHostAddress() + ", which PULL_ALLOW does not allow.");
      }
    }
    return List.of(addresses);
  }

  /** Lower case, without the brackets of an IPv6 literal. */
  private static String bare(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  boolean allowed(byte[] address) {
    return cidrs.stream().anyMatch(c -> c.contains(address)) || PRIVATE.stream().noneMatch(c -> c.contains(address));
  }

  private static Cidr cidr(String text) {
    String[] parts = text.split("/");
    try {
      byte[] network = InetAddress.getByName(parts[0]).getAddress();
      int bits = Integer.parseInt(parts[1]);
      if (bits < 0 || bits > network.length * 8) {
        throw new IllegalArgumentException("PULL_ALLOW: bad prefix length in " + text);
      }
      return new Cidr(network, bits);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("PULL_ALLOW: not a CIDR: " + text, e);
    }
  }
}
