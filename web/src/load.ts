import { ref, type Ref } from 'vue'

/** One request's state for a page section: its data, whether it is loading, and the error to show beside it. */
export function useLoad<T>(fetcher: () => Promise<T>): { data: Ref<T | null>; loading: Ref<boolean>; error: Ref<unknown>; reload: () => Promise<void> } {
  const data = ref<T | null>(null) as Ref<T | null>
  const loading = ref(true)
  const error = ref<unknown>(null)
  async function reload() {
    loading.value = true
    error.value = null
    try {
      data.value = await fetcher()
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  }
  void reload()
  return { data, loading, error, reload }
}

/** A form's action: whether it is under way (its buttons wait) and the error to show beside it. */
export function useAction(): { busy: Ref<boolean>; error: Ref<unknown>; run: (work: () => Promise<void>) => Promise<void> } {
  const busy = ref(false)
  const error = ref<unknown>(null)
  async function run(work: () => Promise<void>) {
    busy.value = true
    error.value = null
    try {
      await work()
    } catch (e) {
      error.value = e
    } finally {
      busy.value = false
    }
  }
  return { busy, error, run }
}
