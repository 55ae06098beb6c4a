// Loading hls.js, which plays live streams wherever Media Source Extensions exist (the archive has a player of its
// own, player/vod.ts); native HLS is the fallback for browsers without MSE (older iPhones).
import type HlsType from 'hls.js'
import { UNKNOWN_LINK } from './link'

type HlsClass = typeof HlsType
let loading: Promise<HlsClass> | null = null

/** hls.js (the light build), fetched once, by a page that shows a live stream. */
export function loadHls(): Promise<HlsClass> {
  loading ??= import('hls.js/light').then(m => m.default)
  return loading
}

/** Tuned for phones on weak links; see docs/live.md. */
export function hlsConfig(estimate: number | null): Partial<HlsType['config']> {
  return {
    // No worker: the CSP allows no blob: scripts, and one stream of segments needs none.
    enableWorker: false,
    // The player picks the first rung and the first second itself, then starts loading (see LivePlayer).
    autoStartLoad: false,
    testBandwidth: false,
    abrEwmaDefaultEstimate: estimate && estimate > 0 ? estimate : UNKNOWN_LINK,
    capLevelToPlayerSize: true,
  }
}
