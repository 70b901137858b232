// A national-scale dataset for the scale benchmarks (bench/load.ts), made through the services:
// the demo organization and accounts (seedDemo), counties up to 3,600 units in four levels,
// ten years of rounds, teams and targets (inspection.service), then the bulk of the rows through
// the insert helpers the import paths use, in transactions of a few thousand rows with one audit
// event each: findings (finding.service buildRow → repository insertMany, text originals and
// similarity keys, history), plans (openPlan at feedback), measures and progress posts (the
// rectification repository's inserts), cases (case.service insertCase: tokens, FTS, keys) and key
// tasks (task.service taskRow → repository insert) with their quarterly reports.
//   npm run bench:generate -- --scale 0.01|0.1|1 [--dir DIR] [--pg URL] [--force]
// At scale 1: 3,600 units, 200,000 findings, 600,000 measures, 1,000,000 progress posts,
// 50,000 cases, 200,000 tasks (about 780,000 quarterly reports). Units do not scale.
// SQLite goes to DIR (default /tmp/duban-scale-<scale>); --pg writes into an empty database.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import type { FindingSource, Severity } from '../common/inspections'
import type { MeasureKind } from '../common/rectification'
import { migrate, openDatabase, type DB } from '../server/db/database'
import { nextValue } from '../server/db/counter'
import { engineOf } from '../server/db/dialect'
import type { FindingTable, QuarterlyReportTable, UnitTable } from '../server/db/schema'
import { systemCtx, type Ctx } from '../server/modules/access/context'
import * as audit from '../server/modules/audit/audit.service'
import { insertCase } from '../server/modules/cases/case.service'
import { buildRow, FINDING_TEXT } from '../server/modules/inspections/finding.service'
import * as findingRepo from '../server/modules/inspections/finding.repository'
import * as inspections from '../server/modules/inspections/inspection.service'
import * as inspectionRepo from '../server/modules/inspections/inspection.repository'
import { openPlan } from '../server/modules/rectification/rectification.service'
import * as rectRepo from '../server/modules/rectification/rectification.repository'
import { taskRow } from '../server/modules/tasks/task.service'
import * as taskRepo from '../server/modules/tasks/task.repository'
import { findingText, indexTexts } from '../server/modules/text/similar.service'
import { cleanFields, insertOriginals } from '../server/modules/text/text-original'
import { passages } from '../server/seed/demo-cases'
import { actorOf } from '../server/seed/demo-inspections'
import { seedDemo } from '../server/seed/demo'

export const UNITS = 3600
export const AT_SCALE_1 = {
  findings: 200_000,
  measures: 600_000,
  progress: 1_000_000,
  cases: 50_000,
  tasks: 200_000,
  targetsPerProvincialRound: 36,
}

// ---- small deterministic helpers
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}
const rand = rng(20240709)
export const addDays = (date: string, days: number) => {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(b.slice(0, 10)) - Date.parse(a.slice(0, 10))) / 86_400_000)
export const at = (date: string, hour = 2) => `${date}T${String(hour).padStart(2, '0')}:00:00.000Z`
/** Spreads `total` over `n` slots as evenly as integers allow: slot i gets floor((i+1)r) - floor(ir). */
const share = (total: number, n: number, i: number) =>
  Math.floor(((i + 1) * total) / n) - Math.floor((i * total) / n)

// ---- progress bar and phase timing on stderr
const phases: { name: string; rows: number; seconds: number }[] = []
export async function phase<T>(name: string, total: number, fn: (tick: (n?: number) => void) => Promise<T>) {
  const t0 = performance.now()
  let done = 0
  let shown = 0
  const draw = (final = false) => {
    const frac = total ? Math.min(1, done / total) : 1
    const bar = '#'.repeat(Math.round(frac * 30)).padEnd(30, '.')
    const s = (performance.now() - t0) / 1000
    process.stderr.write(
      `\r${name.padEnd(18)} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${done.toLocaleString()}/${total.toLocaleString()} ${s.toFixed(1)} s${final ? '\n' : ''}`,
    )
  }
  const result = await fn((n = 1) => {
    done += n
    const now = performance.now()
    if (now - shown > 250) {
      shown = now
      draw()
    }
  })
  draw(true)
  phases.push({ name, rows: done, seconds: (performance.now() - t0) / 1000 })
  return result
}

// ---- 1. organization: the demo's units and accounts, then counties up to UNITS
const DISTRICTS = [
  '城区',
  '东区',
  '西区',
  '南区',
  '北区',
  '新区',
  '高新区',
  '开发区',
  '江北区',
  '河西区',
  '城关区',
  '郊区',
  '东县',
  '西县',
  '南县',
  '北县',
  '中县',
  '山县',
  '河县',
  '湖县',
  '林县',
  '川县',
  '原县',
  '平县',
]
const LOCAL_DEPARTMENTS = [
  ['办公室', '综合协调、文电、督查督办'],
  ['第一检察部', '刑事检察'],
  ['第二检察部', '民事行政公益诉讼检察'],
  ['案件管理部', '案件管理、质量评查'],
] as const

async function organization(db: DB, ctx: Ctx) {
  await seedDemo(db, ctx)
  const units = await db.selectFrom('unit').selectAll().orderBy('code').execute()
  const municipal = units.filter((u) => u.level === 'municipal')
  const need = Math.max(0, UNITS - units.length)
  const now = new Date().toISOString()
  const counties: UnitTable[] = []
  for (const [i, m] of municipal.entries()) {
    const region = m.name.replace(/人民检察院$/, '')
    for (let k = 0; k < share(need, municipal.length, i); k++) {
      const code = `${m.code.slice(0, 4)}${String(k + 1).padStart(2, '0')}`
      counties.push({
        id: uuidv7(),
        code,
        name: `${region}${DISTRICTS[k % DISTRICTS.length]}${k >= DISTRICTS.length ? k : ''}人民检察院`,
        shortName: null,
        level: 'county',
        parentId: m.id,
        regionCode: code,
        path: `${m.path}${code}/`,
        depth: 3,
        createdAt: now,
        updatedAt: now,
      })
    }
  }
  const local = [...municipal, ...counties]
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < counties.length; i += 200)
      await trx
        .insertInto('unit')
        .values(counties.slice(i, i + 200))
        .execute()
    const departments = local.flatMap((u) =>
      LOCAL_DEPARTMENTS.map(([name, description], sortOrder) => ({
        id: uuidv7(),
        unitId: u.id,
        name,
        description,
        sortOrder,
        createdAt: now,
        updatedAt: now,
      })),
    )
    for (let i = 0; i < departments.length; i += 200)
      await trx
        .insertInto('department')
        .values(departments.slice(i, i + 200))
        .execute()
    await audit.record(trx, ctx, {
      action: 'unit.import',
      objectType: 'unit',
      details: { counties: counties.length, departments: departments.length },
    })
  })
}

// ---- 2. rounds, teams and targets through inspection.service
type Target = {
  id: string
  roundId: string
  teamId: string
  unitId: string
  feedback: string
  onsite: string
  fedBack: boolean
}

const TEAM_NAMES = ['第一巡视组', '第二巡视组', '第三巡视组', '第四巡视组', '第五巡视组']
const today = new Date().toISOString().slice(0, 10)
const thisYear = Number(today.slice(0, 4))
export const YEARS = Array.from({ length: 10 }, (_, i) => thisYear - 9 + i)

function finalPhase(feedback: string) {
  if (feedback >= today) return 2 // reporting: findings still with the team
  const d = daysBetween(feedback, today)
  return d > 540 ? 6 : d > 180 ? 5 : 4 // archived, acceptance, rectification
}

async function rounds(db: DB, office: Ctx, scale: number) {
  const units = await db.selectFrom('unit').select(['id', 'code', 'level', 'path']).orderBy('code').execute()
  const supreme = units.find((u) => u.level === 'supreme')!
  const provinces = units.filter((u) => u.level === 'provincial')
  const staff = await db
    .selectFrom('appUser')
    .select(['id', 'username'])
    .where('username', 'like', 'xs_zu%')
    .orderBy('username')
    .execute()
  const leaders = staff.filter((s) => s.username.startsWith('xs_zuzhang'))
  const members = staff.filter((s) => s.username.startsWith('xs_zuyuan'))
  const perProvincial = Math.max(1, Math.round(AT_SCALE_1.targetsPerProvincialRound * scale))
  type Plan = { organizer: string; year: number; start: string; feedback: string; unitIds: string[] }
  const plans: Plan[] = []
  let p = 0
  for (const year of YEARS) {
    // the supreme procuratorate: two rounds a year over six provinces each
    for (const start of [`${year}-03-01`, `${year}-09-01`]) {
      const unitIds = Array.from({ length: 6 }, () => provinces[p++ % provinces.length].id)
      plans.push({ organizer: supreme.id, year, start, feedback: addDays(start, 100), unitIds })
    }
    // each provincial procuratorate: one round a year over a slice of its own subtree
    for (const prov of provinces) {
      const below = units.filter((u) => u.path.startsWith(prov.path) && u.id !== prov.id)
      if (!below.length) continue
      const offset = (year - YEARS[0]) * perProvincial
      const unitIds = [
        ...new Set(
          Array.from(
            { length: Math.min(perProvincial, below.length) },
            (_, k) => below[(offset + k) % below.length].id,
          ),
        ),
      ]
      plans.push({
        organizer: prov.id,
        year,
        start: `${year}-04-10`,
        feedback: addDays(`${year}-04-10`, 90),
        unitIds,
      })
    }
  }
  const targets: Target[] = []
  const total = plans.reduce((n, x) => n + x.unitIds.length, 0)
  await phase('rounds & targets', total, async (tick) => {
    for (const plan of plans) {
      const taken = await db
        .selectFrom('round')
        .select((eb) => eb.fn.max('ordinal').as('n'))
        .where('organizerUnitId', '=', plan.organizer)
        .where('year', '=', plan.year)
        .executeTakeFirst()
      const round = await inspections.createRound(db, office, {
        year: plan.year,
        ordinal: Number(taken?.n ?? 0) + 1,
        startDate: plan.start,
        endDate: addDays(plan.start, 60),
        description: '规模测试数据',
        organizerUnitId: plan.organizer,
      })
      const teams = []
      for (let i = 0; i < Math.min(TEAM_NAMES.length, plan.unitIds.length); i++)
        teams.push(
          await inspections.createTeam(db, office, round.id, {
            name: TEAM_NAMES[i],
            leaderId: leaders[i % leaders.length].id,
            memberIds: [members[i % members.length].id],
          }),
        )
      for (const [i, unitId] of plan.unitIds.entries()) {
        const onsite = addDays(plan.start, 7)
        const t = await inspections.createTarget(db, office, {
          roundId: round.id,
          teamId: teams[i % teams.length].id,
          unitId,
          onsiteStart: onsite,
          onsiteEnd: addDays(plan.start, 55),
          feedbackDate: plan.feedback,
        })
        targets.push({
          id: t.id,
          roundId: round.id,
          teamId: t.teamId,
          unitId,
          feedback: plan.feedback,
          onsite,
          fedBack: plan.feedback < today,
        })
        tick()
      }
      await inspections.transitionRound(db, office, round.id, { action: 'advance' }) // on site
    }
  })
  return { targets, roundPhases: plans.length }
}

async function advanceRounds(db: DB, office: Ctx, targets: Target[]) {
  const byRound = new Map<string, string>()
  for (const t of targets) byRound.set(t.roundId, t.feedback)
  await phase('round phases', byRound.size, async (tick) => {
    for (const [id, feedback] of byRound) {
      for (let k = 1; k < finalPhase(feedback); k++)
        await inspections.transitionRound(db, office, id, { action: 'advance' })
      tick()
    }
  })
}

// ---- 3. findings: the import path (buildRow → insertMany, originals, similarity keys, history)
const TEMPLATES: {
  category: string
  title: string
  description: string
  persons: string
  severity: Severity
  source: FindingSource
}[] = [
  {
    category: 'T1.1',
    title: '党组理论学习中心组学习流于形式',
    description: '党组理论学习中心组学习以传达文件为主，研讨交流不深入，有{n}次集体学习未安排研讨发言。',
    persons: '党组理论学习中心组学习记录；涉及党组成员{m}人未按要求提交研讨材料。',
    severity: 'minor',
    source: 'document_review',
  },
  {
    category: 'T1.2',
    title: '学习习近平法治思想与检察履职结合不紧',
    description:
      '对习近平法治思想的学习停留在面上，未能转化为指导办案的具体举措，{n}项专题调研成果转化率低。',
    persons: '立项的{n}项专题调研中，仅{m}项形成工作机制。',
    severity: 'minor',
    source: 'talk',
  },
  {
    category: 'T1.3',
    title: '意识形态工作责任制落实不到位',
    description: '意识形态工作专题研究次数不足，网络舆情应对预案{n}年未修订。',
    persons: '意识形态工作责任清单自{y}年以来未更新。',
    severity: 'major',
    source: 'document_review',
  },
  {
    category: 'T2.1',
    title: '案件质量评查发现的问题整改不彻底',
    description: '“高质效办好每一个案件”要求落实不够，部分案件证据审查不细，类案评查问题反复出现（{n}件）。',
    persons: '案件质量评查中，{n}件案件被评为瑕疵案件，其中{m}件属同类问题重复发生。',
    severity: 'major',
    source: 'spot_check',
  },
  {
    category: 'T2.2',
    title: '刑事立案监督和侦查活动监督力度不足',
    description: '对侦查机关应当立案而不立案、违法取证等问题监督不够，监督线索发现渠道单一。',
    persons: '立案监督案件数同比下降{n}%；抽查的{m}0件案件中有{m}件存在未发现的违法取证问题。',
    severity: 'severe',
    source: 'spot_check',
  },
  {
    category: 'T2.2',
    title: '民事行政检察监督“不敢监督”问题仍然存在',
    description: '对法院生效裁判的监督以跟进监督为主，提出抗诉、再审检察建议数量偏少，监督刚性不足。',
    persons: '提出再审检察建议{n}件，采纳率不足一半。',
    severity: 'major',
    source: 'talk',
  },
  {
    category: 'T2.3',
    title: '内部监督制约机制运行不畅',
    description: '检察官权力清单执行不严格，案件流程监控发现的问题未形成闭环处理。',
    persons: '流程监控系统预警问题{n}条，其中{m}条未见处理记录。',
    severity: 'major',
    source: 'document_review',
  },
  {
    category: 'T3.1',
    title: '落实全面从严治检主体责任压力传导不够',
    description: '“四责协同”机制落实不到位，对下级院履行主体责任情况督导检查不够。',
    persons: '全面从严治检专项督察仅覆盖{m}个下级院。',
    severity: 'severe',
    source: 'talk',
  },
  {
    category: 'T3.2',
    title: '干部选拔任用工作程序不够规范',
    description: '部分干部选拔任用材料不完整，动议环节记录缺失，年轻干部培养储备不足。',
    persons: '抽查的{n}份干部任用档案中，{m}份缺少民主推荐环节记录。',
    severity: 'major',
    source: 'document_review',
  },
  {
    category: 'T3.3',
    title: '公务接待和公务用车管理不严',
    description: '公务接待审批手续不全，个别公务用车使用登记不规范。',
    persons: '有{n}批次公务接待无公函；公务用车{m}辆存在节假日使用未登记情况。',
    severity: 'minor',
    source: 'petition',
  },
  {
    category: 'T3.4',
    title: '以往巡视反馈问题整改不到位',
    description: '上一轮巡视反馈的部分问题整改措施落实不力，存在“表面整改”“纸面整改”现象。',
    persons: '上轮巡视反馈的{n}个问题中，{m}个问题整改台账显示“已完成”但实际未建立长效机制。',
    severity: 'severe',
    source: 'document_review',
  },
  {
    category: 'T2.1',
    title: '认罪认罚从宽制度适用质量不高',
    description: '认罪认罚案件量刑建议精准度不高，个别案件值班律师参与不充分。',
    persons: '抽查的{n}件认罪认罚案件中，{m}件量刑建议未被法院采纳。',
    severity: 'minor',
    source: 'spot_check',
  },
]

/** The finding's final status, from how long ago its target was handed the findings. */
function findingStatus(t: Target, k: number): FindingTable['status'] {
  if (!t.fedBack) return k % 5 === 0 ? 'draft' : 'confirmed'
  const d = daysBetween(t.feedback, today)
  const r = rand()
  if (d > 540) return r < 0.96 ? 'closed' : 'rectifying'
  if (d > 180) return r < 0.6 ? 'closed' : r < 0.7 ? 'awaiting_verification' : 'rectifying'
  return r < 0.1 ? 'closed' : r < 0.3 ? 'awaiting_verification' : 'rectifying'
}

type FindingInfo = {
  id: string
  targetId: string
  unitId: string
  title: string
  status: string
  feedback: string
  fedBack: boolean
}

async function findings(db: DB, office: Ctx, member: Ctx, targets: Target[], count: number) {
  const cats = new Map(
    (await db.selectFrom('findingCategory').select(['id', 'code']).execute()).map((c) => [c.code, c.id]),
  )
  const units = new Map(
    (await db.selectFrom('unit').select(['id', 'name']).execute()).map((u) => [u.id, u.name] as const),
  )
  const out: FindingInfo[] = []
  await phase('findings', count, async (tick) => {
    let i = 0
    while (i < targets.length) {
      await db.transaction().execute(async (trx) => {
        let rows = 0
        for (; i < targets.length && rows < 2000; i++) {
          const t = targets[i]
          const n = share(count, targets.length, i)
          if (!n) continue
          const first = (await nextValue(trx, `finding_seq:${t.id}`, n)) - n + 1
          const batch: FindingTable[] = []
          const originals: Parameters<typeof insertOriginals>[2] = []
          const history = []
          for (let k = 0; k < n; k++) {
            const tpl = TEMPLATES[(i + k) % TEMPLATES.length]
            const fill = (s: string) =>
              s
                .replaceAll('{n}', String(2 + Math.floor(rand() * 40)))
                .replaceAll('{m}', String(1 + Math.floor(rand() * 9)))
                .replaceAll('{y}', String(Number(t.feedback.slice(0, 4)) - 3))
            const text = cleanFields(
              {
                title: `${units.get(t.unitId)!.replace(/人民检察院$/, '')}${tpl.title}`,
                description: fill(tpl.description),
                personsMatters: fill(tpl.persons),
                categoryId: cats.get(tpl.category)!,
                severity: tpl.severity,
                source: tpl.source,
              },
              FINDING_TEXT,
            )
            const row = buildRow(member, t, text.values, first + k)
            const status = findingStatus(t, k)
            const created = at(addDays(t.onsite, k % 40))
            Object.assign(row, {
              // a UUIDv7 of its own time, as a finding written that day has: the similarity index
              // stores keys by the id's period (similar.service)
              id: uuidv7({ msecs: Date.parse(created) }),
              status,
              createdAt: created,
              updatedAt: created,
              ...(status !== 'draft' && { confirmedBy: member.actor!.id, confirmedAt: created }),
              ...(t.fedBack && { fedBackAt: at(t.feedback, 6) }),
            })
            batch.push(row)
            if (text.originals.length) originals.push({ objectId: row.id, originals: text.originals })
            history.push({
              id: uuidv7(),
              findingId: row.id,
              action: 'import',
              fromStatus: null,
              toStatus: 'draft',
              actorId: member.actor!.id,
              reason: null,
              createdAt: created,
            })
            if (status === 'closed')
              history.push({
                id: uuidv7(),
                findingId: row.id,
                action: 'close',
                fromStatus: 'awaiting_verification',
                toStatus: 'closed',
                actorId: office.actor!.id,
                reason: null,
                createdAt: at(addDays(t.feedback, 30 + Math.floor(rand() * 400)), 8),
              })
            out.push({
              id: row.id,
              targetId: t.id,
              unitId: t.unitId,
              title: row.title,
              status,
              feedback: t.feedback,
              fedBack: t.fedBack,
            })
          }
          await findingRepo.insertMany(trx, batch)
          await insertOriginals(trx, 'finding', originals)
          await indexTexts(
            trx,
            'finding',
            batch.map((f) => ({ id: f.id, text: findingText(f) })),
            true,
          )
          for (let h = 0; h < history.length; h += 200)
            await trx
              .insertInto('findingHistory')
              .values(history.slice(h, h + 200))
              .execute()
          if (t.fedBack) {
            await inspectionRepo.updateTarget(trx, t.id, {
              fedBackAt: at(t.feedback, 6),
              fedBackBy: office.actor!.id,
            })
            await openPlan(trx, t.id)
          }
          rows += n
          tick(n)
        }
        await audit.record(trx, member, {
          action: 'finding.import',
          objectType: 'finding',
          details: { rows, generated: true },
        })
      })
    }
    // the pair index's segments merged, as the cases' full-text index is below
    if (engineOf(db) === 'sqlite')
      await sql`insert into finding_fts (finding_fts) values ('optimize')`.execute(db)
  })
  return out
}

// ---- 4. measures and 5. progress: the rectification repository's inserts, plans accepted
type MeasureInfo = { id: string; done: boolean; progress: number; deadline: string; feedback: string }

async function measures(db: DB, office: Ctx, found: FindingInfo[], count: number) {
  const fedBack = found.filter((f) => f.fedBack)
  const plans = new Map(
    (await db.selectFrom('rectificationPlan').select(['id', 'targetId']).execute()).map((p) => [
      p.targetId,
      p.id,
    ]),
  )
  const depts = new Map<string, string[]>()
  for (const d of await db.selectFrom('department').select(['id', 'unitId']).execute())
    depts.set(d.unitId, [...(depts.get(d.unitId) ?? []), d.id])
  const kinds: MeasureKind[] = ['immediate', 'concentrated', 'long_term']
  const months = { immediate: 30, concentrated: 90, long_term: 365 }
  const out: MeasureInfo[] = []
  await phase('measures', count, async (tick) => {
    let i = 0
    while (i < fedBack.length) {
      await db.transaction().execute(async (trx) => {
        const rows: Parameters<typeof rectRepo.insertMeasures>[1] = []
        for (; i < fedBack.length && rows.length < 3000; i++) {
          const f = fedBack[i]
          const n = share(count, fedBack.length, i)
          const ds = depts.get(f.unitId) ?? []
          for (let k = 0; k < n; k++) {
            const kind = kinds[k % 3]
            const deadline = addDays(f.feedback, months[kind] + Math.floor(rand() * 20))
            const allDone = f.status === 'closed' || f.status === 'awaiting_verification'
            const done = allDone || (deadline < today && rand() < 0.5) || rand() < 0.2
            const progress = done ? 100 : 10 * (1 + Math.floor(rand() * 9))
            const created = at(addDays(f.feedback, 10 + k))
            const id = uuidv7()
            rows.push({
              id,
              planId: plans.get(f.targetId)!,
              findingId: f.id,
              targetId: f.targetId,
              unitId: f.unitId,
              content: `针对“${f.title}”，${['立行立改，完善制度', '制定专项整改方案，逐条对照问题清单整改', '建立健全长效机制，定期开展回头看'][k % 3]}（第${k + 1}项）。`,
              responsibleLeader: ['党组书记、检察长', '党组副书记、副检察长', '党组成员、政治部主任'][k % 3],
              departmentId: ds.length ? ds[k % ds.length] : null,
              deadline,
              kind,
              status: done ? 'done' : 'open',
              progress,
              doneAt: done ? at(deadline < today ? deadline : today, 9) : null,
              doneBy: null,
              createdAt: created,
              updatedAt: created,
            })
            out.push({ id, done, progress, deadline, feedback: f.feedback })
          }
          tick(n)
        }
        // in statements of 100, with their tallies and their contents' pairs
        await rectRepo.insertMeasures(trx, rows)
        await audit.record(trx, office, {
          action: 'measure.import',
          objectType: 'measure',
          details: { rows: rows.length, generated: true },
        })
      })
    }
    // the pair index's segments merged, as the findings' are
    if (engineOf(db) === 'sqlite')
      await sql`insert into measure_fts (measure_fts) values ('optimize')`.execute(db)
  })
  await phase('plans accepted', plans.size, async (tick) => {
    await db.transaction().execute(async (trx) => {
      for (const [, id] of plans) {
        await rectRepo.updatePlan(trx, id, {
          status: 'accepted',
          summary: '党组坚持把巡视整改作为重大政治任务，逐项制定整改措施，明确责任领导、责任部门和完成时限。',
          reviewedBy: office.actor!.id,
        })
        tick()
      }
    })
  })
  return out
}

async function progress(db: DB, office: Ctx, ms: MeasureInfo[], count: number) {
  await phase('progress posts', count, async (tick) => {
    let i = 0
    while (i < ms.length) {
      await db.transaction().execute(async (trx) => {
        let rows = 0
        for (; i < ms.length && rows < 5000; i++) {
          const m = ms[i]
          const n = share(count, ms.length, i)
          for (let k = 0; k < n; k++) {
            const last = k === n - 1
            const value = last ? m.progress : Math.max(10, Math.round((m.progress * (k + 1)) / n / 10) * 10)
            await rectRepo.insertProgress(trx, {
              id: uuidv7(),
              measureId: m.id,
              content:
                last && m.done
                  ? '已完成整改，相关制度已印发。'
                  : `正在推进，已召开专题会议研究部署（${value}%）。`,
              progress: last && m.done ? 100 : value,
              marksDone: last && m.done ? 1 : 0,
              postedBy: null,
              createdAt: at(addDays(m.feedback, 20 + k * 15), 10),
            })
          }
          rows += n
          tick(n)
        }
        await audit.record(trx, office, {
          action: 'measure.progress_import',
          objectType: 'measure',
          details: { rows, generated: true },
        })
      })
    }
  })
}

// ---- 6. cases through insertCase (tokens, FTS5 or tsvector, similarity keys)
async function cases(db: DB, ctx: Ctx, count: number) {
  const all = passages()
  const units = await db
    .selectFrom('unit')
    .select('id')
    .where('level', 'in', ['supreme', 'provincial'])
    .execute()
  const top = await db
    .selectFrom('legalCase')
    .select((eb) => eb.fn.max('number').as('n'))
    .executeTakeFirst()
  let number = Number(top?.n ?? 0)
  await phase('cases', count, async (tick) => {
    let n = 0
    while (n < count) {
      await db.transaction().execute(async (trx) => {
        for (let k = 0; k < 1000 && n < count; k++, n++) {
          const p = all[n % all.length]
          const rep = Math.floor(n / all.length) + 1
          const sentences = p.text.split(/(?<=[。；;])/u).filter(Boolean)
          for (let s = 0; s < 2 && sentences.length > 2; s++) {
            const a = Math.floor(rand() * sentences.length)
            const b = Math.floor(rand() * sentences.length)
            ;[sentences[a], sentences[b]] = [sentences[b], sentences[a]]
          }
          const year = YEARS[n % YEARS.length]
          const when = at(`${year}-${String(1 + (n % 12)).padStart(2, '0')}-15`)
          const guiding = n % 40 === 0
          const published = n % 10 !== 0
          await insertCase(trx, {
            id: uuidv7(),
            kind: guiding ? 'guiding' : 'typical',
            title: `${p.casename}案（${p.id}）之${rep}`,
            keywords: JSON.stringify([p.casename]),
            gist: '',
            facts: sentences.join(''),
            procuratorialWork: '',
            significance: '',
            relatedLaws: '[]',
            domain: p.domain,
            sourceUnitId: units[n % units.length].id,
            status: published ? 'published' : 'submitted',
            number: guiding && published ? ++number : null,
            batchId: null,
            createdBy: ctx.actor!.id,
            submittedAt: when,
            approvedAt: published ? when : null,
            publishedAt: published ? when : null,
            withdrawnAt: null,
            createdAt: when,
            updatedAt: when,
          })
          tick()
        }
        await audit.record(trx, ctx, {
          action: 'case.import',
          objectType: 'case',
          details: { generated: true },
        })
      })
    }
    if (engineOf(db) === 'sqlite')
      await sql`insert into legal_case_fts (legal_case_fts) values ('optimize')`.execute(db)
  })
}

// ---- 7. key tasks (taskRow → repository insert) and their quarterly reports
const TASK_TITLES = [
  '深化检察护企专项行动，依法平等保护各类经营主体',
  '推进检护民生专项行动，解决群众急难愁盼问题',
  '加强刑事立案监督和侦查活动监督',
  '提升民事行政检察监督质效',
  '深化公益诉讼检察，办理一批有影响力的案件',
  '推进数字检察战略，建设大数据法律监督模型',
  '落实高质效办好每一个案件的基本价值追求',
  '加强未成年人综合司法保护',
  '做实控告申诉检察，推进信访工作法治化',
  '推进巡视整改成果运用，健全长效机制',
]

async function tasks(db: DB, ctx: Ctx, count: number) {
  const depts = await db
    .selectFrom('department')
    .innerJoin('unit', 'unit.id', 'department.unitId')
    .select(['department.id', 'department.unitId'])
    .orderBy('unit.code')
    .orderBy('department.sortOrder')
    .execute()
  const byUnit = new Map<string, string[]>()
  for (const d of depts) byUnit.set(d.unitId, [...(byUnit.get(d.unitId) ?? []), d.id])
  const campaigns = (await db.selectFrom('campaign').select('id').execute()).map((c) => c.id)
  const quarterEnd = (year: number, q: number) => `${year}-${['03-31', '06-30', '09-30', '12-31'][q - 1]}`
  let reports = 0
  await phase('tasks', count, async (tick) => {
    let n = 0
    while (n < count) {
      await db.transaction().execute(async (trx) => {
        for (let k = 0; k < 2000 && n < count; k++, n++) {
          const year = YEARS[Math.floor((n * YEARS.length) / count)]
          const lead = depts[(n * 7919) % depts.length]
          const siblings = byUnit.get(lead.unitId)!.filter((d) => d !== lead.id)
          const cooperatorIds = siblings.slice(0, n % 3).map((_, j) => siblings[(n + j) % siblings.length])
          const row = await taskRow(trx, {
            year,
            code: `G${String(n + 1).padStart(6, '0')}`,
            title: `${TASK_TITLES[n % TASK_TITLES.length]}（${year}）`,
            description: '按照年度重点工作安排，明确牵头部门和配合部门，按季度推进并报送落实情况。',
            leaderName: ['检察长', '副检察长', '检委会专职委员'][n % 3],
            leadDepartmentId: lead.id,
            cooperatorIds: [...new Set(cooperatorIds)],
            campaignId: campaigns.length && n % 10 === 0 ? campaigns[n % campaigns.length] : null,
            milestones: [1, 2, 3, 4].map((q) => ({
              quarter: q,
              expectedProgress: q * 25,
              description: `第${q}季度完成${q * 25}%`,
            })),
          })
          const quarters = [1, 2, 3, 4].filter((q) => quarterEnd(year, q) < today)
          const past = year < thisYear
          const late = rand() < 0.12
          const progress = past
            ? late
              ? 70 + Math.floor(rand() * 25)
              : 100
            : Math.min(95, quarters.length * 25 + Math.floor(rand() * 15) - (late ? 30 : 0))
          Object.assign(row, {
            status: past && !late ? 'done' : 'active',
            progress: Math.max(0, progress),
            createdAt: at(`${year}-01-20`),
            updatedAt: at(quarters.length ? quarterEnd(year, quarters.length) : `${year}-01-20`),
          })
          await taskRepo.insert(trx, row, [...new Set(cooperatorIds)])
          const taskReports: QuarterlyReportTable[] = []
          for (const q of quarters) {
            const latest = q === quarters.length && !past
            const r = rand()
            const status =
              latest && late ? (r < 0.5 ? 'draft' : 'returned') : latest && r < 0.3 ? 'submitted' : 'accepted'
            const when = at(addDays(quarterEnd(year, q), 5 + (n % 10)))
            taskReports.push({
              id: uuidv7(),
              taskId: row.id,
              quarter: q,
              status,
              progress: Math.min(100, q * 25),
              done: `第${q}季度按计划推进，完成阶段性目标。`,
              problems: late ? '部分配合部门材料报送滞后。' : '',
              nextSteps: '持续推进，按期完成年度目标。',
              supportNeeded: '',
              returnReason: status === 'returned' ? '材料不完整，请补充数据' : null,
              submittedBy: null,
              submittedAt: status === 'draft' ? null : when,
              reviewedBy: status === 'accepted' || status === 'returned' ? ctx.actor!.id : null,
              reviewedAt: status === 'accepted' || status === 'returned' ? when : null,
              createdAt: when,
              updatedAt: when,
            })
            reports++
          }
          // one insert and one write of the task's light inputs for all its reports
          await taskRepo.insertReports(trx, taskReports)
          tick()
        }
        await audit.record(trx, ctx, {
          action: 'task.import',
          objectType: 'task',
          details: { generated: true },
        })
      })
    }
  })
  return reports
}

// ---- main
export async function generate(db: DB, scale: number) {
  const t0 = performance.now()
  const sys = systemCtx()
  await phase('organization', UNITS, async (tick) => {
    await migrate(db)
    await organization(db, sys)
    tick(UNITS)
  })
  const office: Ctx = { ...sys, actor: await actorOf(db, 'xunshiban') }
  const member: Ctx = { ...sys, actor: await actorOf(db, 'xs_zuyuan1') }
  const supervision: Ctx = { ...sys, actor: await actorOf(db, 'ducha') }
  const editor: Ctx = { ...sys, actor: await actorOf(db, 'yanjiushi') }
  const n = (x: number) => Math.max(1, Math.round(x * scale))
  const { targets } = await rounds(db, office, scale)
  const found = await findings(db, office, member, targets, n(AT_SCALE_1.findings))
  await advanceRounds(db, office, targets)
  const ms = await measures(db, office, found, n(AT_SCALE_1.measures))
  await progress(db, office, ms, n(AT_SCALE_1.progress))
  await cases(db, editor, n(AT_SCALE_1.cases))
  const reports = await tasks(db, supervision, n(AT_SCALE_1.tasks))
  if (engineOf(db) === 'postgres') await sql`analyze`.execute(db)
  const count = async (table: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n)
  const totals: Record<string, number> = {}
  for (const table of [
    'unit',
    'department',
    'round',
    'target',
    'finding',
    'rectification_measure',
    'measure_progress',
    'legal_case',
    'task',
    'quarterly_report',
    'audit_event',
  ])
    totals[table] = await count(table)
  return { seconds: (performance.now() - t0) / 1000, totals, reports }
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '0.01' },
      dir: { type: 'string' },
      pg: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
    strict: true,
  })
  const scale = Number(values.scale)
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]')
  const dir = path.resolve(values.dir ?? path.join(os.tmpdir(), `duban-scale-${values.scale}`))
  if (!values.pg) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length) {
      if (!values.force) throw new Error(`${dir} is not empty; pass --force to replace it`)
      fs.rmSync(dir, { recursive: true, force: true })
    }
    fs.mkdirSync(dir, { recursive: true })
  }
  const db = openDatabase({ databaseUrl: values.pg, dataDir: dir })
  try {
    console.error(
      `generating scale ${scale} into ${values.pg ? 'PostgreSQL' : dir} (load ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')})`,
    )
    const r = await generate(db, scale)
    console.log(
      `\nscale ${scale}, ${values.pg ? 'PostgreSQL' : 'SQLite ' + dir}: ${r.seconds.toFixed(0)} s in all`,
    )
    console.log('phase               rows        s      rows/s')
    for (const p of phases)
      console.log(
        `${p.name.padEnd(18)} ${p.rows.toLocaleString().padStart(10)} ${p.seconds.toFixed(1).padStart(8)} ${(p.rows / Math.max(p.seconds, 0.001)).toFixed(0).padStart(10)}`,
      )
    console.log(
      'table rows: ' +
        Object.entries(r.totals)
          .map(([k, v]) => `${k} ${v.toLocaleString()}`)
          .join(', '),
    )
    console.log(
      `load average after: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    )
    if (!values.pg)
      fs.writeFileSync(path.join(dir, 'bench-scale.json'), JSON.stringify({ scale, ...r, phases }, null, 2))
  } finally {
    await db.destroy()
  }
}

if (import.meta.filename === path.resolve(process.argv[1] ?? '')) await main()
