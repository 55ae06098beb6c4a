// What the Lianxin API answers (see /api/openapi.json); only the fields the pages read.

export interface Page<T> { items: T[]; next?: string | null }

export interface Column { id: number; name: string }

export interface Room {
  id: number
  name: string
  orgId: number
  orgName: string
  description?: string | null
  timezone: string
  columns: Column[]
  episodeCount: number
  upcomingCount: number
  followers: number | null
  followersLabel: string | null
  platforms?: { platform: string; account: string }[]
}

export interface Person { id: number; name: string; role: 'host' | 'guest' }

export interface ArchiveMedia {
  master: string | null
  audio: string | null
  poster: string | null
  /** Not in search results, which carry only what a result shows and plays. */
  storyboard?: string | null
  chapters?: string | null
}

export interface Archive { recordingId: number; durationSeconds: number | null; kind: string; media: ArchiveMedia }

export type EpisodeStatus = 'scheduled' | 'live' | 'ended' | 'cancelled'

export interface Episode {
  id: number
  roomId: number
  roomName: string
  columnId: number | null
  columnName: string | null
  title: string
  description: string | null
  startsAt: string
  endsAt: string
  timezone: string
  status: EpisodeStatus
  number: number | null
  numberLabel: string | null
  cancelReason: string | null
  hosts?: Person[]
  guests?: Person[]
  /** Whether a replay exists (archive is there). */
  replay?: boolean
  archive: Archive | null
  /** While live through Lianxin's ingest: the live HLS master playlist (a /media URL) and how many watch it now. */
  live?: { hls: string; viewers?: number } | null
  transcript?: boolean
  /** How Lianxin knows it aired (null until it has): the host's word, the clock, a recording or platform numbers. */
  airedBy?: 'host' | 'schedule' | 'recording' | 'metrics' | null
  /** Aired without the host saying so. */
  airedUnconfirmed?: boolean
  /** Until when the host may still say it did not air (ended episodes, for 7 days). */
  notAiredUntil?: string | null
  /** The newest recording whatever its state (queued, processing, archived, failed). */
  recording?: { id: number; status: 'queued' | 'processing' | 'archived' | 'failed'; source: string } | null
}

export interface Cue { start: number; end: number; text: string; highlight?: string | null }

export interface SearchHit {
  type?: 'episode'
  episode: Episode
  score: number
  highlights: { title?: string; description?: string }
  cues: Cue[]
}

/** 民生问答: an approved question holding the words, with its answer's moment once answered. */
export interface QuestionHit {
  type: 'question'
  question: { id: number; text: string; roomId: number; roomName: string; votes: number
    answer: { episodeId: number; title: string | null; t: number; replay: boolean; url: string } | null }
}

export interface SearchResult { items: (SearchHit | QuestionHit)[]; total: number; next?: string | null }

/** What /api/suggest offers for a prefix: a room, a column (with its room) or a frequent word. */
export type Suggestion =
  | { type: 'room'; text: string; roomId: number }
  | { type: 'column'; text: string; columnId: number; roomId: number; roomName: string }
  | { type: 'term'; text: string; episodes: number }

export interface User {
  id: number; username: string; role: string
  /** An official's org unit (admins and hosts: null). */
  orgId?: number | null
  /** The rooms a host works in. */
  roomIds?: number[]
}
