// A small typed client for the Lianxin API. Browsers sign in with the session cookie (HttpOnly, set by
// POST /api/session); writes echo the lianxin_csrf cookie in X-CSRF-Token, as the server requires.
import type { Episode, Page, Room, SearchResult, Suggestion, User } from './types'

/** An API refusal, carrying the server's message (Chinese, then English) and the field it names. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string,
              readonly details: Record<string, unknown> | null = null) {
    super(message)
  }
  get field(): string | undefined {
    const f = this.details?.field
    return typeof f === 'string' ? f : undefined
  }
}

const NETWORK = '网络连接失败，请检查网络后重试。Could not reach the server; check the connection and try again.'

function csrfToken(): string | null {
  const m = document.cookie.match(/(?:^|;\s*)lianxin_csrf=([^;]+)/)
  return m ? decodeURIComponent(m[1]) : null
}

export async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET') {
    const csrf = csrfToken()
    if (csrf) headers['X-CSRF-Token'] = csrf
  }
  let res: Response
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', signal,
      body: body === undefined ? undefined : JSON.stringify(body) })
  } catch (e) {
    if (signal?.aborted) throw e // the caller gave up on it: not a network failure to show
    throw new ApiError(0, 'network', NETWORK)
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let json: unknown = null
  try { json = text ? JSON.parse(text) : null } catch { /* not JSON: reported below */ }
  if (!res.ok) {
    const e = (json ?? {}) as { error?: string; message?: string; details?: Record<string, unknown> }
    throw new ApiError(res.status, e.error ?? 'http', e.message ?? `服务器返回 ${res.status}。The server answered ${res.status}.`,
      e.details ?? null)
  }
  return json as T
}

export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? '?' + s : ''
}

export const api = {
  rooms: () => request<Page<Room>>('GET', '/api/rooms'),
  room: (id: number) => request<Room>('GET', `/api/rooms/${id}`),
  upcoming: (roomId: number, limit = 3) => request<Page<Episode>>('GET', `/api/rooms/${roomId}/upcoming${query({ limit })}`),
  episodes: (p: Record<string, string | number | null | undefined>) => request<Page<Episode>>('GET', `/api/episodes${query(p)}`),
  episode: (id: number) => request<Episode>('GET', `/api/episodes/${id}`),
  search: (p: Record<string, string | number | null | undefined>) => request<SearchResult>('GET', `/api/search${query(p)}`),
  suggest: (q: string, signal?: AbortSignal) =>
    request<{ items: Suggestion[] }>('GET', `/api/suggest${query({ q })}`, undefined, signal),
  me: () => request<{ user: User }>('GET', '/api/me'),
  signIn: (username: string, password: string) => request<{ user: User }>('POST', '/api/session', { username, password }),
  signOut: () => request<void>('DELETE', '/api/session'),
}

/** Replay beacon: fetch while the page lives, sendBeacon when it is going away (pagehide). */
export function sendPlay(episodeId: number, beacon: { sessionId: string; position: number; watchedSeconds: number },
                         leaving = false): void {
  const url = `/api/episodes/${episodeId}/plays`
  const body = JSON.stringify(beacon)
  if (leaving && navigator.sendBeacon) {
    navigator.sendBeacon(url, new Blob([body], { type: 'application/json' }))
    return
  }
  request<void>('POST', url, beacon).catch(() => { /* a lost beacon only lowers a count; the next one carries on */ })
}
