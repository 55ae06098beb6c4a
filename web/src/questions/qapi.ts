// 民生问答's calls, and what a resident's device remembers without an account: its device id (for 我也想问 and the
// asking limits) and the questions it asked and voted for.
import { query, request } from '../api'
import type { Page } from '../types'

export interface Answer { episodeId: number; title: string | null; t: number; ms: number; replay: boolean; url: string }

export interface Question {
  id: number
  roomId: number
  roomName: string
  columnId: number | null
  columnName: string | null
  text: string
  nickname: string | null
  status: 'pending' | 'approved' | 'hidden' | 'merged'
  votes: number
  askedAt: string
  episode: { id: number; title: string; numberLabel: string | null; startsAt: string; status: string } | null
  answer: Answer | null
  hideReason?: string | null
  mergedInto?: number | null
}

const DEVICE = 'lianxin.device'
const ASKED = 'lianxin.asked'
const VOTED = 'lianxin.voted'

function stored(key: string): number[] {
  try { return JSON.parse(localStorage.getItem(key) ?? '[]') as number[] } catch { return [] }
}

function remember(key: string, id: number) {
  const ids = stored(key).filter(x => x !== id).concat(id).slice(-200)
  try { localStorage.setItem(key, JSON.stringify(ids)) } catch { /* private mode: forgotten on leaving */ }
}

/** This device's random id, made once and kept. */
export function deviceId(): string {
  let id: string | null = null
  try { id = localStorage.getItem(DEVICE) } catch { /* private mode */ }
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(16))
    id = 'd' + Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('')
    try { localStorage.setItem(DEVICE, id) } catch { /* a new id next time */ }
  }
  return id
}

export const askedHere = (id: number) => stored(ASKED).includes(id)
export const votedHere = (id: number) => stored(VOTED).includes(id)

export const qapi = {
  ask: async (roomId: number, body: { text: string; nickname?: string; columnId?: number | null; episodeId?: number | null }) => {
    const made = await request<{ id: number; status: string }>('POST', `/api/rooms/${roomId}/questions`, { ...body, deviceId: deviceId() })
    remember(ASKED, made.id)
    return made
  },
  vote: async (id: number) => {
    const r = await request<{ votes: number }>('POST', `/api/questions/${id}/votes`, { deviceId: deviceId() })
    remember(VOTED, id)
    return r
  },
  /** A 409 means this device voted already (on another page, before clearing the list): remember it too. */
  votedAlready: (id: number) => remember(VOTED, id),
  list: (roomId: number, status: string, columnId?: number | null) =>
    request<Page<Question>>('GET', `/api/rooms/${roomId}/questions${query({ status, columnId, limit: 100 })}`),
  ofEpisode: (episodeId: number) => request<Page<Question>>('GET', `/api/episodes/${episodeId}/questions`),
  one: (id: number) => request<Question>('GET', `/api/questions/${id}`),
  approve: (id: number) => request<Question>('POST', `/api/questions/${id}/approve`, {}),
  hide: (id: number, reason: string) => request<Question>('POST', `/api/questions/${id}/hide`, { reason }),
  merge: (id: number, intoId: number) => request<Question>('POST', `/api/questions/${id}/merge`, { intoId }),
  assign: (id: number, episodeId: number) => request<Question>('POST', `/api/questions/${id}/assign`, { episodeId }),
  answering: (id: number) => request<Question>('POST', `/api/questions/${id}/answering`, {}),
  setMoment: (id: number, answerAt: number) => request<Question>('PATCH', `/api/questions/${id}`, { answerAt }),
}
