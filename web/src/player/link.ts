// What the browser says of its link, and which rung that carries. Chromium's own HLS is not used where Media Source
// Extensions exist: it gives no say over the first rung, loads from segment 0 before a seek, and reports no stalls.

type SourceClass = { new (): MediaSource; isTypeSupported(type: string): boolean }

/** The browser's Media Source Extensions (ManagedMediaSource on newer iPhones), or null where there are none. */
export function mediaSourceClass(): SourceClass | null {
  if (typeof window === 'undefined') return null
  const w = window as unknown as { MediaSource?: SourceClass; ManagedMediaSource?: SourceClass }
  return w.MediaSource ?? w.ManagedMediaSource ?? null
}

export function hasMse(): boolean {
  return mediaSourceClass() !== null
}

interface Connection { downlink?: number; effectiveType?: string; saveData?: boolean }

/**
 * What the link is thought to carry, in bits per second, or null when the browser does not say. Chromium's
 * downlink is an estimate from recent traffic (capped at 10 Mbps); only 70% of it is counted, as a phone's signal
 * comes and goes.
 */
export function linkEstimate(): number | null {
  const c = (navigator as Navigator & { connection?: Connection }).connection
  if (!c) return null
  if (c.saveData) return 0
  if (c.effectiveType === 'slow-2g' || c.effectiveType === '2g') return 0
  return typeof c.downlink === 'number' && c.downlink > 0 ? c.downlink * 1e6 * 0.7 : null
}

/** Below any rung: hls.js's first guess until it has measured a segment (its default, 500 kbps, is above 2G). */
export const UNKNOWN_LINK = 150_000

/**
 * The rung to load first: the highest whose peak rate the estimate carries, else the lowest. {@code peaks} are the
 * levels' BANDWIDTH values, ascending. Without an estimate: the lowest.
 */
export function startLevel(peaks: number[], estimate: number | null): number {
  if (estimate === null) return 0
  let best = 0
  peaks.forEach((p, i) => { if (p <= estimate) best = i })
  return best
}

