#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so a checkout needs no compile step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../server/main.ts')
try {
  const code = await main(process.argv.slice(2))
  if (code >= 0) process.exit(code)
} catch (err) {
  const message = err && typeof err === 'object' && 'message' in err ? err.message : String(err)
  const code = err && typeof err === 'object' && 'code' in err ? ` [${err.code}]` : ''
  console.error(`duban: ${message}${code}`)
  process.exit(1)
}
