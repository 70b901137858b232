import type { Role } from '../../common/roles'
import type { DB } from '../db/database'
import { systemCtx, type Ctx } from '../modules/access/context'
import * as audit from '../modules/audit/audit.service'
import * as users from '../modules/orgs/user.service'
import * as userRepo from '../modules/orgs/user.repository'
import { seedOrganization } from './organization'
import { TEAM_STAFF, seedDemoInspections } from './demo-inspections'
import { seedDemoTasks } from './demo-tasks'
import { seedDemoCases } from './demo-cases'
import { seedDemoMeetings } from './demo-meetings'

export const DEMO_PASSWORD = 'Duban@2024'

export const DEMO_USERS: {
  username: string
  displayName: string
  unit: string
  department?: string
  roles: Role[]
}[] = [
  { username: 'sysadmin', displayName: '系统管理员', unit: '000000', roles: ['system_admin'] },
  { username: 'secadmin', displayName: '安全保密管理员', unit: '000000', roles: ['security_admin'] },
  { username: 'auditor', displayName: '安全审计员', unit: '000000', roles: ['audit_admin'] },
  { username: 'bj_sysadmin', displayName: '北京院系统管理员', unit: '110000', roles: ['system_admin'] },
  {
    username: 'xunshiban',
    displayName: '巡视办 王明',
    unit: '000000',
    department: '巡视工作领导小组办公室',
    roles: ['inspection_office'],
  },
  { username: 'leader', displayName: '院领导 李华', unit: '000000', department: '办公厅', roles: ['leader'] },
  {
    username: 'ducha',
    displayName: '督查室 赵敏',
    unit: '000000',
    department: '办公厅',
    roles: ['supervision_office'],
  },
  {
    username: 'yanjiushi',
    displayName: '研究室 陈静',
    unit: '000000',
    department: '法律政策研究室',
    roles: ['case_editor', 'case_reviewer'],
  },
  {
    username: 'jianweihui',
    displayName: '检委会办事机构 周敏',
    unit: '000000',
    department: '法律政策研究室',
    roles: ['case_committee'],
  },
  {
    username: 'bj_liaison',
    displayName: '北京院联络员 刘洋',
    unit: '110000',
    department: '办公室',
    roles: ['unit_liaison'],
  },
  { username: 'bj_leader', displayName: '北京院领导 张强', unit: '110000', roles: ['unit_leader'] },
]

/** Loads the demo organization and accounts into an empty database. Returns false when already there. */
export async function seedDemo(db: DB, ctx: Ctx = systemCtx()): Promise<boolean> {
  const created = await seedOrganization(db, { municipal: true })
  if (await userRepo.findCredentials(db, DEMO_USERS[0].username)) return created
  const unitIds = new Map(
    (await db.selectFrom('unit').select(['id', 'code']).execute()).map((u) => [u.code, u.id] as const),
  )
  for (const d of DEMO_USERS) {
    const unitId = unitIds.get(d.unit)!
    const dept = d.department
      ? await db
          .selectFrom('department')
          .select('id')
          .where('unitId', '=', unitId)
          .where('name', '=', d.department)
          .executeTakeFirst()
      : undefined
    const user = await users.create(
      db,
      ctx,
      {
        username: d.username,
        displayName: d.displayName,
        unitId,
        departmentId: dept?.id ?? null,
        password: DEMO_PASSWORD,
      },
      { mustChangePassword: false },
    )
    for (const role of d.roles) await users.grantRole(db, ctx, user.id, { role }, { bootstrap: true })
  }
  await seedDemoInspections(db, ctx)
  await seedDemoTasks(db, ctx)
  await seedDemoCases(db, ctx)
  await seedDemoMeetings(db, ctx)
  await audit.recordAlone(db, ctx, {
    action: 'system.seed_demo',
    details: { users: DEMO_USERS.length + TEAM_STAFF.length },
  })
  return true
}
