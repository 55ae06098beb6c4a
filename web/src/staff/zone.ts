// Dates and times in a room's own zone, whatever zone the browser is in.

/** YYYY-MM-DD of an instant in zone. */
export function dayIn(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date)
}

/** Adds days to a YYYY-MM-DD (calendar arithmetic, no zone involved). */
export function addDays(day: string, n: number): string {
  const d = new Date(day + 'T00:00:00Z')
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

/** The Monday on or before day. */
export function mondayOf(day: string): string {
  const dow = new Date(day + 'T00:00:00Z').getUTCDay() // 0 = Sunday
  return addDays(day, -((dow + 6) % 7))
}

/** Minutes east of UTC that zone has at instant ms. */
function offsetMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms))
  const get = (t: string) => Number(parts.find(p => p.type === t)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000)
}

/** "2026-12-02T19:30" read in zone → "2026-12-02T19:30:00+08:00" (what the API's startsAt takes). */
export function withOffset(local: string, timeZone: string): string {
  const [d, t] = local.split('T')
  const guess = Date.parse(d + 'T' + t + ':00Z')
  let off = offsetMinutes(guess, timeZone)
  off = offsetMinutes(guess - off * 60000, timeZone)
  const sign = off < 0 ? '-' : '+'
  const abs = Math.abs(off)
  return `${d}T${t}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** The API's times are written in the room's zone: "2026-12-02T19:30:00+08:00" → "2026-12-02T19:30". */
export function localPart(iso: string): string {
  return iso.slice(0, 16)
}

/** "19:30" of an API time, in the room's zone. */
export function hhmm(iso: string): string {
  return iso.slice(11, 16)
}

/** "12月2日 19:30" (or "Dec 2, 19:30") of an API time, in the room's zone, for messages. */
export function shortWhen(iso: string, zh: boolean): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number)
  void y
  return zh ? `${m}月${d}日 ${hhmm(iso)}` : `${new Date(Date.UTC(2000, m - 1, d)).toLocaleString('en', { month: 'short', timeZone: 'UTC' })} ${d}, ${hhmm(iso)}`
}

/** Seconds → "m:ss"; and back ("1:05:30", "12:30", "90"). */
export function parseClock(s: string): number | null {
  const parts = s.trim().split(':').map(p => p.trim())
  if (parts.some(p => !/^\d+(\.\d+)?$/.test(p))) return null
  return parts.reduce((acc, p) => acc * 60 + Number(p), 0)
}
