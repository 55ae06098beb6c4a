package lianxin.media;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.PlaylistParserException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The files a player fetches first to show second {@code t} of an archived recording on its lowest video rung (the
 * rung the episode page starts on when the link is unknown or weak): the master playlist, that rung's playlist, its
 * init segment and the media segment holding {@code t}. The episode page names them in its HTML so a phone fetches
 * them alongside the app's scripts instead of after them.
 *
 * <p>Only finished recordings are asked about, whose playlists never change, so each is read from the store once
 * per node and kept (bounded).
 */
public final class StartFiles {

  private static final Logger LOG = Logger.getLogger(StartFiles.class.getName());

  /** A rung's playlist: its init segment and each media segment with the second it ends at. */
  record Rung(String playlist, String init, List<String> segments, List<Double> ends) {
  }

  private final MediaStore store;
  private final Cache<String, Optional<Rung>> rungs = Caffeine.newBuilder().maximumSize(2_000)
    .expireAfterAccess(Duration.ofHours(6)).build();

  public StartFiles(MediaStore store) {
    this.store = store;
  }

  /** The keys to fetch, in the order a player needs them; empty when the playlists cannot be read or parsed. */
  public Future<List<String>> of(Vertx vertx, String master, int second) {
    Optional<Rung> known = rungs.getIfPresent(master);
    Future<Optional<Rung>> rung = known != null ? Future.succeededFuture(known)
      : vertx.executeBlocking(() -> read(master), false).map(r -> {
        rungs.put(master, r);
        return r;
      });
    return rung.map(r -> r.map(x -> files(master, x, second)).orElse(List.of()));
  }

  private static List<String> files(String master, Rung r, int second) {
    List<String> keys = new ArrayList<>(List.of(master, r.playlist()));
    if (r.init() != null) {
      keys.add(r.init());
    }
    for (int i = 0; i < r.segments().size(); i++) {
      if (second < r.ends().get(i) || i == r.segments().size() - 1) {
        keys.add(r.segments().get(i));
        break;
      }
    }
    return keys;
  }

  private Optional<Rung> read(String master) throws IOException {
    String text = store.readText(master);
    String playlist = text == null ? null : lowestVideo(text, master);
    String variant = playlist == null ? null : store.readText(playlist);
    return variant == null ? Optional.empty() : Optional.ofNullable(rung(variant, playlist));
  }

  /** The lowest-bandwidth variant that has a picture (players leave out audio-only variants when video exists). */
  static String lowestVideo(String master, String masterKey) {
    try {
      return Playlists.master(master).variants().stream().filter(v -> v.resolution().isPresent())
        .min(Comparator.comparingLong(Variant::bandwidth)).map(v -> sibling(masterKey, v.uri())).orElse(null);
    } catch (PlaylistParserException e) {
      return unreadable(masterKey, e);
    }
  }

  static Rung rung(String playlist, String key) {
    MediaPlaylist media;
    try {
      media = Playlists.media(playlist);
    } catch (PlaylistParserException e) {
      return unreadable(key, e);
    }
    String init = null;
    List<String> segments = new ArrayList<>();
    List<Double> ends = new ArrayList<>();
    double at = 0;
    for (MediaSegment s : media.mediaSegments()) {
      String segment = sibling(key, s.uri());
      if (segment == null) {
        return null;
      }
      if (s.segmentMap().isPresent()) {
        init = sibling(key, s.segmentMap().get().uri());
      }
      at += s.duration();
      segments.add(segment);
      ends.add(at);
    }
    return segments.isEmpty() ? null : new Rung(key, init, segments, ends);
  }

  /** A playlist that cannot be parsed names nothing; the page plays without the head start. */
  private static <T> T unreadable(String key, PlaylistParserException e) {
    LOG.warning(key + ": " + e.getMessage());
    return null;
  }

  /** {@code uri} beside {@code key}, when it is a plain relative name that stays inside the store. */
  static String sibling(String key, String uri) {
    int slash = key.lastIndexOf('/');
    String resolved = (slash < 0 ? "" : key.substring(0, slash + 1)) + uri;
    return uri.contains(":") || uri.startsWith("/") || !MediaStore.validKey(resolved) ? null : resolved;
  }
}
