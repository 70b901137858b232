// Reminders on rectification deadlines: a few working days before, on the day, and every
// five working days after, to the unit's liaison and leader and the responsible
// department's owner. A daily sweep job computes them; notifications are unique per
// (user, reminder), so several instances sweeping at once still remind each person once.
import { v7 as uuidv7 } from 'uuid'
import type { DB } from '../../db/database'
import { forbidden } from '../../errors'
import type { Ctx } from '../access/context'
import * as audit from '../audit/audit.service'
import { loadCalendar } from '../calendar/calendar.service'
import { workingDaysBetween } from '../calendar/working-days'
import { enqueue } from '../jobs/job-runner'
import { notify, type NewNotification } from '../notifications/notification.service'
import { requirePermission } from '../access/policy'
import * as repo from './rectification.repository'
import { getMeasure } from './rectification.service'

export const REMIND_BEFORE_WORKING_DAYS = 3

type OpenMeasure = {
  id: string
  content: string
  deadline: string
  unitId: string
  departmentId: string | null
  targetId: string
  findingTitle: string
  unitName: string
}

/** Who is reminded of a measure: the unit's liaison and leader, and the responsible department's owner. */
async function recipients(db: DB, m: { unitId: string; departmentId: string | null }) {
  const unit = await db.selectFrom('unit').select('path').where('id', '=', m.unitId).executeTakeFirstOrThrow()
  const rows = await db
    .selectFrom('roleGrant')
    .innerJoin('appUser', 'appUser.id', 'roleGrant.userId')
    .select('roleGrant.userId')
    .where('appUser.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('roleGrant.role', 'in', ['unit_leader', 'unit_liaison']),
          eb('roleGrant.scopePath', '=', unit.path),
        ]),
        ...(m.departmentId
          ? [
              eb.and([
                eb('roleGrant.role', '=', 'department_owner'),
                eb('roleGrant.scopeId', '=', m.departmentId),
              ]),
            ]
          : []),
      ]),
    )
    .execute()
  return [...new Set(rows.map((r) => r.userId))]
}

/** The reminder a measure is due on `today`, if any, and its key. */
export function reminderStage(
  deadline: string,
  today: string,
  cal: Parameters<typeof workingDaysBetween>[2],
) {
  if (deadline === today) return { stage: 'due' as const, key: `due:${deadline}` }
  const left = workingDaysBetween(today, deadline, cal)
  if (left > 0 && left <= REMIND_BEFORE_WORKING_DAYS)
    return { stage: 'before' as const, key: `before:${deadline}` }
  if (today > deadline) {
    const late = workingDaysBetween(deadline, today, cal)
    if (late > 0 && (late - 1) % 5 === 0)
      return { stage: 'overdue' as const, key: `overdue:${deadline}:${late}`, late }
  }
  return null
}

const TITLE = { before: '整改措施即将到期', due: '整改措施今日到期', overdue: '整改措施已逾期' } as const

export function sweepHandler(opts: { email: boolean; today?: () => string }) {
  return async (db: DB) => {
    const today = opts.today?.() ?? new Date().toISOString().slice(0, 10)
    const cal = await loadCalendar(db)
    let after: string | null = null
    for (;;) {
      let q = db
        .selectFrom('rectificationMeasure as m')
        .innerJoin('finding as f', 'f.id', 'm.findingId')
        .innerJoin('unit as u', 'u.id', 'm.unitId')
        .select([
          'm.id',
          'm.content',
          'm.deadline',
          'm.unitId',
          'm.departmentId',
          'm.targetId',
          'f.title as findingTitle',
          'u.name as unitName',
        ])
        .where('m.status', '=', 'open')
        .where('f.status', '=', 'rectifying')
      if (after) q = q.where('m.id', '>', after)
      const page: OpenMeasure[] = await q.orderBy('m.id').limit(500).execute()
      for (const m of page) {
        const r = reminderStage(m.deadline, today, cal)
        if (!r) continue
        const body =
          r.stage === 'overdue'
            ? `${m.unitName}“${m.findingTitle}”的整改措施已逾期${r.late}个工作日（期限${m.deadline}）：${m.content}`
            : `${m.unitName}“${m.findingTitle}”的整改措施期限为${m.deadline}：${m.content}`
        const items: NewNotification[] = (await recipients(db, m)).map((userId) => ({
          userId,
          kind: `reminder.${r.stage}`,
          title: TITLE[r.stage],
          body,
          link: `/inspections/targets/${m.targetId}`,
          dedupeKey: `measure:${m.id}:${r.key}`,
        }))
        await notify(db, items, opts)
      }
      if (page.length < 500) break
      after = page[page.length - 1].id
    }
  }
}

/** Enqueues today's sweep; every instance calls this each tick, the dedupe key keeps it to one. */
export async function scheduleSweep(db: DB, today = new Date().toISOString().slice(0, 10)) {
  await enqueue(db, { kind: 'reminder.sweep', dedupeKey: `reminder.sweep:${today}` })
}

/** The office urges (催办) the people responsible for a measure, by hand. */
export async function urge(
  db: DB,
  ctx: Ctx,
  measureId: string,
  message: string | undefined,
  opts: { email: boolean },
) {
  requirePermission(ctx, 'inspection.manage')
  const m = await getMeasure(db, ctx, measureId)
  const row = await repo.findMeasure(db, measureId)
  if (!row) throw forbidden()
  const users = await recipients(db, row)
  const key = uuidv7()
  const sent = await notify(
    db,
    users.map((userId) => ({
      userId,
      kind: 'urge',
      title: '巡视办催办',
      body: `${message?.trim() || '请抓紧推进整改'}——${m.unitName}“${m.findingTitle}”：${m.content}（期限${m.deadline}）`,
      link: `/inspections/targets/${m.targetId}`,
      dedupeKey: `urge:${key}`,
    })),
    opts,
  )
  await audit.recordAlone(db, ctx, {
    action: 'measure.urge',
    objectType: 'measure',
    objectId: measureId,
    details: { recipients: sent, message },
  })
  return { recipients: sent }
}
