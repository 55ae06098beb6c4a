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

/** An engagement rate (0.0312) as people read it: 3.1%. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + '%'
}
