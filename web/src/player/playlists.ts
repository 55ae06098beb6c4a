// Reading an archive's HLS playlists (written by FFmpeg, docs/archive.md): the master's video rungs, and each rung's
// init segment and media segments on the recording's timeline. Parsing is m3u8-parser's (video.js).
import { Parser, type Manifest } from 'm3u8-parser'

export interface Segment { uri: string; start: number; end: number }

/** A video rendition: its declared peak rate (bits per second), picture size and playlist; then its segments. */
export interface Rung { peak: number; width: number; playlist: string; init: string | null; segments: Segment[] }

function parse(text: string): Manifest {
  const p = new Parser()
  p.push(text)
  p.end()
  return p.manifest
}

async function read(url: string, signal: AbortSignal): Promise<Manifest> {
  // credentials as a <link rel=preload as=fetch crossorigin=anonymous> sends them, so the page's preloads are used.
  const r = await fetch(url, { signal, credentials: 'same-origin' })
  if (!r.ok) throw new Error(`${url}: ${r.status}`)
  return parse(await r.text())
}

/** The master's renditions that have a picture, lowest peak first; their segments are not read yet. */
export async function readMaster(master: string, signal: AbortSignal): Promise<Rung[]> {
  const url = new URL(master, location.href)
  const m = await read(url.href, signal)
  return (m.playlists ?? [])
    .filter(p => p.attributes.RESOLUTION && p.attributes.BANDWIDTH)
    .map(p => ({ peak: p.attributes.BANDWIDTH!, width: p.attributes.RESOLUTION!.width,
      playlist: new URL(p.uri, url).href, init: null, segments: [] }))
    .sort((a, b) => a.peak - b.peak)
}

/** Fills in {@code rung}'s init segment and media segments (once). */
export async function readRung(rung: Rung, signal: AbortSignal): Promise<Rung> {
  if (rung.segments.length) return rung
  const m = await read(rung.playlist, signal)
  let at = 0
  for (const s of m.segments ?? []) {
    if (s.map && !rung.init) rung.init = new URL(s.map.uri, rung.playlist).href
    rung.segments.push({ uri: new URL(s.uri, rung.playlist).href, start: at, end: at + s.duration })
    at += s.duration
  }
  if (!rung.segments.length) throw new Error(`${rung.playlist}: no segments`)
  return rung
}

/** The segment holding second {@code t} (the last one past the end); -1 for an empty list. */
export function segmentAt(segments: Segment[], t: number): number {
  const i = segments.findIndex(s => t < s.end)
  return i >= 0 ? i : segments.length - 1
}

/**
 * The codecs a Media Source buffer is opened with, read from the init segment's sample entries as RFC 6381 spells
 * them: H.264's profile, constraints and level are the three bytes after the avcC box's version byte. The archive's
 * rungs are H.264 (and AAC when the recording has sound).
 */
export function codecs(init: Uint8Array): string {
  const at = (tag: string) => {
    const code = [...tag].map(c => c.charCodeAt(0))
    for (let i = 0; i + 4 <= init.length; i++) {
      if (init[i] === code[0] && init[i + 1] === code[1] && init[i + 2] === code[2] && init[i + 3] === code[3]) return i
    }
    return -1
  }
  const hex = (b: number) => b.toString(16).padStart(2, '0')
  const avcc = at('avcC')
  const video = avcc >= 0 && avcc + 8 <= init.length ? `avc1.${hex(init[avcc + 5])}${hex(init[avcc + 6])}${hex(init[avcc + 7])}` : 'avc1.42e01e'
  return at('mp4a') >= 0 ? `${video},mp4a.40.2` : video
}
