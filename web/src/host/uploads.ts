// Recording uploads that survive a dropped connection and a reload: the resumable API (POST
// /api/episodes/{id}/uploads, then PUT /api/uploads/{id} chunks with Content-Range at the server's offset).
//
// - Chunks start small (256 KiB, for a weak phone uplink) and grow towards about 8 seconds each (at most 32 MiB);
//   a failure halves them.
// - A dropped chunk is not an error to show and retry by hand: the upload waits (1, 2, 4 … 30 s, or until the
//   browser says it is online again), asks the server where it stands (GET /api/uploads/{id}: the bytes that arrived
//   are kept, even of a chunk cut halfway) and goes on from there.
// - The upload id and the file's identity (name, size, lastModified) are kept in localStorage per episode. A page
//   cannot reopen a file by itself, so after a reload the desk lists what is unfinished and asks for the same file;
//   picked again, it resumes from the server's offset. Another file starts afresh.
// - While bytes are on their way, leaving or reloading the page asks first (beforeunload).
// The state lives in this module, not in a component, so an upload carries on while the host moves around the desk.
import { computed, reactive } from 'vue'
import { ApiError } from '../api'
import { putChunk, staffApi, type UploadState } from '../staff/staffApi'

const KEY = 'lianxin.uploads'
const MIN_CHUNK = 256 * 1024
const MAX_CHUNK = 32 * 1024 * 1024
const TARGET_MS = 8000
const WAITS = [1000, 2000, 4000, 8000, 15000, 30000]

/** What localStorage keeps of an unfinished upload. */
interface Kept { uploadId: string; episodeId: number; name: string; size: number; lastModified: number; label: string }

export type Phase = 'needFile' | 'opening' | 'sending' | 'retrying' | 'done' | 'failed'

export interface Upload {
  episodeId: number
  /** The episode as the host reads it (第N期 title), for the list of unfinished uploads. */
  label: string
  uploadId: string | null
  name: string
  size: number
  lastModified: number
  /** Bytes the server holds, plus the current chunk's bytes sent so far. */
  sent: number
  phase: Phase
  /** Failed attempts in a row (shown while retrying). */
  tries: number
  error: unknown
  /** The recording the finished file became. */
  recordingId: number | null
}

/** Every upload of this visit (and those left unfinished before a reload), by episode. */
export const uploads = reactive(new Map<number, Upload>())

const ACTIVE: Phase[] = ['opening', 'sending', 'retrying']
export const isActive = (u: Upload | undefined): boolean => !!u && ACTIVE.includes(u.phase)
/** Whether bytes are on their way (or waiting to be): leaving the page now would stop them. */
export const running = computed(() => [...uploads.values()].some(isActive))

const finishedListeners = new Set<(u: Upload) => void>()
/** Called when an upload has become a recording. */
export function onFinished(f: (u: Upload) => void): () => void {
  finishedListeners.add(f)
  return () => finishedListeners.delete(f)
}

export function sameFile(u: { name: string; size: number; lastModified: number }, f: File): boolean {
  return u.name === f.name && u.size === f.size && u.lastModified === f.lastModified
}

function kept(): Kept[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(v) ? v : []
  } catch {
    return []
  }
}

function keep(list: Kept[]) {
  if (list.length) localStorage.setItem(KEY, JSON.stringify(list))
  else localStorage.removeItem(KEY)
}

function remember(u: Upload) {
  if (!u.uploadId) return
  keep([...kept().filter(k => k.episodeId !== u.episodeId), { uploadId: u.uploadId, episodeId: u.episodeId, name: u.name,
    size: u.size, lastModified: u.lastModified, label: u.label }])
}

function forget(episodeId: number) {
  keep(kept().filter(k => k.episodeId !== episodeId))
}

/**
 * After a reload: the uploads this browser left unfinished, each with the bytes the server holds, waiting for the
 * host to pick the file again. Finished ones (another tab completed them) and expired ones are forgotten.
 */
export async function restore(): Promise<void> {
  await Promise.all(kept().map(async k => {
    if (uploads.has(k.episodeId)) return
    const u: Upload = { ...k, sent: 0, phase: 'needFile', tries: 0, error: null, recordingId: null }
    try {
      const state = await staffApi.uploadState(k.uploadId)
      if (state.recordingId) {
        forget(k.episodeId)
        return
      }
      u.sent = state.offset
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 410)) {
        forget(k.episodeId)
        if (e.status === 410) uploads.set(k.episodeId, { ...u, uploadId: null, phase: 'failed', error: e })
        return
      }
      // Unreachable just now: keep it; the offset is asked again when the file is picked.
    }
    uploads.set(k.episodeId, u)
  }))
}

/**
 * Uploads file as the episode's recording. An unfinished upload of the same file (name, size, lastModified) for the
 * episode resumes where the server stands; any other file starts a new upload.
 */
export function begin(episodeId: number, label: string, file: File): void {
  const before = uploads.get(episodeId)
  if (isActive(before)) return
  const resume = before?.uploadId && before.phase !== 'done' && sameFile(before, file) ? before : null
  if (!resume) forget(episodeId)
  uploads.set(episodeId, {
    episodeId, label, uploadId: resume?.uploadId ?? null, name: file.name, size: file.size, lastModified: file.lastModified,
    sent: resume?.sent ?? 0, phase: 'opening', tries: 0, error: null, recordingId: null,
  })
  // The map hands out the reactive object, so the page follows every change made to it.
  void send(uploads.get(episodeId)!, file, !!resume)
}

/** Waits ms, or less if the browser comes back online meanwhile. */
function pause(ms: number): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer)
      window.removeEventListener('online', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    window.addEventListener('online', done)
  })
}

function finish(u: Upload, recordingId: number) {
  u.phase = 'done'
  u.sent = u.size
  u.recordingId = recordingId
  u.error = null
  forget(u.episodeId)
  finishedListeners.forEach(f => f(u))
}

async function send(u: Upload, file: File, resuming: boolean): Promise<void> {
  let chunk = MIN_CHUNK
  // Whether u.sent is what the server holds; after any failure it is asked again before the next chunk.
  let known = !resuming
  let confirmed = u.sent
  for (;;) {
    try {
      if (!u.uploadId) {
        u.phase = 'opening'
        const opened = await staffApi.openUpload(u.episodeId, file.size, file.name)
        u.uploadId = opened.uploadId
        u.sent = confirmed = opened.offset
        known = true
        remember(u)
      }
      if (!known) {
        const state = await staffApi.uploadState(u.uploadId)
        if (state.recordingId) return finish(u, state.recordingId)
        // A cut chunk may still hold the upload for a moment, until the server notices the connection is gone.
        if (state.receiving) throw new ApiError(409, 'receiving', '')
        u.sent = confirmed = state.offset
        known = true
      }
      u.phase = 'sending'
      const start = confirmed
      const end = Math.min(file.size, start + chunk)
      const began = performance.now()
      const answer = await putChunk(u.uploadId, file, start, end, file.size, b => { u.sent = start + b })
      if ('status' in answer) return finish(u, answer.id)
      u.sent = confirmed = (answer as UploadState).offset
      u.tries = 0
      u.error = null
      const took = Math.max(1, performance.now() - began)
      chunk = Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, chunk * 4, Math.round((chunk * TARGET_MS) / took)))
    } catch (e) {
      u.sent = confirmed
      known = false
      if (e instanceof ApiError) {
        const offset = e.details?.offset
        const recordingId = e.details?.recordingId
        if (e.status === 409 && typeof recordingId === 'number') return finish(u, recordingId)
        if (e.status === 409 && typeof offset === 'number') {
          // The server holds a different number of bytes than this page thought: go on from there at once.
          u.sent = confirmed = offset
          known = true
          continue
        }
        if (e.status === 404 || e.status === 410) {
          // Expired (no chunk for UPLOAD_EXPIRY) or gone: what had arrived is deleted; the host starts again.
          forget(u.episodeId)
          u.uploadId = null
          u.phase = 'failed'
          u.error = e
          return
        }
        if (e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 409 && e.status !== 429) {
          // Signed out, not allowed, too large…: waiting does not mend these.
          u.phase = 'failed'
          u.error = e
          return
        }
      }
      // The connection dropped (or the server is busy): wait, then ask where to go on from.
      u.phase = 'retrying'
      u.tries++
      u.error = e
      chunk = Math.max(MIN_CHUNK, Math.floor(chunk / 2))
      await pause(WAITS[Math.min(u.tries - 1, WAITS.length - 1)])
    }
  }
}

if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', e => {
    if (!running.value) return
    // The browser shows its own words; leaving would stop the upload (it can be resumed, but only by picking the
    // file again).
    e.preventDefault()
    e.returnValue = ''
  })
}
