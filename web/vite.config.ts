import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Lianxin serves dist/ itself (no CDN): hashed file names under assets/ get a year of caching, index.html none.
export default defineConfig({
  plugins: [vue()],
  // Every component is <script setup>: without the Options API and the devtools hooks, Vue's runtime in the first
  // script every page loads is smaller (a resident on a weak link waits for each kilobyte).
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
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
