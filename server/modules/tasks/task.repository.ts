import type { DB } from '../../db/database'
import { containsText, startsWith } from '../../db/dialect'
import type { QuarterlyReportTable, TaskTable } from '../../db/schema'
import type { UnitScope } from '../access/policy'

/** Who sees which tasks: the office and leadership by unit subtree, departments by lead or cooperation. */
export type TaskScope = { office: UnitScope; leader: UnitScope; departments: string[] }

function base(db: DB) {
  return db
    .selectFrom('task')
    .innerJoin('department as ld', 'ld.id', 'task.leadDepartmentId')
    .innerJoin('unit as lu', 'lu.id', 'ld.unitId')
    .leftJoin('campaign', 'campaign.id', 'task.campaignId')
}

function anyPath(eb: any, scope: UnitScope) {
  if (scope === 'all') return eb.lit(true)
  if (scope.length === 0) return eb.lit(false)
  return eb.or(scope.map((p) => startsWith(eb.ref('lu.path'), p)))
}

const columns = [
  'task.id',
  'task.year',
  'task.code',
  'task.title',
  'task.description',
  'task.leaderName',
  'task.leadDepartmentId',
  'ld.name as leadDepartmentName',
  'lu.path as unitPath',
  'task.campaignId',
  'campaign.name as campaignName',
  'task.deadline',
  'task.status',
  'task.milestones',
  'task.progress',
  'task.createdAt',
] as const

export type TaskRow = NonNullable<Awaited<ReturnType<typeof findById>>>

export type TaskFilter = {
  year?: number
  departmentId?: string
  campaignId?: string
  leader?: string
  mine?: 'lead' | 'cooperate'
  q?: string
}

function filtered(db: DB, s: TaskScope, f: TaskFilter) {
  let q = base(db).where((eb) =>
    eb.or([
      anyPath(eb, s.office),
      anyPath(eb, s.leader),
      ...(s.departments.length
        ? [
            eb('task.leadDepartmentId', 'in', s.departments),
            eb.exists(
              eb
                .selectFrom('taskCooperator as tc')
                .select('tc.taskId')
                .whereRef('tc.taskId', '=', 'task.id')
                .where('tc.departmentId', 'in', s.departments),
            ),
          ]
        : []),
    ]),
  )
  if (f.year) q = q.where('task.year', '=', f.year)
  if (f.departmentId) {
    const d = f.departmentId
    q = q.where((eb) =>
      eb.or([
        eb('task.leadDepartmentId', '=', d),
        eb.exists(
          eb
            .selectFrom('taskCooperator as tc2')
            .select('tc2.taskId')
            .whereRef('tc2.taskId', '=', 'task.id')
            .where('tc2.departmentId', '=', d),
        ),
      ]),
    )
  }
  if (f.mine === 'lead')
    q = q.where('task.leadDepartmentId', 'in', s.departments.length ? s.departments : ['-'])
  if (f.mine === 'cooperate') {
    const ds = s.departments.length ? s.departments : ['-']
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('taskCooperator as tc3')
          .select('tc3.taskId')
          .whereRef('tc3.taskId', '=', 'task.id')
          .where('tc3.departmentId', 'in', ds),
      ),
    )
  }
  if (f.campaignId) q = q.where('task.campaignId', '=', f.campaignId)
  if (f.leader) {
    const text = f.leader
    q = q.where((eb) => containsText(db, eb.ref('task.leaderName'), text))
  }
  if (f.q) {
    const text = f.q
    q = q.where((eb) =>
      eb.or([containsText(db, eb.ref('task.title'), text), containsText(db, eb.ref('task.code'), text)]),
    )
  }
  return q
}

/** Every visible task matching the filter (lights are computed, so the service pages after). */
export async function list(
  db: DB,
  s: TaskScope,
  f: TaskFilter,
  sort: 'code' | 'deadline' | 'progress',
  order: 'asc' | 'desc',
) {
  const col = { code: 'task.code', deadline: 'task.deadline', progress: 'task.progress' } as const
  return filtered(db, s, f).select(columns).orderBy(col[sort], order).orderBy('task.id').execute()
}

export async function findById(db: DB, id: string) {
  return base(db).select(columns).where('task.id', '=', id).executeTakeFirst()
}

export async function cooperators(db: DB, taskIds: string[]) {
  if (taskIds.length === 0) return []
  return db
    .selectFrom('taskCooperator as tc')
    .innerJoin('department as d', 'd.id', 'tc.departmentId')
    .select(['tc.taskId', 'd.id', 'd.name'])
    .where('tc.taskId', 'in', taskIds)
    .orderBy('d.sortOrder')
    .execute()
}

export async function reportedQuarters(db: DB, taskIds: string[]) {
  if (taskIds.length === 0) return []
  return db
    .selectFrom('quarterlyReport')
    .select(['taskId', 'quarter'])
    .where('taskId', 'in', taskIds)
    .where('status', 'in', ['submitted', 'accepted'])
    .execute()
}

export async function insert(db: DB, row: TaskTable, cooperatorIds: string[]) {
  await db.insertInto('task').values(row).execute()
  if (cooperatorIds.length)
    await db
      .insertInto('taskCooperator')
      .values(cooperatorIds.map((departmentId) => ({ taskId: row.id, departmentId })))
      .execute()
}

export async function update(db: DB, id: string, patch: Partial<TaskTable>, cooperatorIds?: string[]) {
  await db.updateTable('task').set(patch).where('id', '=', id).execute()
  if (cooperatorIds) {
    await db.deleteFrom('taskCooperator').where('taskId', '=', id).execute()
    if (cooperatorIds.length)
      await db
        .insertInto('taskCooperator')
        .values(cooperatorIds.map((departmentId) => ({ taskId: id, departmentId })))
        .execute()
  }
}

export async function codeTaken(db: DB, year: number, code: string) {
  return !!(await db
    .selectFrom('task')
    .select('id')
    .where('year', '=', year)
    .where('code', '=', code)
    .executeTakeFirst())
}

export async function report(db: DB, taskId: string, quarter: number) {
  return db
    .selectFrom('quarterlyReport')
    .selectAll()
    .where('taskId', '=', taskId)
    .where('quarter', '=', quarter)
    .executeTakeFirst()
}

export async function insertReport(db: DB, row: QuarterlyReportTable) {
  await db.insertInto('quarterlyReport').values(row).execute()
}

export async function reportHistory(db: DB, reportId: string) {
  return db
    .selectFrom('quarterlyReportHistory as h')
    .leftJoin('appUser as u', 'u.id', 'h.actorId')
    .select(['h.action', 'u.displayName as actorName', 'h.reason', 'h.snapshot', 'h.createdAt'])
    .where('h.reportId', '=', reportId)
    .orderBy('h.createdAt')
    .orderBy('h.id')
    .execute()
}
