// Who is signed in, shared by the header and the host pages. Residents never sign in; /api/me answers 401 then.
import { ref } from 'vue'
import { api, ApiError } from './api'
import { router } from './router'
import type { User } from './types'

export const me = ref<User | null>(null)
let asking: Promise<User | null> | null = null

/**
 * Asks the server once, only when a page needs to know (resident pages never do: no 401 in their console); callers
 * at the same moment share the one request.
 */
export function loadMe(): Promise<User | null> {
  asking ??= api.me().then(r => (me.value = r.user), e => {
    if (!(e instanceof ApiError) || e.status !== 401) {
      asking = null
      throw e
    }
    return (me.value = null)
  })
  return asking
}

/** Whether this browser may be signed in: the session's CSRF cookie (readable, unlike the session's) is there. */
export function maybeSignedIn(): boolean {
  return /(?:^|;\s*)lianxin_csrf=/.test(document.cookie)
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
  asking = Promise.resolve(user)
  return user
}

export async function signOut(): Promise<void> {
  await api.signOut()
  me.value = null
  asking = Promise.resolve(null)
}
