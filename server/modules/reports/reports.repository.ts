// The SQL the reports read. Every query takes the whole round (or year) at once, filtered by
// the actor's visibility in SQL, so a report costs a fixed handful of queries at any size.
import type { DB } from '../../db/database'
import { startsWith } from '../../db/dialect'
import { shaped } from '../../db/prepared'
import type { UnitScope } from '../access/policy'
import {
  anyPath,
  JOINED_FINDING_COLUMNS,
  JOINED_TARGET_COLUMNS,
  SCOPE_SHAPE,
  type Scopes,
  visibleWhere,
} from '../inspections/inspection.policy'

function findings(db: DB, roundId: string, s: Scopes) {
  return db
    .selectFrom('finding')
    .innerJoin('round', 'round.id', 'finding.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .innerJoin('unit as fu', 'fu.id', 'finding.unitId')
    .where('finding.roundId', '=', roundId)
    .where((eb) => visibleWhere(eb, s, JOINED_FINDING_COLUMNS))
}

/** The round's targets the actor sees, with team and unit. */
export async function targets(db: DB, roundId: string, s: Scopes) {
  return roundTargets(db, { roundId, s })
}

const roundTargets = shaped(
  (db: DB, { roundId, s }: { roundId: string; s: Scopes }) =>
    db
      .selectFrom('target')
      .innerJoin('round', 'round.id', 'target.roundId')
      .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
      .innerJoin('team', 'team.id', 'target.teamId')
      .innerJoin('unit as tu', 'tu.id', 'target.unitId')
      .where('target.roundId', '=', roundId)
      .where((eb) => visibleWhere(eb, s, JOINED_TARGET_COLUMNS))
      .select([
        'target.id',
        'tu.name as unitName',
        'tu.code as unitCode',
        'team.name as teamName',
        'team.sortOrder',
        'target.onsiteStart',
        'target.onsiteEnd',
        'target.rectificationDeadline',
        'target.fedBackAt',
      ])
      .orderBy('team.sortOrder')
      .orderBy('tu.code'),
  SCOPE_SHAPE,
)

/** Visible findings of a round with their category and its parent (the three headings). */
export async function findingRows(db: DB, roundId: string, s: Scopes, opts: { fedBackOnly: boolean }) {
  let q = findings(db, roundId, s)
    .innerJoin('findingCategory as cat', 'cat.id', 'finding.categoryId')
    .leftJoin('findingCategory as pcat', 'pcat.id', 'cat.parentId')
    .where('finding.status', '!=', 'draft')
  if (opts.fedBackOnly) q = q.where('finding.fedBackAt', 'is not', null)
  return q
    .select([
      'finding.id',
      'finding.targetId',
      'finding.seq',
      'finding.title',
      'finding.description',
      'finding.personsMatters',
      'finding.severity',
      'finding.status',
      'finding.fedBackAt',
      'finding.categoryId',
      'cat.name as categoryName',
      'cat.code as categoryCode',
      'pcat.id as parentId',
      'pcat.name as parentName',
      'pcat.code as parentCode',
      'fu.name as unitName',
    ])
    .orderBy('finding.targetId')
    .orderBy('finding.seq')
    .execute()
}

/** Status changes of the round's visible, fed-back findings up to a moment, in order. */
export async function historyUntil(db: DB, roundId: string, s: Scopes, until: string) {
  return findings(db, roundId, s)
    .innerJoin('findingHistory as h', 'h.findingId', 'finding.id')
    .where('finding.fedBackAt', 'is not', null)
    .where('h.createdAt', '<=', until)
    .select(['h.findingId', 'h.action', 'h.toStatus'])
    .orderBy('h.createdAt')
    .orderBy('h.id')
    .execute()
}

/** Measures of the round's visible findings, with the responsible department. */
export async function measureRows(db: DB, roundId: string, s: Scopes) {
  return findings(db, roundId, s)
    .innerJoin('rectificationMeasure as m', 'm.findingId', 'finding.id')
    .leftJoin('department as d', 'd.id', 'm.departmentId')
    .select([
      'm.id',
      'm.findingId',
      'm.targetId',
      'm.content',
      'm.responsibleLeader',
      'd.name as departmentName',
      'm.deadline',
      'm.status',
      'm.progress',
      'm.doneAt',
      'm.createdAt',
      'finding.seq as findingSeq',
      'finding.title as findingTitle',
      'fu.name as unitName',
    ])
    .orderBy('m.deadline')
    .orderBy('m.id')
    .execute()
}

/** Referrals of the round's findings where the actor is the organizer's office (or top leadership). */
export async function referralRows(db: DB, roundId: string, office: UnitScope, leaderAll: boolean) {
  return db
    .selectFrom('referral as r')
    .innerJoin('finding', 'finding.id', 'r.findingId')
    .innerJoin('round', 'round.id', 'finding.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .innerJoin('unit as fu', 'fu.id', 'finding.unitId')
    .where('finding.roundId', '=', roundId)
    .where((eb) => eb.or([anyPath(eb, 'ou.path', office) ?? eb.lit(false), eb.lit(leaderAll)]))
    .select([
      'fu.name as unitName',
      'finding.title as findingTitle',
      'r.bodyName',
      'r.referredAt',
      'r.receivedAt',
      'r.concludedAt',
      'r.outcome',
    ])
    .orderBy('r.referredAt')
    .orderBy('r.id')
    .execute()
}

/** Common problems that take in findings of the round, with those findings' units (office or top leadership). */
export async function commonProblemRows(db: DB, roundId: string, office: UnitScope, leaderAll: boolean) {
  return db
    .selectFrom('commonProblem as cp')
    .innerJoin('unit as ou', 'ou.id', 'cp.organizerUnitId')
    .innerJoin('commonProblemFinding as l', 'l.commonProblemId', 'cp.id')
    .innerJoin('finding as f', 'f.id', 'l.findingId')
    .innerJoin('unit as fu', 'fu.id', 'f.unitId')
    .leftJoin('department as d', 'd.id', 'cp.departmentId')
    .where('f.roundId', '=', roundId)
    .where((eb) => eb.or([anyPath(eb, 'ou.path', office) ?? eb.lit(false), eb.lit(leaderAll)]))
    .select([
      'cp.id',
      'cp.title',
      'cp.status',
      'cp.createdAt',
      'd.name as departmentName',
      'fu.name as unitName',
    ])
    .orderBy('cp.createdAt')
    .orderBy('cp.id')
    .execute()
}

// ---- cases
export async function batchesOfYear(db: DB, year: number) {
  return db
    .selectFrom('caseBatch as b')
    .leftJoin('legalCase as c', (j) => j.onRef('c.batchId', '=', 'b.id').on('c.status', '=', 'published'))
    .where((eb) =>
      eb.or([
        // A range, not `like`: published_at is timestamptz on PostgreSQL.
        eb.and([
          eb('b.publishedAt', '>=', `${year}-01-01T00:00:00.000Z`),
          eb('b.publishedAt', '<', `${year + 1}-01-01T00:00:00.000Z`),
        ]),
        eb('b.plannedDate', 'like', `${year}%`),
      ]),
    )
    .select(['b.id', 'b.name', 'b.theme', 'b.status', 'b.publishedAt', 'b.plannedDate', 'c.kind'])
    .select((eb) => eb.fn.count<number>('c.id').as('n'))
    .groupBy(['b.id', 'b.name', 'b.theme', 'b.status', 'b.publishedAt', 'b.plannedDate', 'c.kind'])
    .orderBy('b.plannedDate')
    .orderBy('b.name')
    .execute()
}

/** Recorded uses of cases in a year by units in the given subtrees. */
export async function usesOfYear(db: DB, year: number, units: UnitScope) {
  return db
    .selectFrom('caseUse as x')
    .innerJoin('legalCase as c', 'c.id', 'x.caseId')
    .innerJoin('unit as u', 'u.id', 'x.unitId')
    .where('x.usedOn', 'like', `${year}%`)
    .where((eb) =>
      units === 'all'
        ? eb.lit(true)
        : units.length
          ? eb.or(units.map((p) => startsWith(eb.ref('u.path'), p)))
          : eb.lit(false),
    )
    .select(['x.caseId', 'x.unitId', 'x.kind as useKind', 'c.title', 'c.number', 'c.kind'])
    .execute()
}

// ---- tasks
/**
 * Runs a query over a list of ids a slice at a time: a year's tasks at national scale (20,000)
 * come close to SQLite's limit on a statement's values (32,766).
 */
async function inSlices<T>(ids: string[], run: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < ids.length; i += ID_SLICE) out.push(...(await run(ids.slice(i, i + ID_SLICE))))
  return out
}
const ID_SLICE = 5_000

export async function quarterlyReports(db: DB, taskIds: string[], quarter: number) {
  return inSlices(taskIds, (ids) =>
    db
      .selectFrom('quarterlyReport')
      .select(['taskId', 'status', 'progress', 'done', 'problems', 'nextSteps', 'returnReason'])
      .where('taskId', 'in', ids)
      .where('quarter', '=', quarter)
      .execute(),
  )
}

/** Departments' inputs for a quarter, by the departments' order (within each slice of tasks). */
export async function quarterlyInputs(db: DB, taskIds: string[], quarter: number) {
  return inSlices(taskIds, (ids) =>
    db
      .selectFrom('quarterlyInput as i')
      .innerJoin('department as d', 'd.id', 'i.departmentId')
      .select(['i.taskId', 'd.name as departmentName', 'i.content'])
      .where('i.taskId', 'in', ids)
      .where('i.quarter', '=', quarter)
      .orderBy('d.sortOrder')
      .execute(),
  )
}

export async function noticeCounts(db: DB, taskIds: string[], year: number, quarter: number) {
  return inSlices(taskIds, (ids) =>
    db
      .selectFrom('supervisionNotice')
      .select(['taskId'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('taskId', 'in', ids)
      .where('year', '=', year)
      .where('quarter', '=', quarter)
      .groupBy('taskId')
      .execute(),
  )
}
