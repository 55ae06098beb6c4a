// A small WebVTT reader for the archive's chapters and storyboard files (cue times and text; no styling).
import type { Cue } from './types'

function seconds(stamp: string): number {
  const parts = stamp.trim().split(':').map(Number)
  return parts.reduce((acc, p) => acc * 60 + p, 0)
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&nbsp;': '\u00a0', '&lrm;': '\u200e', '&rlm;': '\u200f' }

/** A cue's plain text: WebVTT tags (<b>, <c.x>, <v Name>, timestamps) dropped, then its escapes read. */
function plain(payload: string): string {
  return payload.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|nbsp|lrm|rlm);/g, m => ENTITIES[m])
}

export function parseVtt(text: string): Cue[] {
  const cues: Cue[] = []
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = block.split('\n')
    const at = lines.findIndex(l => l.includes('-->'))
    if (at < 0) continue
    const [from, rest] = lines[at].split('-->')
    const to = rest.trim().split(/\s+/)[0]
    cues.push({ start: seconds(from), end: seconds(to), text: plain(lines.slice(at + 1).join('\n').trim()) })
  }
  return cues
}

export async function fetchVtt(url: string): Promise<Cue[]> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`${url}: ${res.status}`)
  return parseVtt(await res.text())
}

/** A storyboard cue's picture: the sprite (resolved against the VTT's URL) and the tile's place in it. */
export interface Tile { start: number; end: number; src: string; x: number; y: number; w: number; h: number }

export function tiles(cues: Cue[], vttUrl: string): Tile[] {
  const out: Tile[] = []
  for (const c of cues) {
    const m = c.text.match(/^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/)
    if (!m) continue
    out.push({ start: c.start, end: c.end, src: new URL(m[1], new URL(vttUrl, location.href)).pathname,
      x: +m[2], y: +m[3], w: +m[4], h: +m[5] })
  }
  return out
}
