import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Lianxin serves dist/ itself (no CDN): hashed file names under assets/ get a year of caching, index.html none.
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    manifest: true,
    // The server's CSP forbids inline scripts and styles; Vite's module-preload polyfill is bundled, not inlined.
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/media': 'http://localhost:8080' } },
})
