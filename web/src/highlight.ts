// Highlighted text as plain segments, rendered with text interpolation only (never v-html): a title such as
// "<img onerror=...>" stays text whatever the server or the query contains.

export interface Segment { text: string; mark: boolean }

const TAG = /<(\/?)(mark|b|em)>/gi
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#x27;': "'" }

/** Splits a server highlight ("…<mark>停车</mark>…") into segments; the tags are the only markup it honours. */
export function fromMarkup(s: string): Segment[] {
  const out: Segment[] = []
  let mark = false
  let last = 0
  for (const m of s.matchAll(TAG)) {
    push(out, decode(s.slice(last, m.index)), mark)
    mark = m[1] !== '/'
    last = (m.index ?? 0) + m[0].length
  }
  push(out, decode(s.slice(last)), mark)
  return out
}

/**
 * Marks the parts of text that are words of the query: at each place, the longest piece (two characters or more,
 * or one Latin word or number) of a query term. "停车政策" marks 停车 and 政策 in "停车管理新政策".
 */
export function fromQuery(text: string, q: string): Segment[] {
  const terms = q.split(/\s+/).filter(Boolean).map(x => x.toLowerCase())
  const lower = text.toLowerCase()
  const out: Segment[] = []
  let i = 0
  let plain = ''
  while (i < text.length) {
    let best = 0
    for (const term of terms) {
      for (let len = Math.min(term.length, text.length - i); len >= Math.min(2, term.length); len--) {
        if (len > best && term.includes(lower.slice(i, i + len))) {
          best = len
          break
        }
      }
    }
    if (best > 0) {
      push(out, plain, false)
      plain = ''
      push(out, text.slice(i, i + best), true)
      i += best
    } else {
      plain += text[i]
      i++
    }
  }
  push(out, plain, false)
  return out
}

const HAS_TAG = /<\/?(mark|b|em)>/i

export function segments(text: string, q: string): Segment[] {
  return HAS_TAG.test(text) ? fromMarkup(text) : fromQuery(text, q)
}

function decode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|#39|#x27);/g, m => ENTITIES[m])
}

function push(out: Segment[], text: string, mark: boolean) {
  if (!text) return
  const prev = out[out.length - 1]
  if (prev && prev.mark === mark) prev.text += text
  else out.push({ text, mark })
}
