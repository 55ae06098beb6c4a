// Starting at a second where the browser plays HLS itself (no Media Source Extensions: iPhones before iOS 17.1,
// some in-app browsers). Such an element cannot seek before it knows the duration, and Safari drops a seek made
// before the stream is seekable, so the wanted second is set on loadedmetadata and checked again once the element
// can play, before the first picture. where() is read each time: a chapter tapped while loading wins over ?t=.

/** Seeks {@code v} to where() as soon as it can; returns a function that stops trying. */
export function startWhenReady(v: HTMLMediaElement, where: () => number): () => void {
  const events = ['loadedmetadata', 'canplay', 'playing'] as const
  const stop = () => events.forEach(e => v.removeEventListener(e, apply))
  function apply(e: Event) {
    const at = where()
    if (!(at > 0)) return stop()
    // Close enough: a keyframe before the second is where the browser lands.
    if (Math.abs(v.currentTime - at) > 0.5) v.currentTime = at
    else if (e.type !== 'loadedmetadata') stop()
    if (e.type === 'playing') stop()
  }
  events.forEach(e => v.addEventListener(e, apply))
  return stop
}
