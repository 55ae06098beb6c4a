// The host desk's own view of the API's rows.
import type { Episode } from '../types'
import type { Renumbered } from '../staff/types'

export type { PersonRow, Renumbered } from '../staff/types'

export interface HostEpisode extends Episode {
  seriesId?: number | null
  revision?: number
  /** Write answers only: the numbers this (confirmed) change moved. */
  renumbered?: Renumbered[]
}
