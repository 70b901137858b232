import { cleanFields, keepOriginals, originalsOf } from '../text/text-original'
import { v7 as uuidv7 } from 'uuid'
import {
  DEFAULT_LIGHT_RULE,
  LightRule,
  type Light,
  type Milestone,
  type QuarterlyReportDto,
  type TaskDto,
} from '../../../common/tasks'
import { QUARTERLY_WORKFLOW, actionsFrom, transition, type QuarterlyStatus } from '../../../common/workflows'
import type { DB } from '../../db/database'
import { readsInThread } from '../../db/dialect'
import type { QuarterlyReportTable } from '../../db/schema'
import { prepared } from '../../db/prepared'
import { versionedValue, type Versions } from '../../db/versioned'
import { AppError, badRequest, conflict, forbidden, hidden, notFound } from '../../errors'
import type { Actor, Ctx } from '../access/context'
import { departmentsOf, pathInScope, requirePermission, requireTopLevel, rolePaths } from '../access/policy'
import * as audit from '../audit/audit.service'
import { loadCalendar } from '../calendar/calendar.service'
import type { Calendar } from '../calendar/working-days'
import * as repo from './task.repository'
import { lightCutoffs, taskLight } from './task-light'
import { remembered } from '../../bounded'
import { inTurns, nextTurn } from '../../turns'

const today = () => new Date().toISOString().slice(0, 10)

function scopeOf(actor: Actor): repo.TaskScope {
  return {
    office: rolePaths(actor, ['supervision_office']),
    leader: rolePaths(actor, ['leader']),
    departments: departmentsOf(actor),
  }
}

/** The person's role on a task, from their scope (`scopeOf`, worked out once per page). */
function roleOn(
  scope: repo.TaskScope,
  t: { unitPath: string; leadDepartmentId: string },
  cooperatorIds: string[],
): TaskDto['myRole'] {
  const { office, departments: mine } = scope
  if (office === 'all' || office.some((p) => t.unitPath.startsWith(p))) return 'office'
  if (mine.includes(t.leadDepartmentId)) return 'lead'
  if (cooperatorIds.some((c) => mine.includes(c))) return 'cooperator'
  return 'reader'
}

const settingValue = prepared((db: DB, key: string) =>
  db.selectFrom('setting').select('value').where('key', '=', key),
)

// The rule is kept under the tasks' version, which setting it moves on (writeTasks), and shared,
// frozen, by the requests that read it until then.
const keptRule = versionedValue('tasks', async (db): Promise<LightRule> => {
  const [row] = await settingValue(db, 'task.light_rule')
  const parsed = row ? LightRule.safeParse(JSON.parse(row.value)) : null
  return Object.freeze(parsed?.success ? parsed.data : { ...DEFAULT_LIGHT_RULE })
})

/** The light rule as it stands now, or as `seen` by the request. */
export function lightRule(db: DB, seen?: Versions): Promise<LightRule> {
  return keptRule.get(db, seen)
}

export async function setLightRule(db: DB, ctx: Ctx, rule: LightRule) {
  requireTopLevel(ctx, 'task.manage')
  await repo.writeTasks(db, async (trx) => {
    const now = new Date().toISOString()
    await trx
      .insertInto('setting')
      .values({ key: 'task.light_rule', value: JSON.stringify(rule), updatedAt: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(rule), updatedAt: now }))
      .execute()
    await audit.record(trx, ctx, {
      action: 'task.light_rule',
      objectType: 'setting',
      objectId: 'task.light_rule',
      details: rule,
    })
  })
  return rule
}

type LightRules = { rule: LightRule; cal: Calendar }

/**
 * Tasks as the person sees them on `at`, their role on each from their scope (`scopeOf`), lit by
 * `rules` (read by the caller, or still being read: `lightRules`).
 */
async function present(
  db: DB,
  scope: repo.TaskScope,
  rows: repo.TaskRow[],
  at: string,
  rules: LightRules | Promise<LightRules>,
): Promise<TaskDto[]> {
  const ids = rows.map((r) => r.id)
  const [coops, reported, { rule, cal }] = await Promise.all([
    repo.cooperators(db, ids),
    repo.reportedQuarters(db, ids),
    rules,
  ])
  // Grouped once: filtering the whole lists for every task made a year's ledger quadratic.
  const coopsOf = groupBy(coops, (c) => c.taskId)
  const reportedOf = groupBy(reported, (r) => r.taskId)
  return rows.map((t) =>
    presentOne(scope, t, coopsOf.get(t.id) ?? [], reportedOf.get(t.id) ?? [], rule, cal, at),
  )
}

async function lightRules(db: DB, seen?: Versions): Promise<LightRules> {
  const [rule, cal] = await Promise.all([lightRule(db, seen), loadCalendar(db, seen)])
  return { rule, cal }
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}

/**
 * A task's milestones from their stored text, parsed once per text and shared, frozen: a ledger
 * page parses twenty of them, and parsing cost more than the page's own reads. Tasks share few
 * texts (a year's plan gives most of its tasks the same quarters), so few are kept.
 */
const milestonesOf = remembered(
  5000,
  (text: string) =>
    Object.freeze((JSON.parse(text) as Milestone[]).map((m) => Object.freeze(m))) as Milestone[],
)

function presentOne(
  scope: repo.TaskScope,
  t: repo.TaskRow,
  coops: Awaited<ReturnType<typeof repo.cooperators>>,
  reported: Awaited<ReturnType<typeof repo.reportedQuarters>>,
  rule: LightRule,
  cal: Calendar,
  at: string,
): TaskDto {
  const milestones = milestonesOf(t.milestones)
  const cooperators = coops.filter((c) => c.taskId === t.id).map((c) => ({ id: c.id, name: c.name }))
  const light = taskLight(
    {
      year: t.year,
      status: t.status,
      deadline: t.deadline,
      milestones,
      progress: t.progress,
      reportedQuarters: reported.filter((r) => r.taskId === t.id).map((r) => r.quarter),
    },
    at,
    rule,
    cal,
  )
  return {
    id: t.id,
    year: t.year,
    code: t.code,
    title: t.title,
    description: t.description,
    leaderName: t.leaderName,
    leadDepartmentId: t.leadDepartmentId,
    leadDepartmentName: t.leadDepartmentName,
    cooperators,
    campaignId: t.campaignId,
    campaignName: t.campaignName ?? null,
    deadline: t.deadline,
    status: t.status,
    milestones,
    progress: t.progress,
    expectedProgress: light.expected,
    light: light.light,
    lightReasons: light.reasons,
    myRole: roleOn(
      scope,
      t,
      cooperators.map((c) => c.id),
    ),
  }
}

export async function list(
  db: DB,
  ctx: Ctx,
  q: repo.TaskFilter & {
    light?: Light
    asOf?: string
    sort: 'code' | 'deadline' | 'progress'
    order: 'asc' | 'desc'
    page: number
    pageSize: number
  },
) {
  const actor = requirePermission(ctx, 'task.read')
  const at = q.asOf ?? today()
  const rules = await lightRules(db, ctx.versions)
  const cutoffs = lightCutoffs(at, rules.rule, rules.cal)
  const scope = scopeOf(actor)
  // Lights are computed, not stored: the database computes them from each task's stored inputs
  // (task.repository.ts `lightOf`) to filter and count, and only the page's tasks are loaded
  // and lit again with their reasons.
  const [perLight, rows] = await Promise.all([
    repo.lightCounts(db, scope, q, cutoffs, ctx.versions),
    repo.list(db, scope, q, cutoffs, {
      light: q.light,
      sort: q.sort,
      order: q.order,
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    }),
  ])
  // Counted over the tasks listed: with a light chosen, the others count none.
  const counts = { done: 0, green: 0, yellow: 0, red: 0 } as Record<Light, number>
  for (const c of perLight) if (!q.light || c.light === q.light) counts[c.light] = Number(c.n)
  return {
    items: await present(db, scope, rows, at, rules),
    total: Object.values(counts).reduce((n, c) => n + c, 0),
    page: q.page,
    pageSize: q.pageSize,
    lights: counts,
  }
}

/**
 * Where a year's visible tasks stand in a quarter, counted in the database: their lights, their
 * reports for the quarter (none or a draft: missing), and the first `limit` of those falling
 * behind by code (lit red or yellow, or the quarter not reported) with how many there are.
 */
export async function quarterStanding(
  db: DB,
  ctx: Ctx,
  q: { year: number; quarter: number; asOf?: string; limit: number },
) {
  const actor = requirePermission(ctx, 'task.read')
  const at = q.asOf ?? today()
  const rules = await lightRules(db, ctx.versions)
  const cutoffs = lightCutoffs(at, rules.rule, rules.cal)
  const scope = scopeOf(actor)
  // On SQLite one count at a time, a turn before each: together they held the server's thread
  // up to a tenth of a second at national scale (the leader dashboard reads them too).
  const apart = readsInThread(db)
  const [perLight, perReport, late] = await inTurns(apart, [
    () => repo.lightCounts(db, scope, { year: q.year }, cutoffs, ctx.versions),
    () => repo.quarterReportCounts(db, scope, q.year, q.quarter),
    () => repo.latePage(db, scope, q, cutoffs),
  ])
  const lights = { done: 0, green: 0, yellow: 0, red: 0 } as Record<Light, number>
  for (const c of perLight) lights[c.light] = Number(c.n)
  const total = Object.values(lights).reduce((n, c) => n + c, 0)
  const reports = { accepted: 0, submitted: 0, returned: 0, missing: 0 }
  for (const r of perReport) {
    if (r.status === 'accepted' || r.status === 'submitted' || r.status === 'returned')
      reports[r.status] = Number(r.n)
  }
  reports.missing = total - reports.accepted - reports.submitted - reports.returned
  if (apart) await nextTurn()
  const items = await present(db, scope, late.rows, at, rules)
  return { lights, reports, total, late: items, lateTotal: late.total }
}

async function load(db: DB, ctx: Ctx, id: string) {
  const actor = requirePermission(ctx, 'task.read')
  const t = await repo.findById(db, id)
  if (!t) throw notFound('task')
  const [dto] = await present(db, scopeOf(actor), [t], today(), lightRules(db, ctx.versions))
  if (!visibleTask(actor, dto, t.unitPath)) throw hidden('task')
  return { actor, task: t, dto }
}

/** A task one takes part in, or one under the units one leads. */
function visibleTask(actor: Actor, dto: TaskDto, unitPath: string) {
  if (dto.myRole !== 'reader') return true
  const leader = rolePaths(actor, ['leader'])
  return leader === 'all' || leader.some((p) => unitPath.startsWith(p))
}

export async function get(db: DB, ctx: Ctx, id: string) {
  return (await load(db, ctx, id)).dto
}

async function department(db: DB, id: string) {
  const d = await db.selectFrom('department').select(['id', 'unitId']).where('id', '=', id).executeTakeFirst()
  if (!d) throw badRequest('department_not_found', '部门不存在', { departmentId: id })
  return d
}

async function campaignExists(db: DB, id: string | null | undefined) {
  if (!id) return null
  if (!(await db.selectFrom('campaign').select('id').where('id', '=', id).executeTakeFirst()))
    throw badRequest('campaign_not_found', '专项行动不存在')
  return id
}

export type NewTask = {
  year: number
  code: string
  title: string
  description: string
  leaderName: string
  leadDepartmentId: string
  cooperatorIds: string[]
  campaignId?: string | null
  deadline?: string
  milestones: Milestone[]
}

function checkMilestones(ms: Milestone[]) {
  const quarters = ms.map((m) => m.quarter)
  if (new Set(quarters).size !== quarters.length)
    throw badRequest('duplicate_milestone', '每个季度只能有一个节点')
  const sorted = [...ms].sort((a, b) => a.quarter - b.quarter)
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].expectedProgress < sorted[i - 1].expectedProgress)
      throw badRequest('milestones_decrease', '季度节点的预期进度不能下降')
  }
}

/** The free-text fields normalized on entry, their originals kept (server/modules/text/text-original.ts). */
export const TASK_TEXT = ['title', 'description'] as const

/** The task's text as it arrived, where normalization changed it or flagged damage. */
export async function textOriginals(db: DB, ctx: Ctx, id: string) {
  await load(db, ctx, id)
  return originalsOf(db, 'task', id)
}

/** Builds and checks a task row; the caller inserts it inside its transaction. */
export async function taskRow(db: DB, input: NewTask) {
  await department(db, input.leadDepartmentId)
  for (const c of input.cooperatorIds) await department(db, c)
  if (input.cooperatorIds.includes(input.leadDepartmentId))
    throw badRequest('lead_is_cooperator', '牵头部门不能同时是配合部门')
  checkMilestones(input.milestones)
  const now = new Date().toISOString()
  return {
    id: uuidv7(),
    year: input.year,
    code: input.code,
    title: input.title,
    description: input.description,
    leaderName: input.leaderName,
    leadDepartmentId: input.leadDepartmentId,
    campaignId: await campaignExists(db, input.campaignId),
    deadline: input.deadline ?? `${input.year}-12-31`,
    status: 'active' as const,
    milestones: JSON.stringify([...input.milestones].sort((a, b) => a.quarter - b.quarter)),
    progress: 0,
    createdAt: now,
    updatedAt: now,
  }
}

/** Creates a task; `within` runs in the same transaction (a meeting directive links itself to the new task). */
export async function create(
  db: DB,
  ctx: Ctx,
  input: NewTask,
  within?: (trx: DB, taskId: string) => Promise<void>,
) {
  const actor = requirePermission(ctx, 'task.manage')
  const text = cleanFields(input, TASK_TEXT)
  input = text.values
  const row = await taskRow(db, input)
  const lead = await db
    .selectFrom('department')
    .innerJoin('unit', 'unit.id', 'department.unitId')
    .select('unit.path')
    .where('department.id', '=', input.leadDepartmentId)
    .executeTakeFirstOrThrow()
  if (!pathInScope(rolePaths(actor, ['supervision_office']), lead.path))
    throw forbidden('牵头部门不在您的督办范围内')
  await repo.writeTasks(db, async (trx) => {
    if (await repo.codeTaken(trx, input.year, input.code))
      throw conflict('task_code_taken', '该年度已有同编号任务')
    await repo.insert(trx, row, [...new Set(input.cooperatorIds)])
    await keepOriginals(trx, 'task', row.id, text)
    await audit.record(trx, ctx, {
      action: 'task.create',
      objectType: 'task',
      objectId: row.id,
      details: { code: input.code, year: input.year },
    })
    if (within) await within(trx, row.id)
  })
  return get(db, ctx, row.id)
}

export async function update(
  db: DB,
  ctx: Ctx,
  id: string,
  input: Partial<Omit<NewTask, 'year' | 'code'>> & { status?: 'active' | 'done' },
) {
  const { dto } = await load(db, ctx, id)
  if (dto.myRole !== 'office') throw forbidden('重点督办任务由督查室维护')
  if (input.leadDepartmentId) await department(db, input.leadDepartmentId)
  for (const c of input.cooperatorIds ?? []) await department(db, c)
  const lead = input.leadDepartmentId ?? dto.leadDepartmentId
  if ((input.cooperatorIds ?? dto.cooperators.map((c) => c.id)).includes(lead))
    throw badRequest('lead_is_cooperator', '牵头部门不能同时是配合部门')
  if (input.milestones) checkMilestones(input.milestones)
  const campaignId = input.campaignId === undefined ? undefined : await campaignExists(db, input.campaignId)
  const text = cleanFields(input, TASK_TEXT)
  await repo.writeTasks(db, async (trx) => {
    const { cooperatorIds, milestones, campaignId: _c, ...rest } = text.values
    await keepOriginals(trx, 'task', id, text)
    await repo.update(
      trx,
      id,
      {
        ...rest,
        ...(campaignId !== undefined && { campaignId }),
        ...(milestones && { milestones: JSON.stringify(milestones) }),
        updatedAt: new Date().toISOString(),
      },
      cooperatorIds && [...new Set(cooperatorIds)],
    )
    await audit.record(trx, ctx, {
      action: 'task.update',
      objectType: 'task',
      objectId: id,
      details: { fields: Object.keys(input) },
    })
  })
  return get(db, ctx, id)
}

// ---- sub-tasks (the lead department breaks a task down)
export async function subtasks(db: DB, ctx: Ctx, taskId: string) {
  await load(db, ctx, taskId)
  return db
    .selectFrom('subtask')
    .selectAll()
    .where('taskId', '=', taskId)
    .orderBy('deadline')
    .orderBy('id')
    .execute()
}

async function leadOnly(db: DB, ctx: Ctx, taskId: string) {
  const l = await load(db, ctx, taskId)
  if (l.dto.myRole !== 'lead') throw forbidden('只有牵头部门可以操作')
  return l
}

export async function addSubtask(
  db: DB,
  ctx: Ctx,
  taskId: string,
  input: { title: string; ownerName: string; deadline: string },
) {
  await leadOnly(db, ctx, taskId)
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await trx
      .insertInto('subtask')
      .values({ id, taskId, ...input, status: 'open', createdAt: now, updatedAt: now })
      .execute()
    await audit.record(trx, ctx, {
      action: 'subtask.create',
      objectType: 'task',
      objectId: taskId,
      details: { subtaskId: id },
    })
  })
  return (await subtasks(db, ctx, taskId)).find((s) => s.id === id)!
}

export async function updateSubtask(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { title?: string; ownerName?: string; deadline?: string; status?: 'open' | 'done' },
) {
  const s = await db.selectFrom('subtask').selectAll().where('id', '=', id).executeTakeFirst()
  if (!s) throw notFound('subtask')
  await leadOnly(db, ctx, s.taskId)
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('subtask')
      .set({ ...input, updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .execute()
    await audit.record(trx, ctx, {
      action: 'subtask.update',
      objectType: 'task',
      objectId: s.taskId,
      details: { subtaskId: id, ...input },
    })
  })
  return (await subtasks(db, ctx, s.taskId)).find((x) => x.id === id)!
}

// ---- quarterly inputs (cooperating departments) and the lead's report
export async function inputs(db: DB, ctx: Ctx, taskId: string, quarter: number) {
  const { actor, dto } = await load(db, ctx, taskId)
  let q = db
    .selectFrom('quarterlyInput as i')
    .innerJoin('department as d', 'd.id', 'i.departmentId')
    .leftJoin('appUser as u', 'u.id', 'i.submittedBy')
    .select([
      'i.id',
      'i.taskId',
      'i.quarter',
      'i.departmentId',
      'd.name as departmentName',
      'i.content',
      'u.displayName as submittedByName',
      'i.updatedAt',
    ])
    .where('i.taskId', '=', taskId)
    .where('i.quarter', '=', quarter)
  // A cooperating department sees its own input; the lead and the office see all.
  if (dto.myRole === 'cooperator') q = q.where('i.departmentId', 'in', departmentsOf(actor))
  return (await q.orderBy('d.sortOrder').execute()).map((r) => ({
    ...r,
    submittedByName: r.submittedByName ?? null,
  }))
}

export async function putInput(db: DB, ctx: Ctx, taskId: string, quarter: number, content: string) {
  const { actor, dto } = await load(db, ctx, taskId)
  const mine = departmentsOf(actor).filter((d) => dto.cooperators.some((c) => c.id === d))
  if (dto.myRole !== 'cooperator' || mine.length === 0) throw forbidden('只有配合部门可以填报配合情况')
  const departmentId = mine[0]
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await trx
      .insertInto('quarterlyInput')
      .values({ id: uuidv7(), taskId, quarter, departmentId, content, submittedBy: actor.id, updatedAt: now })
      .onConflict((oc) =>
        oc
          .columns(['taskId', 'quarter', 'departmentId'])
          .doUpdateSet({ content, submittedBy: actor.id, updatedAt: now }),
      )
      .execute()
    await audit.record(trx, ctx, {
      action: 'task.input',
      objectType: 'task',
      objectId: taskId,
      details: { quarter, departmentId },
    })
  })
  return (await inputs(db, ctx, taskId, quarter)).find((i) => i.departmentId === departmentId)!
}

const EMPTY = { progress: 0, done: '', problems: '', nextSteps: '', supportNeeded: '' }

export async function getReport(
  db: DB,
  ctx: Ctx,
  taskId: string,
  quarter: number,
): Promise<QuarterlyReportDto> {
  const { dto } = await load(db, ctx, taskId)
  const r = await repo.report(db, taskId, quarter)
  return reportDto(dto, quarter, r, r ? await repo.reportHistory(db, r.id) : [])
}

function reportDto(
  dto: TaskDto,
  quarter: number,
  r: QuarterlyReportTable | undefined,
  history: Awaited<ReturnType<typeof repo.reportHistories>>,
): QuarterlyReportDto {
  const status = (r?.status ?? 'draft') as QuarterlyStatus
  const roles =
    dto.myRole === 'lead' ? ['department_owner'] : dto.myRole === 'office' ? ['supervision_office'] : []
  return {
    id: r?.id ?? dto.id,
    taskId: dto.id,
    taskCode: dto.code,
    taskTitle: dto.title,
    year: dto.year,
    quarter,
    leadDepartmentName: dto.leadDepartmentName,
    status,
    ...(r
      ? {
          progress: r.progress,
          done: r.done,
          problems: r.problems,
          nextSteps: r.nextSteps,
          supportNeeded: r.supportNeeded,
        }
      : EMPTY),
    returnReason: r?.returnReason ?? null,
    submittedAt: r?.submittedAt ?? null,
    reviewedAt: r?.reviewedAt ?? null,
    actions: r || status === 'draft' ? actionsFrom(QUARTERLY_WORKFLOW, status, roles) : [],
    history: history.map((h) => ({
      action: h.action,
      actorName: h.actorName ?? null,
      reason: h.reason,
      snapshot: h.snapshot ? JSON.parse(h.snapshot) : null,
      createdAt: h.createdAt,
    })),
  }
}

export async function saveReport(
  db: DB,
  ctx: Ctx,
  taskId: string,
  quarter: number,
  input: Partial<typeof EMPTY>,
) {
  await leadOnly(db, ctx, taskId)
  const existing = await repo.report(db, taskId, quarter)
  if (existing && existing.status !== 'draft' && existing.status !== 'returned')
    throw conflict('report_locked', '已报送或已通过的季度报告不能修改')
  await repo.writeTasks(db, async (trx) => {
    const now = new Date().toISOString()
    if (existing)
      await trx
        .updateTable('quarterlyReport')
        .set({ ...input, updatedAt: now })
        .where('id', '=', existing.id)
        .execute()
    else
      await repo.insertReport(trx, {
        id: uuidv7(),
        taskId,
        quarter,
        status: 'draft',
        ...EMPTY,
        ...input,
        returnReason: null,
        submittedBy: null,
        submittedAt: null,
        reviewedBy: null,
        reviewedAt: null,
        createdAt: now,
        updatedAt: now,
      })
    await audit.record(trx, ctx, {
      action: 'quarterly_report.save',
      objectType: 'task',
      objectId: taskId,
      details: { quarter },
    })
  })
  return getReport(db, ctx, taskId, quarter)
}

/** Submit (lead), accept or return (office); each move keeps a snapshot, so a returned report keeps its history. */
export async function transitionReport(
  db: DB,
  ctx: Ctx,
  taskId: string,
  quarter: number,
  input: { action: 'submit' | 'accept' | 'return'; reason?: string },
) {
  const { dto } = await load(db, ctx, taskId)
  const r = await repo.report(db, taskId, quarter)
  if (!r) throw notFound('quarterly_report', '尚未起草该季度报告')
  const roles =
    dto.myRole === 'lead' ? ['department_owner'] : dto.myRole === 'office' ? ['supervision_office'] : []
  const from = r.status as QuarterlyStatus
  const t = transition(QUARTERLY_WORKFLOW, from, input.action, roles)
  if (!t.ok) throw new AppError(t.code === 'forbidden' ? 403 : 409, t.code, t.message)
  if (input.action === 'return' && !input.reason?.trim())
    throw badRequest('reason_required', '退回须说明原因')
  if (input.action === 'submit' && !r.done.trim())
    throw badRequest('report_incomplete', '请填写本季度工作进展')
  await repo.writeTasks(db, async (trx) => {
    const now = new Date().toISOString()
    const moved = await repo.moveReport(
      trx,
      { id: r.id, taskId, from },
      {
        status: t.to,
        updatedAt: now,
        ...(input.action === 'submit'
          ? { submittedBy: ctx.actor!.id, submittedAt: now, returnReason: null }
          : { reviewedBy: ctx.actor!.id, reviewedAt: now }),
        ...(input.action === 'return' && { returnReason: input.reason }),
      },
    )
    if (!moved) throw conflict('stale_status', '状态已被他人更改，请刷新后重试')
    // The task's progress is what its lead department last reported.
    if (input.action === 'submit')
      await trx
        .updateTable('task')
        .set({ progress: r.progress, updatedAt: now })
        .where('id', '=', taskId)
        .execute()
    const snapshot = {
      progress: r.progress,
      done: r.done,
      problems: r.problems,
      nextSteps: r.nextSteps,
      supportNeeded: r.supportNeeded,
    }
    await trx
      .insertInto('quarterlyReportHistory')
      .values({
        id: uuidv7(),
        reportId: r.id,
        action: input.action,
        actorId: ctx.actor!.id,
        reason: input.reason ?? null,
        snapshot: JSON.stringify(snapshot),
        createdAt: now,
      })
      .execute()
    await audit.record(trx, ctx, {
      action: `quarterly_report.${input.action}`,
      objectType: 'task',
      objectId: taskId,
      details: { quarter, reason: input.reason },
    })
  })
  return getReport(db, ctx, taskId, quarter)
}

export async function listReports(
  db: DB,
  ctx: Ctx,
  q: {
    year?: number
    quarter?: number
    status?: QuarterlyStatus
    taskId?: string
    page: number
    pageSize: number
  },
) {
  const actor = requirePermission(ctx, 'task.read')
  const scope = scopeOf(actor)
  const { rows, total } = await repo.reportPage(db, scope, q, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  })
  // The page's tasks and histories in one query each, not a task's reads for every report.
  const [tasks, histories] = await Promise.all([
    repo.findByIds(db, [...new Set(rows.map((r) => r.taskId))]),
    repo.reportHistories(
      db,
      rows.map((r) => r.id),
    ),
  ])
  const dtos = new Map(
    (await present(db, scope, tasks, today(), lightRules(db, ctx.versions))).map((d) => [d.id, d]),
  )
  const pathOf = new Map(tasks.map((t) => [t.id, t.unitPath]))
  const historyOf = groupBy(histories, (h) => h.reportId)
  const items = rows.map((r) => {
    const dto = dtos.get(r.taskId)
    if (!dto || !visibleTask(actor, dto, pathOf.get(r.taskId)!)) throw hidden('task')
    return reportDto(dto, r.quarter, r, historyOf.get(r.id) ?? [])
  })
  return { items, total, page: q.page, pageSize: q.pageSize }
}

// ---- campaigns
export async function campaigns(db: DB, ctx: Ctx) {
  const actor = requirePermission(ctx, 'task.read')
  const rows = await db.selectFrom('campaign').selectAll().orderBy('createdAt').execute()
  const totals = new Map((await repo.campaignTotals(db, scopeOf(actor))).map((t) => [t.campaignId, t]))
  return rows.map((c) => {
    const n = Number(totals.get(c.id)?.n ?? 0)
    return {
      id: c.id,
      name: c.name,
      description: c.description,
      startDate: c.startDate,
      endDate: c.endDate,
      taskCount: n,
      averageProgress: n ? Math.round(Number(totals.get(c.id)!.progress) / n) : 0,
    }
  })
}

export async function createCampaign(
  db: DB,
  ctx: Ctx,
  input: { name: string; description: string; startDate?: string | null; endDate?: string | null },
) {
  requireTopLevel(ctx, 'task.manage')
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('campaign').select('id').where('name', '=', input.name).executeTakeFirst())
      throw conflict('campaign_exists', '已有同名专项行动')
    const now = new Date().toISOString()
    await trx
      .insertInto('campaign')
      .values({
        id,
        name: input.name,
        description: input.description,
        startDate: input.startDate ?? null,
        endDate: input.endDate ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .execute()
    await audit.record(trx, ctx, {
      action: 'campaign.create',
      objectType: 'campaign',
      objectId: id,
      details: { name: input.name },
    })
  })
  return (await campaigns(db, ctx)).find((c) => c.id === id)!
}

export async function updateCampaign(
  db: DB,
  ctx: Ctx,
  id: string,
  input: { name?: string; description?: string; startDate?: string | null; endDate?: string | null },
) {
  requireTopLevel(ctx, 'task.manage')
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('campaign')
      .set({ ...input, updatedAt: new Date().toISOString() })
      .where('id', '=', id)
      .executeTakeFirst()
    if (Number(r.numUpdatedRows) === 0) throw notFound('campaign')
    await audit.record(trx, ctx, {
      action: 'campaign.update',
      objectType: 'campaign',
      objectId: id,
      details: input,
    })
  })
  return (await campaigns(db, ctx)).find((c) => c.id === id)!
}
