// The staff tools' dictionaries. The host desk and the dashboard each keep their own words (Chinese first), typed like
// i18n.ts and on its language switch, so the resident pages' bundle never carries them and a missing English key is
// a compile error.
import { lang } from '../i18n'

type Fill = Record<string, string | number>

export interface Words<K extends string> {
  /** The string for key in the current language, with {name} placeholders filled in. */
  w(key: K, params?: Fill): string
  /** The string in a given language (a clash is explained in both, whatever the switch says). */
  wIn(l: string, key: K, params?: Fill): string
  /** A key that may not exist (a stage or platform code from the server): its word, or the code itself. */
  wOr(key: string, fallback: string): string
}

export function dictionary<K extends string>(zh: Record<K, string>, en: Record<K, string>): Words<K> {
  const wIn = (l: string, key: K, params: Fill = {}) =>
    (l === 'en' ? en : zh)[key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''))
  return {
    w: (key, params) => wIn(lang.value, key, params),
    wIn,
    wOr: (key, fallback) => key in zh ? wIn(lang.value, key as K) : fallback,
  }
}
