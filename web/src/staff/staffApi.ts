// The staff tools' calls (host desk and dashboard). Kept out of api.ts so resident pages never load them; JSON calls go
// through api.ts's request (session cookie, CSRF header, server messages as ApiError).
import { ApiError, query, request } from '../api'
import type { Episode, Page, Room } from '../types'
import type { EpisodeMetrics, FollowerSeries, ImportResult, OrgNode, Overview, Recording, RoomDetail, SeriesResult } from './types'

export type Params = Record<string, string | number | null | undefined>

function csrf(): string | null {
  const m = document.cookie.match(/(?:^|;\s*)lianxin_csrf=([^;]+)/)
  return m ? decodeURIComponent(m[1]) : null
}

function failure(status: number, text: string): ApiError {
  let e: { error?: string; message?: string; details?: Record<string, unknown>; errors?: unknown; conflicts?: unknown } = {}
  try { e = text ? JSON.parse(text) : {} } catch { /* not JSON */ }
  const details = { ...(e.details ?? {}) } as Record<string, unknown>
  if (e.errors !== undefined) details.errors = e.errors
  if (e.conflicts !== undefined) details.conflicts = e.conflicts
  return new ApiError(status, e.error ?? 'http', e.message ?? `服务器返回 ${status}。The server answered ${status}.`, details)
}

/** A non-JSON body (CSV, WebVTT, SRT) with the same cookie, CSRF header and error handling as request(). */
export async function sendText<T>(method: string, path: string, body: string, contentType: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': contentType }
  const token = csrf()
  if (token) headers['X-CSRF-Token'] = token
  let res: Response
  try {
    res = await fetch(path, { method, headers, body, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试。Could not reach the server; check the connection and try again.')
  }
  const text = await res.text()
  if (!res.ok) throw failure(res.status, text)
  return (text ? JSON.parse(text) : undefined) as T
}

/**
 * Uploads a recording with XMLHttpRequest, whose upload.onprogress reports the bytes sent (fetch cannot).
 * Resolves with the 202 body {id, status}.
 */
export function uploadRecording(episodeId: number, file: File, onBytes: (sent: number, total: number) => void): Promise<Recording> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/episodes/${episodeId}/recordings`)
    xhr.setRequestHeader('Accept', 'application/json')
    // A raw body typed by the file: the server streams it to disk and hashes it on the way.
    xhr.setRequestHeader('Content-Type', file.type && /^(video|audio)\//.test(file.type) ? file.type : 'video/mp4')
    const token = csrf()
    if (token) xhr.setRequestHeader('X-CSRF-Token', token)
    xhr.upload.onprogress = e => onBytes(e.loaded, e.lengthComputable ? e.total : file.size)
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onBytes(file.size, file.size)
        resolve(JSON.parse(xhr.responseText) as Recording)
      } else {
        reject(failure(xhr.status, xhr.responseText))
      }
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', '上传中断，请检查网络后重试。The upload broke off; check the connection and try again.'))
    xhr.send(file)
  })
}

export const staffApi = {
  rooms: (orgId?: number | null) => request<Page<Room>>('GET', `/api/rooms${query({ orgId, limit: 500 })}`),
  room: (id: number) => request<RoomDetail>('GET', `/api/rooms/${id}`),
  week: (roomId: number, from: string, to: string) =>
    request<Page<Episode>>('GET', `/api/episodes${query({ roomId, from, to, limit: 200 })}`),
  createEpisode: (roomId: number, body: Record<string, unknown>) => request<Episode>('POST', `/api/rooms/${roomId}/episodes`, body),
  updateEpisode: (id: number, body: Record<string, unknown>) => request<Episode>('PATCH', `/api/episodes/${id}`, body),
  createSeries: (roomId: number, body: Record<string, unknown>) => request<SeriesResult>('POST', `/api/rooms/${roomId}/series`, body),
  start: (id: number) => request<Episode>('POST', `/api/episodes/${id}/start`, {}),
  end: (id: number) => request<Episode>('POST', `/api/episodes/${id}/end`, {}),
  cancel: (id: number, reason: string, scope: string) => request<Episode>('POST', `/api/episodes/${id}/cancel`, { reason, scope }),
  recording: (id: number) => request<Recording>('GET', `/api/recordings/${id}`),
  chapters: (id: number) =>
    request<{ chapters: { startTime: number; title: string }[]; source: 'host' | 'archive' | 'none' }>('GET', `/api/episodes/${id}/chapters`),
  putChapters: (id: number, chapters: { start: number; title: string }[]) => request<unknown>('PUT', `/api/episodes/${id}/chapters`, chapters),
  putTranscript: (id: number, text: string, srt: boolean) =>
    sendText<{ cues: number }>('PUT', `/api/episodes/${id}/transcript`, text, srt ? 'application/x-subrip' : 'text/vtt'),
  metrics: (id: number) => request<EpisodeMetrics>('GET', `/api/episodes/${id}/metrics`),
  putMetrics: (id: number, body: Record<string, unknown>) => request<EpisodeMetrics>('PUT', `/api/episodes/${id}/metrics`, body),
  importMetrics: (csv: string, platform: string) =>
    sendText<ImportResult>('POST', `/api/metrics/import${query({ platform })}`, csv, 'text/csv'),
  addFollowers: (roomId: number, body: Record<string, unknown>) => request<unknown>('POST', `/api/rooms/${roomId}/followers`, body),
  orgs: () => request<{ items: OrgNode[] }>('GET', '/api/orgs'),
  overview: (p: Params) => request<Overview>('GET', `/api/stats/overview${query(p)}`),
  followers: (roomId: number, p: Params) => request<FollowerSeries>('GET', `/api/rooms/${roomId}/followers${query(p)}`),
}
