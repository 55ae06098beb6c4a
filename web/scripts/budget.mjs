// Prints the gzip size of the JS and CSS a resident page loads first (entry + the page's chunk and what they
// import; for a live episode also hls.js) and fails above the budget: residents are often on weak phone connections.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'

const BUDGET = 300 * 1024
const dist = new URL('../dist/', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'))
const entry = Object.keys(manifest).find(k => manifest[k].isEntry)

function closure(key, files, withDynamic) {
  const chunk = manifest[key]
  if (!chunk || files.has(chunk.file)) return
  files.add(chunk.file)
  for (const css of chunk.css ?? []) files.add(css)
  for (const k of chunk.imports ?? []) closure(k, files, false)
  if (withDynamic) for (const k of chunk.dynamicImports ?? []) closure(k, files, false)
}

const pages = { '/': 'HomePage', '/rooms/:id': 'RoomPage', '/search': 'SearchPage', '/episodes/:id': 'EpisodePage',
  '/episodes/:id live': 'EpisodePage' }
let worst = 0
for (const [route, name] of Object.entries(pages)) {
  const files = new Set()
  closure(entry, files, false)
  // A replay plays through the page's own loader; a live episode's page also loads hls.js (a dynamic import).
  closure(`src/pages/${name}.vue`, files, route.endsWith(' live'))
  let js = 0, css = 0
  for (const f of files) {
    const gz = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length
    if (f.endsWith('.css')) css += gz; else js += gz
  }
  worst = Math.max(worst, js + css)
  // ECharts belongs to the dashboard alone: a resident page that would load it first fails the build.
  const charts = Object.entries(manifest)
    .filter(([k, c]) => files.has(c.file) && (/node_modules\/(echarts|zrender)\//.test(k) || /dashboard\/charts/.test(k)))
  if (charts.length) {
    console.error(`ECharts in the first load of ${route}: ${charts.map(([k]) => k).join(', ')}`)
    process.exit(1)
  }
  console.log(`first load ${route.padEnd(14)} JS ${(js / 1024).toFixed(1)} KB + CSS ${(css / 1024).toFixed(1)} KB = ${((js + css) / 1024).toFixed(1)} KB gzip`)
}
if (worst > BUDGET) {
  console.error(`resident page over budget: ${(worst / 1024).toFixed(1)} KB gzip > ${BUDGET / 1024} KB`)
  process.exit(1)
}
console.log(`budget ${BUDGET / 1024} KB gzip: ok (largest ${(worst / 1024).toFixed(1)} KB)`)
