// The one client for the Lianxin API: every call, the residents' here and the staff tools' (staff/staffApi.ts), goes
// through send() or upload(), which share the headers and how a refusal becomes an ApiError. Browsers sign in with the
// session cookie (HttpOnly, set by POST /api/session); writes echo the lianxin_csrf cookie in X-CSRF-Token.
import { lang, t } from './i18n'
import type { Episode, Page, Room, SearchResult, Suggestion, User } from './types'

/**
 * An API refusal, carrying the server's message (in the language this page asked for, one only) and the field it
 * names; or, when no answer came, the client's own message in the chosen language.
 */
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

export type Params = Record<string, string | number | null | undefined>

/**
 * The headers of every call: JSON answers in the page's language (the server's messages and stored reasons follow
 * Accept-Language), and on writes the lianxin_csrf cookie echoed as the server requires.
 */
function headers(method: string, contentType?: string): Record<string, string> {
  const h: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang.value }
  if (contentType) h['Content-Type'] = contentType
  const csrf = method === 'GET' ? null : document.cookie.match(/(?:^|;\s*)lianxin_csrf=([^;]+)/)
  if (csrf) h['X-CSRF-Token'] = decodeURIComponent(csrf[1])
  return h
}

/** The refusal an error body describes; the clashes (409) and an import's report (422) also come at its top level. */
function refusal(status: number, text: string): ApiError {
  let e: { error?: string; message?: string; details?: Record<string, unknown>; errors?: unknown; conflicts?: unknown } = {}
  try { e = (text && JSON.parse(text)) || {} } catch { /* not JSON: the status says it */ }
  const details = { ...e.details }
  if (e.errors !== undefined) details.errors = e.errors
  if (e.conflicts !== undefined) details.conflicts = e.conflicts
  return new ApiError(status, e.error ?? 'http', e.message ?? t('serverAnswered', { status }), details)
}

async function send<T>(method: string, path: string, body?: string, contentType?: string, signal?: AbortSignal): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, { method, headers: headers(method, contentType), body, credentials: 'same-origin', signal })
  } catch (e) {
    if (signal?.aborted) throw e // the caller gave up on it: not a network failure to show
    throw new ApiError(0, 'network', t('networkFailed'))
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  if (!res.ok) throw refusal(res.status, text)
  try { return (text ? JSON.parse(text) : null) as T } catch { return null as T }
}

/** A call with a JSON body (or none). */
export function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  return body === undefined ? send<T>(method, path, undefined, undefined, signal)
    : send<T>(method, path, JSON.stringify(body), 'application/json', signal)
}

/** A call with a text body of another type (CSV, WebVTT, SRT). */
export function sendText<T>(method: string, path: string, body: string, contentType: string): Promise<T> {
  return send<T>(method, path, body, contentType)
}

/**
 * A file (or part of one) sent with XMLHttpRequest, whose upload.onprogress reports the bytes sent (fetch cannot);
 * the same headers and refusals as the other calls. An aborted send rejects with the signal's reason.
 */
export function sendBlob<T>(method: string, path: string, body: Blob, contentType: string,
                            opts: { headers?: Record<string, string>; onBytes?: (sent: number, total: number) => void; signal?: AbortSignal } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, path)
    for (const [k, v] of Object.entries({ ...headers(method, contentType), ...opts.headers })) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = e => opts.onBytes?.(e.loaded, e.lengthComputable ? e.total : body.size)
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) return reject(refusal(xhr.status, xhr.responseText))
      opts.onBytes?.(body.size, body.size)
      try { resolve((xhr.responseText ? JSON.parse(xhr.responseText) : null) as T) } catch (e) { reject(e) }
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', t('uploadBroke')))
    xhr.onabort = () => reject(opts.signal?.reason ?? new DOMException('aborted', 'AbortError'))
    if (opts.signal) {
      if (opts.signal.aborted) { reject(opts.signal.reason); return }
      opts.signal.addEventListener('abort', () => xhr.abort(), { once: true })
    }
    xhr.send(body)
  })
}

/** A POST of a whole file (see sendBlob). */
export function upload<T>(path: string, file: Blob, contentType: string, onBytes: (sent: number, total: number) => void): Promise<T> {
  return sendBlob<T>('POST', path, file, contentType, { onBytes })
}

export function query(params: Params): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? '?' + s : ''
}

export const api = {
  rooms: () => request<Page<Room>>('GET', '/api/rooms'),
  room: (id: number) => request<Room>('GET', `/api/rooms/${id}`),
  upcoming: (roomId: number, limit = 3) => request<Page<Episode>>('GET', `/api/rooms/${roomId}/upcoming${query({ limit })}`),
  episodes: (p: Params) => request<Page<Episode>>('GET', `/api/episodes${query(p)}`),
  episode: (id: number) => request<Episode>('GET', `/api/episodes/${id}`),
  search: (p: Params) => request<SearchResult>('GET', `/api/search${query(p)}`),
  suggest: (q: string, signal?: AbortSignal) =>
    request<{ items: Suggestion[] }>('GET', `/api/suggest${query({ q })}`, undefined, signal),
  me: () => request<{ user: User }>('GET', '/api/me'),
  signIn: (username: string, password: string) => request<{ user: User }>('POST', '/api/session', { username, password }),
  signOut: () => request<void>('DELETE', '/api/session'),
}

/** Replay beacon: fetch while the page lives, sendBeacon when it is going away (pagehide). */
/** A live player's beat (every 30 s while it plays); answers how many watch now, on every node alike. */
export function sendLivePlay(episodeId: number, sessionId: string): Promise<{ watching: number; watchingLabel: string }> {
  return request('POST', `/api/episodes/${episodeId}/live-plays`, { sessionId })
}

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
