// Meetings (党组会 and others): what was heard (agenda items, with the reports frozen as
// generated) and what was decided (directives, each of which can become a key supervised
// task linked back to the meeting). Directives are proposed from the meeting text by the
// rule-based reader in server/text/directives.ts; a person keeps, edits, merges or drops each.
import { v7 as uuidv7 } from 'uuid'
import type { z } from 'zod'
import type {
  CreateAgendaItem,
  CreateDirective,
  CreateMeeting,
  DirectiveToTask,
  MeetingQuery,
  UpdateAgendaItem,
  UpdateDirective,
  UpdateMeeting,
} from '../../../common/meetings'
import type { DB } from '../../db/database'
import type { MeetingTable } from '../../db/schema'
import { containsText, startsWith } from '../../db/dialect'
import { badRequest, conflict, hidden } from '../../errors'
import { extractDirectives, suggestDepartments, type DepartmentProfile } from '../../text/directives'
import { normalizeText, simplify } from '../../text/normalize'
import type { Ctx } from '../access/context'
import { pathInScope, requirePermission, unitPathsFor } from '../access/policy'
import * as audit from '../audit/audit.service'
import * as tasks from '../tasks/task.service'

type Span = { start: number; end: number }

/** Department profiles of a unit: name, description and the titles of the tasks each has led. */
export async function departmentProfiles(db: DB, unitId: string): Promise<DepartmentProfile[]> {
  const [departments, led] = await Promise.all([
    db.selectFrom('department').select(['id', 'name', 'description']).where('unitId', '=', unitId).execute(),
    db
      .selectFrom('task')
      .innerJoin('department', 'department.id', 'task.leadDepartmentId')
      .select(['task.leadDepartmentId', 'task.title'])
      .where('department.unitId', '=', unitId)
      .execute(),
  ])
  return departments.map((d) => ({
    id: d.id,
    name: d.name,
    text: [d.description, ...led.filter((t) => t.leadDepartmentId === d.id).map((t) => t.title)].join(' '),
  }))
}

const now = () => new Date().toISOString()

function dto(
  row: MeetingTable & { unitName: string; agendaCount: unknown; directiveCount: unknown; taskCount: unknown },
) {
  return {
    id: row.id,
    unitId: row.unitId,
    unitName: row.unitName,
    kind: row.kind as 'party_group',
    title: row.title,
    heldOn: row.heldOn,
    location: row.location,
    attendees: JSON.parse(row.attendees) as string[],
    agendaCount: Number(row.agendaCount),
    directiveCount: Number(row.directiveCount),
    taskCount: Number(row.taskCount),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

function baseQuery(db: DB) {
  return db
    .selectFrom('meeting as m')
    .innerJoin('unit as u', 'u.id', 'm.unitId')
    .selectAll('m')
    .select((eb) => [
      'u.name as unitName',
      'u.path as unitPath',
      eb
        .selectFrom('meetingAgendaItem as a')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('a.meetingId', '=', 'm.id')
        .as('agendaCount'),
      eb
        .selectFrom('meetingDirective as d')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('d.meetingId', '=', 'm.id')
        .where('d.status', '!=', 'dropped')
        .as('directiveCount'),
      eb
        .selectFrom('meetingDirective as d')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('d.meetingId', '=', 'm.id')
        .where('d.taskId', 'is not', null)
        .as('taskCount'),
    ])
}

export async function list(db: DB, ctx: Ctx, q: z.infer<typeof MeetingQuery>) {
  const actor = requirePermission(ctx, 'meeting.read')
  const scope = unitPathsFor(actor, 'meeting.read')
  let query = baseQuery(db)
  if (scope !== 'all') {
    if (!scope.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize }
    query = query.where((eb) => eb.or(scope.map((p) => startsWith(eb.ref('u.path'), p))))
  }
  if (q.q) query = query.where((eb) => containsText(db, eb.ref('m.title'), q.q!))
  if (q.year)
    query = query.where('m.heldOn', '>=', `${q.year}-01-01`).where('m.heldOn', '<=', `${q.year}-12-31`)
  if (q.taskId)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('meetingDirective as d')
          .select('d.id')
          .whereRef('d.meetingId', '=', 'm.id')
          .where('d.taskId', '=', q.taskId!),
      ),
    )
  const total = Number(
    (
      await query
        .clearSelect()
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  )
  const sorted =
    q.sort === 'title'
      ? query.orderBy('m.title').orderBy('m.id')
      : q.sort === 'heldOn'
        ? query.orderBy('m.heldOn').orderBy('m.id')
        : query.orderBy('m.heldOn', 'desc').orderBy('m.id', 'desc')
  const rows = await sorted
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute()
  return { items: rows.map(dto), total, page: q.page, pageSize: q.pageSize }
}

/** Loads a meeting the actor may read (or, with `write`, manage); out of scope answers 404. */
async function load(db: DB, ctx: Ctx, id: string, write = false) {
  const permission = write ? 'meeting.manage' : 'meeting.read'
  const actor = requirePermission(ctx, permission)
  const row = await baseQuery(db).where('m.id', '=', id).executeTakeFirst()
  if (!row || !pathInScope(unitPathsFor(actor, permission), row.unitPath)) throw hidden('meeting')
  return { actor, row }
}

export async function get(db: DB, ctx: Ctx, id: string) {
  const { row } = await load(db, ctx, id)
  return {
    ...dto(row),
    sourceText: row.sourceText,
    text: row.text,
    textFlags: JSON.parse(row.textFlags),
  }
}

function textFields(text: string) {
  const n = normalizeText(text)
  return { sourceText: text, text: n.normalized, textFlags: JSON.stringify(n.flags) }
}

export async function create(db: DB, ctx: Ctx, input: z.infer<typeof CreateMeeting>) {
  const actor = requirePermission(ctx, 'meeting.manage')
  const id = uuidv7()
  const at = now()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('meeting')
      .values({
        id,
        unitId: actor.unitId,
        kind: input.kind,
        title: input.title,
        heldOn: input.heldOn,
        location: input.location,
        attendees: JSON.stringify(input.attendees),
        ...textFields(input.text),
        createdBy: actor.id,
        createdAt: at,
        updatedAt: at,
      })
      .execute()
    await audit.record(trx, ctx, {
      action: 'meeting.create',
      objectType: 'meeting',
      objectId: id,
      details: { title: input.title, heldOn: input.heldOn },
    })
  })
  return get(db, ctx, id)
}

export async function update(db: DB, ctx: Ctx, id: string, input: z.infer<typeof UpdateMeeting>) {
  const { row } = await load(db, ctx, id, true)
  const textChanged = input.text !== undefined && input.text !== row.sourceText
  await db.transaction().execute(async (trx) => {
    if (textChanged) {
      // Spans point into the text: a new text replaces the proposals, and may not orphan decided directives.
      const decided = await trx
        .selectFrom('meetingDirective')
        .select('id')
        .where('meetingId', '=', id)
        .where('status', '=', 'kept')
        .executeTakeFirst()
      if (decided)
        throw conflict('directives_decided', '已有保留的决策部署，不能替换会议文本；请先将其删除或改为舍弃')
      await trx.deleteFrom('meetingDirective').where('meetingId', '=', id).execute()
    }
    await trx
      .updateTable('meeting')
      .set({
        ...(input.kind !== undefined && { kind: input.kind }),
        ...(input.title !== undefined && { title: input.title }),
        ...(input.heldOn !== undefined && { heldOn: input.heldOn }),
        ...(input.location !== undefined && { location: input.location }),
        ...(input.attendees !== undefined && { attendees: JSON.stringify(input.attendees) }),
        ...(textChanged && textFields(input.text!)),
        updatedAt: now(),
      })
      .where('id', '=', id)
      .execute()
    await audit.record(trx, ctx, {
      action: 'meeting.update',
      objectType: 'meeting',
      objectId: id,
      details: { fields: Object.keys(input) },
    })
  })
  return get(db, ctx, id)
}

export async function remove(db: DB, ctx: Ctx, id: string) {
  await load(db, ctx, id, true)
  await db.transaction().execute(async (trx) => {
    const linked = await trx
      .selectFrom('meetingDirective')
      .select('id')
      .where('meetingId', '=', id)
      .where('taskId', 'is not', null)
      .executeTakeFirst()
    if (linked) throw conflict('meeting_has_tasks', '会议的决策部署已转为督办任务，不能删除')
    await trx.deleteFrom('meetingDirective').where('meetingId', '=', id).execute()
    await trx.deleteFrom('meetingAgendaItem').where('meetingId', '=', id).execute()
    await trx.deleteFrom('meeting').where('id', '=', id).execute()
    await audit.record(trx, ctx, { action: 'meeting.delete', objectType: 'meeting', objectId: id })
  })
}

// ---- agenda

function agendaDto(r: {
  id: string
  meetingId: string
  seq: number
  title: string
  presenter: string
  notes: string
  reportName: string | null
  reportParams: string | null
  reportFileId: string | null
  reportAsOf: string | null
}) {
  return { ...r, reportParams: r.reportParams ? JSON.parse(r.reportParams) : null }
}

export async function agenda(db: DB, ctx: Ctx, meetingId: string) {
  await load(db, ctx, meetingId)
  const rows = await db
    .selectFrom('meetingAgendaItem')
    .selectAll()
    .where('meetingId', '=', meetingId)
    .orderBy('seq')
    .orderBy('id')
    .execute()
  return rows.map(agendaDto)
}

export async function addAgendaItem(
  db: DB,
  ctx: Ctx,
  meetingId: string,
  input: z.infer<typeof CreateAgendaItem>,
) {
  await load(db, ctx, meetingId, true)
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    const max = await trx
      .selectFrom('meetingAgendaItem')
      .select((eb) => eb.fn.max('seq').as('s'))
      .where('meetingId', '=', meetingId)
      .executeTakeFirst()
    const at = now()
    await trx
      .insertInto('meetingAgendaItem')
      .values({ id, meetingId, seq: Number(max?.s ?? 0) + 1, ...input, createdAt: at, updatedAt: at })
      .execute()
    await audit.record(trx, ctx, {
      action: 'meeting.agenda_add',
      objectType: 'meeting',
      objectId: meetingId,
      details: { itemId: id, title: input.title },
    })
  })
  return agenda(db, ctx, meetingId)
}

async function agendaItem(db: DB, meetingId: string, itemId: string) {
  const item = await db
    .selectFrom('meetingAgendaItem')
    .selectAll()
    .where('id', '=', itemId)
    .where('meetingId', '=', meetingId)
    .executeTakeFirst()
  if (!item) throw hidden('agenda_item')
  return item
}

export async function updateAgendaItem(
  db: DB,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
  input: z.infer<typeof UpdateAgendaItem>,
) {
  await load(db, ctx, meetingId, true)
  await agendaItem(db, meetingId, itemId)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('meetingAgendaItem')
      .set({ ...input, updatedAt: now() })
      .where('id', '=', itemId)
      .execute()
    await audit.record(trx, ctx, {
      action: 'meeting.agenda_update',
      objectType: 'meeting',
      objectId: meetingId,
      details: { itemId, fields: Object.keys(input) },
    })
  })
  return agenda(db, ctx, meetingId)
}

export async function removeAgendaItem(db: DB, ctx: Ctx, meetingId: string, itemId: string) {
  await load(db, ctx, meetingId, true)
  await agendaItem(db, meetingId, itemId)
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('meetingAgendaItem').where('id', '=', itemId).execute()
    await audit.record(trx, ctx, {
      action: 'meeting.agenda_remove',
      objectType: 'meeting',
      objectId: meetingId,
      details: { itemId },
    })
  })
  return agenda(db, ctx, meetingId)
}

export async function reorderAgenda(db: DB, ctx: Ctx, meetingId: string, ids: string[]) {
  await load(db, ctx, meetingId, true)
  const current = await db
    .selectFrom('meetingAgendaItem')
    .select('id')
    .where('meetingId', '=', meetingId)
    .execute()
  const known = new Set(current.map((r) => r.id))
  if (ids.length !== known.size || new Set(ids).size !== ids.length || !ids.every((i) => known.has(i)))
    throw badRequest('agenda_order_mismatch', '排序须包含本次会议的全部议题，且每个只出现一次')
  await db.transaction().execute(async (trx) => {
    for (const [i, id] of ids.entries())
      await trx
        .updateTable('meetingAgendaItem')
        .set({ seq: i + 1, updatedAt: now() })
        .where('id', '=', id)
        .execute()
    await audit.record(trx, ctx, {
      action: 'meeting.agenda_reorder',
      objectType: 'meeting',
      objectId: meetingId,
    })
  })
  return agenda(db, ctx, meetingId)
}

/** Freezes a generated report on an agenda item: the stored file and the data's as-of time. */
export async function attachReport(
  trx: DB,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
  report: { name: string; params: Record<string, unknown>; fileId: string; asOf: string },
) {
  await trx
    .updateTable('meetingAgendaItem')
    .set({
      reportName: report.name,
      reportParams: JSON.stringify(report.params),
      reportFileId: report.fileId,
      reportAsOf: report.asOf,
      updatedAt: now(),
    })
    .where('id', '=', itemId)
    .where('meetingId', '=', meetingId)
    .execute()
  await audit.record(trx, ctx, {
    action: 'meeting.report_attach',
    objectType: 'meeting',
    objectId: meetingId,
    details: { itemId, report: report.name, params: report.params, fileId: report.fileId },
  })
}

// ---- directives

export async function directives(db: DB, ctx: Ctx, meetingId: string) {
  await load(db, ctx, meetingId)
  const rows = await db
    .selectFrom('meetingDirective as d')
    .leftJoin('department as dep', 'dep.id', 'd.leadDepartmentId')
    .leftJoin('task as t', 't.id', 'd.taskId')
    .selectAll('d')
    .select(['dep.name as leadDepartmentName', 't.code as taskCode'])
    .where('d.meetingId', '=', meetingId)
    .orderBy('d.seq')
    .orderBy('d.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    meetingId: r.meetingId,
    seq: r.seq,
    title: r.title,
    text: r.text,
    spans: JSON.parse(r.spans) as Span[],
    timeExpression: r.timeExpression,
    suggestions: JSON.parse(r.suggestions),
    leadDepartmentId: r.leadDepartmentId,
    leadDepartmentName: r.leadDepartmentName ?? null,
    status: r.status,
    taskId: r.taskId,
    taskCode: r.taskCode ?? null,
  }))
}

/**
 * Reads the meeting text for its directives and stores them as proposals. Proposals and
 * dropped ones from an earlier reading are replaced; kept ones stay, and a new proposal
 * overlapping a kept directive's span is not proposed again.
 */
export async function propose(db: DB, ctx: Ctx, meetingId: string) {
  const { row } = await load(db, ctx, meetingId, true)
  if (!row.text.trim()) throw badRequest('meeting_text_empty', '请先录入或上传会议文本')
  const { directives: found } = extractDirectives(row.sourceText)
  const profiles = await departmentProfiles(db, row.unitId)
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('meetingDirective')
      .where('meetingId', '=', meetingId)
      .where('status', 'in', ['proposed', 'dropped'])
      .execute()
    const kept = await trx
      .selectFrom('meetingDirective')
      .select(['spans', 'seq'])
      .where('meetingId', '=', meetingId)
      .execute()
    const keptSpans = kept.flatMap((k) => JSON.parse(k.spans) as Span[])
    let seq = kept.reduce((m, k) => Math.max(m, k.seq), 0)
    const at = now()
    const fresh = found.filter((d) => !keptSpans.some((s) => s.start < d.end && d.start < s.end))
    for (const d of fresh) {
      const suggestions = suggestDepartments(simplify(d.text), profiles)
      await trx
        .insertInto('meetingDirective')
        .values({
          id: uuidv7(),
          meetingId,
          seq: ++seq,
          title: d.title.slice(0, 200),
          text: d.text,
          spans: JSON.stringify([{ start: d.start, end: d.end }]),
          timeExpression: d.timeExpression,
          suggestions: JSON.stringify(suggestions),
          leadDepartmentId: suggestions[0]?.departmentId ?? null,
          status: 'proposed',
          taskId: null,
          createdAt: at,
          updatedAt: at,
        })
        .execute()
    }
    await audit.record(trx, ctx, {
      action: 'meeting.directives_propose',
      objectType: 'meeting',
      objectId: meetingId,
      details: { proposed: fresh.length },
    })
  })
  return directives(db, ctx, meetingId)
}

async function checkDepartment(db: DB, unitId: string, departmentId: string | null | undefined) {
  if (!departmentId) return
  const d = await db
    .selectFrom('department')
    .select('id')
    .where('id', '=', departmentId)
    .where('unitId', '=', unitId)
    .executeTakeFirst()
  if (!d) throw badRequest('department_not_found', '部门不存在或不属于本单位', { departmentId })
}

export async function addDirective(
  db: DB,
  ctx: Ctx,
  meetingId: string,
  input: z.infer<typeof CreateDirective>,
) {
  const { row } = await load(db, ctx, meetingId, true)
  await checkDepartment(db, row.unitId, input.leadDepartmentId)
  const profiles = await departmentProfiles(db, row.unitId)
  const text = normalizeText(input.text).normalized
  const at = now()
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    const max = await trx
      .selectFrom('meetingDirective')
      .select((eb) => eb.fn.max('seq').as('s'))
      .where('meetingId', '=', meetingId)
      .executeTakeFirst()
    const start = row.text.indexOf(text)
    await trx
      .insertInto('meetingDirective')
      .values({
        id,
        meetingId,
        seq: Number(max?.s ?? 0) + 1,
        title: input.title,
        text,
        spans: JSON.stringify(start >= 0 ? [{ start, end: start + text.length }] : []),
        timeExpression: input.timeExpression ?? null,
        suggestions: JSON.stringify(suggestDepartments(simplify(text), profiles)),
        leadDepartmentId: input.leadDepartmentId ?? null,
        status: 'kept',
        taskId: null,
        createdAt: at,
        updatedAt: at,
      })
      .execute()
    await audit.record(trx, ctx, {
      action: 'meeting.directive_add',
      objectType: 'meeting',
      objectId: meetingId,
      details: { directiveId: id },
    })
  })
  return directives(db, ctx, meetingId)
}

async function directive(db: DB, meetingId: string, id: string) {
  const d = await db
    .selectFrom('meetingDirective')
    .selectAll()
    .where('id', '=', id)
    .where('meetingId', '=', meetingId)
    .executeTakeFirst()
  if (!d) throw hidden('directive')
  return d
}

export async function updateDirective(
  db: DB,
  ctx: Ctx,
  meetingId: string,
  id: string,
  input: z.infer<typeof UpdateDirective>,
) {
  const { row } = await load(db, ctx, meetingId, true)
  const d = await directive(db, meetingId, id)
  if (d.taskId && input.status === 'dropped')
    throw conflict('directive_has_task', '该决策部署已转为督办任务，不能舍弃')
  await checkDepartment(db, row.unitId, input.leadDepartmentId)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('meetingDirective')
      .set({
        ...(input.title !== undefined && { title: input.title }),
        ...(input.text !== undefined && { text: normalizeText(input.text).normalized }),
        ...(input.timeExpression !== undefined && { timeExpression: input.timeExpression }),
        ...(input.leadDepartmentId !== undefined && { leadDepartmentId: input.leadDepartmentId }),
        ...(input.status !== undefined && { status: input.status }),
        updatedAt: now(),
      })
      .where('id', '=', id)
      .execute()
    await audit.record(trx, ctx, {
      action: 'meeting.directive_update',
      objectType: 'meeting',
      objectId: meetingId,
      details: { directiveId: id, fields: Object.keys(input), status: input.status },
    })
  })
  return directives(db, ctx, meetingId)
}

/** Merges directives into the first in reading order: texts joined, spans kept, suggestions recomputed. */
export async function mergeDirectives(db: DB, ctx: Ctx, meetingId: string, ids: string[]) {
  const { row } = await load(db, ctx, meetingId, true)
  const rows = await db
    .selectFrom('meetingDirective')
    .selectAll()
    .where('meetingId', '=', meetingId)
    .where('id', 'in', ids)
    .orderBy('seq')
    .execute()
  if (rows.length !== new Set(ids).size) throw hidden('directive')
  if (rows.filter((r) => r.taskId).length > 1)
    throw conflict('directive_has_task', '两条已转为任务的决策部署不能合并')
  const [first, ...rest] = rows.some((r) => r.taskId) ? [...rows].sort((a) => (a.taskId ? -1 : 1)) : rows
  const ordered = [first, ...rest].sort((a, b) => a.seq - b.seq)
  const text = ordered.map((r) => r.text.replace(/[；;。\s]+$/u, '')).join('；') + '。'
  const spans = ordered.flatMap((r) => JSON.parse(r.spans) as Span[]).sort((a, b) => a.start - b.start)
  const times = [...new Set(ordered.map((r) => r.timeExpression).filter(Boolean))]
  const suggestions = suggestDepartments(simplify(text), await departmentProfiles(db, row.unitId))
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('meetingDirective')
      .set({
        text,
        spans: JSON.stringify(spans),
        timeExpression: times.join('、') || null,
        suggestions: JSON.stringify(suggestions),
        leadDepartmentId: first.leadDepartmentId ?? suggestions[0]?.departmentId ?? null,
        status: first.taskId ? first.status : 'kept',
        updatedAt: now(),
      })
      .where('id', '=', first.id)
      .execute()
    await trx
      .deleteFrom('meetingDirective')
      .where(
        'id',
        'in',
        rest.map((r) => r.id),
      )
      .execute()
    await audit.record(trx, ctx, {
      action: 'meeting.directive_merge',
      objectType: 'meeting',
      objectId: meetingId,
      details: { into: first.id, merged: rest.map((r) => r.id) },
    })
  })
  return directives(db, ctx, meetingId)
}

export async function removeDirective(db: DB, ctx: Ctx, meetingId: string, id: string) {
  await load(db, ctx, meetingId, true)
  const d = await directive(db, meetingId, id)
  if (d.taskId) throw conflict('directive_has_task', '该决策部署已转为督办任务，不能删除')
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('meetingDirective').where('id', '=', id).execute()
    await audit.record(trx, ctx, {
      action: 'meeting.directive_remove',
      objectType: 'meeting',
      objectId: meetingId,
      details: { directiveId: id },
    })
  })
  return directives(db, ctx, meetingId)
}

/** Turns a kept directive into a key supervised task; the link is written in the task's transaction. */
export async function toTask(
  db: DB,
  ctx: Ctx,
  meetingId: string,
  id: string,
  input: z.infer<typeof DirectiveToTask>,
) {
  const { row } = await load(db, ctx, meetingId, true)
  const d = await directive(db, meetingId, id)
  if (d.taskId) throw conflict('directive_has_task', '该决策部署已转为督办任务')
  if (d.status === 'dropped') throw conflict('directive_dropped', '已舍弃的决策部署不能转为任务')
  const source = `（来源：${row.heldOn} ${row.title}）`
  const task = await tasks.create(
    db,
    ctx,
    {
      year: input.year,
      code: input.code,
      title: input.title ?? d.title,
      description: `${d.text}\n${source}`.slice(0, 10_000),
      leaderName: input.leaderName,
      leadDepartmentId: input.leadDepartmentId,
      cooperatorIds: input.cooperatorIds,
      deadline: input.deadline,
      milestones: [],
    },
    async (trx, taskId) => {
      const linked = await trx
        .updateTable('meetingDirective')
        .set({ taskId, status: 'kept', leadDepartmentId: input.leadDepartmentId, updatedAt: now() })
        .where('id', '=', id)
        .where('taskId', 'is', null)
        .executeTakeFirst()
      if (Number(linked.numUpdatedRows) !== 1)
        throw conflict('directive_has_task', '该决策部署已转为督办任务')
      await audit.record(trx, ctx, {
        action: 'meeting.directive_to_task',
        objectType: 'meeting',
        objectId: meetingId,
        details: { directiveId: id, taskId },
      })
    },
  )
  return task
}
