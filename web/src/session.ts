// Who is signed in, shared by the header and the host pages. Residents never sign in; /api/me answers 401 then.
import { ref } from 'vue'
import { api, ApiError } from './api'
import type { User } from './types'

export const me = ref<User | null>(null)
let asked = false

/** Asks the server once, only when a page needs to know (resident pages never do: no 401 in their console). */
export async function loadMe(): Promise<User | null> {
  if (asked) return me.value
  asked = true
  try {
    me.value = (await api.me()).user
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e
    me.value = null
  }
  return me.value
}

export async function signIn(username: string, password: string): Promise<User> {
  const { user } = await api.signIn(username, password)
  me.value = user
  asked = true
  return user
}

export async function signOut(): Promise<void> {
  await api.signOut()
  me.value = null
}
