// Dashboards (看板): the numbers of the meeting reports (by their rules, with the same
// scope and as-of date), arranged for a chart, plus what a chart needs beyond the report:
// a weekly overdue trend, the provinces of a round, a unit's measures due soon.
import {
  DASHBOARD_ROLES,
  DUE_SOON_DAYS,
  LEADER_RECOUNT_SECONDS,
  type DashboardName,
  type LeaderDashboard,
  type RoundDashboard,
  type TileStatus,
  type UnitDashboard,
} from '../../../common/dashboards'
import type { DB } from '../../db/database'
import { readsInThread } from '../../db/dialect'
import { keptAtLeast, keptUntilWrite } from '../../db/versioned'
import { AppError, hidden, notFound } from '../../errors'
import { nextTurn, oneByOne } from '../../turns'
import type { Actor, Ctx } from '../access/context'
import { permissionsOf, requireActor, requirePermission, rolePaths } from '../access/policy'
import { caseStats } from '../cases/case-stats'
import { scopesOf } from '../inspections/inspection.policy'
import { listRounds, visibleRound } from '../inspections/inspection.service'
import { listMeasures, targetProgress } from '../rectification/rectification.service'
import { endOfDay, today } from '../reports/report-kit'
import * as reportRepo from '../reports/reports.repository'
import { taskQuarterStanding } from '../reports/task-quarter.report'
import * as repo from './dashboards.repository'

const DASHBOARD_TITLES: Record<DashboardName, string> = {
  round: '巡视整改总览',
  leader: '院领导总览',
  unit: '本单位整改看板',
}

/** Which dashboards the actor may open (their scope then limits the numbers). */
export function dashboardsFor(ctx: Ctx): DashboardName[] {
  const roles = new Set(ctx.actor?.grants.map((g) => g.role) ?? [])
  return (Object.keys(DASHBOARD_ROLES) as DashboardName[]).filter((n) =>
    DASHBOARD_ROLES[n].some((r) => roles.has(r)),
  )
}

/** 403 dashboard_forbidden (audited by the error handler) unless a role in DASHBOARD_ROLES is held. */
export function requireDashboard(ctx: Ctx, name: DashboardName) {
  const actor = requireActor(ctx)
  if (!dashboardsFor(ctx).includes(name))
    throw new AppError(403, 'dashboard_forbidden', `您没有查看“${DASHBOARD_TITLES[name]}”的权限`)
  return actor
}

function addDays(date: string, days: number) {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** A weekly series that ends on `asOf`; two years at most. */
const TREND_WEEKS = 104

// ---- 巡视办: one round
const noFindings = () => ({
  total: 0,
  closed: 0,
  inProgress: 0,
  awaitingVerification: 0,
  overdue: 0,
  returned: 0,
})

/**
 * The numbers of the rectification progress report (rectificationProgressData) for the round
 * and day, by the same rules, counted in SQL: the report replays every finding and measure,
 * which at 50,000 findings took seconds; dashboards.int.test.ts checks they agree.
 */
export async function roundDashboard(
  db: DB,
  ctx: Ctx,
  q: { roundId?: string; asOf?: string },
): Promise<RoundDashboard> {
  requireDashboard(ctx, 'round')
  const actor = requirePermission(ctx, 'inspection.read')
  const s = scopesOf(actor)
  // the newest round the person sees, unless one is asked for (the picker lists them itself)
  const roundId = q.roundId ?? (await repo.newestRound(db, s))?.id
  if (!roundId) throw notFound('round', '尚无巡视轮次')
  const asOf = q.asOf ?? today()
  const until = endOfDay(asOf)
  const { round } = await visibleRound(db, ctx, roundId) // throws round_not_found (audited) when out of scope
  const office = s.office
  const full = rolePaths(actor, ['leader']) === 'all' || office === 'all' || office.length > 0
  // The numbers depend on the round, the day and what the scopes let the person see, and on
  // nothing written since: the same for everyone with those scopes until the next write. The
  // whole answer is kept, and given as the same object (its text is written once, `sendKept`).
  return roundAnswers.get(db, ctx.versions, JSON.stringify([roundId, asOf, s, full]), async () => ({
    round: { id: round.id, name: round.name, year: round.year, phase: round.phase },
    asOf,
    scope: full ? 'full' : 'unit',
    ...(await countRound(db, roundId, s, asOf, until)),
  }))
}

type RoundNumbers = Omit<RoundDashboard, 'round' | 'asOf' | 'scope'>
/** Rounds' dashboards by day and scopes, 200 at most. */
const roundAnswers = keptUntilWrite<RoundDashboard>(200)

async function countRound(
  db: DB,
  roundId: string,
  s: ReturnType<typeof scopesOf>,
  asOf: string,
  until: string,
): Promise<RoundNumbers> {
  const [targets, findings, spans] = await Promise.all([
    reportRepo.targets(db, roundId, s),
    repo.findingCounts(db, roundId, s, asOf, until),
    repo.measureWeeks(db, roundId, s, asOf),
  ])

  const deadlineOf = new Map(targets.map((t) => [t.id, t.rectificationDeadline]))
  const byTarget = new Map(
    targets.map((t) => [t.id, { ...noFindings(), measures: 0, measuresDone: 0, measuresOverdue: 0 }]),
  )
  const byCategory = new Map<string, ReturnType<typeof noFindings> & { name: string; code: string }>()
  const totals = { ...noFindings(), measures: 0, measuresDone: 0, measuresOverdue: 0 }
  for (const f of findings) {
    const n = Number(f.n)
    const closed = f.status === 'closed'
    const deadline = deadlineOf.get(f.targetId)
    const overdue =
      !closed && (f.measures === null ? !!deadline && deadline < asOf : Number(f.measures) === 1)
    const cat =
      byCategory.get(f.categoryId) ??
      byCategory
        .set(f.categoryId, { ...noFindings(), name: f.categoryName, code: f.categoryCode })
        .get(f.categoryId)!
    for (const c of [totals, cat, byTarget.get(f.targetId)]) {
      if (!c) continue
      c.total += n
      if (closed) c.closed += n
      else c.inProgress += n
      if (f.status === 'awaiting_verification') c.awaitingVerification += n
      if (overdue) c.overdue += n
      if (Number(f.returned) === 1) c.returned += n
    }
  }
  // Week 0 is `asOf` itself. A measure is overdue on week k when it stands, is late and is not
  // yet done then: on the weeks from the one after it was done (or any) to the last it stood
  // and was late. Each row adds its count to that span of the trend, once (a difference per
  // week), rather than being tested against every week.
  const firstOverdue = (m: (typeof spans)[number]) => (m.done === null ? 0 : Math.max(0, Number(m.done) + 1))
  const lastOverdue = (m: (typeof spans)[number]) =>
    Math.min(Number(m.standing), Number(m.late), TREND_WEEKS - 1)
  const change = new Array<number>(TREND_WEEKS + 1).fill(0)
  for (const m of spans) {
    const from = firstOverdue(m)
    const to = lastOverdue(m)
    if (from > to) continue
    const n = Number(m.n)
    change[from] += n
    change[to + 1] -= n
  }
  for (const m of spans) {
    if (m.standing < 0) continue
    const n = Number(m.n)
    const overdueNow = firstOverdue(m) === 0 && lastOverdue(m) >= 0
    for (const c of [totals, byTarget.get(m.targetId)]) {
      if (!c) continue
      c.measures += n
      if (m.done !== null && m.done >= 0) c.measuresDone += n
      if (overdueNow) c.measuresOverdue += n
    }
  }

  // The first handover by `asOf` starts the trend as the first of all would: a later one
  // leaves `asOf` alone either way.
  const firstDay = findings.map((f) => String(f.firstFedBackAt).slice(0, 10)).sort()[0]
  // From the first handover (or just the day itself) to `asOf`, which is always the last point.
  const overdueTrend: RoundDashboard['overdueTrend'] = []
  for (
    let d = asOf, k = 0, overdue = change[0];
    k < TREND_WEEKS && (k === 0 || (!!firstDay && d >= firstDay));
    d = addDays(d, -7), k++, overdue += change[k]
  )
    overdueTrend.push({ date: d, overdue })
  overdueTrend.reverse()

  const rows = targets
    .filter((t) => t.fedBackAt && t.fedBackAt <= until)
    .map((t) => ({
      targetId: t.id,
      unitName: t.unitName,
      teamName: t.teamName,
      rectificationDeadline: t.rectificationDeadline,
      ...byTarget.get(t.id)!,
    }))
  const rowOf = new Map(rows.map((t) => [t.targetId, t]))
  const codeOf = new Map(targets.map((t) => [t.id, t.unitCode]))
  const provinces = new Map<string, RoundDashboard['tiles'][number] & { fed: boolean; names: string[] }>()
  for (const t of targets) {
    const code = t.unitCode.slice(0, 2)
    const p = provinces.get(code) ?? {
      code,
      name: '',
      status: 'not_fed_back' as TileStatus,
      targetIds: [],
      total: 0,
      closed: 0,
      overdue: 0,
      fed: false,
      names: [],
    }
    p.targetIds.push(t.id)
    p.names.push(t.unitName)
    const row = rowOf.get(t.id)
    if (row) {
      p.fed = true
      p.total += row.total
      p.closed += row.closed
      p.overdue += row.overdue
    }
    provinces.set(code, p)
  }
  const tiles = [...provinces.values()].map(({ fed, names, ...p }) => ({
    ...p,
    name: names.join('、'),
    status: (!fed
      ? 'not_fed_back'
      : p.overdue > 0
        ? 'overdue'
        : p.closed === p.total
          ? 'closed'
          : 'rectifying') as TileStatus,
  }))

  return {
    totals,
    byTarget: rows.map((t) => ({ ...t, unitCode: codeOf.get(t.targetId) ?? '' })),
    byCategory: [...byCategory.entries()]
      .sort((a, b) => a[1].code.localeCompare(b[1].code))
      .map(([categoryId, { code: _c, ...c }]) => ({ categoryId, ...c })),
    overdueTrend,
    tiles,
  }
}

// ---- 院领导: one page
function quarterOf(date: string) {
  return Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1
}

export async function leaderDashboard(
  db: DB,
  ctx: Ctx,
  q: { year?: number; quarter?: number; asOf?: string; fresh?: boolean },
): Promise<LeaderDashboard> {
  const actor = requireDashboard(ctx, 'leader')
  const asOf = q.asOf ?? today()
  const thisYear = Number(asOf.slice(0, 4))
  const year = q.year ?? thisYear
  const quarter = q.quarter ?? (year === thisYear ? quarterOf(asOf) : year < thisYear ? 4 : 1)
  // Kept by the grants held now and the unit (what it counts depends on the permissions and
  // scopes that the grants give, in three modules, and on nothing else of the person: leaders
  // of one unit with the same grants share one count; a page counted under grants since
  // narrowed is never given) until the next write, and for at least a minute: at national
  // scale it counts a year's rounds, tasks and cases (half a second at scale 1), which a
  // stream of writes would otherwise have counted again on nearly every request.
  return leaderPages.get(
    db,
    ctx.versions,
    JSON.stringify([actor.unitPath, actor.grants.map((g) => JSON.stringify(g)).sort(), year, quarter, asOf]),
    () => countLeader(db, ctx, actor, year, quarter, asOf),
    { fresh: q.fresh },
  )
}

/** Pages of the leader dashboard by grants and unit, year, quarter and day, 200 at most. */
const leaderPages = keptAtLeast<LeaderDashboard>(200, LEADER_RECOUNT_SECONDS * 1000)

async function countLeader(
  db: DB,
  ctx: Ctx,
  actor: Actor,
  year: number,
  quarter: number,
  asOf: string,
): Promise<LeaderDashboard> {
  const countedAt = new Date().toISOString()
  const can = new Set(permissionsOf(actor))

  const rounds = can.has('inspection.read')
    ? (await listRounds(db, ctx, { year, page: 1, pageSize: 200 })).items
    : []
  const lines = await roundLines(db, ctx, rounds, asOf)
  const totals = roundCounts()
  for (const l of lines) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += l[k]

  let cases: LeaderDashboard['cases'] = null
  await nextTurn() // (on either engine: a turn costs little)
  if (can.has('case.stats')) {
    // The case statistics the case-issuing report prints.
    const stats = await caseStats(db, ctx, { year })
    const line = (c: { issued: number; pending: number; returned: number }) => ({
      issued: c.issued,
      pending: c.pending,
      returned: c.returned,
    })
    cases = {
      source: 'stats',
      year,
      total: line(stats.total),
      kind: Object.fromEntries(Object.entries(stats.kind).map(([k, c]) => [k, line(c)])),
    }
  } else if (can.has('case.read')) {
    const rows = await repo.publishedCases(db, year)
    const kind: Record<string, { issued: number; pending: null; returned: null }> = {}
    for (const r of rows) kind[r.kind] = { issued: Number(r.n), pending: null, returned: null }
    cases = {
      source: 'published',
      year,
      total: {
        issued: rows.reduce((n, r) => n + Number(r.n), 0),
        pending: null,
        returned: null,
      },
      kind,
    }
  }

  let tasks: LeaderDashboard['tasks'] = null
  await nextTurn()
  if (can.has('task.read'))
    tasks = await taskQuarterStanding(db, ctx, { year, quarter, asOf, limit: LATE_SHOWN })

  return { year, quarter, asOf, countedAt, inspections: { rounds: lines, totals }, cases, tasks }
}

/** How many late tasks the dashboard lists (the quarterly report lists them all). */
const LATE_SHOWN = 20

type RoundLine = LeaderDashboard['inspections']['rounds'][number]

/** A round line's counts, all zero: each round's line, and the year's totals, start from it. */
function roundCounts(): LeaderDashboard['inspections']['totals'] {
  return {
    targets: 0,
    findings: 0,
    fedBack: 0,
    closed: 0,
    inProgress: 0,
    awaitingVerification: 0,
    overdue: 0,
    returned: 0,
    measures: 0,
    measuresDone: 0,
    measuresOverdue: 0,
  }
}

/**
 * Each round's line, counted in the database by the rules of the inspection round report
 * (targets, confirmed findings of the targets one sees) and of the rectification progress
 * report on `asOf` (the rest). On SQLite the targets of all the rounds in one statement, then
 * each other statement one round at a time, with a turn of the event loop before each
 * (`oneByOne`): a year of rounds read at once held the server's one thread for the whole count
 * (0.3–0.5 s at scale 1), and every other request of the process waited. PostgreSQL reads all
 * the rounds at once, in four statements (not a hundred).
 */
async function roundLines(
  db: DB,
  ctx: Ctx,
  rounds: { id: string; name: string; phase: string }[],
  asOf: string,
): Promise<RoundLine[]> {
  const s = scopesOf(ctx.actor!)
  const ids = rounds.map((r) => r.id)
  const until = endOfDay(asOf)
  const [targets, found, findings, measures] = readsInThread(db)
    ? // the targets at once, then one statement of one round at a time, a turn before each
      ([
        await repo.roundsTargets(db, ids, s),
        await oneByOne(ids, (id) => repo.roundsFindingsByTarget(db, [id], s)),
        await oneByOne(ids, (id) => repo.roundsFindingCounts(db, [id], s, asOf, until)),
        await oneByOne(ids, (id) => repo.roundsMeasureCounts(db, [id], s, asOf, until)),
      ] as const)
    : // the rounds at once, the statements over the pool's connections together
      await Promise.all([
        repo.roundsTargets(db, ids, s),
        repo.roundsFindingsByTarget(db, ids, s),
        repo.roundsFindingCounts(db, ids, s, asOf, until),
        repo.roundsMeasureCounts(db, ids, s, asOf, until),
      ])
  const lines = new Map(
    rounds.map((r) => [r.id, { id: r.id, name: r.name, phase: r.phase, ...roundCounts() }]),
  )
  const deadlineOf = new Map(targets.map((t) => [t.id, t.rectificationDeadline]))
  for (const t of targets) lines.get(t.roundId)!.targets++
  const roundOf = new Map(targets.map((t) => [t.id, t.roundId]))
  // The round report counts a finding under a target one sees.
  for (const f of found) {
    const roundId = roundOf.get(f.targetId)
    if (roundId) lines.get(roundId)!.findings += Number(f.n)
  }
  for (const f of findings) {
    const l = lines.get(f.roundId)!
    const n = Number(f.n)
    const closed = f.status === 'closed'
    const deadline = deadlineOf.get(f.targetId)
    l.fedBack += n
    if (closed) l.closed += n
    else l.inProgress += n
    if (f.status === 'awaiting_verification') l.awaitingVerification += n
    if (!closed && (f.measures === null ? !!deadline && deadline < asOf : Number(f.measures) === 1))
      l.overdue += n
    if (Number(f.returned) === 1) l.returned += n
  }
  for (const m of measures) {
    const l = lines.get(m.roundId)!
    l.measures += Number(m.measures)
    l.measuresDone += Number(m.done)
    l.measuresOverdue += Number(m.overdue)
  }
  return [...lines.values()]
}

// ---- 被巡视单位: its own rectification
export async function unitDashboard(db: DB, ctx: Ctx, q: { targetId?: string }): Promise<UnitDashboard> {
  const actor = requireDashboard(ctx, 'unit')
  const day = today()
  const [unit, own] = await Promise.all([
    repo.unitName(db, actor.unitId),
    repo.ownUnitTargets(db, scopesOf(actor)),
  ])
  const fed = own.filter((t) => t.fedBackAt)
  const chosen = q.targetId ? fed.find((t) => t.id === q.targetId) : fed[0]
  // Another unit's target (or one not yet handed over) looks missing, and the refusal is audited.
  if (q.targetId && !chosen) throw hidden('target')
  const base: UnitDashboard = {
    unit: { id: actor.unitId, name: unit?.name ?? '' },
    today: day,
    dueSoonDays: DUE_SOON_DAYS,
    targets: fed.map((t) => ({
      id: t.id,
      roundId: t.roundId,
      roundName: t.roundName,
      fedBackAt: t.fedBackAt,
    })),
    target: null,
    byStatus: {},
    findings: 0,
    measures: { total: 0, open: 0, done: 0, overdue: 0, dueSoon: 0, progress: 0 },
    dueSoon: [],
    overdueMeasures: [],
    burndown: [],
  }
  if (!chosen) return base

  // The target's progress as its 整改进度 tab shows it (findings by status, burn-down), and its ledger.
  const [progress, ledger] = await Promise.all([
    targetProgress(db, ctx, chosen.id),
    listMeasures(db, ctx, {
      targetId: chosen.id,
      sort: 'deadline',
      order: 'asc',
      page: 1,
      pageSize: 10_000,
    }),
  ])
  const horizon = addDays(day, DUE_SOON_DAYS)
  const dueSoon = ledger.items.filter(
    (m) => m.status === 'open' && m.deadline >= day && m.deadline <= horizon,
  )
  const items = ledger.items
  return {
    ...base,
    target: {
      id: chosen.id,
      roundId: chosen.roundId,
      roundName: chosen.roundName,
      unitName: chosen.unitName,
      fedBackAt: chosen.fedBackAt,
      rectificationDeadline: chosen.rectificationDeadline,
    },
    byStatus: progress.byStatus,
    findings: Object.values(progress.byStatus).reduce((n, c) => n + c, 0),
    measures: {
      total: items.length,
      ...progress.measures,
      dueSoon: dueSoon.length,
      progress: items.length ? Math.round(items.reduce((n, m) => n + m.progress, 0) / items.length) : 0,
    },
    dueSoon: dueSoon.map((m) => ({
      id: m.id,
      findingSeq: m.findingSeq,
      findingTitle: m.findingTitle,
      content: m.content,
      deadline: m.deadline,
      departmentName: m.departmentName,
      progress: m.progress,
    })),
    overdueMeasures: progress.overdueMeasures,
    burndown: progress.burndown,
  }
}
