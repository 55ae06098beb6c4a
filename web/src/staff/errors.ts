// How the staff tools' forms place an API refusal: under the field it names, as a list of clashes, or at the bottom.
import { ApiError } from '../api'
import type { Conflict, Renumbered } from './types'

/** The error to show at the bottom of a form: anything not already shown under one of its fields or as a clash. */
export function formLevel(e: unknown, fields: string[], showsConflicts = true): unknown {
  if (!e) return null
  if (e instanceof ApiError && e.field && fields.includes(e.field)) return null
  if (showsConflicts && conflictsOf(e).length) return null
  if (renumberOf(e).length) return null
  return e
}

/** aria-describedby for an input whose field the error names. */
export function describedBy(e: unknown, field: string, id: string): string | undefined {
  return e instanceof ApiError && e.field === field ? id : undefined
}

/** The clashing rows a 409 carries, or none. */
export function conflictsOf(e: unknown): Conflict[] {
  if (!(e instanceof ApiError) || e.status !== 409) return []
  const c = e.details?.conflicts
  return Array.isArray(c) ? (c as Conflict[]) : []
}

/** The numbers a refused write would have changed (409 renumber), or none. */
export function renumberOf(e: unknown): Renumbered[] {
  if (!(e instanceof ApiError) || e.status !== 409 || e.code !== 'renumber') return []
  const r = e.details?.renumbered
  return Array.isArray(r) ? (r as Renumbered[]) : []
}
