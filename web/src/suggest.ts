// Suggestions as a resident types, made for weak phone connections: one request per pause in typing (not per key),
// never one for a prefix already asked, the older request aborted when a newer one starts, and an answer that
// arrives for a prefix no longer in the box thrown away. Pinyin input sends nothing until a character is chosen.
import { ref } from 'vue'
import { api } from './api'
import type { Suggestion } from './types'

/** Pause in typing before asking, in milliseconds. */
export const DEBOUNCE = 200
/** The server refuses longer prefixes; a resident who typed this much wants results, not suggestions. */
const MAX_CHARS = 20
/** Prefixes remembered for this page (backspacing asks nothing again). */
const REMEMBERED = 50

export function useSuggestions() {
  const items = ref<Suggestion[]>([])
  /** The prefix the shown items are for ('' when nothing is shown). */
  const shownFor = ref('')
  const answers = new Map<string, Suggestion[]>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let inflight: AbortController | null = null
  let wanted = ''

  function cancel() {
    clearTimeout(timer)
    timer = undefined
    inflight?.abort()
    inflight = null
  }

  function show(prefix: string, list: Suggestion[]) {
    shownFor.value = list.length ? prefix : ''
    items.value = list
  }

  /**
   * Asks for {@code read()}'s prefix after the pause; read at that moment, so the latest text counts. Meanwhile the
   * list keeps only the suggestions that still contain what is typed: on a slow link none stays for words no longer
   * in the box.
   */
  function schedule(read: () => string) {
    narrow(read().trim())
    clearTimeout(timer)
    timer = setTimeout(() => void ask(read()), DEBOUNCE)
  }

  function narrow(prefix: string) {
    if (!items.value.length || prefix === shownFor.value) return
    const needle = prefix.toLowerCase()
    show(prefix, items.value.filter(s => s.text.toLowerCase().includes(needle)))
  }

  async function ask(raw: string) {
    const prefix = raw.trim()
    if (prefix === wanted && (inflight || answers.has(prefix))) {
      if (!inflight) show(prefix, answers.get(prefix) ?? [])
      return
    }
    wanted = prefix
    inflight?.abort()
    inflight = null
    if (!prefix || [...prefix].length > MAX_CHARS) return show('', [])
    const known = answers.get(prefix)
    if (known) return show(prefix, known)
    const controller = new AbortController()
    inflight = controller
    try {
      const answer = await api.suggest(prefix, controller.signal)
      remember(prefix, answer.items)
      if (wanted === prefix) show(prefix, answer.items)
    } catch {
      // Suggestions are a help, not the search: a failed or abandoned one leaves the box as it is.
    } finally {
      if (inflight === controller) inflight = null
    }
  }

  function remember(prefix: string, list: Suggestion[]) {
    answers.delete(prefix)
    answers.set(prefix, list)
    if (answers.size > REMEMBERED) answers.delete(answers.keys().next().value as string)
  }

  /** Hides the list and forgets what was wanted, so the same prefix typed again shows it again (from memory). */
  function clear() {
    cancel()
    wanted = ''
    show('', [])
  }

  return { items, shownFor, schedule, cancel, clear }
}
