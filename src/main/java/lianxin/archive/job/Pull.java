package lianxin.archive.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import lianxin.http.ApiException;
import lianxin.archive.ffmpeg.Commands;
import lianxin.archive.ffmpeg.FfmpegRunner;
import lianxin.archive.ffmpeg.PermanentFailure;
import lianxin.net.AllowList;
import lianxin.net.Egress;
import lianxin.net.FfmpegInput;

/**
 * Fetching a recording from a URL, on a job thread: a plain HTTP(S) file is downloaded byte for byte (SHA-256 on
 * the way); HLS is copied here ({@link HlsCopy}) and RTMP and SRT pulled by FFmpeg, both with stream copy. Every
 * HTTP hop, redirects and playlist entries included, passes the allow-list ({@link CheckedHttp}). Written to {@code <original>.part} and renamed
 * when complete, so a re-run after a crash starts the pull over and never probes half a file.
 */
public final class Pull {

  private static final Set<String> SCHEMES = Set.of("http", "https", "rtmp", "rtmps", "srt");

  private final FfmpegRunner tools;
  private final long limit;
  private final AllowList allow;
  private final Egress egress;

  public Pull(FfmpegRunner tools, long limit, AllowList allow, Egress egress) {
    this.tools = tools;
    this.limit = limit;
    this.allow = allow;
    this.egress = egress;
  }

  /** The URL as the route accepts it: absolute, with a host, one of the schemes FFmpeg or the HTTP client reads. */
  public static URI parse(String raw) {
    try {
      URI uri = new URI(raw.strip());
      if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase()) || uri.getHost() == null) {
        throw new URISyntaxException(raw, "scheme");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw ApiException.invalid("sourceUrl", "sourceUrl 须是 http(s)、rtmp(s) 或 srt 地址。",
        "sourceUrl must be an http(s), " + "rtmp(s) or srt URL with a host.");
    }
  }

  /** Streams go through FFmpeg; an HTTP URL is a stream only when it names an HLS playlist. */
  static boolean isStream(URI uri) {
    String scheme = uri.getScheme().toLowerCase();
    return !scheme.startsWith("http") || (uri.getPath() != null && uri.getPath().toLowerCase().endsWith(".m3u8"));
  }

  /**
   * Fetches {@code url} to {@code out}; returns its SHA-256 (hex). {@code progress} hears the fraction done when
   * the server says how large the file is.
   */
  String fetch(URI url, Path out, Path log, java.util.function.DoubleConsumer progress) throws IOException {
    try (Egress.Lease lease = egress.lease()) {
      return fetch(url, out, log, progress, lease);
    }
  }

  private String fetch(URI url, Path out, Path log, java.util.function.DoubleConsumer progress, Egress.Lease lease)
    throws IOException {
    CheckedHttp http = new CheckedHttp(allow, lease);
    // Again here, not only when the URL was accepted: the name may resolve elsewhere by now.
    http.check(url, "sourceUrl", "sourceUrl");
    Path part = out.resolveSibling(out.getFileName() + ".part");
    Path hls = out.resolveSibling(out.getFileName() + ".hls");
    Files.deleteIfExists(part);
    deleteTree(hls);
    Files.createDirectories(out.getParent());
    try {
      if (!url.getScheme().toLowerCase().startsWith("http")) {
        tools.run(Commands.pull(network(url), part), log, null, lease.environment());
        lease.refusal().ifPresent(reason -> {
          throw new PermanentFailure(reason);
        });
      } else {
        HttpResponse<InputStream> response = http.get(url, "sourceUrl", "sourceUrl");
        if (isStream(url) || HlsCopy.isPlaylist(response)) {
          // FFmpeg reads only the local copy: it may open files and decrypt, never reach the network.
          tools.run(Commands.pull(FfmpegInput.local(HlsCopy.copy(http, response, hls, limit).toString(), "file,crypto"), part),
            log, null);
        } else {
          download(response, part, progress);
        }
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(part);
      throw e;
    } finally {
      deleteTree(hls);
    }
    if (!Files.isRegularFile(part) || Files.size(part) == 0) {
      Files.deleteIfExists(part);
      throw new PermanentFailure("地址没有返回任何内容。", "Nothing came from " + url + ".");
    }
    if (Files.size(part) > limit) {
      Files.deleteIfExists(part);
      throw tooLarge(limit);
    }
    Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return sha256(out);
  }

  /** An RTMP(S) or SRT source as FFmpeg opens it, on its checked address; refused, the pull's own fault. */
  private FfmpegInput network(URI url) {
    try {
      return FfmpegInput.network(allow, "sourceUrl", url);
    } catch (ApiException e) {
      throw new PermanentFailure(e.text());
    }
  }

  private void download(HttpResponse<InputStream> response, Path part, java.util.function.DoubleConsumer progress)
    throws IOException {
    try (InputStream in = response.body()) {
      long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
      if (declared > limit) {
        throw tooLarge(limit);
      }
      try (OutputStream file = Files.newOutputStream(part)) {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
          total += n;
          if (total > limit) {
            throw tooLarge(limit);
          }
          file.write(buffer, 0, n);
          if (declared > 0) {
            progress.accept(Math.min(1, (double) total / declared));
          }
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A pull past the upload limit: the recording's own fault, never retried. */
  static PermanentFailure tooLarge(long limit) {
    return new PermanentFailure("录像超过上限 " + limit + " 字节。", "The recording is larger than the limit of " + limit + " bytes.");
  }

  /** Streamed, never the whole file in memory. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
