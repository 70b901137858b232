import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The API server the dev server proxies to (`npm start` listens on 3000).
const backend = process.env.DUBAN_BACKEND ?? 'http://127.0.0.1:3000'

// Vendor code goes into a few long-cached chunks (react, antd, the rest); every route page is a
// lazy chunk of its own, so the sign-in page adds only a few KB to the vendor chunks it shares.
// (Splitting antd itself by page does not pay: its components import each other, so the entry
// would preload every piece anyway.)
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
          groups: [
            {
              name: 'vendor-react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 30,
            },
            {
              name: 'vendor-antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|stylis|dayjs|classnames|@babel)[\\/]/,
              priority: 20,
            },
            // ECharts only with the lazy Chart component, never with the sign-in page.
            { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 25 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
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
