// The live stream's playlists and how hls.js follows them: Lianxin's live HLS (docs/live.md) has 2-s segments, ten
// to a playlist, and beside the master an audio-only rendition for weak signals.

/** The audio-only rendition's playlist beside a live master playlist ({@code …/master.m3u8} → {@code …/audio/index.m3u8}). */
export function audioPlaylist(master: string): string {
  return master.replace(/master\.m3u8$/, 'audio/index.m3u8')
}

/** Three segments (6 s) behind the edge: close to live, with room for a phone's signal to dip. */
export const LIVE_CONFIG = {
  liveSyncDurationCount: 3,
  liveMaxLatencyDurationCount: 8,
  // A live playlist is small and changes every 2 s: a short wait before retrying it.
  manifestLoadingRetryDelay: 1000,
}
