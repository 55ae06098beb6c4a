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
