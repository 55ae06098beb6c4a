import { addDays } from '../staff/zone'

export type Preset = 'year' | '30' | '12m' | 'all'

/** from/to (inclusive dates) of a preset, counted back from today. */
export function presetRange(p: Preset, today: string): { from: string; to: string } {
  switch (p) {
    case 'year': return { from: today.slice(0, 4) + '-01-01', to: today }
    case '30': return { from: addDays(today, -29), to: today }
    case '12m': return { from: addDays(today, -364), to: today }
    default: return { from: '', to: '' }
  }
}

/** The follower series' bucket for a period: days for two months, weeks for a year, months beyond. */
export function intervalFor(from: string, to: string): 'day' | 'week' | 'month' {
  const days = (Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86400000
  return days <= 62 ? 'day' : days <= 370 ? 'week' : 'month'
}

/** An engagement rate (0.0312) as people read it: 3.1%. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + '%'
}
