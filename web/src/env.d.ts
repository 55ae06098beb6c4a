/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
// hls.js ships the light build (no alternate audio, subtitles or DRM: the archive has none) without its own types.
declare module 'hls.js/light' {
  import Hls from 'hls.js'
  export default Hls
}
