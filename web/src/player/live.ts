// The live stream's playlists and how hls.js follows them: Lianxin's live HLS (docs/live.md) has 2-s segments, ten
// to a playlist, and beside the master an audio-only rendition for weak signals.
import type { HlsConfig } from 'hls.js'

/** The audio-only rendition's playlist beside a live master playlist ({@code …/master.m3u8} → {@code …/audio/index.m3u8}). */
export function audioPlaylist(master: string): string {
  return master.replace(/master\.m3u8$/, 'audio/index.m3u8')
}

export const LIVE_CONFIG: Partial<HlsConfig> = {
  // Three segments (6 s) behind the edge: close to live, with room for a phone's signal to dip.
  liveSyncDurationCount: 3,
  liveMaxLatencyDurationCount: 8,
  // The first playlist may come a few seconds after the episode went live (and again after the publisher's return):
  // keep asking rather than giving up at once.
  manifestLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: Infinity, maxLoadTimeMs: 10_000,
      timeoutRetry: { maxNumRetry: 3, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 8, retryDelayMs: 1000, maxRetryDelayMs: 4000 },
    },
  },
}
