// How long a count made afresh holds the server's one thread. better-sqlite3 answers in that
// thread, so while a long count runs without a turn of the event loop no other request of the
// process is answered. For each run: the count's whole time through the app (one request of the
// given person), and the event loop's longest delay meanwhile (`monitorEventLoopDelay`, 1 ms
// resolution), in the same process; their ratio is how much of the count the thread was held
// in one stretch (1.0: all of it). Each run asks for another of the last days (`asOf`), so
// that nothing kept answers it; give the year in the path (`?year=`) for every run to count the
// same rounds.
//   npm run bench:hold -- --dir /tmp/duban-scale-1 [--path '/api/dashboards/leader?year=2025']
//     [--user leader] [--runs 5]
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { buildApp } from '../server/app'
import { loadConfig } from '../server/config'
import { openDatabase } from '../server/db/database'
import { DEMO_PASSWORD } from '../server/seed/demo'
import { median } from './paired'

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/duban-scale-1' },
    path: { type: 'string', default: '/api/dashboards/leader' },
    user: { type: 'string', default: 'leader' },
    runs: { type: 'string', default: '5' },
  },
})
const dir = values.dir!
const db = openDatabase({ dataDir: dir })
const app = await buildApp(
  loadConfig({ ...process.env, DATA_DIR: dir, JOBS: 'off', LOGIN_RATE_LIMIT: '1000000' }),
  db,
  { logger: false },
)
const signIn = await app.inject({
  method: 'POST',
  url: '/api/auth/login',
  payload: { username: values.user, password: DEMO_PASSWORD },
})
if (signIn.statusCode !== 200) throw new Error(`sign-in as ${values.user}: ${signIn.body}`)
const cookie = String(signIn.headers['set-cookie']).split(';')[0]
const sep = values.path!.includes('?') ? '&' : '?'
const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10)
const pause = () => new Promise((resolve) => setTimeout(resolve, 20))

// the session read and the code warmed on a day no run asks for, just before theirs
await app.inject({
  method: 'GET',
  url: `${values.path}${sep}asOf=${day(Number(values.runs) + 1)}`,
  headers: { cookie },
})
const runs: { total: number; held: number }[] = []
for (let i = 1; i <= Number(values.runs); i++) {
  // sampling from before the count begins: a delay is measured from the sample before it (the
  // pause's own delays are a millisecond or two)
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  await pause()
  const t0 = performance.now()
  const res = await app.inject({
    method: 'GET',
    url: `${values.path}${sep}asOf=${day(i)}`,
    headers: { cookie },
  })
  const total = performance.now() - t0
  await pause()
  delay.disable()
  const held = delay.max / 1e6
  if (res.statusCode !== 200) throw new Error(`${res.statusCode}: ${res.body.slice(0, 300)}`)
  runs.push({ total, held })
  console.log(
    `run ${i}: counted in ${total.toFixed(0)} ms, thread held at most ${held.toFixed(0)} ms at once (${(held / total).toFixed(2)})`,
  )
}
console.log(
  `${values.path} as ${values.user}: median count ${median(runs.map((r) => r.total)).toFixed(0)} ms, ` +
    `longest hold ${median(runs.map((r) => r.held)).toFixed(0)} ms, hold/count ${median(runs.map((r) => r.held / r.total)).toFixed(2)}`,
)
await app.close()
await db.destroy()
