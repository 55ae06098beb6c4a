// What a host reads off an episode at a glance: whether it is planned, live, aired (confirmed or not) or cancelled,
// and where its recording stands (a replay, being processed, failed).
import type { Episode } from '../types'
import type { WordKey } from './words'

export interface Badge { key: WordKey; kind: string }

const STATUS = { scheduled: 'statusScheduled', live: 'statusLive', ended: 'statusEnded', cancelled: 'statusCancelled' } as const

/** The badges of an episode, in reading order. */
export function badges(e: Episode): Badge[] {
  const list: Badge[] = [{ key: STATUS[e.status], kind: e.status }]
  if (e.status === 'ended' && e.airedUnconfirmed) list.push({ key: 'unconfirmed', kind: 'unconfirmed' })
  const rec = e.recording?.status
  if (e.archive) list.push({ key: 'recReplay', kind: 'replay' })
  if (rec === 'queued' || rec === 'processing') list.push({ key: 'recProcessing', kind: 'processing' })
  else if (rec === 'failed') list.push({ key: 'recFailed', kind: 'failed' })
  return list
}

/** Whether the host may still say it did not air: an ended one until notAiredUntil, a planned one once begun. */
export function canSayNotAired(e: Episode, now = Date.now()): boolean {
  if (e.status === 'ended') return !!e.notAiredUntil && Date.parse(e.notAiredUntil) > now
  return e.status === 'scheduled' && Date.parse(e.startsAt) <= now
}

/** Whether its planned start has passed. */
export function begun(e: Episode, now = Date.now()): boolean {
  return Date.parse(e.startsAt) <= now
}
