import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const backend = 'http://127.0.0.1:3000'

// antd components only the admin pages need (tables, pickers, trees) go into their own vendor
// chunk, so the sign-in page loads react, antd's core and form controls, and its own small chunk.
const ANTD_DATA = new Set([
  'table', 'pagination', 'date-picker', 'calendar', 'time-picker', 'tree', 'tree-select', 'descriptions',
  'list', 'drawer', 'checkbox', 'switch', 'badge', 'tag', 'divider', 'empty', 'result', 'menu', 'layout',
  'popconfirm', 'popover', 'radio', 'dropdown', 'spin', 'skeleton', 'tabs', 'tooltip',
])
const RC_DATA = new Set(['table', 'picker', 'tree', 'tree-select', 'pagination', 'menu', 'checkbox', 'switch', 'drawer', 'tabs', 'dropdown', 'virtual-list'])

function vendorChunk(id: string): string | null {
  const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](.*)$/.exec(id)
  if (!m) return null
  const [, pkg, rest] = m
  if (/^(react|react-dom|scheduler|react-router)$/.test(pkg)) return 'vendor-react'
  if (pkg === 'antd') {
    const comp = /^(?:es|lib)[\\/]([^\\/]+)[\\/]/.exec(rest)?.[1] ?? ''
    return ANTD_DATA.has(comp) ? 'vendor-antd-data' : 'vendor-antd'
  }
  if (pkg.startsWith('@rc-component/')) return RC_DATA.has(pkg.slice(14)) ? 'vendor-antd-data' : 'vendor-antd'
  if (pkg.startsWith('@ant-design/') && pkg !== '@ant-design/icons') return 'vendor-antd'
  return 'vendor'
}

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: vendorChunk, test: /node_modules[\\/]/ }],
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
