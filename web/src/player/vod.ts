// The archive's player over Media Source Extensions. The archive is Lianxin's own VOD HLS (docs/archive.md): fMP4
// rungs with independent segments cut at the same seconds, the lowest in 2 s segments. So playing it is fetching
// segments and appending them as they are, which is what hls.js does for fMP4 too; doing it here leaves hls.js's
// 100 KB (2.5 s on a 400 kbps link, docs/benchmarks.md) to the live player. What this player does:
//   - starts on the rung the link estimate carries (the lowest when unknown), at the segment holding the wanted
//     second, fetching the playlist, init segment and that segment as the page's preloads already ask for them;
//   - keeps FORWARD seconds ahead (FORWARD_UNPLAYED until the first play), drops what lies BEHIND seconds back;
//   - measures each segment's rate and moves up a rung when it carries the next one's peak with room (and the
//     picture is large enough to show it), down as soon as it does not;
//   - on a seek outside what is buffered, drops the segment under way and fetches the one holding the new second;
//   - retries a failed or silent fetch (a phone's signal comes back), jumps small gaps between segments, ends the stream.
import { mediaSourceClass, startLevel } from './link'
import { codecs, readMaster, readRung, segmentAt, type Rung } from './playlists'

const FORWARD = 30
/** Ahead while nothing has played yet: the picture starts at once, and a page opened but not watched costs little. */
const FORWARD_UNPLAYED = 10
const BEHIND = 60
/** Counted of a segment's measured rate when choosing a rung: a phone's signal comes and goes. */
const SAFETY = 0.7
/** Moving up waits until this much is buffered: a larger segment must not empty the buffer while it comes. */
const UP_AFTER = 8
const RETRY_MS = [1000, 2000, 4000, 8000, 8000]
const FETCH_TIMEOUT_MS = 30_000
/** A hole this small between buffered ranges (a segment's last frame, audio priming) is jumped, not waited on. */
const GAP = 0.5


export interface VodOptions {
  /** What the link carries in bits per second, already discounted (player/link.ts); null: unknown, the lowest rung. */
  estimate: number | null
  /** Where to start: read when the first segment is chosen, so a chapter tapped while loading wins. */
  where: () => number
  onError: (e: unknown) => void
  /** After each segment is in, with the seconds now buffered ahead of the playing one. */
  onAppended?: (ahead: number) => void
}

class Aborted extends Error {
}

export class VodPlayer {
  private readonly ms: MediaSource
  private readonly url: string
  private sb: SourceBuffer | null = null
  private rungs: Rung[] = []
  private level = 0
  private initIn: string | null = null
  /** What the link is thought to carry (bits per second, discounted by SAFETY); null until known. */
  private rate: number | null
  /** The last segment's own rate (discounted), once one has been timed; the browser's estimate is only a guess. */
  private latest: number | null = null
  private controller = new AbortController()
  private pumping = false
  private closed = false
  private opened = false
  private last: { rung: Rung; index: number } | null = null
  /** Whether the element has been put at the wanted second (once the segment holding it is in). */
  private positioned = false

  constructor(private readonly v: HTMLVideoElement, private readonly master: string, private readonly o: VodOptions) {
    const Source = mediaSourceClass()!
    this.ms = new Source()
    this.rate = o.estimate && o.estimate > 0 ? o.estimate : null
    // Safari's ManagedMediaSource plays only with AirPlay off (or an alternative source given).
    v.disableRemotePlayback = true
    this.url = URL.createObjectURL(this.ms)
    this.ms.addEventListener('sourceopen', () => { this.opened = true; void this.pump() }, { once: true })
    v.addEventListener('seeking', this.onSeeking)
    v.addEventListener('timeupdate', this.onTime)
    v.addEventListener('waiting', this.onTime)
    v.addEventListener('play', this.onTime)
    v.src = this.url
    void this.begin()
  }

  destroy() {
    this.closed = true
    this.controller.abort()
    this.v.removeEventListener('seeking', this.onSeeking)
    this.v.removeEventListener('timeupdate', this.onTime)
    this.v.removeEventListener('waiting', this.onTime)
    this.v.removeEventListener('play', this.onTime)
    this.v.removeAttribute('src')
    this.v.load()
    URL.revokeObjectURL(this.url)
  }

  /** The playlists, read while the MediaSource opens: master, then the starting rung. */
  private async begin() {
    try {
      this.rungs = await readMaster(this.master, this.controller.signal)
      if (!this.rungs.length) throw new Error(`${this.master}: no video`)
      this.level = this.fit(this.o.estimate)
      await readRung(this.rungs[this.level], this.controller.signal)
      void this.pump()
    } catch (e) {
      this.fail(e)
    }
  }

  /** The highest rung {@code rate} carries and the picture can show; the lowest when unknown. */
  private fit(rate: number | null): number {
    if (rate === null) return 0
    // The picture's width is laid out before any video is in (its height is not); no width yet, no cap.
    const wide = (this.v.clientWidth || Infinity) * (window.devicePixelRatio || 1)
    // A rung is worth showing when the one below it is narrower than the picture: the allowed rungs are a prefix.
    const shown = this.rungs.filter((_r, i) => i === 0 || this.rungs[i - 1].width < wide)
    return startLevel(shown.map(r => r.peak), rate)
  }

  private position(): number {
    return this.positioned ? this.v.currentTime : this.o.where()
  }

  /** The end of the buffered range holding {@code t} (t itself when none does). */
  private bufferedTo(t: number): number {
    const b = this.v.buffered
    for (let i = 0; i < b.length; i++) {
      if (t >= b.start(i) - GAP && t < b.end(i)) return b.end(i)
    }
    return t
  }

  private readonly onSeeking = () => {
    const t = this.v.currentTime
    if (this.bufferedTo(t) > t) return
    // What was being fetched is for the old place: drop it and start at the new one.
    this.controller.abort()
    this.controller = new AbortController()
    this.last = null
    void this.pump()
  }

  private readonly onTime = () => {
    this.jumpGap()
    void this.pump()
  }

  /** Playing stopped at a small hole with data just after it: go on from there, as a phone's player would. */
  private jumpGap() {
    const v = this.v
    if (v.seeking || v.readyState > 2) return
    const b = v.buffered
    for (let i = 0; i < b.length; i++) {
      if (b.start(i) > v.currentTime && b.start(i) - v.currentTime < GAP) {
        v.currentTime = b.start(i) + 0.01
        return
      }
    }
  }

  /** Fetches and appends segments until FORWARD seconds are buffered or the recording ends; one at a time. */
  private async pump() {
    if (this.pumping || this.closed || !this.opened || !this.rungs.length || !this.rungs[this.level].segments.length) return
    this.pumping = true
    const signal = this.controller.signal
    try {
      while (!this.closed && !signal.aborted) {
        const at = this.position()
        const to = this.bufferedTo(at)
        // (A range ends a frame or an audio packet short of its segment's last second: that counts as reached.)
        if (to - at >= (this.v.played.length || !this.v.paused ? FORWARD : FORWARD_UNPLAYED) - 0.25) break
        const rung = this.rungs[this.level]
        let index = segmentAt(rung.segments, to > at ? to + 0.2 : at)
        // Never the same segment twice in a row (a range that ends a little short of the playlist's second).
        if (this.last?.rung === rung && index <= this.last.index && to >= rung.segments[this.last.index].start) index = this.last.index + 1
        if (index >= rung.segments.length || to >= rung.segments[rung.segments.length - 1].end - 0.1) {
          this.finish()
          break
        }
        const started = performance.now()
        // The init segment and the media segment side by side: one round trip, not two.
        const segment = this.get(rung.segments[index].uri, signal)
        segment.catch(() => undefined)
        if (this.initIn !== rung.init && rung.init) {
          const init = await this.get(rung.init, signal)
          this.open(init)
          await this.append(init, signal)
          this.initIn = rung.init
        }
        const data = await segment
        // The first segment is the one the page's HTML preloads: its time says nothing of the link.
        if (this.last) this.measure(data.byteLength, performance.now() - started)
        await this.append(data, signal)
        this.last = { rung, index }
        this.place()
        const now = this.position()
        this.o.onAppended?.(this.bufferedTo(now) - now)
        this.evict()
        await this.choose(signal)
      }
    } catch (e) {
      if (!(e instanceof Aborted) && !signal.aborted) this.fail(e)
    } finally {
      this.pumping = false
    }
    // A seek during the loop aborted it; the new place needs a loop of its own.
    if (signal.aborted && !this.closed) void this.pump()
  }

  /**
   * Puts the element at the wanted second once the segment holding it is in. (Set before, the element would seek as
   * soon as the init segment gives it a duration, and the seek would drop the segment under way.)
   */
  private place() {
    if (this.positioned) return
    const at = this.o.where()
    if (at > 0 && this.bufferedTo(at) <= at) return
    this.positioned = true
    if (at > 0 && Math.abs(this.v.currentTime - at) > 0.3) this.v.currentTime = at
  }

  /** Opens the SourceBuffer with the codecs the first init segment names. */
  private open(init: Uint8Array) {
    if (this.sb) return
    const type = `video/mp4; codecs="${codecs(init)}"`
    if (!mediaSourceClass()!.isTypeSupported(type)) throw new Error(`unsupported: ${type}`)
    this.sb = this.ms.addSourceBuffer(type)
    const rung = this.rungs[this.level]
    this.ms.duration = rung.segments[rung.segments.length - 1].end
  }

  private measure(bytes: number, ms: number) {
    if (bytes < 16_000 || ms <= 0) return // too small to say anything beyond the round trip
    const r = SAFETY * (bytes * 8) / (ms / 1000)
    this.rate = this.latest === null || this.rate === null ? r : 0.5 * this.rate + 0.5 * r
    this.latest = r
  }

  /**
   * Down as soon as one segment came slower than this rung needs (the average would wait for several more); up one
   * rung when the average carries the next and the buffer has room for its larger segment.
   */
  private async choose(signal: AbortSignal) {
    const down = this.fit(Math.min(this.rate ?? Infinity, this.latest ?? Infinity))
    const up = this.fit(this.rate)
    const at = this.position()
    const next = down < this.level ? down : up > this.level && this.bufferedTo(at) - at >= UP_AFTER ? this.level + 1 : this.level
    if (next === this.level) return
    await readRung(this.rungs[next], signal)
    this.level = next
  }

  private finish() {
    const sb = this.sb
    if (sb && !sb.updating && this.ms.readyState === 'open') {
      try {
        this.ms.endOfStream()
      } catch {
        // Still appending elsewhere: the next round ends it.
      }
    }
  }

  /** Drops what lies more than BEHIND seconds before the playing second (a phone's memory, the browser's quota). */
  private evict() {
    const sb = this.sb
    const before = this.v.currentTime - BEHIND
    if (!sb || sb.updating || before <= 0 || !sb.buffered.length || sb.buffered.start(0) >= before) return
    sb.remove(0, before)
  }

  /**
   * One file, asked again after RETRY_MS when the network fails or the server errs (a phone's signal comes back), and
   * when nothing has come for FETCH_TIMEOUT_MS (a connection the phone silently left when it changed cells).
   */
  private async get(url: string, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
    for (let attempt = 0; ; attempt++) {
      const one = new AbortController()
      const stop = () => one.abort()
      signal.addEventListener('abort', stop, { once: true })
      const timer = setTimeout(stop, FETCH_TIMEOUT_MS)
      try {
        const r = await fetch(url, { signal: one.signal, credentials: 'same-origin' })
        if (r.ok) return new Uint8Array(await r.arrayBuffer())
        // Not there (a removed archive): asking again will not help.
        if (r.status === 404 || r.status === 403 || attempt >= RETRY_MS.length) throw new Error(`${url}: ${r.status}`)
      } catch (e) {
        if (signal.aborted) throw new Aborted()
        const failed = e instanceof TypeError || one.signal.aborted
        if (!failed || attempt >= RETRY_MS.length) throw e
      } finally {
        clearTimeout(timer)
        signal.removeEventListener('abort', stop)
      }
      await new Promise(resolve => setTimeout(resolve, RETRY_MS[attempt]))
      if (signal.aborted) throw new Aborted()
    }
  }

  private async append(data: Uint8Array<ArrayBuffer>, signal: AbortSignal, again = true): Promise<void> {
    const sb = this.sb!
    await this.idle(sb)
    if (signal.aborted) throw new Aborted()
    try {
      sb.appendBuffer(data)
    } catch (e) {
      // The browser's buffer is full: drop what has been played and try once more.
      if (!again || (e as DOMException).name !== 'QuotaExceededError' || this.v.currentTime < 10) throw e
      sb.remove(0, this.v.currentTime - 5)
      return this.append(data, signal, false)
    }
    await this.idle(sb)
  }

  private idle(sb: SourceBuffer): Promise<void> {
    if (!sb.updating) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const done = () => { sb.removeEventListener('error', failed); resolve() }
      const failed = () => { sb.removeEventListener('updateend', done); reject(new Error('append failed')) }
      sb.addEventListener('updateend', done, { once: true })
      sb.addEventListener('error', failed, { once: true })
    })
  }

  private fail(e: unknown) {
    if (this.closed) return
    this.closed = true
    this.controller.abort()
    this.o.onError(e)
  }
}
