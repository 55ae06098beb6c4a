// The hosts and guests a booking can name (GET /api/people, every page), asked once per visit to the desk.
import { ref } from 'vue'
import { staffApi } from '../staff/staffApi'
import type { PersonRow } from './types'

export const people = ref<PersonRow[]>([])
let loading: Promise<void> | null = null

/** Loads the list once; a failure lets the next caller try again. */
export function loadPeople(): Promise<void> {
  loading ??= (async () => {
    const all: PersonRow[] = []
    let cursor: string | null | undefined = null
    do {
      const page = await staffApi.people(cursor)
      all.push(...page.items)
      cursor = page.next
    } while (cursor)
    people.value = all.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  })().catch(e => { loading = null; throw e })
  return loading
}

/** Adds someone to the list (POST /api/people) and returns them. */
export async function addPerson(name: string): Promise<PersonRow> {
  const p = await staffApi.addPerson(name)
  people.value = [...people.value, p].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  return p
}

export function nameOf(id: number): string {
  return people.value.find(p => p.id === id)?.name ?? `#${id}`
}
