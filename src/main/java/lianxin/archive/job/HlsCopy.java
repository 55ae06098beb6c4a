package lianxin.archive.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lianxin.archive.ffmpeg.PermanentFailure;

/**
 * An HLS pull fetched here, not by FFmpeg: FFmpeg's HLS demuxer follows every redirect of a nested playlist or
 * segment by itself ({@code -max_redirects} does not reach them), so it would reach whatever a playlist names.
 * Every URL a playlist names (variants, renditions, keys, init sections, segments) is resolved against the
 * playlist's own URL and checked before anything is fetched; the first refused one fails the pull naming it. The
 * best variant (and its audio rendition) is downloaded through {@link CheckedHttp} into a folder, with local
 * playlists FFmpeg then reads with {@code -protocol_whitelist file,crypto}. A live playlist (no
 * {@code #EXT-X-ENDLIST}) is reloaded every target duration until it ends or brings nothing new for 30 s.
 */
final class HlsCopy {

  private static final Pattern URI_ATTR = Pattern.compile("URI=\"([^\"]*)\"");
  private static final long QUIET_MILLIS = 30_000;
  /** Tags that describe the playlist, not the segments after them: written once, skipped on reloads. */
  private static final List<String> HEADER = List.of("#EXTM3U", "#EXT-X-VERSION", "#EXT-X-TARGETDURATION",
    "#EXT-X-MEDIA-SEQUENCE", "#EXT-X-PLAYLIST-TYPE", "#EXT-X-DISCONTINUITY-SEQUENCE", "#EXT-X-INDEPENDENT-SEGMENTS",
    "#EXT-X-ALLOW-CACHE", "#EXT-X-START", "#EXT-X-ENDLIST");

  private record Variant(String tag, URI uri, long bandwidth) {
  }

  private final CheckedHttp http;
  private final long limit;
  private long bytes;

  private HlsCopy(CheckedHttp http, long limit) {
    this.http = http;
    this.limit = limit;
  }

  static boolean isPlaylist(HttpResponse<?> response) {
    return response.headers().firstValue("content-type").orElse("").toLowerCase().contains("mpegurl");
  }

  /** Copies the playlist {@code first} answered into {@code dir}; returns the local playlist for FFmpeg. */
  static Path copy(CheckedHttp http, HttpResponse<InputStream> first, Path dir, long limit) throws IOException {
    Files.createDirectories(dir);
    HlsCopy copy = new HlsCopy(http, limit);
    String text = copy.text(first);
    if (text.contains("#EXT-X-STREAM-INF")) {
      return copy.master(first.uri(), text, dir);
    }
    copy.media(first.uri(), text, dir.resolve("v"));
    return dir.resolve("v/index.m3u8");
  }

  private Path master(URI base, String text, Path dir) throws IOException {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    List<Variant> variants = new ArrayList<>();
    List<String> renditions = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      // Every URL the master names is checked, fetched or not: a playlist pointing inside is refused as a whole.
      Matcher named = URI_ATTR.matcher(line);
      if (line.startsWith("#") && named.find()) {
        http.check(entry(base, named.group(1)), zh(named.group(1)), en(named.group(1)));
        if (line.startsWith("#EXT-X-MEDIA:")) {
          renditions.add(line);
        }
      } else if (line.startsWith("#EXT-X-STREAM-INF") && i + 1 < lines.size() && !lines.get(i + 1).startsWith("#")) {
        URI uri = entry(base, lines.get(i + 1));
        http.check(uri, zh(lines.get(i + 1)), en(lines.get(i + 1)));
        variants.add(new Variant(line, uri, number(attr(line, "BANDWIDTH"))));
      }
    }
    Variant best = variants.stream().max(Comparator.comparingLong(Variant::bandwidth)).orElseThrow(() ->
      new PermanentFailure("播放列表里没有可拉取的码流。", "The playlist " + base + " names no variant to pull."));
    String group = attr(best.tag(), "AUDIO");
    String audio = renditions.stream()
      .filter(r -> r.contains("TYPE=AUDIO") && group != null && group.equals(attr(r, "GROUP-ID")))
      .min(Comparator.comparing(r -> r.contains("DEFAULT=YES") ? 0 : 1)).orElse(null);
    StringBuilder out = new StringBuilder("#EXTM3U\n");
    if (audio != null) {
      String raw = attr(audio, "URI");
      media(entry(base, raw), text(http.get(entry(base, raw), zh(raw), en(raw))), dir.resolve("a"));
      out.append(URI_ATTR.matcher(audio).replaceFirst("URI=\"a/index.m3u8\"")).append('\n');
    }
    media(best.uri(), text(http.get(best.uri(), zh(best.uri().toString()), en(best.uri().toString()))), dir.resolve("v"));
    out.append(best.tag()).append("\nv/index.m3u8\n");
    Path playlist = dir.resolve("master.m3u8");
    Files.writeString(playlist, out);
    return playlist;
  }

  /** A media playlist and everything it names, into {@code folder}/index.m3u8 and numbered files beside it. */
  private void media(URI url, String text, Path folder) throws IOException {
    Files.createDirectories(folder);
    Map<URI, String> saved = new HashMap<>();
    StringBuilder out = new StringBuilder();
    long done = -1;
    long quietSince = System.currentTimeMillis();
    URI base = url;
    for (boolean reload = false; ; reload = true) {
      List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      long sequence = lines.stream().filter(l -> l.startsWith("#EXT-X-MEDIA-SEQUENCE:"))
        .mapToLong(l -> number(l.substring(l.indexOf(':') + 1))).findFirst().orElse(0);
      // All of it checked before any of it is fetched: a bad entry anywhere refuses the pull at once.
      for (String line : lines) {
        Matcher named = URI_ATTR.matcher(line);
        String raw = !line.startsWith("#") ? line : named.find() ? named.group(1) : null;
        if (raw != null) {
          http.check(entry(base, raw), zh(raw), en(raw));
        }
      }
      List<String> pending = new ArrayList<>();
      boolean fresh = false;
      for (String line : lines) {
        if (line.startsWith("#")) {
          if (!(reload && HEADER.stream().anyMatch(line::startsWith)) && !line.startsWith("#EXT-X-ENDLIST")) {
            pending.add(line);
          }
          continue;
        }
        if (sequence > done) {
          for (String tag : pending) {
            out.append(local(base, tag, folder, saved)).append('\n');
          }
          out.append(save(entry(base, line), line, folder, saved)).append('\n');
          done = sequence;
          fresh = true;
        }
        pending.clear();
        sequence++;
      }
      if (lines.contains("#EXT-X-ENDLIST")) {
        break;
      }
      long now = System.currentTimeMillis();
      if (fresh) {
        quietSince = now;
      } else if (now - quietSince > QUIET_MILLIS) {
        break; // a live source that stopped without saying so
      }
      sleep(lines);
      HttpResponse<InputStream> again = http.get(url, zh(url.toString()), en(url.toString()));
      base = again.uri();
      text = text(again);
    }
    if (saved.isEmpty()) {
      throw new PermanentFailure("播放列表里没有分片。", "The playlist " + url + " lists no segments.");
    }
    Files.writeString(folder.resolve("index.m3u8"), out.append("#EXT-X-ENDLIST\n"));
  }

  /** A tag whose URI (a key, an init section) is fetched too and named by its local file. */
  private String local(URI base, String tag, Path folder, Map<URI, String> saved) throws IOException {
    Matcher named = URI_ATTR.matcher(tag);
    if (!named.find()) {
      return tag;
    }
    String name = save(entry(base, named.group(1)), named.group(1), folder, saved);
    return tag.substring(0, named.start(1)) + name + tag.substring(named.end(1));
  }

  /** Downloads one file a playlist names (once, for byte ranges of one file); returns its local name. */
  private String save(URI uri, String raw, Path folder, Map<URI, String> saved) throws IOException {
    String known = saved.get(uri);
    if (known != null) {
      return known;
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String ext = path.matches(".*\\.[A-Za-z0-9]{1,5}") ? path.substring(path.lastIndexOf('.') + 1) : "ts";
    String name = String.format("%05d.%s", saved.size(), ext.toLowerCase());
    HttpResponse<InputStream> response = http.get(uri, zh(raw), en(raw));
    try (InputStream in = response.body(); OutputStream file = Files.newOutputStream(folder.resolve(name))) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        bytes += n;
        if (bytes > limit) {
          throw Pull.tooLarge(limit);
        }
        file.write(buffer, 0, n);
      }
    }
    saved.put(uri, name);
    return name;
  }

  private String text(HttpResponse<InputStream> response) throws IOException {
    try (InputStream in = response.body()) {
      // A playlist is text of a few KiB; a megabyte is no playlist.
      byte[] body = in.readNBytes(1 << 20);
      String text = new String(body, StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
      if (body.length == 1 << 20 || !text.startsWith("#EXTM3U")) {
        throw new PermanentFailure("不是 HLS 播放列表：" + response.uri() + "。", "Not an HLS playlist: " + response.uri());
      }
      return text;
    }
  }

  private static URI entry(URI base, String raw) {
    try {
      return base.resolve(raw.strip());
    } catch (IllegalArgumentException e) {
      throw new PermanentFailure("播放列表中的地址无效：" + raw + "。", "The playlist names an invalid URL: " + raw);
    }
  }

  private static String zh(String raw) {
    return "sourceUrl 播放列表中的 " + raw;
  }

  private static String en(String raw) {
    return "sourceUrl's playlist entry " + raw;
  }

  private static String attr(String tag, String name) {
    Matcher m = Pattern.compile("[:,]" + name + "=(\"[^\"]*\"|[^,]*)").matcher(tag);
    return m.find() ? m.group(1).replace("\"", "") : null;
  }

  private static long number(String text) {
    try {
      return text == null ? 0 : Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void sleep(List<String> lines) throws IOException {
    long target = lines.stream().filter(l -> l.startsWith("#EXT-X-TARGETDURATION:"))
      .mapToLong(l -> number(l.substring(l.indexOf(':') + 1))).findFirst().orElse(6);
    try {
      Thread.sleep(Math.max(1, Math.min(target, 10)) * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pulling a live playlist", e);
    }
  }
}
