// The staff tools' calls (host desk and dashboard), on api.ts's client. Kept out of api.ts so resident pages never
// load them.
import { query, request, sendText, upload, type Params } from '../api'
import type { Episode, Page, Room } from '../types'
import type { EpisodeMetrics, FollowerSeries, FollowerTrend, ImportResult, OrgNode, Overview, Recording, RoomDetail, SeriesResult } from './types'

/** Uploads a recording, reporting the bytes sent; resolves with the 202 body {id, status}. */
export function uploadRecording(episodeId: number, file: File, onBytes: (sent: number, total: number) => void): Promise<Recording> {
  // A raw body typed by the file: the server streams it to disk and hashes it on the way.
  const type = file.type && /^(video|audio)\//.test(file.type) ? file.type : 'video/mp4'
  return upload<Recording>(`/api/episodes/${episodeId}/recordings`, file, type, onBytes)
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
  followerTrend: (p: Params) => request<FollowerTrend>('GET', `/api/stats/followers${query(p)}`),
  followers: (roomId: number, p: Params) => request<FollowerSeries>('GET', `/api/rooms/${roomId}/followers${query(p)}`),
}
