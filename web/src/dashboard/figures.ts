// How the dashboard and the monthly report write figures, months, days and export names. Plain functions (no
// ECharts), shared by both pages.
import { lang } from '../i18n'
import { count } from '../format'
import type { Figures } from '../staff/types'

const zh = () => lang.value !== 'en'

/** "2026-11" → 2026年11月 (Nov 2026 in English). */
export function monthLabel(key: string): string {
  const [y, m] = key.split('-').map(Number)
  if (zh()) return `${y}年${m}月`
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' })
}

/** "2026-11-30" → 11月30日 (Nov 30), with the year when withYear. */
export function dayLabel(day: string, withYear = false): string {
  const [y, m, d] = day.split('-').map(Number)
  if (zh()) return `${withYear ? y + '年' : ''}${m}月${d}日`
  const md = new Date(Date.UTC(y, m - 1, d)).toLocaleString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' })
  return withYear ? `${md}, ${y}` : md
}

/** Every month from one "YYYY-MM" to another, both included. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = []
  let [y, m] = first.split('-').map(Number)
  const [ly, lm] = last.split('-').map(Number)
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    if (++m > 12) { m = 1; y++ }
  }
  return out
}

/** The month before "YYYY-MM". */
export function previousMonth(key: string): string {
  const [y, m] = key.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** The month after "YYYY-MM". */
export function nextMonth(key: string): string {
  const [y, m] = key.split('-').map(Number)
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** The first and last day of "YYYY-MM". */
export function monthRange(key: string): { from: string; to: string } {
  const [y, m] = key.split('-').map(Number)
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { from: `${key}-01`, to: `${key}-${String(last).padStart(2, '0')}` }
}

/**
 * An axis tick as people read counts, exact: 1.42万 rather than 1.4万, so ticks 14,000, 14,200 and 14,400 never
 * read the same (a tick is a round number, so at most a few decimals show).
 */
export function axisCount(v: number): string {
  if (!zh()) return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 4 }).format(v)
  const abs = Math.abs(v)
  const scaled = (unit: number, word: string) => String(Number((v / unit).toFixed(6))) + word
  if (abs >= 1e8) return scaled(1e8, '亿')
  if (abs >= 1e4) return scaled(1e4, '万')
  return String(Number(v.toFixed(6)))
}

/** Views as people read them, or — when no episode reported any (views is then 0 but unknown, not nothing). */
export function viewsText(f: Figures): string {
  return f.avgViews === null ? '—' : count(f.views, f.viewsLabel)
}

/** Replay views, or — when nothing aired (there was nothing to replay). */
export function replayText(f: Figures): string {
  return f.episodesAired === 0 ? '—' : count(f.replayViews)
}

/** Live viewers in Lianxin's own player (1.44万 in Chinese), or — when nothing aired. */
export function liveText(f: Figures): string {
  return f.episodesAired === 0 ? '—' : count(f.liveViewers, f.liveViewersLabel)
}

/** Hours, one decimal; — when nothing aired. */
export function hoursText(h: number, aired: number): string {
  return aired === 0 ? '—' : h.toFixed(1)
}

/** A change against last month: +12, −3, ±0, or — when either is unknown. */
export function change(now: number | null | undefined, before: number | null | undefined, digits = 0): string {
  if (now === null || now === undefined || before === null || before === undefined) return '—'
  const d = Number((now - before).toFixed(digits))
  if (d === 0) return '±0'
  const text = Math.abs(d) >= 10000 && digits === 0 ? axisCount(Math.abs(d)) : Math.abs(d).toFixed(digits)
  return (d > 0 ? '+' : '−') + text
}

/** An org's name as part of a file name, as the server writes it (ExportName.safe). */
export function safeName(name: string): string {
  const out = [...name].slice(0, 40).map(c => /[\\/:*?"<>|\s\u0000-\u001f\u007f]/u.test(c) ? '_' : c).join('')
  return out || '机构'
}

const BREAKDOWN: Record<string, string> = { room: '', column: '_按栏目', month: '_按月', org: '_按下级机构' }

/**
 * An export's file name, the one the server's Content-Disposition gives (ExportName.of):
 * 新城区_2026-01-01_2026-11-30.xlsx; the city is 全市, an open period 最早 / 至今.
 */
export function exportName(orgName: string | null, from: string, to: string, groupBy: string, ext: 'csv' | 'xlsx'): string {
  const org = orgName === null ? '全市' : safeName(orgName)
  return `${org}_${from || '最早'}_${to || '至今'}${BREAKDOWN[groupBy] ?? ''}.${ext}`
}
