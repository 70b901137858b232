import { findingText, indexTexts } from '../text/similar.service'
import { cleanFields, keepOriginals, originalsOf } from '../text/text-original'
import { v7 as uuidv7 } from 'uuid'
import type { CategoryDto, FindingDto, FindingSource, Severity } from '../../../common/inspections'
import type { Role } from '../../../common/roles'
import {
  FINDING_WORKFLOW,
  actionsFrom,
  transition,
  type FindingAction,
  type FindingStatus,
} from '../../../common/workflows'
import { nextValue } from '../../db/counter'
import type { DB } from '../../db/database'
import { forUpdate } from '../../db/dialect'
import type { FindingTable } from '../../db/schema'
import { AppError, badRequest, conflict, forbidden, hidden, notFound } from '../../errors'
import type { Ctx } from '../access/context'
import { requirePermission } from '../access/policy'
import * as audit from '../audit/audit.service'
import { rolesToward, scopesOf } from './inspection.policy'
import * as inspections from './inspection.repository'
import { targetFor } from './inspection.service'
import * as repo from './finding.repository'
import { openPlan } from '../rectification/rectification.service'

function present(f: repo.FindingRow, roles: Role[]): FindingDto {
  return {
    id: f.id,
    targetId: f.targetId,
    roundId: f.roundId,
    roundName: f.roundName,
    teamId: f.teamId,
    teamName: f.teamName,
    unitId: f.unitId,
    unitName: f.unitName,
    seq: f.seq,
    title: f.title,
    description: f.description,
    personsMatters: f.personsMatters,
    categoryId: f.categoryId,
    categoryName: f.categoryName,
    parentCategoryName: f.parentCategoryName ?? null,
    severity: f.severity as Severity,
    source: f.source as FindingSource,
    status: f.status as FindingStatus,
    createdByName: unitSideOnly(roles) ? null : (f.createdByName ?? null),
    confirmedAt: f.confirmedAt,
    fedBackAt: f.fedBackAt,
    recurrenceOfId: f.recurrenceOfId ?? null,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    actions: actionsFrom(FINDING_WORKFLOW, f.status as FindingStatus, roles).filter((a) => a !== 'feed_back'),
  }
}

function rolesFor(ctx: Ctx, f: repo.FindingRow) {
  const actor = requirePermission(ctx, 'inspection.read')
  const roles = rolesToward(actor, f)
  // Top leadership reads confirmed findings, never drafts.
  const visible = roles.length > 0 && !(f.status === 'draft' && roles.every((r) => r === 'leader'))
  return { actor, roles, visible }
}

async function load(db: DB, ctx: Ctx, id: string) {
  const f = await repo.findById(db, id)
  if (!f) throw notFound('finding')
  const r = rolesFor(ctx, f)
  if (!r.visible) throw hidden('finding')
  return { finding: f, ...r }
}

export async function list(db: DB, ctx: Ctx, q: repo.FindingFilter & { page: number; pageSize: number }) {
  const actor = requirePermission(ctx, 'inspection.read')
  const { items, total } = await repo.list(db, scopesOf(actor), q, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  })
  return {
    items: items.map((f) => present(f, rolesToward(actor, f))),
    total,
    page: q.page,
    pageSize: q.pageSize,
  }
}

export async function get(db: DB, ctx: Ctx, id: string) {
  const { finding, roles } = await load(db, ctx, id)
  return present(finding, roles)
}

/** The roles the actor plays toward a finding it may see. */
export async function rolesOn(db: DB, ctx: Ctx, id: string) {
  return (await load(db, ctx, id)).roles
}

/** Readers on the inspected unit's side only: they see the finding from its handing-over on. */
function unitSideOnly(roles: Role[]) {
  return roles.every((r) => r === 'unit_leader' || r === 'unit_liaison' || r === 'department_owner')
}

/** The finding's text as it arrived, where normalization changed it or flagged damage. */
export async function textOriginals(db: DB, ctx: Ctx, id: string) {
  await load(db, ctx, id)
  return originalsOf(db, 'finding', id)
}

export async function historyOf(db: DB, ctx: Ctx, id: string) {
  const { roles } = await load(db, ctx, id)
  let rows = await repo.history(db, id)
  // How the team worked before feedback (who recorded, sent back, why) stays with the team.
  if (unitSideOnly(roles))
    rows = rows.slice(
      Math.max(
        0,
        rows.findIndex((h) => h.action === 'feed_back'),
      ),
    )
  return rows.map((h) => ({
    id: h.id,
    action: h.action,
    fromStatus: h.fromStatus,
    toStatus: h.toStatus,
    actorName: h.actorName ?? null,
    reason: h.reason,
    createdAt: h.createdAt,
  }))
}

async function activeCategory(db: DB, id: string) {
  const c = await repo.findCategory(db, id)
  if (!c || !c.active) throw badRequest('category_not_found', '问题类别不存在或已停用')
  return c
}

/** The free-text fields normalized on entry, their originals kept (server/modules/text/text-original.ts). */
export const FINDING_TEXT = ['title', 'description', 'personsMatters'] as const

export type NewFinding = {
  targetId: string
  title: string
  description: string
  personsMatters: string
  categoryId: string
  severity: Severity
  source: FindingSource
  recurrenceOfId?: string | null
}

const RECORDING_PHASES = ['on_site', 'reporting', 'feedback']

/** Checks that the actor's team may record findings at the target now. */
export async function recordableTarget(db: DB, ctx: Ctx, targetId: string) {
  requirePermission(ctx, 'finding.write')
  const { target, roles } = await targetFor(db, ctx, targetId)
  if (!roles.includes('team_member')) throw forbidden('只有本巡视组成员可以记录问题')
  if (target.fedBackAt) throw conflict('target_fed_back', '该单位已反馈，不能再新增问题')
  if (!RECORDING_PHASES.includes(target.roundPhase))
    throw conflict('round_phase', '当前巡视阶段不能记录问题', { phase: target.roundPhase })
  return target
}

/** A new draft finding numbered `seq` at its target. */
export function buildRow(
  ctx: Ctx,
  target: { id: string; roundId: string; teamId: string; unitId: string },
  input: Omit<NewFinding, 'targetId'>,
  seq: number,
): FindingTable {
  const now = new Date().toISOString()
  return {
    id: uuidv7(),
    targetId: target.id,
    roundId: target.roundId,
    teamId: target.teamId,
    unitId: target.unitId,
    seq,
    title: input.title,
    description: input.description,
    personsMatters: input.personsMatters,
    categoryId: input.categoryId,
    severity: input.severity,
    source: input.source,
    status: 'draft',
    createdBy: ctx.actor?.id ?? null,
    confirmedBy: null,
    confirmedAt: null,
    fedBackAt: null,
    recurrenceOfId: input.recurrenceOfId ?? null,
    createdAt: now,
    updatedAt: now,
  }
}

export async function create(db: DB, ctx: Ctx, input: NewFinding) {
  const target = await recordableTarget(db, ctx, input.targetId)
  await activeCategory(db, input.categoryId)
  if (input.recurrenceOfId) {
    const earlier = await db
      .selectFrom('finding')
      .select(['unitId', 'status', 'roundId'])
      .where('id', '=', input.recurrenceOfId)
      .executeTakeFirst()
    if (
      !earlier ||
      earlier.unitId !== target.unitId ||
      earlier.roundId === target.roundId ||
      earlier.status !== 'closed'
    ) {
      throw badRequest('invalid_recurrence', '只能关联同一单位在以往轮次中已销号的问题')
    }
  }
  const text = cleanFields(input, FINDING_TEXT)
  const id = await db.transaction().execute(async (trx) => {
    const row = buildRow(ctx, target, text.values, await nextValue(trx, `finding_seq:${target.id}`))
    await repo.insert(trx, row)
    await keepOriginals(trx, 'finding', row.id, text)
    await indexTexts(trx, 'finding', [{ id: row.id, text: findingText(row) }], true)
    await repo.addHistory(trx, {
      id: uuidv7(),
      findingId: row.id,
      action: 'create',
      fromStatus: null,
      toStatus: 'draft',
      actorId: ctx.actor?.id ?? null,
      reason: null,
      createdAt: row.createdAt,
    })
    await audit.record(trx, ctx, {
      action: 'finding.create',
      objectType: 'finding',
      objectId: row.id,
      details: { targetId: target.id, title: input.title },
    })
    return row.id
  })
  return get(db, ctx, id)
}

export async function update(db: DB, ctx: Ctx, id: string, input: Partial<Omit<NewFinding, 'targetId'>>) {
  requirePermission(ctx, 'finding.write')
  const { finding, roles } = await load(db, ctx, id)
  if (!roles.includes('team_member')) throw forbidden('只有本巡视组成员可以修改问题')
  if (finding.status !== 'draft')
    throw conflict('finding_not_draft', '只有草稿状态的问题可以修改；已确认的问题请先由组长退回')
  if (input.categoryId) await activeCategory(db, input.categoryId)
  const text = cleanFields(input, FINDING_TEXT)
  await db.transaction().execute(async (trx) => {
    await repo.update(trx, id, { ...text.values, updatedAt: new Date().toISOString() })
    await keepOriginals(trx, 'finding', id, text)
    if (text.values.title !== undefined || text.values.description !== undefined)
      await indexTexts(trx, 'finding', [
        {
          id,
          text: findingText({
            title: text.values.title ?? finding.title,
            description: text.values.description ?? finding.description,
          }),
        },
      ])
    await audit.record(trx, ctx, {
      action: 'finding.update',
      objectType: 'finding',
      objectId: id,
      details: { fields: Object.keys(input) },
    })
  })
  return get(db, ctx, id)
}

export async function transitionFinding(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { action: FindingAction; reason?: string },
) {
  const { finding, roles } = await load(db, ctx, id)
  if (input.action === 'feed_back')
    throw badRequest('use_target_feedback', '反馈以被巡视单位为单位进行：POST /api/targets/:id/feedback')
  const from = finding.status as FindingStatus
  const r = transition(FINDING_WORKFLOW, from, input.action, roles)
  if (!r.ok)
    throw new AppError(r.code === 'forbidden' ? 403 : 409, r.code, r.message, { from, action: input.action })
  const row = FINDING_WORKFLOW.find((t) => t.from === from && t.action === input.action)
  if (row?.reason && !input.reason?.trim()) throw badRequest('reason_required', '请填写原因')
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    // Compare-and-set on the status: a concurrent move loses instead of overwriting.
    const changed = await trx
      .updateTable('finding')
      .set({
        status: r.to,
        updatedAt: now,
        ...(input.action === 'confirm' && { confirmedBy: ctx.actor!.id, confirmedAt: now }),
        ...(input.action === 'unconfirm' && { confirmedBy: null, confirmedAt: null }),
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst()
    if (Number(changed.numUpdatedRows) !== 1)
      throw conflict('stale_status', '问题状态已被他人更改，请刷新后重试')
    await repo.addHistory(trx, {
      id: uuidv7(),
      findingId: id,
      action: input.action,
      fromStatus: from,
      toStatus: r.to,
      actorId: ctx.actor!.id,
      reason: input.reason ?? null,
      createdAt: now,
    })
    await audit.record(trx, ctx, {
      action: `finding.${input.action}`,
      objectType: 'finding',
      objectId: id,
      details: { from, to: r.to, reason: input.reason },
    })
  })
  return get(db, ctx, id)
}

/**
 * Hands the final report and the confirmed findings of a target to the inspected unit.
 * From this moment, and not before, the unit's leader and liaison see them.
 */
export async function feedback(db: DB, ctx: Ctx, targetId: string) {
  const { target, roles } = await targetFor(db, ctx, targetId)
  if (!roles.includes('inspection_office')) throw forbidden('反馈由巡视办组织')
  if (target.fedBackAt) throw conflict('already_fed_back', '该单位已反馈')
  if (!target.finalReportId) throw conflict('final_report_required', '请先确定巡视报告定稿')
  await db.transaction().execute(async (trx) => {
    // Checked again under the target's row lock: two feedbacks at once hand over once.
    const current = await forUpdate(
      trx,
      trx.selectFrom('target').select('fedBackAt').where('id', '=', targetId),
    ).executeTakeFirst()
    if (current?.fedBackAt) throw conflict('already_fed_back', '该单位已反馈')
    const drafts = await inspections.findingsOfTarget(trx, targetId, ['draft'])
    if (drafts.length)
      throw conflict('drafts_pending', '仍有未确认的问题，请组长确认或删除后再反馈', {
        drafts: drafts.map((d) => d.seq),
      })
    const confirmed = await inspections.findingsOfTarget(trx, targetId, ['confirmed'])
    const now = new Date().toISOString()
    // 问题不解决不放过: a closed finding recorded again at this unit reopens, linked to the new one.
    for (const f of confirmed.filter((x) => x.recurrenceOfId)) {
      const reopened = await trx
        .updateTable('finding')
        .set({ status: 'rectifying', updatedAt: now })
        .where('id', '=', f.recurrenceOfId!)
        .where('status', '=', 'closed')
        .executeTakeFirst()
      if (Number(reopened.numUpdatedRows) === 1) {
        await repo.addHistory(trx, {
          id: uuidv7(),
          findingId: f.recurrenceOfId!,
          action: 'reopen',
          fromStatus: 'closed',
          toStatus: 'rectifying',
          actorId: ctx.actor!.id,
          reason: `${target.roundName}再次发现：问题${f.seq}（${f.title}）`,
          createdAt: now,
        })
        await audit.record(trx, ctx, {
          action: 'finding.reopen',
          objectType: 'finding',
          objectId: f.recurrenceOfId!,
          details: { recurrence: f.id },
        })
      }
    }
    await inspections.updateTarget(trx, targetId, {
      fedBackAt: now,
      fedBackBy: ctx.actor!.id,
      feedbackDate: target.feedbackDate ?? now.slice(0, 10),
      updatedAt: now,
    })
    await trx
      .updateTable('finding')
      .set({ status: 'fed_back', fedBackAt: now, updatedAt: now })
      .where('targetId', '=', targetId)
      .where('status', '=', 'confirmed')
      .execute()
    for (const f of confirmed) {
      await repo.addHistory(trx, {
        id: uuidv7(),
        findingId: f.id,
        action: 'feed_back',
        fromStatus: 'confirmed',
        toStatus: 'fed_back',
        actorId: ctx.actor!.id,
        reason: null,
        createdAt: now,
      })
    }
    await openPlan(trx, targetId)
    await audit.record(trx, ctx, {
      action: 'target.feedback',
      objectType: 'target',
      objectId: targetId,
      details: { findings: confirmed.length, reportId: target.finalReportId },
    })
  })
}

// ---- taxonomy
function presentCategory(c: Awaited<ReturnType<typeof repo.categories>>[number]): CategoryDto {
  return {
    id: c.id,
    parentId: c.parentId,
    code: c.code,
    name: c.name,
    description: c.description,
    sortOrder: c.sortOrder,
    active: !!c.active,
  }
}

export async function taxonomy(db: DB, ctx: Ctx) {
  requirePermission(ctx, 'inspection.read')
  return (await repo.categories(db)).map(presentCategory)
}

export async function createCategory(
  db: DB,
  ctx: Ctx,
  input: { parentId?: string | null; code: string; name: string; description?: string; sortOrder?: number },
) {
  requirePermission(ctx, 'inspection.manage')
  if (input.parentId) {
    const parent = await repo.findCategory(db, input.parentId)
    if (!parent) throw badRequest('category_not_found', '上级类别不存在')
    if (parent.parentId) throw badRequest('category_depth', '问题类别最多两级')
  }
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    if (await repo.findCategoryByCode(trx, input.code))
      throw conflict('category_code_taken', '类别编码已存在')
    const now = new Date().toISOString()
    await repo.insertCategory(trx, {
      id,
      parentId: input.parentId ?? null,
      code: input.code,
      name: input.name,
      description: input.description ?? '',
      sortOrder: input.sortOrder ?? 0,
      active: 1,
      createdAt: now,
      updatedAt: now,
    })
    await audit.record(trx, ctx, {
      action: 'taxonomy.create',
      objectType: 'finding_category',
      objectId: id,
      details: { code: input.code, name: input.name },
    })
  })
  return presentCategory((await repo.findCategory(db, id))!)
}

export async function updateCategory(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { name?: string; description?: string; sortOrder?: number; active?: boolean },
) {
  requirePermission(ctx, 'inspection.manage')
  const c = await repo.findCategory(db, id)
  if (!c) throw notFound('category')
  await db.transaction().execute(async (trx) => {
    const { active, ...rest } = input
    await repo.updateCategory(trx, id, {
      ...rest,
      ...(active !== undefined && { active: active ? 1 : 0 }),
      updatedAt: new Date().toISOString(),
    })
    await audit.record(trx, ctx, {
      action: 'taxonomy.update',
      objectType: 'finding_category',
      objectId: id,
      details: { ...input },
    })
  })
  return presentCategory((await repo.findCategory(db, id))!)
}
