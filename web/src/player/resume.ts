// Where this device left off in each episode: localStorage only, nothing sent anywhere.

const key = (episodeId: number) => `lianxin.resume.${episodeId}`

/** A second worth resuming from, or null (nothing saved, too near the start, or the end was reached). */
export function resumeAt(episodeId: number, duration: number): number | null {
  const at = Number(localStorage.getItem(key(episodeId)))
  if (!Number.isFinite(at) || at < 5) return null
  if (duration > 0 && at > duration - 5) return null
  return at
}

export function saveResume(episodeId: number, at: number, duration: number): void {
  try {
    if (duration > 0 && at > duration - 5) localStorage.removeItem(key(episodeId))
    else localStorage.setItem(key(episodeId), String(Math.floor(at)))
  } catch {
    // Storage full or refused (private mode): resuming is a convenience, playback goes on.
  }
}

export const SPEEDS = [0.75, 1, 1.25, 1.5, 2]

export function savedSpeed(): number {
  const s = Number(localStorage.getItem('lianxin.speed'))
  return SPEEDS.includes(s) ? s : 1
}

export function saveSpeed(s: number): void {
  try { localStorage.setItem('lianxin.speed', String(s)) } catch { /* as above */ }
}
