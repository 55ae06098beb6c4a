import { lang } from './i18n'

/** A local date and time in the room's zone, e.g. 11月28日 周五 19:30. */
export function when(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString(lang.value, {
    timeZone, month: 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false,
  })
}

/** Seconds as m:ss or h:mm:ss. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60
  const mm = h ? String(m).padStart(2, '0') : String(m)
  return (h ? h + ':' : '') + mm + ':' + String(r).padStart(2, '0')
}

/** A count the way people read it: the API's label (1.44万) in Chinese, compact digits in English. */
export function count(n: number | null | undefined, label?: string | null): string {
  if (n === null || n === undefined) return '—'
  if (lang.value === 'zh-CN') return label ?? String(n)
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 }).format(n)
}
