// Replay beacons for the metrics: seconds actually watched since the last beacon, sent every 15 s while playing,
// when playback pauses, and with sendBeacon when the page goes away. Live beats: the same session id, every 30 s
// while the live player plays (the server counts a device as watching for 60 s after its latest beat).
import { sendLivePlay, sendPlay } from './api'

const EVERY_MS = 15_000
const LIVE_EVERY_MS = 30_000

/** One id per browser tab, so a replay counts once per session, episode and day. */
function sessionId(): string {
  let id = sessionStorage.getItem('lianxin.session')
  if (!id) {
    // getRandomValues also works on plain http inside a community network (randomUUID needs a secure context).
    id = Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('')
    sessionStorage.setItem('lianxin.session', id)
  }
  return id
}

export function trackPlays(episodeId: number, media: HTMLMediaElement): () => void {
  const session = sessionId()
  let watched = 0
  let last = media.currentTime

  const onTime = () => {
    const delta = media.currentTime - last
    last = media.currentTime
    // A jump (seek) is not watching; timeupdate fires every 250 ms or so while playing.
    if (!media.paused && delta > 0 && delta < 2) watched += delta
  }
  const onSeek = () => { last = media.currentTime }
  const flush = (leaving = false) => {
    const whole = Math.floor(watched)
    if (whole < 1) return
    watched -= whole
    sendPlay(episodeId, { sessionId: session, position: Math.floor(media.currentTime), watchedSeconds: whole }, leaving)
  }
  const onPause = () => flush()
  const onHide = () => flush(true)
  const timer = window.setInterval(() => { if (!media.paused) flush() }, EVERY_MS)

  media.addEventListener('timeupdate', onTime)
  media.addEventListener('seeking', onSeek)
  media.addEventListener('pause', onPause)
  window.addEventListener('pagehide', onHide)
  return () => {
    flush()
    window.clearInterval(timer)
    media.removeEventListener('timeupdate', onTime)
    media.removeEventListener('seeking', onSeek)
    media.removeEventListener('pause', onPause)
    window.removeEventListener('pagehide', onHide)
  }
}

/**
 * Beats while the live stream plays: at once when playback starts, then every 30 s; nothing while paused (the device
 * stops counting as watching a minute later). {@code onWatching} gets the count each answer carries.
 */
export function trackLive(episodeId: number, media: HTMLMediaElement, onWatching: (n: number, label: string) => void): () => void {
  const session = sessionId()
  let lastBeat = 0
  const beat = () => {
    if (media.paused) return
    lastBeat = Date.now()
    sendLivePlay(episodeId, session).then(r => onWatching(r.watching, r.watchingLabel))
      .catch(() => { /* a lost beat only lowers a count for a moment; the next one carries on */ })
  }
  const due = () => Date.now() - lastBeat >= LIVE_EVERY_MS
  // Playback (re)starting beats at once unless a beat went out within the interval (the limits are the replay beacons').
  const onPlaying = () => { if (due()) beat() }
  const timer = window.setInterval(() => { if (due()) beat() }, 5_000)
  media.addEventListener('playing', onPlaying)
  return () => {
    window.clearInterval(timer)
    media.removeEventListener('playing', onPlaying)
  }
}
