// The demo's 2024 key supervised tasks with their first- and second-quarter reports, so the
// second-quarter report the meeting of 2024-07-09 heard can be produced from live data.
import type { DB } from '../db/database'
import type { Ctx } from '../modules/access/context'
import * as users from '../modules/orgs/user.service'
import * as tasks from '../modules/tasks/task.service'
import { actorOf } from './demo-inspections'

export const DEPARTMENT_OWNERS = [
  ['dept_yiting', '第一检察厅负责人 高峰', '第一检察厅'],
  ['dept_siting', '第四检察厅负责人 林涛', '第四检察厅'],
  ['dept_liuting', '第六检察厅负责人 许静', '第六检察厅'],
  ['dept_bating', '第八检察厅负责人 韩雪', '第八检察厅'],
  ['dept_zhengzhibu', '政治部负责人 邓辉', '政治部'],
  ['dept_yanjiushi', '法律政策研究室负责人 曹阳', '法律政策研究室'],
] as const

type Plan = {
  code: string
  title: string
  lead: string
  coop: string[]
  leader: string
  campaign?: string
  q1: number
  q2: number
  q2Status: 'accepted' | 'submitted' | 'returned' | 'missing'
}

const PLANS: Plan[] = [
  {
    code: '2024-01',
    title: '深入开展“检察护企”专项行动，依法平等保护各类经营主体',
    lead: '第四检察厅',
    coop: ['第一检察厅', '第六检察厅'],
    leader: '副检察长 童建明',
    campaign: '检察护企',
    q1: 25,
    q2: 50,
    q2Status: 'accepted',
  },
  {
    code: '2024-02',
    title: '开展“检护民生”专项行动，加强民生领域司法保护',
    lead: '第六检察厅',
    coop: ['第八检察厅', '第一检察厅'],
    leader: '副检察长 孙谦',
    campaign: '检护民生',
    q1: 20,
    q2: 45,
    q2Status: 'submitted',
  },
  {
    code: '2024-03',
    title: '深化刑事立案监督和侦查活动监督',
    lead: '第一检察厅',
    coop: ['第四检察厅'],
    leader: '副检察长 童建明',
    q1: 20,
    q2: 35,
    q2Status: 'accepted',
  },
  {
    code: '2024-04',
    title: '推进公益诉讼检察提质增效',
    lead: '第八检察厅',
    coop: ['第六检察厅'],
    leader: '副检察长 孙谦',
    campaign: '检护民生',
    q1: 25,
    q2: 50,
    q2Status: 'returned',
  },
  {
    code: '2024-05',
    title: '加强指导性案例、典型案例的编发和应用',
    lead: '法律政策研究室',
    coop: ['第一检察厅', '第八检察厅'],
    leader: '副检察长 陈国庆',
    q1: 30,
    q2: 55,
    q2Status: 'accepted',
  },
  {
    code: '2024-06',
    title: '抓紧抓实检察机关党纪学习教育',
    lead: '政治部',
    coop: ['法律政策研究室'],
    leader: '副检察长 陈国庆',
    q1: 30,
    q2: 60,
    q2Status: 'accepted',
  },
  {
    code: '2024-07',
    title: '完善检察官业绩考评机制',
    lead: '政治部',
    coop: ['第一检察厅', '第六检察厅'],
    leader: '副检察长 陈国庆',
    q1: 15,
    q2: 30,
    q2Status: 'missing',
  },
]

async function as(db: DB, base: Ctx, username: string): Promise<Ctx> {
  return { ...base, actor: await actorOf(db, username) }
}

export async function seedDemoTasks(db: DB, base: Ctx) {
  const supreme = await db
    .selectFrom('unit')
    .select('id')
    .where('code', '=', '000000')
    .executeTakeFirstOrThrow()
  const departments = new Map(
    (await db.selectFrom('department').select(['id', 'name']).where('unitId', '=', supreme.id).execute()).map(
      (d) => [d.name, d.id],
    ),
  )
  for (const [username, displayName, dept] of DEPARTMENT_OWNERS) {
    const u = await users.create(
      db,
      base,
      {
        username,
        displayName,
        unitId: supreme.id,
        departmentId: departments.get(dept)!,
        password: 'Duban@2024',
      },
      { mustChangePassword: false },
    )
    await users.grantRole(
      db,
      base,
      u.id,
      { role: 'department_owner', scopeType: 'department', scopeId: departments.get(dept)! },
      { bootstrap: true },
    )
  }
  const owner = new Map<string, string>(DEPARTMENT_OWNERS.map(([u, , d]) => [d, u]))
  const office = await as(db, base, 'ducha')
  const campaigns = new Map<string, string>()
  for (const [name, description] of [
    ['检察护企', '依法平等保护各类经营主体合法权益，营造法治化营商环境'],
    ['检护民生', '聚焦群众急难愁盼，加强民生领域司法保护'],
  ]) {
    campaigns.set(
      name,
      (
        await tasks.createCampaign(db, office, {
          name,
          description,
          startDate: '2024-01-01',
          endDate: '2024-12-31',
        })
      ).id,
    )
  }
  for (const p of PLANS) {
    const t = await tasks.create(db, office, {
      year: 2024,
      code: p.code,
      title: p.title,
      description: `${p.title}，确保年底前取得明显成效。`,
      leaderName: p.leader,
      leadDepartmentId: departments.get(p.lead)!,
      cooperatorIds: p.coop.map((c) => departments.get(c)!),
      campaignId: p.campaign ? campaigns.get(p.campaign)! : null,
      deadline: '2024-12-31',
      milestones: [
        { quarter: 1, expectedProgress: 25, description: '制定工作方案，部署启动' },
        { quarter: 2, expectedProgress: 50, description: '全面推进，开展督导' },
        { quarter: 3, expectedProgress: 75, description: '深化落实，总结经验' },
        { quarter: 4, expectedProgress: 100, description: '全面完成，形成长效机制' },
      ],
    })
    const lead = await as(db, base, owner.get(p.lead)!)
    await tasks.addSubtask(db, lead, t.id, {
      title: '制定实施方案',
      ownerName: `${p.lead}综合处`,
      deadline: '2024-03-31',
    })
    await tasks.addSubtask(db, lead, t.id, {
      title: '开展专项督导',
      ownerName: `${p.lead}业务处`,
      deadline: '2024-09-30',
    })
    for (const [quarter, progress] of [
      [1, p.q1],
      [2, p.q2],
    ] as const) {
      if (quarter === 2 && p.q2Status === 'missing') continue
      for (const c of p.coop) {
        const coop = await as(db, base, owner.get(c)!)
        await tasks.putInput(
          db,
          coop,
          t.id,
          quarter,
          `${c}按照分工，配合${p.lead}推进${quarter === 1 ? '方案制定和部署' : '督导检查和案件办理'}，报送相关数据和典型案例。`,
        )
      }
      await tasks.saveReport(db, lead, t.id, quarter, {
        progress,
        done: `第${quarter}季度，${p.lead}牵头${quarter === 1 ? '制定实施方案，召开部署会' : '开展督导检查，办理了一批典型案件'}，配合部门按分工推进。`,
        problems:
          progress < 40 ? '部分地方推进不平衡，工作进度滞后于序时进度。' : '个别地区工作力度有待加强。',
        nextSteps: '加强统筹调度，强化督促指导，确保按期完成。',
        supportNeeded: progress < 40 ? '请督查室加强督办。' : '',
      })
      await tasks.transitionReport(db, lead, t.id, quarter, { action: 'submit' })
      if (quarter === 1 || p.q2Status === 'accepted')
        await tasks.transitionReport(db, office, t.id, quarter, { action: 'accept' })
      if (quarter === 2 && p.q2Status === 'returned')
        await tasks.transitionReport(db, office, t.id, quarter, {
          action: 'return',
          reason: '进展情况不够具体，请补充数据和典型案例',
        })
    }
  }
}
