package lianxin.media;

import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.Playlist;
import io.lindstrom.m3u8.model.SegmentKey;
import io.lindstrom.m3u8.parser.AbstractPlaylistParser;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import io.lindstrom.m3u8.parser.PlaylistParserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * HLS playlists read and written with m3u8-parser, the same way for FFmpeg's output, the live source copy and other
 * servers' playlists: leniently (tags and attributes it does not know are skipped), lines may end in CRLF or carry
 * stray spaces, and a playlist it cannot read fails with a {@link PlaylistParserException} naming the line, never a
 * number-format or builder exception from inside the parser.
 */
public final class Playlists {

  private static final MasterPlaylistParser MASTER = new MasterPlaylistParser(ParsingMode.LENIENT);
  private static final MediaPlaylistParser MEDIA = new MediaPlaylistParser(ParsingMode.LENIENT);
  /** Longest excerpt of the offending line quoted in an error. */
  private static final int QUOTED = 80;

  private Playlists() {
  }

  public static MasterPlaylist master(String text) throws PlaylistParserException {
    return read(MASTER, text);
  }

  public static MediaPlaylist media(String text) throws PlaylistParserException {
    return read(MEDIA, text);
  }

  public static MediaPlaylist media(Path file) throws IOException {
    return media(Files.readString(file));
  }

  public static String write(MasterPlaylist playlist) {
    return MASTER.writePlaylistAsString(playlist);
  }

  public static String write(MediaPlaylist playlist) {
    return MEDIA.writePlaylistAsString(playlist);
  }

  /** Every URL a master playlist names: renditions, variants, I-frame variants, session data and keys, steering. */
  public static List<String> uris(MasterPlaylist m) {
    List<String> uris = new ArrayList<>();
    m.alternativeRenditions().forEach(r -> r.uri().ifPresent(uris::add));
    m.variants().forEach(v -> uris.add(v.uri()));
    m.iFrameVariants().forEach(v -> uris.add(v.uri()));
    m.sessionData().forEach(d -> d.uri().ifPresent(uris::add));
    m.sessionKeys().forEach(k -> k.uri().ifPresent(uris::add));
    m.contentSteering().ifPresent(c -> uris.add(c.serverUri()));
    return uris;
  }

  /**
   * Every URL a media playlist names: segment by segment its key, init section, parts and file; then the parts,
   * preload hint and rendition reports of a low-latency playlist.
   */
  public static List<String> uris(MediaPlaylist m) {
    List<String> uris = new ArrayList<>();
    for (MediaSegment s : m.mediaSegments()) {
      s.segmentKey().flatMap(SegmentKey::uri).ifPresent(uris::add);
      s.segmentMap().ifPresent(map -> uris.add(map.uri()));
      s.partialSegments().forEach(part -> uris.add(part.uri()));
      uris.add(s.uri());
    }
    m.partialSegments().forEach(part -> uris.add(part.uri()));
    m.preloadHint().ifPresent(hint -> uris.add(hint.uri()));
    m.renditionReports().forEach(report -> uris.add(report.uri()));
    return uris;
  }

  private static <T extends Playlist> T read(AbstractPlaylistParser<T, ?> parser, String text)
      throws PlaylistParserException {
    Lines lines = new Lines(text.lines().map(String::strip).toList());
    try {
      return parser.readPlaylist(lines);
    } catch (PlaylistParserException | RuntimeException e) {
      // The parser lets NumberFormatException, DateTimeParseException and its builders' IllegalStateException
      // ("some of required attributes are not set") through: all of them mean the text is not a valid playlist.
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      var malformed = new PlaylistParserException("Malformed HLS playlist, " + lines.where() + ": " + why);
      malformed.initCause(e);
      throw malformed;
    }
  }

  /** The playlist's non-empty lines, remembering which one the parser read last. */
  private static final class Lines implements Iterator<String> {

    private final List<String> all;
    private int next;
    private int last = -1;

    Lines(List<String> all) {
      this.all = all;
    }

    @Override
    public boolean hasNext() {
      while (next < all.size() && all.get(next).isEmpty()) {
        next++;
      }
      return next < all.size();
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the playlist ends there");
      }
      last = next++;
      return all.get(last);
    }

    String where() {
      if (last < 0) {
        return "no lines";
      }
      String line = all.get(last);
      String quoted = line.length() > QUOTED ? line.substring(0, QUOTED) + "…" : line;
      return "line " + (last + 1) + " \"" + quoted + "\"";
    }
  }
}
