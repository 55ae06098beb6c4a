// Who is signed in, shared by the header and the host pages. Residents never sign in; /api/me answers 401 then.
import { ref } from 'vue'
import { api, ApiError } from './api'
import { router } from './router'
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

/** The signed-in user, or null after sending the browser to sign in first and come back to {@code next}. */
export async function signedInOrAway(next: string): Promise<User | null> {
  const user = await loadMe()
  if (!user) await router.replace({ path: '/signin', query: { next } })
  return user
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
