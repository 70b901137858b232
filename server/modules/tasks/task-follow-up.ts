// Keeping tasks moving: reminders before and after the quarterly report deadline, urging
// (催办) by the supervision office with a numbered supervision notice (督办单), and the
// year-end scoring (考评) of each task on a configurable rubric.
import { v7 as uuidv7 } from 'uuid'
import { DEFAULT_RUBRIC, Rubric, type NoticeDto } from '../../../common/tasks'
import { nextValue } from '../../db/counter'
import type { DB } from '../../db/database'
import { badRequest, forbidden, hidden, notFound } from '../../errors'
import type { Ctx } from '../access/context'
import { requirePermission, requireTopLevel } from '../access/policy'
import * as audit from '../audit/audit.service'
import { loadCalendar } from '../calendar/calendar.service'
import { workingDaysBetween } from '../calendar/working-days'
import { notify, type NewNotification } from '../notifications/notification.service'
import { get as getTask, lightRule } from './task.service'
import { reportDue } from './task-light'

async function departmentOwners(db: DB, departmentId: string) {
  const rows = await db
    .selectFrom('roleGrant')
    .innerJoin('appUser', 'appUser.id', 'roleGrant.userId')
    .select('roleGrant.userId')
    .where('roleGrant.role', '=', 'department_owner')
    .where('roleGrant.scopeId', '=', departmentId)
    .where('appUser.status', '=', 'active')
    .execute()
  return rows.map((r) => r.userId)
}

/** Daily: remind lead departments of quarterly reports due within 3 working days, and every 5 after. */
export function taskSweepHandler(opts: { email: boolean; today?: () => string }) {
  return async (db: DB) => {
    const today = opts.today?.() ?? new Date().toISOString().slice(0, 10)
    const year = Number(today.slice(0, 4))
    const [cal, rule] = [await loadCalendar(db), await lightRule(db)]
    const tasks = await db
      .selectFrom('task')
      .select(['id', 'code', 'title', 'leadDepartmentId', 'deadline'])
      .where('status', '=', 'active')
      .where('year', 'in', [year, year - 1])
      .execute()
    const reported = await db
      .selectFrom('quarterlyReport')
      .select(['taskId', 'quarter'])
      .where('status', 'in', ['submitted', 'accepted'])
      .execute()
    const done = new Set(reported.map((r) => `${r.taskId}:${r.quarter}`))
    for (const t of tasks) {
      const taskYear = Number(t.deadline.slice(0, 4))
      for (let q = 1; q <= 4; q++) {
        if (done.has(`${t.id}:${q}`)) continue
        const due = reportDue(taskYear, q, rule, cal)
        const left = workingDaysBetween(today, due, cal)
        let stage: string | null = null
        if (left > 0 && left <= 3) stage = `before:${due}`
        else if (left === 0) stage = `due:${due}`
        else if (left < 0 && (-left - 1) % 5 === 0 && -left <= 60) stage = `overdue:${due}:${-left}`
        if (!stage) continue
        const items: NewNotification[] = (await departmentOwners(db, t.leadDepartmentId)).map((userId) => ({
          userId,
          kind: left < 0 ? 'reminder.overdue' : left === 0 ? 'reminder.due' : 'reminder.before',
          title: left < 0 ? '季度落实情况逾期未报' : '季度落实情况即将到期',
          body: `重点督办任务 ${t.code}“${t.title}”第${q}季度落实情况应于${due}前报送${left < 0 ? `，已逾期${-left}个工作日` : ''}。`,
          link: `/tasks/${t.id}`,
          dedupeKey: `task:${t.id}:q${q}:${stage}`,
        }))
        await notify(db, items, opts)
      }
    }
  }
}

function noticeNumber(year: number, seq: number) {
  return `督办〔${year}〕${seq}号`
}

async function noticeDto(db: DB, id: string): Promise<NoticeDto> {
  const n = await db
    .selectFrom('supervisionNotice as n')
    .innerJoin('task', 'task.id', 'n.taskId')
    .innerJoin('department as d', 'd.id', 'n.departmentId')
    .leftJoin('appUser as u', 'u.id', 'n.issuedBy')
    .select([
      'n.id',
      'n.year',
      'n.seq',
      'n.taskId',
      'task.code as taskCode',
      'task.title as taskTitle',
      'task.leaderName',
      'd.name as departmentName',
      'n.quarter',
      'n.content',
      'n.dueDate',
      'n.issuedAt',
      'u.displayName as issuedByName',
    ])
    .where('n.id', '=', id)
    .executeTakeFirst()
  if (!n) throw notFound('notice')
  const { seq, ...rest } = n
  return { ...rest, number: noticeNumber(n.year, seq), issuedByName: n.issuedByName ?? null }
}

/** The supervision office urges a task's lead department: a notification and a numbered 督办单. */
export async function urgeTask(
  db: DB,
  ctx: Ctx,
  taskId: string,
  input: { quarter?: number; content: string; dueDate?: string },
  opts: { email: boolean },
) {
  requirePermission(ctx, 'task.manage')
  const t = await getTask(db, ctx, taskId)
  if (t.myRole !== 'office') throw forbidden('督办单由督查室签发')
  const id = uuidv7()
  const year = Number(new Date().toISOString().slice(0, 4))
  await db.transaction().execute(async (trx) => {
    const seq = await nextValue(trx, `supervision_notice:${year}`)
    await trx
      .insertInto('supervisionNotice')
      .values({
        id,
        year,
        seq,
        taskId,
        departmentId: t.leadDepartmentId,
        quarter: input.quarter ?? null,
        content: input.content,
        dueDate: input.dueDate ?? null,
        issuedBy: ctx.actor!.id,
        issuedAt: new Date().toISOString(),
      })
      .execute()
    await audit.record(trx, ctx, {
      action: 'task.urge',
      objectType: 'task',
      objectId: taskId,
      details: { noticeId: id, number: noticeNumber(year, seq) },
    })
  })
  const notice = await noticeDto(db, id)
  await notify(
    db,
    (await departmentOwners(db, t.leadDepartmentId)).map((userId) => ({
      userId,
      kind: 'urge',
      title: `督查室催办（${notice.number}）`,
      body: `${t.code}“${t.title}”：${input.content}${input.dueDate ? `（请于${input.dueDate}前办结）` : ''}`,
      link: `/tasks/notices/${id}`,
      dedupeKey: `notice:${id}`,
    })),
    opts,
  )
  return notice
}

/** A notice is read by the office and the department it was sent to. */
export async function getNotice(db: DB, ctx: Ctx, id: string) {
  const n = await noticeDto(db, id)
  const t = await getTask(db, ctx, n.taskId)
  if (t.myRole !== 'office' && t.myRole !== 'lead') throw hidden('notice')
  return n
}

export async function listNotices(db: DB, ctx: Ctx, taskId?: string) {
  const actor = requirePermission(ctx, 'task.read')
  let q = db
    .selectFrom('supervisionNotice')
    .select(['id', 'taskId'])
    .orderBy('year', 'desc')
    .orderBy('seq', 'desc')
  if (taskId) q = q.where('taskId', '=', taskId)
  const rows = await q.execute()
  const out: NoticeDto[] = []
  for (const r of rows) {
    try {
      out.push(await getNotice(db, { ...ctx, actor }, r.id))
    } catch {
      // not visible to this person
    }
  }
  return out
}

// ---- year-end scoring
export async function rubric(db: DB): Promise<Rubric> {
  const row = await db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', 'task.rubric')
    .executeTakeFirst()
  const parsed = row ? Rubric.safeParse(JSON.parse(row.value)) : null
  return parsed?.success ? parsed.data : DEFAULT_RUBRIC
}

export async function setRubric(db: DB, ctx: Ctx, items: Rubric) {
  requireTopLevel(ctx, 'task.manage')
  if (items.reduce((a, i) => a + i.max, 0) !== 100)
    throw badRequest('rubric_total', '考评细则各项分值合计应为100分')
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await trx
      .insertInto('setting')
      .values({ key: 'task.rubric', value: JSON.stringify(items), updatedAt: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(items), updatedAt: now }))
      .execute()
    await audit.record(trx, ctx, {
      action: 'task.rubric',
      objectType: 'setting',
      objectId: 'task.rubric',
      details: { items },
    })
  })
  return items
}

export async function scoreTask(
  db: DB,
  ctx: Ctx,
  taskId: string,
  input: { items: Record<string, number>; comment: string },
) {
  requirePermission(ctx, 'task.manage')
  const t = await getTask(db, ctx, taskId)
  if (t.myRole !== 'office') throw forbidden()
  const r = await rubric(db)
  for (const item of r) {
    const v = input.items[item.key]
    if (v === undefined) throw badRequest('score_incomplete', `请为“${item.name}”打分`)
    if (v > item.max) throw badRequest('score_exceeds', `“${item.name}”最高${item.max}分`, { key: item.key })
  }
  const unknown = Object.keys(input.items).filter((k) => !r.some((i) => i.key === k))
  if (unknown.length) throw badRequest('score_unknown_item', '考评项不存在', { keys: unknown })
  const total = r.reduce((a, i) => a + input.items[i.key], 0)
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    const values = {
      items: JSON.stringify(input.items),
      total,
      comment: input.comment,
      scoredBy: ctx.actor!.id,
      scoredAt: now,
    }
    await trx
      .insertInto('taskScore')
      .values({ id: uuidv7(), taskId, ...values })
      .onConflict((oc) => oc.column('taskId').doUpdateSet(values))
      .execute()
    await audit.record(trx, ctx, {
      action: 'task.score',
      objectType: 'task',
      objectId: taskId,
      details: { total },
    })
  })
  return {
    taskId,
    taskCode: t.code,
    taskTitle: t.title,
    leadDepartmentName: t.leadDepartmentName,
    items: input.items,
    total,
    comment: input.comment,
    scoredAt: new Date().toISOString(),
  }
}

/** The year's scores, by task and averaged by lead department. */
export async function scores(db: DB, ctx: Ctx, year: number) {
  requirePermission(ctx, 'task.read')
  const rows = await db
    .selectFrom('taskScore as s')
    .innerJoin('task', 'task.id', 's.taskId')
    .innerJoin('department as d', 'd.id', 'task.leadDepartmentId')
    .select([
      's.taskId',
      'task.code as taskCode',
      'task.title as taskTitle',
      'd.id as departmentId',
      'd.name as leadDepartmentName',
      's.items',
      's.total',
      's.comment',
      's.scoredAt',
    ])
    .where('task.year', '=', year)
    .orderBy('task.code')
    .execute()
  const visible = []
  for (const r of rows) {
    try {
      await getTask(db, ctx, r.taskId)
      visible.push(r)
    } catch {
      // not visible
    }
  }
  const byDept = new Map<string, { departmentId: string; departmentName: string; totals: number[] }>()
  for (const r of visible) {
    const d = byDept.get(r.departmentId) ?? {
      departmentId: r.departmentId,
      departmentName: r.leadDepartmentName,
      totals: [],
    }
    d.totals.push(r.total)
    byDept.set(r.departmentId, d)
  }
  return {
    tasks: visible.map(({ departmentId: _d, items, ...r }) => ({
      ...r,
      items: JSON.parse(items) as Record<string, number>,
    })),
    departments: [...byDept.values()]
      .map((d) => ({
        departmentId: d.departmentId,
        departmentName: d.departmentName,
        tasks: d.totals.length,
        average: Math.round((d.totals.reduce((a, b) => a + b, 0) / d.totals.length) * 10) / 10,
      }))
      .sort((a, b) => b.average - a.average),
  }
}
