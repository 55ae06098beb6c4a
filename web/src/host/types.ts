// The host desk's own view of the API's rows.
import type { Episode } from '../types'

export interface HostEpisode extends Episode {
  seriesId?: number | null
  revision?: number
}
