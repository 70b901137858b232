import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

// The API server the dev server proxies to (`npm start` listens on 3000).
const backend = process.env.DUBAN_BACKEND ?? 'http://127.0.0.1:3000'

/** Writes a .gz beside every text asset; the server sends it to browsers that accept gzip. */
function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'duban-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    writeBundle(_options, bundle) {
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue
        const full = path.join(outDir, file)
        const body = fs.readFileSync(full)
        if (body.length > 1024) fs.writeFileSync(`${full}.gz`, gzipSync(body, { level: 9 }))
      }
    },
  }
}

const LAZY = path.resolve(import.meta.dirname, 'web/src/lib/antd-lazy')
/** antd's table modules and the imports in them that web/src/lib/antd-lazy stands in for. */
const LAZY_TABLE_PARTS: Record<string, Record<string, string>> = {
  'table/hooks/useFilter/index.js': { './FilterDropdown': 'FilterDropdown.tsx' },
  'table/hooks/useSelection.js': {
    '../../checkbox': 'Checkbox.tsx',
    '../../dropdown': 'Dropdown.tsx',
    '../../radio': 'Radio.tsx',
  },
}

/**
 * Every antd Table imports its filter dropdown (Tree, Menu, Radio) and selection menu (Dropdown,
 * Menu) whether or not it has filters or selections: about 40 KB gzipped on every list page.
 * In a build those imports go to lazy stand-ins, which load the real parts when a table uses them.
 */
function lazyTableParts(): Plugin {
  return {
    name: 'duban-lazy-table-parts',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      const m = importer && /[\\/]node_modules[\\/]antd[\\/]es[\\/](.+)$/.exec(importer)
      const file = m && LAZY_TABLE_PARTS[m[1]!.replaceAll('\\', '/')]?.[source]
      return file ? path.join(LAZY, file) : null
    },
  }
}

// React and the router share one long-cached chunk; ECharts has its own, loaded only by pages
// with charts. Everything else, antd included, splits by route: the sign-in page is plain React
// (no antd), the signed-in shell (Shell.tsx) brings antd's common parts, and each page adds the
// components it uses. `npm run bench:web` measures what each first load costs.
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [lazyTableParts(), react(), precompress()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      treeshake: {
        moduleSideEffects: (id) =>
          /node_modules[\\/]@rc-component[\\/][^\\/]+[\\/]es[\\/].*\.js$/.test(id) ? false : undefined,
      },
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor-react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 30,
            },
            // ECharts only with the lazy Chart component, never with the sign-in page.
            { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 25 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend },
      '/healthz': { target: backend },
      '/readyz': { target: backend },
    },
  },
})
