// Stalls that are the network's fault: playback had started and ran dry, not a seek or the first load.

export const WINDOW_MS = 20_000
export const OFFER_AFTER = 2

/** Remembers stall times; true when {@link OFFER_AFTER} of them fell within {@link WINDOW_MS}. */
export function stallCounter(now: () => number = Date.now) {
  let times: number[] = []
  return {
    stalled(): boolean {
      const t = now()
      times = [...times.filter(x => t - x < WINDOW_MS), t]
      return times.length >= OFFER_AFTER
    },
    reset() { times = [] },
  }
}
