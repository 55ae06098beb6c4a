// Desktop keyboard shortcuts, as video sites have them: space, arrows, f, m, c. Keys meant for a focused control
// (space on a button, arrows on the scrub bar, typing in a field) are left to that control.

export interface KeyActions {
  toggle(): void
  skip(seconds: number): void
  volume(delta: number): void
  fullscreen(): void
  mute(): void
  captions(): void
}

export const SKIP_SECONDS = 5

export function playerKeys(actions: KeyActions): (e: KeyboardEvent) => void {
  return e => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return
    const el = e.target as HTMLElement | null
    const tag = el?.tagName ?? ''
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || el?.isContentEditable) return
    const onControl = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY'
    const act: Record<string, () => void> = {
      ' ': actions.toggle,
      ArrowLeft: () => actions.skip(-SKIP_SECONDS),
      ArrowRight: () => actions.skip(SKIP_SECONDS),
      ArrowUp: () => actions.volume(0.1),
      ArrowDown: () => actions.volume(-0.1),
      f: actions.fullscreen, F: actions.fullscreen,
      m: actions.mute, M: actions.mute,
      c: actions.captions, C: actions.captions,
    }
    if (e.key === ' ' && onControl) return
    const run = act[e.key]
    if (!run) return
    e.preventDefault()
    run()
  }
}
