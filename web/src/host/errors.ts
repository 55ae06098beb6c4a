import { ApiError } from '../api'

/** The error to show at the bottom of a form: anything not already shown under one of its fields or as a clash. */
export function formLevel(e: unknown, fields: string[], showsConflicts = true): unknown {
  if (!e) return null
  if (e instanceof ApiError && e.field && fields.includes(e.field)) return null
  if (showsConflicts && e instanceof ApiError && e.status === 409 && Array.isArray(e.details?.conflicts) && (e.details!.conflicts as unknown[]).length) return null
  return e
}

/** aria-describedby for an input whose field the error names. */
export function describedBy(e: unknown, field: string, id: string): string | undefined {
  return e instanceof ApiError && e.field === field ? id : undefined
}
