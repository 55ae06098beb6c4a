// The dashboard's and the report's chart options, built from the API's answers (no ECharts here: it is loaded by
// ChartBox only when a chart draws).
import type { Option } from './charts'
import type { FollowerTrend, Group } from '../staff/types'
import { axisCount, dayLabel, monthLabel, monthsBetween, viewsText } from './figures'
import { w } from './words'

const AXIS = { fontSize: 14 }

/** Height for a horizontal bar chart of n rows: every row labelled (a month, a room), 30 px each. */
export function barsHeight(n: number): number {
  return Math.max(200, 48 + n * 30)
}

/** A label no longer than n characters. */
function short(label: string, n = 10): string {
  return label.length > n ? label.slice(0, n) + '…' : label
}

/**
 * Followers over time as the API adds them up (each account carried forward, and counted from the start with its
 * first reading): the first point is the period's start (期初), then one per day, week or month.
 */
export function followerOption(trend: FollowerTrend | null): Option | null {
  if (!trend || trend.end === null || !trend.points.length) return null
  const years = new Set(trend.points.map(p => p.day?.slice(0, 4))).size > 1
  const labels = trend.points.map(p => p.start || !p.day ? w('periodStart')
    : trend.interval === 'month' ? monthLabel(p.day.slice(0, 7)) : dayLabel(p.day, years))
  return {
    // Room on the right for the last date label.
    grid: { left: 8, right: 40, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels, axisLabel: AXIS, boundaryGap: false },
    yAxis: { type: 'value', scale: true, axisLabel: { ...AXIS, formatter: axisCount } },
    series: [{ type: 'line', name: w('hFollowers'), data: trend.points.map(p => p.total), showSymbol: labels.length < 40,
      lineStyle: { width: 3 } }],
  }
}

/** Every month of the period (months without episodes are 0), the earliest at the top, each labelled 2026年11月. */
export function monthSeries(groups: Group[]): { key: string; label: string; episodes: number }[] {
  if (!groups.length) return []
  const byKey = new Map(groups.map(g => [String(g.key), g]))
  const keys = [...byKey.keys()].sort()
  // The API already sends every month of the period; filling here keeps the chart whole whatever it sends.
  return monthsBetween(keys[0], keys[keys.length - 1]).map(k => ({ key: k, label: monthLabel(k), episodes: byKey.get(k)?.episodesAired ?? 0 }))
}

export function monthOption(groups: Group[]): Option | null {
  const months = monthSeries(groups)
  if (!months.length) return null
  return {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    yAxis: { type: 'category', inverse: true, data: months.map(m => m.label), axisLabel: { ...AXIS, interval: 0 } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: AXIS, splitNumber: 3 },
    series: [{ type: 'bar', name: w('episodesCol'), data: months.map(m => m.episodes), barMaxWidth: 22,
      label: { show: true, position: 'right', fontSize: 14 } }],
  }
}

/** Columns by views (bars), each labelled with its episodes and views (— where no platform reported views). */
export function columnOption(groups: Group[], max = 12): Option | null {
  const shown = groups.slice(0, max)
  if (!shown.length) return null
  const text = new Map(shown.map((g, i) => [i, w('columnLabel', { episodes: g.episodesAired, views: viewsText(g) })]))
  return {
    tooltip: { trigger: 'item', renderMode: 'richText' },
    grid: { left: 8, right: 96, top: 8, bottom: 8, containLabel: true },
    yAxis: { type: 'category', inverse: true, data: shown.map(g => short(g.label)), axisLabel: { ...AXIS, interval: 0 } },
    xAxis: { type: 'value', axisLabel: { ...AXIS, formatter: axisCount }, splitNumber: 3 },
    series: [{ type: 'bar', name: w('viewsCol'), data: shown.map(g => g.views), barMaxWidth: 22,
      label: { show: true, position: 'right', fontSize: 14, formatter: (p: { dataIndex: number }) => text.get(p.dataIndex) ?? '' } }],
  }
}

/** The most-watched rooms by views. */
export function roomOption(rooms: Group[]): Option | null {
  const shown = rooms.filter(r => r.views > 0)
  if (!shown.length) return null
  return {
    tooltip: { trigger: 'item', renderMode: 'richText' },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    yAxis: { type: 'category', inverse: true, data: shown.map(r => short(r.label)), axisLabel: { ...AXIS, interval: 0 } },
    xAxis: { type: 'value', axisLabel: { ...AXIS, formatter: axisCount }, splitNumber: 3 },
    series: [{ type: 'bar', name: w('viewsCol'), data: shown.map(r => r.views), barMaxWidth: 22 }],
  }
}
