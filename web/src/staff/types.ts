// What the staff tools (host desk, dashboard) read from the API (see /api/openapi.json).
import type { Episode, Room } from '../types'

export interface RoomDetail extends Room {
  platforms: { platform: string; account: string }[]
}

export interface Conflict {
  id: number
  title: string
  startsAt: string
  endsAt: string
  roomId: number
  roomName: string
  reason: 'room' | 'people'
  people: string[]
  slot: number
  slotStartsAt: string
}

/** One number a write would change (a 409 renumber) or changed (a confirmed write). */
export interface Renumbered { episodeId: number; from: number; to: number }

export interface PersonRow { id: number; name: string }

export interface SeriesResult { seriesId?: number; episodes: (Episode & { conflicts?: Conflict[] })[]; dryRun?: boolean; conflicts?: Conflict[]; renumbered?: Renumbered[] }

export interface Recording {
  id: number
  episodeId?: number
  status: string
  stage?: string | null
  percent?: number | null
  etaSeconds?: number | null
  error?: string | null
}

export interface EpisodeMetrics { totals?: Record<string, number | null>; platforms?: Record<string, unknown>[] }

export interface ImportError { line: number; field: string; message: string }
export interface ImportResult { imported: number; errors: ImportError[]; ignoredColumns?: string[] }

export interface OrgNode { id: number; name: string; kind: string; parentId: number | null; children: OrgNode[] }

export interface Figures {
  /** 民生问答 asked in the period (see QuestionStats.java). */
  questions?: { received: number; approved: number; answered: number; open: number; pending: number; medianDaysToAnswer: number | null }
  rooms: number
  activeRooms: number
  episodesAired: number
  episodesWithMetrics: number
  hoursAired: number
  /** null: none of the accounts has a reading (shown as —, not 0). */
  followers: number | null
  followersLabel: string | null
  followerGrowth: number | null
  followerGrowthLabel: string | null
  views: number
  viewsLabel: string
  /** null: no episode reported views (views is then 0, shown as —). */
  avgViews: number | null
  replayViews: number
  replayWatchHours: number
  /** Devices that watched in Lianxin's own live player, per episode, added up (first-party, like replayViews). */
  liveViewers: number
  liveViewersLabel: string
  likes: number
  comments: number
  shares: number
  engagementRate: number | null
}

/** By room only, all time: the room page's 已播 N 期 = episodesRecorded + episodesBefore. */
export interface Aired { episodeOffset: number; episodesRecorded: number; episodesBefore: number; episodeCount: number }

export interface Group extends Figures, Partial<Aired> { key: string | null; label: string; rank?: number }

export interface TopEpisode {
  id: number; title: string; numberLabel: string | null; roomId: number; roomName: string; columnName: string | null
  views: number; viewsLabel: string; replayViews: number; startsAt: string; engagementRate: number | null
}

export interface Overview {
  orgId: number | null; orgName: string | null; from: string | null; to: string | null; groupBy: string
  totals: Figures; groups: Group[]; topEpisodes: TopEpisode[]; aired?: Aired
  /** 民生问答's oldest open questions in the subtree (see QuestionStats.java). */
  oldestOpenQuestions?: { id: number; text: string; votes: number; days: number; roomName: string; columnName: string | null }[]
}

/** GET /api/stats/followers: a scope's followers, each account carried forward (see FollowerTrend.java). */
export interface FollowerTrend {
  orgId: number | null; from: string; to: string; interval: 'day' | 'week' | 'month'; accounts: number
  start: number | null; startLabel: string | null; end: number | null; endLabel: string | null
  growth: number | null; growthLabel: string | null
  points: { day: string | null; start?: boolean; total: number | null; totalLabel: string | null }[]
}

export interface FollowerSeries {
  roomId: number; interval: string; from: string; to: string
  points: { at: string; total: number | null }[]
}
