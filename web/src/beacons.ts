// Replay beacons for the metrics: seconds actually watched since the last beacon, sent every 15 s while playing,
// when playback pauses, and with sendBeacon when the page goes away.
import { sendPlay } from './api'

const EVERY_MS = 15_000

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
