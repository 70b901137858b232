// Use of inspection results beyond the single finding: referrals of clues to discipline
// commissions and organization departments (移交), and common problems (共性问题) assigned to
// a headquarters department, with self-inspections pushed to units not yet inspected.
import { v7 as uuidv7 } from 'uuid'
import type { CommonProblemDetailDto, CommonProblemDto, ReferralDto } from '../../../common/rectification'
import type { DB } from '../../db/database'
import { containsText } from '../../db/dialect'
import { badRequest, conflict, forbidden, hidden, notFound } from '../../errors'
import type { Actor, Ctx } from '../access/context'
import {
  departmentsOf,
  pathInScope,
  requireActor,
  requirePermission,
  rolePaths,
  type UnitScope,
} from '../access/policy'
import * as audit from '../audit/audit.service'
import * as findingRepo from '../inspections/finding.repository'
import { anyPath } from '../inspections/inspection.policy'

function officeScope(actor: Actor): UnitScope {
  return rolePaths(actor, ['inspection_office'])
}

function inOffice(eb: any, column: string, scope: UnitScope) {
  return anyPath(eb, column, scope) ?? eb.lit(false)
}

async function officeFinding(db: DB, ctx: Ctx, findingId: string) {
  const actor = requirePermission(ctx, 'inspection.manage')
  const f = await findingRepo.findById(db, findingId)
  if (!f) throw notFound('finding')
  if (!pathInScope(officeScope(actor), f.organizerPath)) throw hidden('finding')
  if (f.status === 'draft') throw conflict('finding_not_confirmed', '未确认的问题不能移交或归并')
  return { actor, finding: f }
}

/** Common problems are read by headquarters departments: only findings already fed back join them. */
async function fedBackFinding(db: DB, ctx: Ctx, findingId: string) {
  const r = await officeFinding(db, ctx, findingId)
  if (!r.finding.fedBackAt) throw conflict('finding_not_fed_back', '尚未反馈的问题不能归并为共性问题')
  return r
}

// ---- referrals
function referrals(db: DB) {
  return db
    .selectFrom('referral as r')
    .innerJoin('finding', 'finding.id', 'r.findingId')
    .innerJoin('round', 'round.id', 'finding.roundId')
    .innerJoin('unit as ou', 'ou.id', 'round.organizerUnitId')
    .innerJoin('unit as fu', 'fu.id', 'finding.unitId')
    .select([
      'r.id',
      'r.findingId',
      'finding.title as findingTitle',
      'fu.name as unitName',
      'round.name as roundName',
      'r.bodyKind',
      'r.bodyName',
      'r.note',
      'r.status',
      'r.referredAt',
      'r.receivedAt',
      'r.receiptNote',
      'r.outcome',
      'r.concludedAt',
      'ou.path as organizerPath',
    ])
}

function presentReferral(
  r: Awaited<ReturnType<ReturnType<typeof referrals>['executeTakeFirstOrThrow']>>,
): ReferralDto {
  const { organizerPath: _p, ...rest } = r
  return rest as ReferralDto
}

export async function listReferrals(
  db: DB,
  ctx: Ctx,
  q: { status?: string; open?: '1'; roundId?: string; findingId?: string; page: number; pageSize: number },
) {
  const actor = requirePermission(ctx, 'inspection.manage')
  const scope = officeScope(actor)
  let base = referrals(db).where((eb) => inOffice(eb, 'ou.path', scope))
  if (q.status) base = base.where('r.status', '=', q.status)
  if (q.open) base = base.where('r.status', '!=', 'concluded')
  if (q.roundId) base = base.where('finding.roundId', '=', q.roundId)
  if (q.findingId) base = base.where('r.findingId', '=', q.findingId)
  const [items, count] = await Promise.all([
    base
      .orderBy('r.referredAt', 'desc')
      .orderBy('r.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { items: items.map(presentReferral), total: Number(count.n), page: q.page, pageSize: q.pageSize }
}

async function referralFor(db: DB, ctx: Ctx, id: string) {
  const actor = requirePermission(ctx, 'inspection.manage')
  const r = await referrals(db).where('r.id', '=', id).executeTakeFirst()
  if (!r) throw notFound('referral')
  if (!pathInScope(officeScope(actor), r.organizerPath)) throw hidden('referral')
  return r
}

export async function createReferral(
  db: DB,
  ctx: Ctx,
  input: { findingId: string; bodyKind: string; bodyName: string; referredAt: string; note?: string },
) {
  await officeFinding(db, ctx, input.findingId)
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await trx
      .insertInto('referral')
      .values({
        id,
        findingId: input.findingId,
        bodyKind: input.bodyKind,
        bodyName: input.bodyName,
        note: input.note ?? '',
        status: 'referred',
        referredBy: ctx.actor!.id,
        referredAt: input.referredAt,
        receivedAt: null,
        receiptNote: null,
        outcome: null,
        concludedAt: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    await audit.record(trx, ctx, {
      action: 'referral.create',
      objectType: 'finding',
      objectId: input.findingId,
      details: { referralId: id, bodyKind: input.bodyKind, bodyName: input.bodyName },
    })
  })
  return presentReferral(await referralFor(db, ctx, id))
}

export async function recordReceipt(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { receivedAt: string; note?: string },
) {
  const r = await referralFor(db, ctx, id)
  if (r.status !== 'referred') throw conflict('invalid_transition', '只有已移交待接收的线索可以登记接收')
  if (input.receivedAt < r.referredAt) throw badRequest('date_before_referral', '接收日期不能早于移交日期')
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('referral')
      .set({
        status: 'received',
        receivedAt: input.receivedAt,
        receiptNote: input.note ?? null,
        updatedAt: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute()
    await audit.record(trx, ctx, {
      action: 'referral.receipt',
      objectType: 'finding',
      objectId: r.findingId,
      details: { referralId: id },
    })
  })
  return presentReferral(await referralFor(db, ctx, id))
}

export async function recordOutcome(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { concludedAt: string; outcome: string },
) {
  const r = await referralFor(db, ctx, id)
  if (r.status !== 'received') throw conflict('invalid_transition', '须先登记接收，再登记办理结果')
  if (r.receivedAt && input.concludedAt < r.receivedAt)
    throw badRequest('date_before_receipt', '办结日期不能早于接收日期')
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('referral')
      .set({
        status: 'concluded',
        concludedAt: input.concludedAt,
        outcome: input.outcome,
        updatedAt: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute()
    await audit.record(trx, ctx, {
      action: 'referral.outcome',
      objectType: 'finding',
      objectId: r.findingId,
      details: { referralId: id },
    })
  })
  return presentReferral(await referralFor(db, ctx, id))
}

// ---- common problems
function problems(db: DB) {
  return db
    .selectFrom('commonProblem as cp')
    .innerJoin('unit as ou', 'ou.id', 'cp.organizerUnitId')
    .leftJoin('department as d', 'd.id', 'cp.departmentId')
    .select([
      'cp.id',
      'cp.title',
      'cp.description',
      'cp.departmentId',
      'd.name as departmentName',
      'cp.status',
      'cp.createdAt',
      'ou.path as organizerPath',
    ])
    .select((eb) => [
      eb
        .selectFrom('commonProblemFinding as l')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('l.commonProblemId', '=', 'cp.id')
        .as('findingCount'),
      eb
        .selectFrom('commonProblemFinding as l')
        .innerJoin('finding as f', 'f.id', 'l.findingId')
        .select((e) => e.fn.count<number>('f.unitId').distinct().as('n'))
        .whereRef('l.commonProblemId', '=', 'cp.id')
        .as('unitCount'),
    ])
}

type ProblemRow = Awaited<ReturnType<ReturnType<typeof problems>['executeTakeFirstOrThrow']>>

function presentProblem(p: ProblemRow): CommonProblemDto {
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    departmentId: p.departmentId,
    departmentName: p.departmentName ?? null,
    status: p.status as CommonProblemDto['status'],
    findingCount: Number(p.findingCount ?? 0),
    unitCount: Number(p.unitCount ?? 0),
    createdAt: p.createdAt,
  }
}

/** Office of the organizer, top leadership, or the headquarters department it is assigned to. */
function problemRoles(actor: Actor, p: ProblemRow) {
  const roles: string[] = []
  if (pathInScope(officeScope(actor), p.organizerPath)) roles.push('inspection_office')
  if (p.departmentId && departmentsOf(actor).includes(p.departmentId)) roles.push('department_owner')
  if (rolePaths(actor, ['leader']) === 'all') roles.push('leader')
  return roles
}

export async function listProblems(
  db: DB,
  ctx: Ctx,
  q: { status?: string; q?: string; page: number; pageSize: number },
) {
  const actor = requireActor(ctx)
  const scope = officeScope(actor)
  const depts = departmentsOf(actor)
  const leaderAll = rolePaths(actor, ['leader']) === 'all'
  if (!leaderAll && scope !== 'all' && scope.length === 0 && depts.length === 0) throw forbidden()
  let base = problems(db).where((eb) =>
    eb.or([
      inOffice(eb, 'ou.path', scope),
      depts.length ? eb('cp.departmentId', 'in', depts) : eb.lit(false),
      eb.lit(leaderAll),
    ]),
  )
  if (q.status) base = base.where('cp.status', '=', q.status)
  if (q.q) {
    const text = q.q
    base = base.where((eb) => containsText(db, eb.ref('cp.title'), text))
  }
  const [items, count] = await Promise.all([
    base
      .orderBy('cp.createdAt', 'desc')
      .orderBy('cp.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { items: items.map(presentProblem), total: Number(count.n), page: q.page, pageSize: q.pageSize }
}

async function problemFor(db: DB, ctx: Ctx, id: string) {
  const actor = requireActor(ctx)
  const p = await problems(db).where('cp.id', '=', id).executeTakeFirst()
  if (!p) throw notFound('common_problem')
  const roles = problemRoles(actor, p)
  if (roles.length === 0) throw hidden('common_problem')
  return { actor, problem: p, roles }
}

export async function getProblem(db: DB, ctx: Ctx, id: string): Promise<CommonProblemDetailDto> {
  const { problem } = await problemFor(db, ctx, id)
  const [findings, actions, pushes] = await Promise.all([
    db
      .selectFrom('commonProblemFinding as l')
      .innerJoin('finding as f', 'f.id', 'l.findingId')
      .innerJoin('unit as u', 'u.id', 'f.unitId')
      .innerJoin('round as r', 'r.id', 'f.roundId')
      .select(['f.id', 'f.title', 'u.name as unitName', 'r.name as roundName', 'f.status'])
      .where('l.commonProblemId', '=', id)
      .orderBy('r.year')
      .orderBy('r.ordinal')
      .orderBy('u.code')
      .execute(),
    db
      .selectFrom('commonProblemAction as a')
      .leftJoin('appUser as p', 'p.id', 'a.postedBy')
      .select(['a.id', 'a.content', 'p.displayName as postedByName', 'a.createdAt'])
      .where('a.commonProblemId', '=', id)
      .orderBy('a.createdAt')
      .execute(),
    db
      .selectFrom('selfInspection as s')
      .innerJoin('unit as u', 'u.id', 's.unitId')
      .select(['s.id', 's.unitId', 'u.name as unitName', 's.dueDate', 's.status', 's.report', 's.reportedAt'])
      .where('s.commonProblemId', '=', id)
      .orderBy('u.code')
      .execute(),
  ])
  return {
    ...presentProblem(problem),
    findings,
    actions: actions.map((a) => ({ ...a, postedByName: a.postedByName ?? null })),
    selfInspections: pushes.map((s) => ({ ...s, status: s.status as 'pushed' | 'reported' })),
  }
}

async function hqDepartment(db: DB, departmentId: string | null | undefined, organizerUnitId: string) {
  if (!departmentId) return null
  const d = await db
    .selectFrom('department')
    .select(['id', 'unitId'])
    .where('id', '=', departmentId)
    .executeTakeFirst()
  if (!d || d.unitId !== organizerUnitId)
    throw badRequest('department_mismatch', '共性问题须交由组织巡视单位的内设部门牵头')
  return d.id
}

export async function createProblem(
  db: DB,
  ctx: Ctx,
  input: { title: string; description?: string; departmentId?: string | null; findingIds: string[] },
) {
  const actor = requirePermission(ctx, 'inspection.manage')
  const organizerUnitId = actor.grants.find(
    (g) => g.role === 'inspection_office' && g.scopeType === 'unit',
  )!.scopeId
  for (const f of input.findingIds) await fedBackFinding(db, ctx, f)
  const departmentId = await hqDepartment(db, input.departmentId, organizerUnitId)
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await trx
      .insertInto('commonProblem')
      .values({
        id,
        organizerUnitId,
        title: input.title,
        description: input.description ?? '',
        departmentId,
        status: departmentId ? 'assigned' : 'open',
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    await trx
      .insertInto('commonProblemFinding')
      .values([...new Set(input.findingIds)].map((findingId) => ({ commonProblemId: id, findingId })))
      .execute()
    await audit.record(trx, ctx, {
      action: 'common_problem.create',
      objectType: 'common_problem',
      objectId: id,
      details: { title: input.title, findings: input.findingIds.length, departmentId },
    })
  })
  return getProblem(db, ctx, id)
}

async function officeProblem(db: DB, ctx: Ctx, id: string) {
  const p = await problemFor(db, ctx, id)
  if (!p.roles.includes('inspection_office')) throw forbidden('共性问题由巡视办归并和交办')
  return p
}

export async function updateProblem(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { title?: string; description?: string; departmentId?: string | null; status?: string },
) {
  const { problem } = await officeProblem(db, ctx, id)
  const organizer = await db
    .selectFrom('commonProblem')
    .select('organizerUnitId')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  const departmentId =
    input.departmentId === undefined
      ? undefined
      : await hqDepartment(db, input.departmentId, organizer.organizerUnitId)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('commonProblem')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.description !== undefined && { description: input.description }),
        ...(departmentId !== undefined && {
          departmentId,
          ...(problem.status === 'open' && departmentId && !input.status && { status: 'assigned' }),
        }),
        ...(input.status !== undefined && { status: input.status }),
        updatedAt: new Date().toISOString(),
      })
      .where('id', '=', id)
      .execute()
    await audit.record(trx, ctx, {
      action: 'common_problem.update',
      objectType: 'common_problem',
      objectId: id,
      details: { ...input },
    })
  })
  return getProblem(db, ctx, id)
}

export async function addFindings(db: DB, ctx: Ctx, id: string, findingIds: string[]) {
  await officeProblem(db, ctx, id)
  for (const f of findingIds) await fedBackFinding(db, ctx, f)
  await db.transaction().execute(async (trx) => {
    const existing = new Set(
      (
        await trx
          .selectFrom('commonProblemFinding')
          .select('findingId')
          .where('commonProblemId', '=', id)
          .execute()
      ).map((r) => r.findingId),
    )
    const fresh = [...new Set(findingIds)].filter((f) => !existing.has(f))
    if (fresh.length)
      await trx
        .insertInto('commonProblemFinding')
        .values(fresh.map((findingId) => ({ commonProblemId: id, findingId })))
        .execute()
    await audit.record(trx, ctx, {
      action: 'common_problem.add_findings',
      objectType: 'common_problem',
      objectId: id,
      details: { findingIds: fresh },
    })
  })
  return getProblem(db, ctx, id)
}

export async function removeFinding(db: DB, ctx: Ctx, id: string, findingId: string) {
  await officeProblem(db, ctx, id)
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .deleteFrom('commonProblemFinding')
      .where('commonProblemId', '=', id)
      .where('findingId', '=', findingId)
      .executeTakeFirst()
    if (Number(r.numDeletedRows) === 0) throw notFound('finding')
    await audit.record(trx, ctx, {
      action: 'common_problem.remove_finding',
      objectType: 'common_problem',
      objectId: id,
      details: { findingId },
    })
  })
  return getProblem(db, ctx, id)
}

/** The assigned headquarters department (or the office) records what it did system-wide (成果运用). */
export async function addAction(db: DB, ctx: Ctx, id: string, content: string) {
  const { roles } = await problemFor(db, ctx, id)
  if (!roles.includes('department_owner') && !roles.includes('inspection_office'))
    throw forbidden('成果运用情况由牵头部门填报')
  await db.transaction().execute(async (trx) => {
    const actionId = uuidv7()
    await trx
      .insertInto('commonProblemAction')
      .values({
        id: actionId,
        commonProblemId: id,
        content,
        postedBy: ctx.actor!.id,
        createdAt: new Date().toISOString(),
      })
      .execute()
    await audit.record(trx, ctx, {
      action: 'common_problem.action',
      objectType: 'common_problem',
      objectId: id,
      details: { actionId },
    })
  })
  return getProblem(db, ctx, id)
}

/** Pushes a self-inspection about the problem to units that have not been inspected. */
export async function pushSelfInspections(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { unitIds: string[]; dueDate: string },
) {
  await officeProblem(db, ctx, id)
  await db.transaction().execute(async (trx) => {
    const inspected = new Set(
      (await trx.selectFrom('target').select('unitId').where('unitId', 'in', input.unitIds).execute()).map(
        (t) => t.unitId,
      ),
    )
    if (inspected.size)
      throw conflict('unit_already_inspected', '自查只推送给尚未被巡视的单位', { unitIds: [...inspected] })
    const units = await trx
      .selectFrom('unit')
      .select(['id', 'path'])
      .where('id', 'in', input.unitIds)
      .execute()
    if (units.length !== new Set(input.unitIds).size) throw badRequest('unit_not_found', '单位不存在')
    const scope = officeScope(ctx.actor!)
    if (units.some((u) => !pathInScope(scope, u.path)))
      throw forbidden('只能向本单位管辖范围内的单位推送自查')
    const already = new Set(
      (
        await trx.selectFrom('selfInspection').select('unitId').where('commonProblemId', '=', id).execute()
      ).map((s) => s.unitId),
    )
    const now = new Date().toISOString()
    const rows = [...new Set(input.unitIds)]
      .filter((u) => !already.has(u))
      .map((unitId) => ({
        id: uuidv7(),
        commonProblemId: id,
        unitId,
        dueDate: input.dueDate,
        status: 'pushed',
        report: null,
        reportedBy: null,
        reportedAt: null,
        createdAt: now,
      }))
    if (rows.length) await trx.insertInto('selfInspection').values(rows).execute()
    await audit.record(trx, ctx, {
      action: 'common_problem.push',
      objectType: 'common_problem',
      objectId: id,
      details: { units: rows.length, dueDate: input.dueDate },
    })
  })
  return getProblem(db, ctx, id)
}

function selfInspections(db: DB) {
  return db
    .selectFrom('selfInspection as s')
    .innerJoin('commonProblem as cp', 'cp.id', 's.commonProblemId')
    .innerJoin('unit as u', 'u.id', 's.unitId')
    .select([
      's.id',
      's.commonProblemId',
      'cp.title',
      'cp.description',
      'u.name as unitName',
      'u.path as unitPath',
      's.dueDate',
      's.status',
      's.report',
      's.reportedAt',
    ])
}

/** A unit's own self-inspection tasks (unit leader or liaison). */
export async function mySelfInspections(db: DB, ctx: Ctx) {
  const actor = requireActor(ctx)
  const scope = rolePaths(actor, ['unit_leader', 'unit_liaison'])
  const rows = await selfInspections(db)
    .where((eb) => inOffice(eb, 'u.path', scope))
    .orderBy('s.dueDate')
    .execute()
  return rows.map(({ unitPath: _p, ...r }) => ({ ...r, status: r.status as 'pushed' | 'reported' }))
}

export async function reportSelfInspection(db: DB, ctx: Ctx, id: string, report: string) {
  const actor = requireActor(ctx)
  const s = await selfInspections(db).where('s.id', '=', id).executeTakeFirst()
  if (!s) throw notFound('self_inspection')
  if (!pathInScope(rolePaths(actor, ['unit_leader', 'unit_liaison']), s.unitPath))
    throw hidden('self_inspection')
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('selfInspection')
      .set({ status: 'reported', report, reportedBy: actor.id, reportedAt: new Date().toISOString() })
      .where('id', '=', id)
      .execute()
    await audit.record(trx, ctx, {
      action: 'self_inspection.report',
      objectType: 'common_problem',
      objectId: s.commonProblemId,
      details: { selfInspectionId: id },
    })
  })
  return (await mySelfInspections(db, ctx)).find((x) => x.id === id)!
}
