// The live stream's playlists and how hls.js follows them: Lianxin's live HLS (docs/live.md) has 2-s segments, ten
// to a playlist, and beside the master an audio-only rendition for weak signals.
import type { HlsConfig } from 'hls.js'

/** The audio-only rendition's playlist beside a live master playlist ({@code …/master.m3u8} → {@code …/audio/index.m3u8}). */
export function audioPlaylist(master: string): string {
  return master.replace(/master\.m3u8$/, 'audio/index.m3u8')
}

const LIVE_CONFIG: Partial<HlsConfig> = {
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

/** A link thought to carry this much (bits per second, after hls.ts's 70%) carries a usual source (OBS: 2–3 Mbps). */
export const FAST_LINK = 3_000_000

/**
 * How hls.js follows the live stream on a link estimated at {@code estimate} (null: unknown). On a link that carries
 * the source rendition with room to spare it starts two segments (4 s) behind the edge, closer to the host's voice for
 * 民生问答, and plays up to 10% faster while it is further behind than that (the start's own wait, a stall), until it
 * is back; otherwise three segments (6 s) at normal speed, with room for a phone's signal to dip.
 */
export function liveConfig(estimate: number | null): Partial<HlsConfig> {
  const fast = estimate !== null && estimate >= FAST_LINK
  return { ...LIVE_CONFIG, liveSyncDurationCount: fast ? 2 : 3, maxLiveSyncPlaybackRate: fast ? 1.1 : 1 }
}
