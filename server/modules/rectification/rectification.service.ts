import { v7 as uuidv7 } from 'uuid'
import type { TargetProgressDto } from '../../../common/inspections'
import type {
  ExtensionDto,
  MeasureDto,
  MeasureKind,
  PlanDto,
  ProgressDto,
} from '../../../common/rectification'
import type { Role } from '../../../common/roles'
import {
  EXTENSION_WORKFLOW,
  FINDING_WORKFLOW,
  PLAN_WORKFLOW,
  actionsFrom,
  transition,
  type ExtensionStatus,
  type FindingStatus,
  type PlanStatus,
} from '../../../common/workflows'
import type { DB } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import { AppError, badRequest, conflict, forbidden, hidden, notFound } from '../../errors'
import type { Actor, Ctx } from '../access/context'
import { departmentsOf, requirePermission } from '../access/policy'
import * as audit from '../audit/audit.service'
import { loadCalendar } from '../calendar/calendar.service'
import { overdueWorkingDays, type Calendar } from '../calendar/working-days'
import { rolesToward, scopesOf } from '../inspections/inspection.policy'
import { targetFor } from '../inspections/inspection.service'
import * as findingRepo from '../inspections/finding.repository'
import { cleanFields, keepOriginals, originalsOf } from '../text/text-original'
import * as repo from './rectification.repository'

const UNIT: readonly Role[] = ['unit_leader', 'unit_liaison']
const today = () => new Date().toISOString().slice(0, 10)

function scopes(actor: Actor) {
  return {
    ...scopesOf(actor),
    departments: departmentsOf(actor),
  }
}

/** `day` is today, worked out once for a page of measures. */
function presentMeasure(m: repo.MeasureRow, cal: Calendar, day = today()): MeasureDto {
  return {
    id: m.id,
    planId: m.planId,
    findingId: m.findingId,
    findingSeq: m.findingSeq,
    findingTitle: m.findingTitle,
    findingStatus: m.findingStatus as FindingStatus,
    targetId: m.targetId,
    unitName: m.unitName,
    roundName: m.roundName,
    content: m.content,
    responsibleLeader: m.responsibleLeader,
    departmentId: m.departmentId,
    departmentName: m.departmentName ?? null,
    deadline: m.deadline,
    kind: m.kind as MeasureKind,
    status: m.status,
    progress: m.progress,
    doneAt: m.doneAt,
    overdueWorkingDays: m.status === 'open' ? overdueWorkingDays(m.deadline, day, cal) : 0,
    evidenceCount: Number(m.evidenceCount),
    createdAt: m.createdAt,
  }
}

// ---- plans
/** A fed-back target's plan; created empty at feedback. */
async function planFor(db: DB, ctx: Ctx, targetId: string) {
  const t = await targetFor(db, ctx, targetId)
  const plan = await repo.planOfTarget(db, targetId)
  if (!plan) throw notFound('plan', '该单位尚未反馈，暂无整改方案')
  return { ...t, plan }
}

export async function getPlan(db: DB, ctx: Ctx, targetId: string): Promise<PlanDto> {
  const { target, roles, plan } = await planFor(db, ctx, targetId)
  const cal = await loadCalendar(db, ctx.versions)
  const rows = await repo.measuresOfPlan(db, plan.id)
  const day = today()
  const status = plan.status as PlanStatus
  return {
    id: plan.id,
    targetId,
    unitName: target.unitName,
    roundName: target.roundName,
    status,
    summary: plan.summary,
    submittedAt: plan.submittedAt,
    reviewedAt: plan.reviewedAt,
    returnReason: plan.returnReason,
    measures: rows.map((m) => presentMeasure(m, cal, day)),
    actions: actionsFrom(PLAN_WORKFLOW, status, roles),
    editable: (status === 'draft' || status === 'returned') && roles.some((r) => UNIT.includes(r)),
  }
}

async function editablePlan(db: DB, ctx: Ctx, targetId: string) {
  const p = await planFor(db, ctx, targetId)
  if (!p.roles.some((r) => UNIT.includes(r))) throw forbidden('整改方案由被巡视单位起草')
  if (p.plan.status !== 'draft' && p.plan.status !== 'returned')
    throw conflict('plan_locked', '整改方案已报送或已通过，不能修改')
  return p
}

/** Inside a write: the plan row locked and still open for editing, whatever happened since the check. */
async function lockEditable(trx: DB, planId: string) {
  const row = await forUpdate(
    trx,
    trx.selectFrom('rectificationPlan').select('status').where('id', '=', planId),
  ).executeTakeFirst()
  if (!row || (row.status !== 'draft' && row.status !== 'returned'))
    throw conflict('plan_locked', '整改方案已报送或已通过，不能修改')
}

export async function updatePlan(db: DB, ctx: Ctx, targetId: string, input: { summary: string }) {
  const { plan } = await editablePlan(db, ctx, targetId)
  await db.transaction().execute(async (trx) => {
    await lockEditable(trx, plan.id)
    await repo.updatePlan(trx, plan.id, { summary: input.summary, updatedAt: new Date().toISOString() })
    await audit.record(trx, ctx, {
      action: 'plan.update',
      objectType: 'rectification_plan',
      objectId: plan.id,
    })
  })
  return getPlan(db, ctx, targetId)
}

export async function transitionPlan(
  db: DB,
  ctx: Ctx,
  targetId: string,
  input: { action: 'submit' | 'accept' | 'return'; reason?: string },
) {
  const { plan, roles } = await planFor(db, ctx, targetId)
  const from = plan.status as PlanStatus
  const r = transition(PLAN_WORKFLOW, from, input.action, roles)
  if (!r.ok) throw new AppError(r.code === 'forbidden' ? 403 : 409, r.code, r.message)
  if (input.action === 'return' && !input.reason?.trim())
    throw badRequest('reason_required', '退回须说明原因')
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    const fedBack = await trx
      .selectFrom('finding')
      .select(['id', 'seq', 'status'])
      .where('targetId', '=', targetId)
      .where('status', '!=', 'draft')
      .where('status', '!=', 'confirmed')
      .execute()
    if (input.action === 'submit') {
      const covered = new Set(
        (
          await trx
            .selectFrom('rectificationMeasure')
            .select('findingId')
            .where('planId', '=', plan.id)
            .execute()
        ).map((m) => m.findingId),
      )
      const missing = fedBack.filter((f) => !covered.has(f.id)).map((f) => f.seq)
      if (missing.length)
        throw conflict('findings_without_measures', '每个问题至少要有一项整改措施', { findings: missing })
    }
    const moved = await trx
      .updateTable('rectificationPlan')
      .set({
        status: r.to,
        updatedAt: now,
        ...(input.action === 'submit' && {
          submittedBy: ctx.actor!.id,
          submittedAt: now,
          returnReason: null,
        }),
        ...(input.action !== 'submit' && { reviewedBy: ctx.actor!.id, reviewedAt: now }),
        ...(input.action === 'return' && { returnReason: input.reason }),
      })
      .where('id', '=', plan.id)
      .where('status', '=', from)
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) throw conflict('stale_status', '状态已被他人更改，请刷新后重试')
    if (input.action === 'accept') {
      // An accepted plan starts the rectification of every finding it covers.
      for (const f of fedBack.filter((x) => x.status === 'fed_back')) {
        await trx
          .updateTable('finding')
          .set({ status: 'rectifying', updatedAt: now })
          .where('id', '=', f.id)
          .execute()
        await findingRepo.addHistory(trx, {
          id: uuidv7(),
          findingId: f.id,
          action: 'start_rectification',
          fromStatus: 'fed_back',
          toStatus: 'rectifying',
          actorId: ctx.actor!.id,
          reason: '整改方案通过',
          createdAt: now,
        })
      }
    }
    await audit.record(trx, ctx, {
      action: `plan.${input.action}`,
      objectType: 'rectification_plan',
      objectId: plan.id,
      details: { targetId, from, to: r.to, reason: input.reason },
    })
  })
  return getPlan(db, ctx, targetId)
}

// ---- measures
async function measureFor(db: DB, ctx: Ctx, id: string) {
  const actor = requirePermission(ctx, 'inspection.read')
  const m = await repo.findMeasure(db, id)
  if (!m) throw notFound('measure')
  const roles = rolesToward(actor, m)
  const owner = actor.grants.some(
    (g) => g.role === 'department_owner' && g.scopeType === 'department' && g.scopeId === m.departmentId,
  )
  if (owner) roles.push('department_owner')
  if (roles.length === 0) throw hidden('measure')
  return { actor, measure: m, roles }
}

export async function listMeasures(
  db: DB,
  ctx: Ctx,
  q: repo.MeasureFilter & { overdue?: '1'; page: number; pageSize: number },
) {
  const actor = requirePermission(ctx, 'inspection.read')
  const cal = await loadCalendar(db, ctx.versions)
  const { items, total } = await repo.listMeasures(
    db,
    scopes(actor),
    { ...q, overdueBefore: q.overdue ? today() : undefined },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  )
  const day = today()
  return { items: items.map((m) => presentMeasure(m, cal, day)), total, page: q.page, pageSize: q.pageSize }
}

export async function getMeasure(db: DB, ctx: Ctx, id: string) {
  const { measure } = await measureFor(db, ctx, id)
  return presentMeasure(measure, await loadCalendar(db, ctx.versions))
}

async function departmentOfUnit(db: DB, departmentId: string | null | undefined, unitId: string) {
  if (!departmentId) return null
  const d = await db
    .selectFrom('department')
    .select(['id', 'unitId'])
    .where('id', '=', departmentId)
    .executeTakeFirst()
  if (!d || d.unitId !== unitId) throw badRequest('department_mismatch', '责任部门须为本单位的部门')
  return d.id
}

export const MEASURE_TEXT = ['content', 'responsibleLeader'] as const

export async function createMeasure(
  db: DB,
  ctx: Ctx,
  input: {
    findingId: string
    content: string
    responsibleLeader: string
    departmentId?: string | null
    deadline: string
    kind: MeasureKind
  },
) {
  const finding = await findingRepo.findById(db, input.findingId)
  if (!finding) throw notFound('finding')
  const { plan, target } = await editablePlan(db, ctx, finding.targetId)
  if (!finding.fedBackAt) throw hidden('finding')
  const departmentId = await departmentOfUnit(db, input.departmentId, target.unitId)
  const id = uuidv7()
  const text = cleanFields(input, MEASURE_TEXT)
  input = text.values
  await db.transaction().execute(async (trx) => {
    await lockEditable(trx, plan.id)
    const now = new Date().toISOString()
    await repo.insertMeasure(trx, {
      id,
      planId: plan.id,
      findingId: finding.id,
      targetId: finding.targetId,
      unitId: finding.unitId,
      content: input.content,
      responsibleLeader: input.responsibleLeader,
      departmentId,
      deadline: input.deadline,
      kind: input.kind,
      status: 'open',
      progress: 0,
      doneAt: null,
      doneBy: null,
      createdAt: now,
      updatedAt: now,
    })
    await audit.record(trx, ctx, {
      action: 'measure.create',
      objectType: 'measure',
      objectId: id,
      details: { findingId: finding.id, deadline: input.deadline, kind: input.kind },
    })
    await keepOriginals(trx, 'measure', id, text)
  })
  return getMeasure(db, ctx, id)
}

/** A measure's and its progress posts' text as it arrived: a post's fields are `progress.<id>.<field>`. */
export async function measureTextOriginals(db: DB, ctx: Ctx, id: string) {
  await measureFor(db, ctx, id)
  const posts = await repo.progressOf(db, id)
  const own = await originalsOf(db, 'measure', id)
  const ofPosts = await Promise.all(
    posts.map(async (p) =>
      (await originalsOf(db, 'progress', p.id)).map((o) => ({ ...o, field: `progress.${p.id}.${o.field}` })),
    ),
  )
  return [...own, ...ofPosts.flat()]
}

export async function updateMeasure(
  db: DB,
  ctx: Ctx,
  id: string,
  input: {
    content?: string
    responsibleLeader?: string
    departmentId?: string | null
    deadline?: string
    kind?: MeasureKind
  },
) {
  const { measure } = await measureFor(db, ctx, id)
  const { target } = await editablePlan(db, ctx, measure.targetId)
  const departmentId =
    input.departmentId === undefined
      ? undefined
      : await departmentOfUnit(db, input.departmentId, target.unitId)
  const text = cleanFields(input, MEASURE_TEXT)
  await db.transaction().execute(async (trx) => {
    await lockEditable(trx, measure.planId)
    await repo.updateMeasure(trx, id, {
      ...text.values,
      ...(departmentId !== undefined && { departmentId }),
      updatedAt: new Date().toISOString(),
    })
    await audit.record(trx, ctx, {
      action: 'measure.update',
      objectType: 'measure',
      objectId: id,
      details: { fields: Object.keys(input) },
    })
    await keepOriginals(trx, 'measure', id, text)
  })
  return getMeasure(db, ctx, id)
}

export async function deleteMeasure(db: DB, ctx: Ctx, id: string) {
  const { measure } = await measureFor(db, ctx, id)
  await editablePlan(db, ctx, measure.targetId)
  await db.transaction().execute(async (trx) => {
    await lockEditable(trx, measure.planId)
    await repo.deleteMeasure(trx, id)
    await audit.record(trx, ctx, {
      action: 'measure.delete',
      objectType: 'measure',
      objectId: id,
      details: { findingId: measure.findingId },
    })
  })
}

// ---- progress and evidence
const POSTERS: readonly Role[] = ['unit_leader', 'unit_liaison', 'department_owner']

/** Throws unless the actor may post progress (or attach evidence) on the measure now. */
export async function requirePoster(db: DB, ctx: Ctx, measureId: string) {
  const m = await measureFor(db, ctx, measureId)
  if (!m.roles.some((r) => POSTERS.includes(r))) throw forbidden('整改进展由责任单位和责任部门填报')
  if (m.measure.findingStatus !== 'rectifying')
    throw conflict('finding_not_rectifying', '问题不在整改中，不能填报进展', {
      status: m.measure.findingStatus,
    })
  return m
}

export async function progressOf(db: DB, ctx: Ctx, measureId: string): Promise<ProgressDto[]> {
  await measureFor(db, ctx, measureId)
  const rows = await repo.progressOf(db, measureId)
  const files = await repo.evidenceOf(
    db,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({
    id: r.id,
    measureId: r.measureId,
    content: r.content,
    progress: r.progress,
    marksDone: !!r.marksDone,
    postedByName: r.postedByName ?? null,
    createdAt: r.createdAt,
    evidence: files
      .filter((f) => f.ownerId === r.id)
      .map((f) => ({ id: f.id, name: f.name, size: Number(f.size), sha256: f.sha256, sm3: f.sm3 })),
  }))
}

export async function postProgress(
  db: DB,
  ctx: Ctx,
  measureId: string,
  input: { content: string; progress: number; done: boolean },
) {
  const { measure } = await requirePoster(db, ctx, measureId)
  const id = uuidv7()
  const text = cleanFields(input, ['content'])
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await repo.insertProgress(trx, {
      id,
      measureId,
      content: text.values.content,
      progress: input.done ? 100 : input.progress,
      marksDone: input.done ? 1 : 0,
      postedBy: ctx.actor!.id,
      createdAt: now,
    })
    await repo.updateMeasure(trx, measureId, {
      progress: input.done ? 100 : input.progress,
      updatedAt: now,
      ...(input.done
        ? { status: 'done' as const, doneAt: now, doneBy: ctx.actor!.id }
        : { status: 'open' as const, doneAt: null, doneBy: null }),
    })
    await audit.record(trx, ctx, {
      action: 'measure.progress',
      objectType: 'measure',
      objectId: measureId,
      details: { progressId: id, progress: input.progress, done: input.done, findingId: measure.findingId },
    })
    await keepOriginals(trx, 'progress', id, text)
  })
  return (await progressOf(db, ctx, measureId)).find((p) => p.id === id)!
}

/** Owner policy for evidence files attached to a progress post. */
export const progressFiles = {
  async canAttach(db: DB, ctx: Ctx, progressId: string) {
    const p = await repo.findProgress(db, progressId)
    if (!p) throw notFound('progress')
    await requirePoster(db, ctx, p.measureId)
  },
  async canRead(db: DB, ctx: Ctx, progressId: string) {
    const p = await repo.findProgress(db, progressId)
    if (!p) throw notFound('progress')
    await measureFor(db, ctx, p.measureId)
  },
  stored: repo.countEvidence,
}

// ---- verification and closing (销号)
export async function verificationOf(db: DB, ctx: Ctx, findingId: string) {
  const f = await findingRepo.findById(db, findingId)
  if (!f) throw notFound('finding')
  const actor = requirePermission(ctx, 'inspection.read')
  if (rolesToward(actor, f).length === 0 || !f.fedBackAt) throw hidden('finding')
  return (await findingRepo.history(db, findingId))
    .filter((h) => ['submit_verification', 'close', 'return', 'reopen'].includes(h.action))
    .map((h) => ({
      id: h.id,
      findingId,
      action: h.action,
      actorName: h.actorName ?? null,
      reason: h.reason,
      createdAt: h.createdAt,
    }))
}

/**
 * The unit submits a finding whose measures are all done; the office closes it — someone
 * other than whoever reported it done, and only with evidence — or returns it with reasons.
 */
export async function verify(
  db: DB,
  ctx: Ctx,
  findingId: string,
  input: { action: 'submit' | 'close' | 'return'; reason?: string },
) {
  const f = await findingRepo.findById(db, findingId)
  if (!f) throw notFound('finding')
  const actor = requirePermission(ctx, 'inspection.read')
  const roles = rolesToward(actor, f)
  if (roles.length === 0 || !f.fedBackAt) throw hidden('finding')
  const action = ({ submit: 'submit_verification', close: 'close', return: 'return' } as const)[input.action]
  const from = f.status as FindingStatus
  const r = transition(FINDING_WORKFLOW, from, action, roles)
  if (!r.ok) throw new AppError(r.code === 'forbidden' ? 403 : 409, r.code, r.message, { from, action })
  if (action === 'return' && !input.reason?.trim()) throw badRequest('reason_required', '退回须说明原因')
  await db.transaction().execute(async (trx) => {
    const ms = await repo.measuresOfFinding(trx, findingId)
    if (action === 'submit_verification') {
      if (ms.length === 0 || ms.some((m) => m.status !== 'done')) {
        throw conflict('measures_open', '该问题的整改措施尚未全部完成', {
          open: ms.filter((m) => m.status !== 'done').length,
          total: ms.length,
        })
      }
    }
    if (action === 'close') {
      const history = await findingRepo.history(trx, findingId)
      const reporter = [...history].reverse().find((h) => h.action === 'submit_verification')?.actorId
      if (reporter === actor.id)
        throw new AppError(403, 'verifier_is_reporter', '核查验收须由报告整改完成者以外的人进行')
      if ((await repo.evidenceCountOfFinding(trx, findingId)) === 0)
        throw conflict('evidence_required', '没有佐证材料，不能销号')
    }
    const now = new Date().toISOString()
    const changed = await trx
      .updateTable('finding')
      .set({ status: r.to, updatedAt: now })
      .where('id', '=', findingId)
      .where('status', '=', from)
      .executeTakeFirst()
    if (Number(changed.numUpdatedRows) !== 1)
      throw conflict('stale_status', '问题状态已被他人更改，请刷新后重试')
    await findingRepo.addHistory(trx, {
      id: uuidv7(),
      findingId,
      action,
      fromStatus: from,
      toStatus: r.to,
      actorId: actor.id,
      reason: input.reason ?? null,
      createdAt: now,
    })
    await audit.record(trx, ctx, {
      action: `finding.${action}`,
      objectType: 'finding',
      objectId: findingId,
      details: { from, to: r.to, reason: input.reason },
    })
  })
  return verificationOf(db, ctx, findingId)
}

// ---- deadline extensions
function presentExtension(x: Awaited<ReturnType<typeof repo.listExtensions>>['items'][number]): ExtensionDto {
  return {
    ...x,
    status: x.status as ExtensionStatus,
    requestedByName: x.requestedByName ?? null,
    decidedByName: x.decidedByName ?? null,
  }
}

export async function listExtensions(
  db: DB,
  ctx: Ctx,
  q: { status?: ExtensionStatus; targetId?: string; page: number; pageSize: number },
) {
  const actor = requirePermission(ctx, 'inspection.read')
  const { items, total } = await repo.listExtensions(db, scopes(actor), q, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  })
  return { items: items.map(presentExtension), total, page: q.page, pageSize: q.pageSize }
}

async function extensionDto(db: DB, ctx: Ctx, id: string) {
  const actor = requirePermission(ctx, 'inspection.read')
  const x = await repo.findExtension(db, id)
  if (!x) throw notFound('extension')
  const found = (await repo.listExtensions(db, scopes(actor), { id }, { limit: 1, offset: 0 })).items[0]
  if (!found) throw hidden('extension')
  return presentExtension(found)
}

export async function requestExtension(
  db: DB,
  ctx: Ctx,
  input: { measureId: string; requestedDeadline: string; reason: string },
) {
  const { measure } = await requirePoster(db, ctx, input.measureId)
  if (measure.status === 'done') throw conflict('measure_done', '措施已完成，无需延期')
  if (input.requestedDeadline <= measure.deadline)
    throw badRequest('deadline_not_later', '申请的期限须晚于现有期限')
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    if (await repo.pendingExtension(trx, input.measureId))
      throw conflict('extension_pending', '该措施已有待审批的延期申请')
    await repo.insertExtension(trx, {
      id,
      measureId: input.measureId,
      currentDeadline: measure.deadline,
      requestedDeadline: input.requestedDeadline,
      reason: input.reason,
      status: 'pending',
      requestedBy: ctx.actor!.id,
      decidedBy: null,
      decisionNote: null,
      createdAt: new Date().toISOString(),
      decidedAt: null,
    })
    await audit.record(trx, ctx, {
      action: 'extension.request',
      objectType: 'measure',
      objectId: input.measureId,
      details: { extensionId: id, from: measure.deadline, to: input.requestedDeadline },
    })
  })
  return extensionDto(db, ctx, id)
}

export async function decideExtension(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { action: 'grant' | 'refuse'; note?: string },
) {
  const x = await repo.findExtension(db, id)
  if (!x) throw notFound('extension')
  const { roles } = await measureFor(db, ctx, x.measureId)
  const r = transition(EXTENSION_WORKFLOW, x.status as ExtensionStatus, input.action, roles)
  if (!r.ok) throw new AppError(r.code === 'forbidden' ? 403 : 409, r.code, r.message)
  if (input.action === 'refuse' && !input.note?.trim())
    throw badRequest('reason_required', '不予延期须说明理由')
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    const decided = await trx
      .updateTable('extensionRequest')
      .set({ status: r.to, decidedBy: ctx.actor!.id, decidedAt: now, decisionNote: input.note ?? null })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst()
    if (Number(decided.numUpdatedRows) !== 1) throw conflict('stale_status', '该申请已被处理，请刷新后重试')
    if (input.action === 'grant')
      await repo.updateMeasure(trx, x.measureId, { deadline: x.requestedDeadline, updatedAt: now })
    await audit.record(trx, ctx, {
      action: `extension.${input.action}`,
      objectType: 'measure',
      objectId: x.measureId,
      details: { extensionId: id, note: input.note },
    })
  })
  return extensionDto(db, ctx, id)
}

/** Creates the empty plan of a target at feedback (called inside the feedback transaction). */
export async function openPlan(trx: DB, targetId: string) {
  const now = new Date().toISOString()
  await repo.insertPlan(trx, {
    id: uuidv7(),
    targetId,
    status: 'draft',
    summary: '',
    submittedBy: null,
    submittedAt: null,
    reviewedBy: null,
    reviewedAt: null,
    returnReason: null,
    createdAt: now,
    updatedAt: now,
  })
}

/**
 * A target's rectification at a glance: findings by status, measures open, done and
 * overdue, and the open findings week by week since feedback (a burn-down).
 */
export async function targetProgress(db: DB, ctx: Ctx, targetId: string): Promise<TargetProgressDto> {
  const { actor, target } = await targetFor(db, ctx, targetId)
  const cal = await loadCalendar(db, ctx.versions)
  const s = scopes(actor)
  // only the columns the board counts with, and no totals: the lists' pages read every joined
  // column of up to 10,000 rows and counted them again
  const [findings, measures] = await Promise.all([
    findingRepo.boardFindings(db, s, targetId),
    repo.boardMeasures(db, s, targetId),
  ])
  const byStatus: Record<string, number> = {}
  for (const f of findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1
  const day = today()
  const overdue = measures.filter((m) => m.status === 'open' && m.deadline < day)
  const fedBack = findings.filter((f) => f.fedBackAt)
  const burndown: { date: string; open: number }[] = []
  if (target.fedBackAt && fedBack.length) {
    const events = await findingRepo.closingsOf(
      db,
      fedBack.map((f) => f.id),
    )
    const start = target.fedBackAt.slice(0, 10)
    // The events in time order, read once: each week goes on from where the last one stopped.
    const closed = new Set<string>()
    let k = 0
    for (let d = start, i = 0; i < 260; i++) {
      const end = `${d}T23:59:59.999Z`
      for (; k < events.length && events[k].createdAt <= end; k++) {
        const e = events[k]
        if (e.action === 'close') closed.add(e.findingId)
        else closed.delete(e.findingId)
      }
      burndown.push({ date: d, open: fedBack.length - closed.size })
      if (d >= day) break
      const next = new Date(`${d}T00:00:00Z`)
      next.setUTCDate(next.getUTCDate() + 7)
      const week = next.toISOString().slice(0, 10)
      d = week > day ? day : week
    }
  }
  return {
    byStatus,
    measures: {
      open: measures.filter((m) => m.status === 'open').length,
      done: measures.filter((m) => m.status === 'done').length,
      overdue: overdue.length,
    },
    overdueMeasures: overdue.map((m) => ({
      id: m.id,
      content: m.content,
      deadline: m.deadline,
      overdueWorkingDays: overdueWorkingDays(m.deadline, day, cal),
      departmentName: m.departmentName ?? null,
    })),
    burndown,
  }
}
