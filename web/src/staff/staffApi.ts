// The staff tools' calls (host desk and dashboard), on api.ts's client. Kept out of api.ts so resident pages never
// load them.
import { query, request, sendBlob, sendText, type Params } from '../api'
import type { Episode, Page, Room } from '../types'
import type { EpisodeMetrics, PersonRow, FollowerSeries, FollowerTrend, ImportResult, OrgNode, Overview, Recording, RoomDetail, SeriesResult } from './types'

/** A resumable upload as the server reports it (POST /api/episodes/{id}/uploads, GET /api/uploads/{id}). */
export interface UploadState { uploadId: string; episodeId: number; size: number; offset: number; recordingId: number | null; receiving?: boolean }

/** The answer to a chunk: the new offset, or (after the last byte) the recording made from the file. */
export type ChunkAnswer = UploadState | (Recording & { uploadId: string; bytes: number })

/** One chunk of a resumable upload at [start, end) of the file, reporting the bytes of this chunk sent. */
export function putChunk(uploadId: string, file: Blob, start: number, end: number, size: number,
                         onBytes: (sent: number) => void, signal?: AbortSignal): Promise<ChunkAnswer> {
  return sendBlob<ChunkAnswer>('PUT', `/api/uploads/${uploadId}`, file.slice(start, end), 'application/octet-stream', {
    headers: { 'Content-Range': `bytes ${start}-${end - 1}/${size}` }, onBytes: s => onBytes(s), signal,
  })
}

export const staffApi = {
  rooms: (orgId?: number | null) => request<Page<Room>>('GET', `/api/rooms${query({ orgId, limit: 500 })}`),
  room: (id: number) => request<RoomDetail>('GET', `/api/rooms/${id}`),
  week: (roomId: number, from: string, to: string) =>
    request<Page<Episode>>('GET', `/api/episodes${query({ roomId, from, to, limit: 200 })}`),
  episode: (id: number) => request<Episode>('GET', `/api/episodes/${id}`),
  createEpisode: (roomId: number, body: Record<string, unknown>) => request<Episode>('POST', `/api/rooms/${roomId}/episodes`, body),
  updateEpisode: (id: number, body: Record<string, unknown>) => request<Episode>('PATCH', `/api/episodes/${id}`, body),
  createSeries: (roomId: number, body: Record<string, unknown>) => request<SeriesResult>('POST', `/api/rooms/${roomId}/series`, body),
  start: (id: number) => request<Episode>('POST', `/api/episodes/${id}/start`, {}),
  end: (id: number) => request<Episode>('POST', `/api/episodes/${id}/end`, {}),
  cancel: (id: number, reason: string, scope: string, confirmRenumber = false) =>
    request<Episode>('POST', `/api/episodes/${id}/cancel`, { reason, scope, confirmRenumber }),
  notAired: (id: number, reason: string, confirmRenumber = false) =>
    request<Episode>('POST', `/api/episodes/${id}/not-aired`, { reason, confirmRenumber }),
  people: (cursor?: string | null) => request<Page<PersonRow>>('GET', `/api/people${query({ limit: 500, cursor })}`),
  addPerson: (name: string) => request<PersonRow>('POST', '/api/people', { name }),
  openUpload: (episodeId: number, size: number, name: string) =>
    request<UploadState>('POST', `/api/episodes/${episodeId}/uploads`, { size, name }),
  uploadState: (uploadId: string) => request<UploadState>('GET', `/api/uploads/${uploadId}`),
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
