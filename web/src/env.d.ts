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
// m3u8-parser (video.js) ships no types; the archive player reads only these fields of what it parses.
declare module 'm3u8-parser' {
  export interface ParsedSegment { uri: string; duration: number; map?: { uri: string } }
  export interface ParsedVariant { uri: string; attributes: { BANDWIDTH?: number; RESOLUTION?: { width: number; height: number } } }
  export interface Manifest { playlists?: ParsedVariant[]; segments?: ParsedSegment[] }
  export class Parser {
    push(chunk: string): void
    end(): void
    manifest: Manifest
  }
}
