package lianxin.media;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern BANDWIDTH = Pattern.compile("[:,]BANDWIDTH=(\\d+)");
  private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:.*URI=\"([^\"]+)\"");

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
    String[] lines = master.split("\r?\n");
    String best = null;
    long least = Long.MAX_VALUE;
    for (int i = 0; i + 1 < lines.length; i++) {
      Matcher b = BANDWIDTH.matcher(lines[i]);
      if (lines[i].startsWith("#EXT-X-STREAM-INF:") && lines[i].contains("RESOLUTION=") && b.find()
          && Long.parseLong(b.group(1)) < least) {
        least = Long.parseLong(b.group(1));
        best = lines[i + 1].strip();
      }
    }
    return best == null ? null : sibling(masterKey, best);
  }

  static Rung rung(String playlist, String key) {
    String init = null;
    List<String> segments = new ArrayList<>();
    List<Double> ends = new ArrayList<>();
    double at = 0;
    Double pending = null;
    for (String raw : playlist.split("\r?\n")) {
      String line = raw.strip();
      Matcher map = MAP.matcher(line);
      if (map.find()) {
        init = sibling(key, map.group(1));
      } else if (line.startsWith("#EXTINF:")) {
        pending = Double.parseDouble(line.substring(8).split(",", 2)[0]);
      } else if (!line.isEmpty() && !line.startsWith("#") && pending != null) {
        String segment = sibling(key, line);
        if (segment == null) {
          return null;
        }
        at += pending;
        segments.add(segment);
        ends.add(at);
        pending = null;
      }
    }
    return segments.isEmpty() ? null : new Rung(key, init, segments, ends);
  }

  /** {@code uri} beside {@code key}, when it is a plain relative name that stays inside the store. */
  static String sibling(String key, String uri) {
    int slash = key.lastIndexOf('/');
    String resolved = (slash < 0 ? "" : key.substring(0, slash + 1)) + uri;
    return uri.contains(":") || uri.startsWith("/") || !MediaStore.validKey(resolved) ? null : resolved;
  }
}
