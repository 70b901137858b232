// HTTP load on the endpoints people use most, against a real server process over a dataset
// from bench/generate.ts, side by side with two references measured in the same run:
//  - bare: a tiny Fastify process on the same SQLite file that replays the SQL the server ran
//    for that request, the session's check included (captured once, in this process, from the
//    app answering the request warm, through Kysely's log) with prepared
//    better-sqlite3 statements and returns the raw rows: no cookie, validation, policy or
//    presentation. It is the ceiling; the ratio Duban/bare says what the rest costs.
//  - Redmine (Debian's package, puma, 2 workers × 5 threads) on the same 50,000 tracked items:
//    /work/shared/peers/redmine-peer.sh loads and measures it and exports the issues as JSON
//    lines; the same issues are imported here as findings with one measure each (a round of 32
//    provincial targets, one per Redmine project), so Redmine's open issues of a project sorted
//    by due date compare with Duban's open measures of a target sorted by deadline.
// autocannon drives 16 connections from this process; the servers run in their own processes,
// on the same 2 CPUs (as wrk and puma do in the peer script). Each endpoint is measured in
// ROUNDS rounds of DURATION seconds, Duban and bare in turns (bench/paired.ts), after a 3 s
// warm-up of each.
//   npm run bench:load -- [--dir /tmp/duban-scale-0.1] [--duration 5] [--rounds 3] [--no-redmine]
//     [--workers 2] [--only 'case search,one item'] [--writes 1]   (progress posts a second
//     through the API during the runs, so that what is kept until the next write is counted again)
//   npm run bench:load -- --pg postgres://…/db [--dir /tmp/duban-load-files]   (a database that
//     bench:generate --pg filled; the bare process then replays the SQL through a pg pool of the
//     server's own size, --pool (10), as named statements prepared once per connection)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import cluster from 'node:cluster'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import Fastify from 'fastify'
import type { LogEvent } from 'kysely'
import pg from 'pg'
import { verify } from '@node-rs/argon2'
import { v7 as uuidv7 } from 'uuid'
import { buildApp } from '../server/app'
import { loadConfig, type Config } from '../server/config'
import { migrate, openDatabase, type DB } from '../server/db/database'
import {
  SqliteStatement,
  configurePgConnection,
  configurePgPool,
  configureSqlite,
  PG_POOL_SIZE,
} from '../server/db/dialect'
import type { FindingTable } from '../server/db/schema'
import { systemCtx, type Ctx } from '../server/modules/access/context'
import * as audit from '../server/modules/audit/audit.service'
import * as findings from '../server/modules/inspections/finding.service'
import * as findingRepo from '../server/modules/inspections/finding.repository'
import * as inspections from '../server/modules/inspections/inspection.service'
import * as inspectionRepo from '../server/modules/inspections/inspection.repository'
import { findCredentials } from '../server/modules/orgs/user.repository'
import * as rect from '../server/modules/rectification/rectification.service'
import * as rectRepo from '../server/modules/rectification/rectification.repository'
import { findingText, indexTexts } from '../server/modules/text/similar.service'
import { DEMO_PASSWORD } from '../server/seed/demo'
import { actorOf } from '../server/seed/demo-inspections'
import { addDays, at, phase } from './generate'
import { paired, type Result } from './paired'

const ROOT = path.resolve(import.meta.dirname, '..')
const PEER = '/work/shared/peers/redmine-peer.sh'
const REDMINE_DIR = path.join(os.tmpdir(), 'duban-redmine')
const REDMINE_JSONL = path.join(REDMINE_DIR, 'issues.jsonl')
const REDMINE_ROUND = 'Redmine 对照数据（redmine-peer.sh 导出的 50,000 条问题）'

type Captured = { sql: string; parameters: unknown[] }
type Endpoint = {
  name: string
  user: string
  method: 'GET' | 'POST'
  path: string
  body?: string
  /**
   * Sign-in's SQL for the bare route, from the service: the request itself would write a
   * session each time. Every other endpoint's is captured from the app answering it.
   */
  service?: (db: DB) => Promise<unknown>
  /** The sign-in's bare route also verifies the password, the work sign-in exists to do. */
  verify?: string
  redmine?: string
}

// ---- the bare reference: a separate process replaying captured SQL
/** One name per query text, for running the texts as named statements on PostgreSQL. */
function statementNamer(prefix: string) {
  const names = new Map<string, string>()
  return (text: string) => {
    let name = names.get(text)
    if (!name) names.set(text, (name = `${prefix}_${names.size + 1}`))
    return name
  }
}

async function bareChild(file: string, port: number, workers: number) {
  // As many processes as the server has workers, on one port (node:cluster), as it runs them.
  if (workers > 1 && cluster.isPrimary) {
    for (let i = 0; i < workers; i++) cluster.fork()
    let listening = 0
    cluster.on('listening', () => ++listening === workers && console.log('ready'))
    process.once('SIGTERM', () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM')
      process.exit(0)
    })
    return
  }
  if (cluster.isWorker) process.once('disconnect', () => process.exit(0))
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    dbFile?: string
    pgUrl?: string
    pool?: number
    endpoints: { name: string; queries: Captured[]; verify?: string }[]
  }
  const app = Fastify({ logger: false })
  // the same connection settings as the server's (server/db/dialect.ts)
  const pool = spec.pgUrl
    ? new pg.Pool({ connectionString: spec.pgUrl, max: spec.pool ?? PG_POOL_SIZE })
    : null
  if (pool) configurePgPool(pool)
  const configured = new WeakSet<pg.PoolClient>()
  const nameOf = statementNamer('bare')
  const sqlite = spec.dbFile ? new Database(spec.dbFile) : null
  if (sqlite) configureSqlite(sqlite)
  for (const e of spec.endpoints) {
    const statements = sqlite
      ? // rows read as the server reads them (arrays made into camelCase objects)
        e.queries.map((q) => ({ stmt: new SqliteStatement(sqlite.prepare(q.sql)), parameters: q.parameters }))
      : []
    const run = async (): Promise<unknown[]> => {
      if (pool) {
        // one connection for the request's queries, set up as the server sets up its own
        const client = await pool.connect()
        try {
          if (!configured.has(client)) {
            await configurePgConnection((statement) => client.query(statement))
            configured.add(client)
          }
          const out: unknown[] = []
          // named statements, prepared once per connection, as the server runs its repeated queries
          for (const q of e.queries)
            out.push(
              (await client.query({ name: nameOf(q.sql), text: q.sql, values: q.parameters as unknown[] }))
                .rows,
            )
          return out
        } finally {
          client.release()
        }
      }
      return statements.map((s) => (s.stmt.reader ? s.stmt.all(s.parameters) : s.stmt.run(s.parameters)))
    }
    app.route({
      method: e.verify ? 'POST' : 'GET',
      url: `/bare/${e.name}`,
      handler: async () => {
        const results = await run()
        if (e.verify) {
          // (camelCase from SQLite's statements, as the server reads them; PostgreSQL's as stored)
          const row = (results[0] as { passwordHash?: string; password_hash?: string }[])[0]
          return { ok: await verify((row.passwordHash ?? row.password_hash)!, e.verify) }
        }
        return { results }
      },
    })
  }
  await app.listen({ port, host: '127.0.0.1' })
  console.log('ready')
}

// ---- Redmine's issues as Duban findings and measures
type Issue = {
  id: number
  project: string
  status: string
  is_closed: boolean
  assigned_to: string | null
  subject: string
  description: string
  start_date: string
  due_date: string | null
  done_ratio: number
  created_on: string
}

const PROJECT_PROVINCE: Record<string, string> = {
  beijing: '北京市',
  tianjin: '天津市',
  hebei: '河北省',
  shanxi: '山西省',
  neimenggu: '内蒙古自治区',
  liaoning: '辽宁省',
  jilin: '吉林省',
  heilongjiang: '黑龙江省',
  shanghai: '上海市',
  jiangsu: '江苏省',
  zhejiang: '浙江省',
  anhui: '安徽省',
  fujian: '福建省',
  jiangxi: '江西省',
  shandong: '山东省',
  henan: '河南省',
  hubei: '湖北省',
  hunan: '湖南省',
  guangdong: '广东省',
  guangxi: '广西壮族自治区',
  hainan: '海南省',
  chongqing: '重庆市',
  sichuan: '四川省',
  guizhou: '贵州省',
  yunnan: '云南省',
  xizang: '西藏自治区',
  shaanxi: '陕西省',
  gansu: '甘肃省',
  qinghai: '青海省',
  ningxia: '宁夏回族自治区',
  xinjiang: '新疆维吾尔自治区',
  // no Hong Kong procuratorate in Duban's organization: the Corps procuratorate stands in
  xianggang: '新疆生产建设兵团',
}

async function importRedmine(db: DB) {
  const existing = await db
    .selectFrom('round')
    .select('id')
    .where('description', '=', REDMINE_ROUND)
    .executeTakeFirst()
  if (existing) return existing.id
  const issues = fs
    .readFileSync(REDMINE_JSONL, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Issue)
  const sys = systemCtx()
  const office: Ctx = { ...sys, actor: await actorOf(db, 'xunshiban') }
  const member: Ctx = { ...sys, actor: await actorOf(db, 'xs_zuyuan1') }
  const units = await db.selectFrom('unit').select(['id', 'name']).where('level', '=', 'provincial').execute()
  const unitOf = (project: string) => {
    const name = PROJECT_PROVINCE[project]
    const u = units.find((x) => x.name.startsWith(name))
    if (!u) throw new Error(`no unit for Redmine project ${project}`)
    return u.id
  }
  const supreme = await db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', 'supreme')
    .executeTakeFirstOrThrow()
  const year = new Date().getUTCFullYear()
  const taken = await db
    .selectFrom('round')
    .select((eb) => eb.fn.max('ordinal').as('n'))
    .where('organizerUnitId', '=', supreme.id)
    .where('year', '=', year)
    .executeTakeFirst()
  const start = '2024-01-01'
  const round = await inspections.createRound(db, office, {
    year,
    ordinal: Number(taken?.n ?? 0) + 1,
    name: `${year}年 Redmine 对照轮`,
    startDate: start,
    endDate: '2024-03-01',
    description: REDMINE_ROUND,
    organizerUnitId: supreme.id,
  })
  const staff = await db
    .selectFrom('appUser')
    .select(['id', 'username'])
    .where('username', 'like', 'xs_zu%')
    .orderBy('username')
    .execute()
  const team = await inspections.createTeam(db, office, round.id, {
    name: '第一巡视组',
    leaderId: staff.find((s) => s.username === 'xs_zuzhang1')!.id,
    memberIds: [member.actor!.id],
  })
  const targets = new Map<string, { id: string; roundId: string; teamId: string; unitId: string }>()
  for (const project of [...new Set(issues.map((i) => i.project))].sort()) {
    const unitId = unitOf(project)
    const t = await inspections.createTarget(db, office, {
      roundId: round.id,
      teamId: team.id,
      unitId,
      onsiteStart: start,
      onsiteEnd: '2024-02-15',
      feedbackDate: '2024-03-01',
    })
    targets.set(project, { id: t.id, roundId: round.id, teamId: team.id, unitId })
  }
  await inspections.transitionRound(db, office, round.id, { action: 'advance' })
  const seqs = new Map<string, number>()
  await phase('Redmine import', issues.length, async (tick) => {
    for (let i = 0; i < issues.length; i += 2000) {
      await db.transaction().execute(async (trx) => {
        const slice = issues.slice(i, i + 2000)
        const rows: FindingTable[] = []
        for (const issue of slice) {
          const t = targets.get(issue.project)!
          const seq = (seqs.get(t.id) ?? 0) + 1
          seqs.set(t.id, seq)
          const row = findings.buildRow(
            member,
            t,
            {
              title: issue.subject,
              description: issue.description,
              personsMatters: `Redmine #${issue.id}${issue.assigned_to ? `，指派 ${issue.assigned_to}` : ''}`,
              categoryId: '',
              severity: 'major',
              source: 'petition',
            },
            seq,
          )
          rows.push(
            Object.assign(row, {
              status: issue.is_closed ? 'closed' : 'rectifying',
              createdAt: issue.created_on.replace(' ', 'T') + '.000Z',
              updatedAt: issue.created_on.replace(' ', 'T') + '.000Z',
              confirmedBy: member.actor!.id,
              confirmedAt: at('2024-02-20'),
              fedBackAt: at('2024-03-01'),
            }),
          )
        }
        const category = await trx
          .selectFrom('findingCategory')
          .select('id')
          .where('code', '=', 'T2.3')
          .executeTakeFirstOrThrow()
        for (const r of rows) r.categoryId = category.id
        await findingRepo.insertMany(trx, rows)
        await indexTexts(
          trx,
          'finding',
          rows.map((f) => ({ id: f.id, text: findingText(f) })),
          true,
        )
        const history = rows.map((f) => ({
          id: uuidv7(),
          findingId: f.id,
          action: 'import',
          fromStatus: null,
          toStatus: 'draft',
          actorId: member.actor!.id,
          reason: null,
          createdAt: f.createdAt,
        }))
        for (let h = 0; h < history.length; h += 200)
          await trx
            .insertInto('findingHistory')
            .values(history.slice(h, h + 200))
            .execute()
        await audit.record(trx, member, {
          action: 'finding.import',
          objectType: 'round',
          objectId: round.id,
          details: { rows: rows.length, source: 'redmine-peer' },
        })
        tick(rows.length)
      })
    }
  })
  const plans = new Map<string, string>()
  await db.transaction().execute(async (trx) => {
    for (const t of targets.values()) {
      await inspectionRepo.updateTarget(trx, t.id, {
        fedBackAt: at('2024-03-01'),
        fedBackBy: office.actor!.id,
      })
      await rect.openPlan(trx, t.id)
      const plan = (await rectRepo.planOfTarget(trx, t.id))!
      await rectRepo.updatePlan(trx, plan.id, { status: 'accepted', reviewedBy: office.actor!.id })
      plans.set(t.id, plan.id)
    }
  })
  const found = await db
    .selectFrom('finding')
    .select(['id', 'targetId', 'unitId', 'title', 'personsMatters'])
    .where('roundId', '=', round.id)
    .execute()
  const byIssue = new Map(issues.map((i) => [i.id, i]))
  await phase('Redmine measures', found.length, async (tick) => {
    for (let i = 0; i < found.length; i += 5000) {
      await db.transaction().execute(async (trx) => {
        for (const f of found.slice(i, i + 5000)) {
          const issue = byIssue.get(Number(/#(\d+)/.exec(f.personsMatters)![1]))!
          const created = issue.created_on.replace(' ', 'T') + '.000Z'
          await rectRepo.insertMeasure(trx, {
            id: uuidv7(),
            planId: plans.get(f.targetId)!,
            findingId: f.id,
            targetId: f.targetId,
            unitId: f.unitId,
            content: `${f.title}：按工单处理`,
            responsibleLeader: issue.assigned_to ?? '未指派',
            departmentId: null,
            // Redmine leaves a tenth of due dates empty; a measure needs one: start + 120 days
            deadline: issue.due_date ?? addDays(issue.start_date, 120),
            kind: 'concentrated',
            status: issue.is_closed ? 'done' : 'open',
            progress: issue.done_ratio,
            doneAt: issue.is_closed ? created : null,
            doneBy: null,
            createdAt: created,
            updatedAt: created,
          })
          tick()
        }
        await audit.record(trx, office, {
          action: 'measure.import',
          objectType: 'round',
          objectId: round.id,
          details: { source: 'redmine-peer' },
        })
      })
    }
  })
  for (let k = 0; k < 3; k++) await inspections.transitionRound(db, office, round.id, { action: 'advance' })
  return round.id
}

type PeerResult = { rps: number; p50: number; p99: number }
function runPeer(): { results: Record<string, PeerResult>; header: string } {
  fs.mkdirSync(REDMINE_DIR, { recursive: true })
  const env: NodeJS.ProcessEnv = { ...process.env, N: '50000' }
  if (!fs.existsSync(REDMINE_JSONL)) Object.assign(env, { EXPORT_JSONL: REDMINE_JSONL })
  console.error(`running ${PEER} (N=50000${env.EXPORT_JSONL ? ', exporting the issues' : ''}) …`)
  const r = spawnSync('bash', [PEER], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  if (r.status !== 0) throw new Error(`redmine-peer.sh failed (${r.status})`)
  const results: Record<string, PeerResult> = {}
  for (const m of r.stdout.matchAll(/^peer redmine (\S+) rps=([\d.]+) p50_ms=([\d.]+) p99_ms=([\d.]+)/gm))
    results[m[1]] = { rps: Number(m[2]), p50: Number(m[3]), p99: Number(m[4]) }
  return { results, header: r.stdout.split('\n').find((l) => l.startsWith('#')) ?? '' }
}

// ---- endpoints and SQL capture
async function endpoints(db: DB, redmineRound: string | null) {
  const year = new Date().getUTCFullYear()
  const supreme = await db
    .selectFrom('unit')
    .select('id')
    .where('level', '=', 'supreme')
    .executeTakeFirstOrThrow()
  const dashboardRound = await db
    .selectFrom('round')
    .innerJoin('target', 'target.roundId', 'round.id')
    .select(['round.id', 'round.name'])
    .where('round.organizerUnitId', '=', supreme.id)
    .where('round.phase', '=', 'rectification')
    .where('round.description', '!=', REDMINE_ROUND)
    .groupBy(['round.id', 'round.name', 'round.year'])
    .orderBy('round.year', 'desc')
    .executeTakeFirstOrThrow()
  const beijingTarget = await db
    .selectFrom('target')
    .innerJoin('unit', 'unit.id', 'target.unitId')
    .innerJoin('round', 'round.id', 'target.roundId')
    .innerJoin('finding', 'finding.targetId', 'target.id')
    .select(['target.id', 'round.name'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('unit.code', '=', '110000')
    .where('target.fedBackAt', 'is not', null)
    .where('round.description', '!=', REDMINE_ROUND)
    .groupBy(['target.id', 'round.name', 'round.year'])
    .orderBy('round.year', 'desc')
    .executeTakeFirstOrThrow()
  const list = (q: Record<string, string | number>) =>
    new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString()
  const findingQ = {
    status: 'rectifying',
    severity: 'severe',
    sort: 'createdAt',
    order: 'desc',
    page: 1,
    pageSize: 20,
  }
  const ledgerQ = { status: 'open', sort: 'deadline', order: 'asc', page: 1, pageSize: 20 }
  const caseQ = { q: '故意伤害', page: 1, pageSize: 10 }
  const taskQ = { year, sort: 'code', order: 'asc', page: 1, pageSize: 20 }
  const dashQ = { roundId: dashboardRound.id }
  const out: Endpoint[] = [
    {
      name: 'sign-in',
      user: '',
      method: 'POST',
      path: '/api/auth/login',
      body: JSON.stringify({ username: 'xunshiban', password: DEMO_PASSWORD }),
      service: (db) => findCredentials(db, 'xunshiban'),
      verify: DEMO_PASSWORD,
    },
    {
      name: 'findings list',
      user: 'xunshiban',
      method: 'GET',
      path: `/api/findings?${list(findingQ)}`,
    },
    {
      name: 'target board',
      user: 'bj_liaison',
      method: 'GET',
      path: `/api/targets/${beijingTarget.id}/progress`,
    },
    {
      name: 'rectification ledger',
      user: 'xunshiban',
      method: 'GET',
      path: `/api/measures?${list(ledgerQ)}`,
    },
    {
      name: 'case search',
      user: 'yanjiushi',
      method: 'GET',
      path: `/api/cases/search?${list(caseQ)}`,
    },
    {
      name: 'task ledger',
      user: 'ducha',
      method: 'GET',
      path: `/api/tasks?${list(taskQ)}`,
    },
    {
      name: 'round dashboard',
      user: 'xunshiban',
      method: 'GET',
      path: `/api/dashboards/round?${list(dashQ)}`,
    },
    {
      name: 'leader dashboard',
      user: 'leader',
      method: 'GET',
      path: '/api/dashboards/leader',
    },
  ]
  if (redmineRound) {
    const guangdong = await db
      .selectFrom('target')
      .innerJoin('unit', 'unit.id', 'target.unitId')
      .select('target.id')
      .where('target.roundId', '=', redmineRound)
      .where('unit.code', '=', '440000')
      .executeTakeFirstOrThrow()
    const item = await db
      .selectFrom('rectificationMeasure as m')
      .innerJoin('finding', 'finding.id', 'm.findingId')
      .select('m.id')
      .where('finding.roundId', '=', redmineRound)
      .where('finding.personsMatters', 'like', 'Redmine #25000%')
      .executeTakeFirstOrThrow()
    const openQ = {
      targetId: guangdong.id,
      status: 'open',
      sort: 'deadline',
      order: 'asc',
      page: 1,
      pageSize: 25,
    }
    out.push(
      {
        name: 'open items by due',
        user: 'xunshiban',
        method: 'GET',
        path: `/api/measures?${list(openQ)}`,
        redmine: 'issues_open_by_due',
      },
      {
        name: 'one item',
        user: 'xunshiban',
        method: 'GET',
        path: `/api/measures/${item.id}`,
        redmine: 'issue_show',
      },
    )
  }
  // What the writer (--writes) posts progress on: an open measure of that Beijing target, as its liaison.
  const written = await db
    .selectFrom('rectificationMeasure as m')
    .innerJoin('finding as f', 'f.id', 'm.findingId')
    .select('m.id')
    .where('m.targetId', '=', beijingTarget.id)
    .where('m.status', '=', 'open')
    .where('f.status', '=', 'rectifying')
    .orderBy('m.id')
    .executeTakeFirst()
  return {
    list: out,
    written: written?.id ?? null,
    notes: {
      dashboardRound: dashboardRound.name,
      beijingTarget: `${beijingTarget.name} 北京, ${beijingTarget.n} findings`,
    },
  }
}

/**
 * The SQL of each endpoint's request, as the server runs it once warm (its caches filled, as in
 * a server that has answered before): the app answers the request twice over a database whose
 * Kysely log keeps the second answer's queries, prepared ones and the session's check included.
 */
async function capture(open: (log: (e: LogEvent) => void) => DB, eps: Endpoint[], config: Config) {
  let queries: Captured[] | null = null
  const db = open((e) => queries?.push({ sql: e.query.sql, parameters: [...e.query.parameters] }))
  const app = await buildApp(config, db, { logger: false })
  const cookies = new Map<string, string>()
  const cookieOf = async (username: string) => {
    let cookie = cookies.get(username)
    if (!cookie) cookies.set(username, (cookie = await signIn(injected(app), username)))
    return cookie
  }
  const out: { name: string; queries: Captured[]; verify?: string }[] = []
  try {
    for (const e of eps) {
      const service = e.service
      const run = service
        ? () => service(db)
        : async () => {
            const res = await app.inject({
              method: e.method,
              url: e.path,
              headers: { cookie: await cookieOf(e.user) },
            })
            if (res.statusCode !== 200) throw new Error(`${e.name}: ${res.statusCode} ${res.body}`)
          }
      await run()
      const captured: Captured[] = (queries = [])
      await run()
      queries = null
      out.push({ name: e.name, queries: captured, verify: e.verify })
    }
  } finally {
    await app.close()
    await db.destroy()
  }
  return out
}

/**
 * On PostgreSQL, each endpoint's reads as one request runs them, on one connection, sent as
 * plain text (parsed and planned on every run) and as named statements (prepared once per
 * connection, as the server runs its repeated queries): time per request and the ratio,
 * alternating the two in rounds so that both see the same machine.
 */
async function statementTimes(pgUrl: string, spec: Awaited<ReturnType<typeof capture>>) {
  const client = new pg.Client({ connectionString: pgUrl })
  await client.connect()
  try {
    await configurePgConnection((statement) => client.query(statement))
    const nameOf = statementNamer('times')
    const run = async (queries: Captured[], named: boolean) => {
      for (const q of queries) {
        const values = q.parameters as unknown[]
        if (!named) await client.query(q.sql, values)
        else await client.query({ name: nameOf(q.sql), text: q.sql, values })
      }
    }
    console.log('\nSQL of one request on one connection: as text, then as named statements')
    for (const e of spec) {
      const reads = e.queries.filter((q) => /^\s*(select|with)\b/i.test(q.sql))
      if (!reads.length) continue
      const total = { text: 0, named: 0 }
      for (let i = 0; i < 10; i++) await run(reads, i % 2 === 1)
      const n = 20
      for (let round = 0; round < 10; round++)
        for (const named of round % 2 ? [true, false] : [false, true]) {
          const t0 = performance.now()
          for (let i = 0; i < n; i++) await run(reads, named)
          total[named ? 'named' : 'text'] += performance.now() - t0
        }
      const per = (ms: number) => (ms * 1000) / (10 * n)
      console.log(
        `  ${e.name.padEnd(20)} ${String(reads.length).padStart(2)} queries  ${per(total.text).toFixed(0).padStart(6)} µs  ${per(total.named).toFixed(0).padStart(6)} µs  ${(total.text / total.named).toFixed(2)}×`,
      )
    }
  } finally {
    await client.end()
  }
}

// ---- load
/** One run of `seconds` at `connections`, after a warm-up of `warmup` seconds when asked. */
async function hit(
  url: string,
  e: Endpoint,
  cookie: string | undefined,
  seconds: number,
  connections: number,
  warmup: number,
) {
  const opts = {
    url,
    method: e.method,
    connections,
    headers: { 'content-type': 'application/json', ...(cookie && { cookie }) },
    body: e.method === 'POST' ? (e.body ?? '{}') : undefined,
  }
  if (warmup) await autocannon({ ...opts, duration: warmup })
  const r = await autocannon({ ...opts, duration: seconds })
  return {
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
  } satisfies Result
}

async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`)
    try {
      await fetch(url)
      return
    } catch {
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  throw new Error(`no answer from ${url}`)
}

/** A sign-in's POST, sent to the app in process or to a server over HTTP. */
type PostJson = (url: string, body: string) => Promise<{ status: number; body: string; setCookie: string[] }>

const injected =
  (app: Awaited<ReturnType<typeof buildApp>>): PostJson =>
  async (url, body) => {
    const res = await app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'application/json' },
    })
    const setCookie = res.headers['set-cookie'] ?? []
    return {
      status: res.statusCode,
      body: res.body,
      setCookie: Array.isArray(setCookie) ? setCookie : [setCookie],
    }
  }

const overHttp =
  (base: string): PostJson =>
  async (url, body) => {
    const res = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    return { status: res.status, body: await res.text(), setCookie: res.headers.getSetCookie() }
  }

/** Signs a demo user in; the cookie header that carries the session. */
async function signIn(post: PostJson, username: string) {
  return (await session(post, username)).cookie
}

/** Signs a demo user in; the session's cookie header and its CSRF token, for writes. */
async function session(post: PostJson, username: string) {
  const res = await post('/api/auth/login', JSON.stringify({ username, password: DEMO_PASSWORD }))
  if (res.status !== 200) throw new Error(`sign-in ${username}: ${res.status} ${res.body}`)
  return {
    cookie: res.setCookie.map((c) => c.split(';')[0]).join('; '),
    csrf: (JSON.parse(res.body) as { csrfToken: string }).csrfToken,
  }
}

/**
 * Writes while the endpoints are measured (--writes N): N progress posts a second, evenly spaced,
 * through the server's API as a liaison would post them, on one open measure, from the first
 * endpoint's warm-up to the last run, so that Duban's runs and the bare route's alike share the
 * machine with them. Each post moves the count of changes, so what the server keeps until the
 * next write (the dashboards) is counted again after it; the bare route replays only what a
 * request reads when nothing was written since.
 */
function startWriter(
  base: string,
  who: { cookie: string; csrf: string },
  measureId: string,
  perSecond: number,
) {
  const got = { posted: 0, failed: 0, firstError: '' }
  let stopping = false
  let wake: (() => void) | null = null
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  const gap = 1000 / perSecond
  // a write under way is given up when the writer stops (or after 10 s), so stopping never hangs
  const stopped = new AbortController()
  const loop = (async () => {
    let next = performance.now()
    while (!stopping) {
      next += gap
      try {
        const res = await fetch(`${base}/api/measures/${measureId}/progress`, {
          signal: AbortSignal.any([stopped.signal, AbortSignal.timeout(10_000)]),
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: who.cookie, 'x-csrf-token': who.csrf },
          body: JSON.stringify({ content: '负载测试：整改推进中', progress: got.posted % 100, done: false }),
        })
        const body = await res.text()
        if (res.status === 201) got.posted++
        else {
          got.failed++
          got.firstError ||= `${res.status} ${body.slice(0, 200)}`
        }
      } catch (err) {
        if (stopping) break
        got.failed++
        got.firstError ||= String(err)
      }
      if (stopping) break
      // behind schedule (a slow write): go on at once, without making up for the lost ones
      const wait = next - performance.now()
      if (wait > 0) await pause(wait)
      else next = performance.now()
    }
  })()
  return {
    async stop() {
      stopping = true
      wake?.()
      stopped.abort()
      await loop
      return got
    },
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: path.join(os.tmpdir(), 'duban-scale-0.1') },
      duration: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '16' },
      port: { type: 'string', default: '3310' },
      'no-redmine': { type: 'boolean', default: false },
      // Server processes, for Duban (WORKERS) and the bare route alike; Redmine runs 2 puma workers.
      workers: { type: 'string', default: '2' },
      'bare-child': { type: 'string' },
      only: { type: 'string' },
      pg: { type: 'string' },
      // PostgreSQL connections per server process, Duban's (DATABASE_POOL_SIZE) and the bare route's
      pool: { type: 'string', default: String(PG_POOL_SIZE) },
      // progress posts a second through the API during the runs (0: none)
      writes: { type: 'string', default: '0' },
    },
    strict: true,
  })
  const workers = Number(values.workers)
  if (values['bare-child']) return bareChild(values['bare-child'], Number(values.port), workers)
  const dir = path.resolve(values.dir)
  const pgUrl = values.pg
  const dbFile = path.join(dir, 'duban.sqlite')
  if (!pgUrl && !fs.existsSync(dbFile))
    throw new Error(`no dataset in ${dir}: run npm run bench:generate first`)
  if (pgUrl) fs.mkdirSync(dir, { recursive: true })
  const seconds = Number(values.duration)
  const rounds = Number(values.rounds)
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error('--rounds: a whole number, at least 1')
  if (!(Number.isInteger(seconds) && seconds >= 1)) throw new Error('--duration: whole seconds, at least 1')
  const connections = Number(values.connections)
  const port = Number(values.port)
  const pool = Number(values.pool)
  if (!(Number.isInteger(pool) && pool >= 1 && pool <= 200)) throw new Error('--pool: connections, 1 to 200')
  const writes = Number(values.writes)
  if (!(writes === 0 || (writes >= 0.1 && writes <= 200)))
    throw new Error('--writes: posts a second, 0 or from 0.1 to 200')
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')
  console.log(
    `dataset ${pgUrl ? `PostgreSQL ${pgUrl.replace(/\/\/[^@]*@/, '//')} (${pool} connections a process)` : dir}; ${os.cpus().length} CPUs (${os.cpus()[0].model}); load at start ${load()}`,
  )

  const peer = values['no-redmine'] ? null : runPeer()
  const db = openDatabase({ dataDir: dir, databaseUrl: pgUrl })
  // The SQL is captured here before the server starts: the schema must be this build's.
  const applied = await migrate(db)
  if (applied.length) console.log(`migrated the dataset: ${applied.join(', ')}`)
  let eps: Endpoint[]
  let notes: Record<string, string>
  let written: string | null = null
  let spec: Awaited<ReturnType<typeof capture>>
  try {
    // Without the peer, a Redmine round imported by an earlier run is still measured, alone.
    const redmineRound = peer
      ? await importRedmine(db)
      : ((
          await db
            .selectFrom('round')
            .select('id')
            .where('description', '=', REDMINE_ROUND)
            .executeTakeFirst()
        )?.id ?? null)
    const e = await endpoints(db, redmineRound)
    eps = values.only ? e.list.filter((x) => values.only!.split(',').includes(x.name)) : e.list
    notes = e.notes
    written = e.written
    if (writes && !written)
      throw new Error('--writes: no open measure of a rectifying finding to post progress on')
    const config = loadConfig({
      ...process.env,
      DATA_DIR: dir,
      JOBS: 'off',
      LOGIN_RATE_LIMIT: '100000000',
      ...(pgUrl && { DATABASE_URL: pgUrl }),
    })
    spec = await capture((log) => openDatabase({ dataDir: dir, databaseUrl: pgUrl, log }), eps, config)
  } finally {
    await db.destroy()
  }
  if (pgUrl) await statementTimes(pgUrl, spec)
  const specFile = path.join(os.tmpdir(), `duban-bare-${process.pid}.json`)
  fs.writeFileSync(
    specFile,
    JSON.stringify(pgUrl ? { pgUrl, pool, endpoints: spec } : { dbFile, endpoints: spec }),
  )

  const log = fs.openSync(path.join(os.tmpdir(), `duban-load-server-${process.pid}.log`), 'w')
  const server = spawn(process.execPath, [path.join(ROOT, 'bin/duban.mjs'), 'serve', '--no-demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: String(port),
      JOBS: 'off',
      LOGIN_RATE_LIMIT: '100000000',
      WORKERS: String(workers),
      ...(pgUrl && { DATABASE_URL: pgUrl, DATABASE_POOL_SIZE: String(pool) }),
    },
    stdio: ['ignore', log, log],
  })
  const bare = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      import.meta.filename,
      '--bare-child',
      specFile,
      '--port',
      String(port + 1),
      '--workers',
      String(workers),
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  )
  const base = `http://127.0.0.1:${port}`
  const bareBase = `http://127.0.0.1:${port + 1}`
  const rows: ({ e: Endpoint; queries: number } & Awaited<ReturnType<typeof paired>>)[] = []
  let writer: ReturnType<typeof startWriter> | null = null
  let wrote: Awaited<ReturnType<ReturnType<typeof startWriter>['stop']>> | null = null
  try {
    await waitFor(`${base}/api/auth/me`, server)
    await waitFor(`${bareBase}/`, bare)
    const cookies = new Map<string, string>()
    for (const u of new Set(eps.map((e) => e.user).filter(Boolean)))
      cookies.set(u, await signIn(overHttp(base), u))
    if (writes) writer = startWriter(base, await session(overHttp(base), 'bj_liaison'), written!, writes)
    for (const [i, e] of eps.entries()) {
      process.stderr.write(`${e.name} … `)
      const got = await paired(
        rounds,
        (which, round) =>
          which === 'duban'
            ? hit(`${base}${e.path}`, e, cookies.get(e.user), seconds, connections, round ? 0 : 3)
            : hit(`${bareBase}/bare/${e.name}`, e, undefined, seconds, connections, round ? 0 : 3),
        i % 2 === 0 ? 'duban' : 'bare',
      )
      rows.push({ e, ...got, queries: spec.find((s) => s.name === e.name)!.queries.length })
      process.stderr.write(`${got.duban.rps.toFixed(0)} req/s (load ${load()})\n`)
    }
    wrote = (await writer?.stop()) ?? null
  } finally {
    server.kill('SIGTERM')
    bare.kill('SIGTERM')
    await writer?.stop()
    fs.rmSync(specFile, { force: true })
  }

  const table: string[][] = [
    [
      'endpoint',
      'user',
      'SQL',
      'Duban req/s',
      'p50',
      'p99',
      'bare req/s',
      'bare p99',
      'Duban/bare',
      'range',
      'Redmine req/s',
      'Redmine p99',
      'Duban/Redmine',
      'errors',
    ],
  ]
  for (const r of rows) {
    const p = r.e.redmine && peer ? peer.results[r.e.redmine] : undefined
    table.push([
      r.e.name,
      r.e.user || 'xunshiban',
      String(r.queries),
      r.duban.rps.toFixed(0),
      `${r.duban.p50} ms`,
      `${r.duban.p99} ms`,
      r.bare.rps.toFixed(0),
      `${r.bare.p99} ms`,
      `${(100 * r.ratio).toFixed(0)} %`,
      rounds > 1 ? `${(100 * r.low).toFixed(0)}–${(100 * r.high).toFixed(0)}` : '',
      p ? p.rps.toFixed(1) : '',
      p ? `${p.p99.toFixed(0)} ms` : '',
      p ? `${(r.duban.rps / p.rps).toFixed(0)}×` : '',
      String(r.duban.errors + r.bare.errors),
    ])
  }
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => [...r[i]].length)))
  console.log(
    `\n${connections} connections; ${rounds} round${rounds > 1 ? 's' : ''} of ${seconds} s each for Duban and bare in turns (3 s warm-up before the first), medians; range: the rounds' lowest and highest Duban/bare; ${workers} server process${workers > 1 ? 'es' : ''} each for Duban and bare; load at end ${load()}`,
  )
  if (wrote)
    console.log(
      `writes: ${writes} progress post${writes === 1 ? '' : 's'} a second through the API (Beijing's liaison, one measure) during the runs of both: ${wrote.posted} posted, ${wrote.failed} failed${wrote.firstError ? ` (first: ${wrote.firstError})` : ''}`,
    )
  if (peer) console.log(`Redmine: ${peer.header.replace(/^#\s*/, '')}`)
  console.log(`target board: ${notes.beijingTarget}; dashboard round: ${notes.dashboardRound}`)
  for (const [i, r] of table.entries()) {
    console.log(r.map((c, j) => (j < 2 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  '))
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  }
}

await main()
