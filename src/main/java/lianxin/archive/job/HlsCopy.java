package lianxin.archive.job;

import io.lindstrom.m3u8.model.AlternativeRendition;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.MediaType;
import io.lindstrom.m3u8.model.SegmentKey;
import io.lindstrom.m3u8.model.SegmentMap;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.PlaylistParserException;
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
import java.util.Optional;
import lianxin.archive.ffmpeg.PermanentFailure;
import lianxin.media.Playlists;

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

  private static final long QUIET_MILLIS = 30_000;

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
    MasterPlaylist master = parse(base, () -> Playlists.master(text));
    // Every URL the master names is checked, fetched or not: a playlist pointing inside is refused as a whole.
    for (String raw : Playlists.uris(master)) {
      check(base, raw);
    }
    Variant best = master.variants().stream().max(Comparator.comparingLong(Variant::bandwidth)).orElseThrow(() ->
      new PermanentFailure("播放列表里没有可拉取的码流。", "The playlist " + base + " names no variant to pull."));
    AlternativeRendition audio = master.alternativeRenditions().stream()
      .filter(r -> r.type() == MediaType.AUDIO && r.uri().isPresent() && best.audio().equals(Optional.of(r.groupId())))
      .min(Comparator.comparing(r -> r.defaultRendition().orElse(false) ? 0 : 1)).orElse(null);
    MasterPlaylist.Builder out = MasterPlaylist.builder();
    if (audio != null) {
      String raw = audio.uri().get();
      media(entry(base, raw), text(http.get(entry(base, raw), zh(raw), en(raw))), dir.resolve("a"));
      out.addAlternativeRenditions(AlternativeRendition.builder().from(audio).uri("a/index.m3u8").build());
    }
    URI uri = entry(base, best.uri());
    media(uri, text(http.get(uri, zh(best.uri()), en(best.uri()))), dir.resolve("v"));
    out.addVariants(Variant.builder().from(best).uri("v/index.m3u8").build());
    Path playlist = dir.resolve("master.m3u8");
    Files.writeString(playlist, Playlists.write(out.build()));
    return playlist;
  }

  /** A media playlist and everything it names, into {@code folder}/index.m3u8 and numbered files beside it. */
  private void media(URI url, String text, Path folder) throws IOException {
    Files.createDirectories(folder);
    Map<URI, String> saved = new HashMap<>();
    List<MediaSegment> copied = new ArrayList<>();
    MediaPlaylist first = null;
    long done = -1;
    long quietSince = System.currentTimeMillis();
    URI base = url;
    while (true) {
      String body = text;
      MediaPlaylist playlist = parse(base, () -> Playlists.media(body));
      first = first == null ? playlist : first;
      // All of it checked before any of it is fetched: a bad entry anywhere refuses the pull at once.
      for (String raw : Playlists.uris(playlist)) {
        check(base, raw);
      }
      boolean fresh = false;
      long sequence = playlist.mediaSequence();
      for (MediaSegment segment : playlist.mediaSegments()) {
        if (sequence > done) {
          copied.add(local(base, segment, folder, saved));
          done = sequence;
          fresh = true;
        }
        sequence++;
      }
      if (!playlist.ongoing()) {
        break;
      }
      long now = System.currentTimeMillis();
      if (fresh) {
        quietSince = now;
      } else if (now - quietSince > QUIET_MILLIS) {
        break; // a live source that stopped without saying so
      }
      sleep(playlist.targetDuration());
      HttpResponse<InputStream> again = http.get(url, zh(url.toString()), en(url.toString()));
      base = again.uri();
      text = text(again);
    }
    if (saved.isEmpty()) {
      throw new PermanentFailure("播放列表里没有分片。", "The playlist " + url + " lists no segments.");
    }
    // The first answer's header with every segment copied since; whole segments only (no low-latency parts).
    MediaPlaylist copy = MediaPlaylist.builder().version(first.version()).targetDuration(first.targetDuration())
      .mediaSequence(first.mediaSequence()).discontinuitySequence(first.discontinuitySequence())
      .playlistType(first.playlistType()).independentSegments(first.independentSegments())
      .allowCache(first.allowCache()).startTimeOffset(first.startTimeOffset())
      .mediaSegments(copied).ongoing(false).build();
    Files.writeString(folder.resolve("index.m3u8"), Playlists.write(copy));
  }

  /** The segment with its file, its init section and its key fetched and named by their local files. */
  private MediaSegment local(URI base, MediaSegment segment, Path folder, Map<URI, String> saved) throws IOException {
    MediaSegment.Builder local = MediaSegment.builder().from(segment).partialSegments(List.of());
    if (segment.segmentMap().isPresent()) {
      SegmentMap map = segment.segmentMap().get();
      local.segmentMap(SegmentMap.builder().from(map).uri(save(base, map.uri(), folder, saved)).build());
    }
    if (segment.segmentKey().flatMap(SegmentKey::uri).isPresent()) {
      SegmentKey key = segment.segmentKey().get();
      local.segmentKey(SegmentKey.builder().from(key).uri(save(base, key.uri().get(), folder, saved)).build());
    }
    return local.uri(save(base, segment.uri(), folder, saved)).build();
  }

  private void check(URI base, String raw) {
    http.check(entry(base, raw), zh(raw), en(raw));
  }

  /** A playlist the parser cannot read is the source's fault: the pull fails naming it, never retried. */
  private static <T> T parse(URI url, Parse<T> parse) {
    try {
      return parse.run();
    } catch (PlaylistParserException e) {
      throw new PermanentFailure("播放列表格式有误：" + url + "（" + e.getMessage() + "）。",
        "The playlist " + url + " is malformed: " + e.getMessage());
    }
  }

  private interface Parse<T> {
    T run() throws PlaylistParserException;
  }

  /** Downloads one file a playlist names (once, for byte ranges of one file); returns its local name. */
  private String save(URI base, String raw, Path folder, Map<URI, String> saved) throws IOException {
    URI uri = entry(base, raw);
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

  private static void sleep(long target) throws IOException {
    try {
      Thread.sleep(Math.max(1, Math.min(target, 10)) * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pulling a live playlist", e);
    }
  }
}
