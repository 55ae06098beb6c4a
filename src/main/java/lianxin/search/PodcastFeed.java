package lianxin.search;

import com.rometools.modules.itunes.EntryInformation;
import com.rometools.modules.itunes.EntryInformationImpl;
import com.rometools.modules.itunes.FeedInformation;
import com.rometools.modules.itunes.FeedInformationImpl;
import com.rometools.modules.itunes.types.Category;
import com.rometools.modules.itunes.types.Duration;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEnclosure;
import com.rometools.rome.feed.synd.SyndEnclosureImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.jdom2.Element;
import org.jdom2.Namespace;

/**
 * A room's (or one column's) archive as a podcast: RSS 2.0 with the iTunes module (Rome), and Podcasting 2.0
 * {@code podcast:transcript} / {@code podcast:chapters} as foreign markup on each item.
 */
final class PodcastFeed {

  static final Namespace PODCAST = Namespace.getNamespace("podcast", "https://podcastindex.org/namespace/1.0");

  /** The channel. {@code image} may be null (a room with audio-only archives has no poster). */
  record Channel(String title, String description, String link, String author, String image, String language) {
  }

  /**
   * One archived episode. {@code audioUrl} is the archive's audio-only M4A.
   *
   * @param bytes the M4A's size, as the enclosure's length
   */
  record Item(long episodeId, String title, String description, Integer number, OffsetDateTime published, String link,
              String audioUrl, long bytes, double durationSeconds, String image, String transcriptUrl, String chaptersUrl) {
  }

  private PodcastFeed() {
  }

  static String xml(Channel channel, List<Item> items) {
    SyndFeed feed = new SyndFeedImpl();
    feed.setFeedType("rss_2.0");
    feed.setTitle(channel.title());
    feed.setDescription(channel.description());
    feed.setLink(channel.link());
    feed.setLanguage(channel.language());
    feed.setAuthor(channel.author());
    FeedInformation itunes = new FeedInformationImpl();
    itunes.setAuthor(channel.author());
    itunes.setSummary(channel.description());
    itunes.setExplicit(false);
    itunes.setType("episodic");
    itunes.setOwnerName(channel.author());
    // Apple's list: Government is a top-level category; the rooms are civic, local programmes.
    itunes.setCategories(List.of(new Category("Government")));
    if (channel.image() != null) {
      itunes.setImageUri(channel.image());
    }
    feed.getModules().add(itunes);
    List<SyndEntry> entries = new ArrayList<>();
    for (Item item : items) {
      entries.add(entry(item));
    }
    feed.setEntries(entries);
    try {
      return new SyndFeedOutput().outputString(feed, true);
    } catch (FeedException e) {
      throw new IllegalStateException("the feed Rome was given is incomplete: " + e.getMessage(), e);
    }
  }

  private static SyndEntry entry(Item item) {
    SyndEntry entry = new SyndEntryImpl();
    entry.setTitle(item.number() == null ? item.title() : "第" + item.number() + "期 " + item.title());
    entry.setLink(item.link());
    // The guid: stable whatever the title or the archive does later.
    entry.setUri("lianxin-episode-" + item.episodeId());
    entry.setPublishedDate(Date.from(item.published().toInstant()));
    if (item.description() != null) {
      SyndContent description = new SyndContentImpl();
      description.setType("text/plain");
      description.setValue(item.description());
      entry.setDescription(description);
    }
    SyndEnclosure audio = new SyndEnclosureImpl();
    audio.setUrl(item.audioUrl());
    audio.setType("audio/mp4");
    audio.setLength(item.bytes());
    entry.setEnclosures(List.of(audio));
    EntryInformation itunes = new EntryInformationImpl();
    itunes.setTitle(item.title());
    itunes.setDuration(new Duration(Math.round(item.durationSeconds() * 1000)));
    itunes.setEpisode(item.number());
    itunes.setEpisodeType("full");
    itunes.setExplicit(false);
    if (item.image() != null) {
      itunes.setImageUri(item.image());
    }
    entry.getModules().add(itunes);
    List<Element> podcast = new ArrayList<>();
    if (item.transcriptUrl() != null) {
      podcast.add(new Element("transcript", PODCAST).setAttribute("url", item.transcriptUrl())
        .setAttribute("type", "text/vtt").setAttribute("language", "zh-cn"));
    }
    if (item.chaptersUrl() != null) {
      podcast.add(new Element("chapters", PODCAST).setAttribute("url", item.chaptersUrl())
        .setAttribute("type", "application/json+chapters"));
    }
    entry.setForeignMarkup(podcast);
    return entry;
  }
}
