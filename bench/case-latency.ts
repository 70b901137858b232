// Latency of case search at library scale: 50,000 published cases (the 1,997 CJRC passages
// repeated with variations: sentences swapped, another source unit and year, a title suffix),
// inserted through the service's own insert path (insertCase → searchTokens → FTS5/tsvector)
// in transactions. Then `search()` (words and how many cases hold each, the all-word query and,
// when few cases hold every word, the rarest-words query, each ranking at most 2,000 matches and
// returning its rows' facet fields; facets, the page with its use counts and snippets) against
// the bare full-text query for all words (searchCaseTokens: every match ranked, ids and scores
// only, no facets, no joins), warm-up first, then interleaved.
//   npm run bench:case-latency                       SQLite
//   DATABASE_URL=postgres://… npm run bench:case-latency   SQLite, then PostgreSQL too
// Options: CASES=50000 ROUNDS=10
//   KEEP_DB=/some/dir  keeps the built libraries (SQLite file in that directory, PostgreSQL database
//                      duban_bench_cases_<CASES>) and reuses them on the next run when they hold
//                      CASES cases: minutes of building saved while iterating on search.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import type { DB } from '../server/db/database'
import { migrate, openDatabase } from '../server/db/database'
import { engineOf, searchCaseTokens } from '../server/db/dialect'
import type { Ctx } from '../server/modules/access/context'
import { insertCase, search } from '../server/modules/cases/case.service'
import { passages } from '../server/seed/demo-cases'
import { seedOrganization, SUPREME_CODE } from '../server/seed/organization'
import { normalizeText, simplify } from '../server/text/normalize'
import { words } from '../server/text/segment'

const CASES = Number(process.env.CASES ?? 50_000)
const ROUNDS = Number(process.env.ROUNDS ?? 10)
const BATCH = 1000
const KEEP_DB = process.env.KEEP_DB

// A small deterministic generator, so every run builds the same library.
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function vary(text: string, rand: () => number) {
  const sentences = text.split(/(?<=[。；;])/u).filter(Boolean)
  if (sentences.length < 3) return text
  for (let k = 0; k < 2; k++) {
    const i = Math.floor(rand() * sentences.length)
    const j = Math.floor(rand() * sentences.length)
    ;[sentences[i], sentences[j]] = [sentences[j], sentences[i]]
  }
  return sentences.join('')
}

type Row = Parameters<typeof insertCase>[1]

/** The n-th case of the library: passage n mod 1,997, varied from the second repetition on. */
function caseAt(
  n: number,
  all: ReturnType<typeof passages>,
  units: { id: string }[],
  rand: () => number,
): Row {
  const p = all[n % all.length]
  const rep = Math.floor(n / all.length)
  const year = 2014 + ((n + rep) % 11)
  const month = String(1 + (n % 12)).padStart(2, '0')
  const guiding = n % 40 === 0
  const at = `${year}-${month}-15T02:00:00.000Z`
  return {
    id: uuidv7(),
    kind: guiding ? 'guiding' : 'typical',
    title: `${p.casename}案（${p.id}）${rep ? `之${rep}` : ''}`,
    keywords: JSON.stringify([p.casename]),
    gist: '',
    facts: rep ? vary(p.text, rand) : p.text,
    procuratorialWork: '',
    significance: '',
    relatedLaws: '[]',
    domain: p.domain,
    sourceUnitId: units[(n + rep) % units.length].id,
    status: 'published',
    number: guiding ? n / 40 + 1 : null,
    batchId: null,
    createdBy: null,
    submittedAt: at,
    approvedAt: at,
    publishedAt: at,
    withdrawnAt: null,
    createdAt: at,
    updatedAt: at,
  }
}

/** Fills the library through the service's insertCase, BATCH cases a transaction (or reuses a kept one). */
async function build(db: DB, _dir: string) {
  await migrate(db)
  const kept = await db
    .selectFrom('legalCase')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  if (KEEP_DB && Number(kept.n) === CASES) {
    const supreme = await db
      .selectFrom('unit')
      .select(['id', 'path'])
      .where('code', '=', SUPREME_CODE)
      .executeTakeFirstOrThrow()
    console.log(`  reusing the kept library`)
    return { seconds: 0, supreme }
  }
  if (Number(kept.n) !== 0) throw new Error(`${kept.n} cases found, expected none or ${CASES}`)
  await seedOrganization(db, { municipal: false })
  const units = await db.selectFrom('unit').select(['id', 'code', 'path']).orderBy('code').execute()
  const all = passages()
  const rand = rng(20240709)
  const t0 = performance.now()
  const sqlite = engineOf(db) === 'sqlite'
  let n = 0
  while (n < CASES) {
    await db.transaction().execute(async (trx) => {
      for (let k = 0; k < BATCH && n < CASES; k++, n++) await insertCase(trx, caseAt(n, all, units, rand))
    })
    if (n % 10_000 === 0) console.log(`  ${n} cases, ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  }
  if (sqlite) await sql`insert into legal_case_fts (legal_case_fts) values ('optimize')`.execute(db)
  else await sql`analyze legal_case`.execute(db)
  const stored = await db
    .selectFrom('legalCase')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  if (Number(stored.n) !== CASES) throw new Error(`expected ${CASES} cases, found ${stored.n}`)
  const supreme = units.find((u) => u.code === SUPREME_CODE)!
  return { seconds: (performance.now() - t0) / 1000, supreme }
}

type Query = { kind: string; q: string }

function queries(): Query[] {
  const all = passages()
  const counts = new Map<string, number>()
  for (const p of all) counts.set(p.casename, (counts.get(p.casename) ?? 0) + 1)
  const charges = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 30)
    .map(([c]) => ({ kind: 'charge', q: c }))
  const rand = rng(7)
  const fragments: Query[] = []
  while (fragments.length < 8) {
    const p = all[Math.floor(rand() * all.length)]
    const sentence = p.text.split(/[。；;，,]/u).find((s) => s.length >= 14)
    if (sentence) fragments.push({ kind: 'fragment', q: sentence.slice(0, 14) })
  }
  const traditional = ['故意傷害', '盜竊罪', '詐騙', '離婚糾紛', '搶劫', '交通肇事罪'].map((q) => ({
    kind: 'traditional',
    q,
  }))
  const twoWords = ['故意伤害 轻伤', '借款 利息', '离婚 抚养', '交通肇事 逃逸', '盗窃 数额', '合同 违约'].map(
    (q) => ({ kind: 'two words', q }),
  )
  return [...charges, ...fragments, ...traditional, ...twoWords]
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

async function measure(db: DB, ctx: Ctx) {
  const qs = queries().map((x) => ({
    ...x,
    terms: [...new Set(words(simplify(normalizeText(x.q).normalized)))],
  }))
  const full = (x: (typeof qs)[number]) => search(db, ctx, { q: x.q, page: 1, pageSize: 10 })
  const bare = (x: (typeof qs)[number]) => searchCaseTokens(db, x.terms, 1000, 'all')
  for (let i = 0; i < 2; i++)
    for (const x of qs) {
      await full(x)
      await bare(x)
    }
  const samples = new Map<string, { full: number[]; bare: number[]; hits: number }>()
  const rand = rng(99)
  for (let r = 0; r < ROUNDS; r++) {
    const order = [...qs].sort(() => rand() - 0.5)
    for (const [i, x] of order.entries()) {
      const s = samples.get(x.kind) ?? { full: [], bare: [], hits: 0 }
      samples.set(x.kind, s)
      // interleaved, alternating which goes first so neither always finds a warmer cache
      const runs = i % 2 === 0 ? (['full', 'bare'] as const) : (['bare', 'full'] as const)
      for (const which of runs) {
        const t = performance.now()
        if (which === 'full') {
          const res = await full(x)
          if (r === 0) s.hits += res.total
        } else await bare(x)
        s[which].push(performance.now() - t)
      }
    }
  }
  return { samples, count: qs.length }
}

function report(label: string, result: Awaited<ReturnType<typeof measure>>) {
  const rows: string[][] = [
    ['queries', 'n', 'search p50', 'search p99', 'bare FTS p50', 'bare FTS p99', 'ratio p50', 'ratio p99'],
  ]
  const overall = { full: [] as number[], bare: [] as number[] }
  const row = (name: string, n: number, full: number[], bare: number[]) => [
    name,
    String(n),
    `${pct(full, 50).toFixed(1)} ms`,
    `${pct(full, 99).toFixed(1)} ms`,
    `${pct(bare, 50).toFixed(1)} ms`,
    `${pct(bare, 99).toFixed(1)} ms`,
    `${(pct(full, 50) / pct(bare, 50)).toFixed(1)}×`,
    `${(pct(full, 99) / pct(bare, 99)).toFixed(1)}×`,
  ]
  for (const [kind, s] of result.samples) {
    rows.push(row(kind, s.full.length / ROUNDS, s.full, s.bare))
    overall.full.push(...s.full)
    overall.bare.push(...s.bare)
  }
  rows.push(row('all', result.count, overall.full, overall.bare))
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)))
  console.log(`\n${label}: ${ROUNDS} interleaved rounds over ${result.count} queries`)
  for (const [i, r] of rows.entries()) {
    console.log(r.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '))
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  }
}

async function run(label: string, db: DB, dir: string) {
  console.log(`${label}: building ${CASES} published cases …`)
  const { seconds, supreme } = await build(db, dir)
  if (seconds)
    console.log(`  built in ${seconds.toFixed(0)} s (${((CASES / seconds) | 0).toLocaleString()} cases/s)`)
  const ctx: Ctx = {
    actor: {
      id: uuidv7(),
      username: 'bench',
      displayName: 'bench',
      unitId: supreme.id,
      unitPath: supreme.path,
      mustChangePassword: false,
      grants: [{ role: 'case_reviewer', scopeType: 'unit', scopeId: supreme.id, scopePath: supreme.path }],
      sessionId: 'bench',
    },
    ip: null,
    auditHash: 'sm3',
  }
  report(`${label} (${engineOf(db)})`, await measure(db, ctx))
}

const dir = KEEP_DB
  ? path.join(path.resolve(KEEP_DB), `cases-${CASES}`)
  : fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-'))
try {
  const sqlite = openDatabase({ dataDir: dir })
  try {
    await run('SQLite', sqlite, dir)
  } finally {
    await sqlite.destroy()
  }
} finally {
  if (!KEEP_DB) fs.rmSync(dir, { recursive: true, force: true })
}

const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL
if (base && /^postgres(ql)?:/.test(base)) {
  const name = KEEP_DB ? `duban_bench_cases_${CASES}` : `duban_bench_${crypto.randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  const exists = await admin.query('select 1 from pg_database where datname = $1', [name])
  if (!exists.rowCount) await admin.query(`create database ${name}`)
  const url = new URL(base)
  url.pathname = `/${name}`
  const db = openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir() })
  try {
    await run('PostgreSQL', db, os.tmpdir())
  } finally {
    await db.destroy()
    if (!KEEP_DB) await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}
