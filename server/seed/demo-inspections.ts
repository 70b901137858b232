// The demo's inspection work, made through the services so every rule and audit event applies:
// the 2024 first round (in rectification) and the second round over Beijing, Jiangsu,
// Zhejiang, Chongqing and Qinghai (at feedback), as in the meeting of 2024-07-09.
import type { Role } from '../../common/roles'
import type { FindingSource, Severity } from '../../common/inspections'
import type { DB } from '../db/database'
import type { Actor, Ctx } from '../modules/access/context'
import * as findings from '../modules/inspections/finding.service'
import * as inspections from '../modules/inspections/inspection.service'
import * as reports from '../modules/inspections/report.service'
import * as userRepo from '../modules/orgs/user.repository'
import * as users from '../modules/orgs/user.service'
import * as rect from '../modules/rectification/rectification.service'

export const TEAM_STAFF = [
  ['xs_zuzhang1', '第一巡视组组长 周建国'],
  ['xs_zuzhang2', '第二巡视组组长 吴立新'],
  ['xs_zuzhang3', '第三巡视组组长 郑海涛'],
  ['xs_zuzhang4', '第四巡视组组长 冯志远'],
  ['xs_zuzhang5', '第五巡视组组长 陈卫东'],
  ['xs_zuyuan1', '巡视组成员 孙丽'],
  ['xs_zuyuan2', '巡视组成员 马骏'],
  ['xs_zuyuan3', '巡视组成员 朱琳'],
  ['xs_zuyuan4', '巡视组成员 胡斌'],
  ['xs_zuyuan5', '巡视组成员 郭婷'],
] as const

const TEAM_NAMES = ['第一巡视组', '第二巡视组', '第三巡视组', '第四巡视组', '第五巡视组']

type Template = {
  category: string
  title: string
  description: string
  persons: string
  severity: Severity
  source: FindingSource
}

const TEMPLATES: Template[] = [
  {
    category: 'T1.1',
    title: '党组理论学习中心组学习流于形式',
    description: '党组理论学习中心组学习以传达文件为主，研讨交流不深入，2023年有4次集体学习未安排研讨发言。',
    persons: '党组理论学习中心组2023年学习记录；涉及党组成员3人未按要求提交研讨材料。',
    severity: 'minor',
    source: 'document_review',
  },
  {
    category: 'T1.2',
    title: '学习习近平法治思想与检察履职结合不紧',
    description: '对习近平法治思想的学习停留在面上，未能转化为指导办案的具体举措，专题调研成果转化率低。',
    persons: '2023年立项的5项专题调研中，仅1项形成工作机制。',
    severity: 'minor',
    source: 'talk',
  },
  {
    category: 'T1.3',
    title: '意识形态工作责任制落实不到位',
    description: '意识形态工作专题研究次数不足，网络舆情应对预案未及时修订。',
    persons: '意识形态工作责任清单自2021年以来未更新。',
    severity: 'major',
    source: 'document_review',
  },
  {
    category: 'T2.1',
    title: '案件质量评查发现的问题整改不彻底',
    description: '“高质效办好每一个案件”要求落实不够，部分案件证据审查不细，类案评查问题反复出现。',
    persons: '2023年案件质量评查中，12件案件被评为瑕疵案件，其中4件属同类问题重复发生。',
    severity: 'major',
    source: 'spot_check',
  },
  {
    category: 'T2.2',
    title: '刑事立案监督和侦查活动监督力度不足',
    description: '对侦查机关应当立案而不立案、违法取证等问题监督不够，监督线索发现渠道单一。',
    persons: '2023年立案监督案件数同比下降27%；抽查的30件案件中有3件存在未发现的违法取证问题。',
    severity: 'severe',
    source: 'spot_check',
  },
  {
    category: 'T2.2',
    title: '民事行政检察监督“不敢监督”问题仍然存在',
    description: '对法院生效裁判的监督以跟进监督为主，提出抗诉、再审检察建议数量偏少，监督刚性不足。',
    persons: '2023年提出再审检察建议7件，采纳率不足一半。',
    severity: 'major',
    source: 'talk',
  },
  {
    category: 'T2.3',
    title: '内部监督制约机制运行不畅',
    description: '检察官权力清单执行不严格，案件流程监控发现的问题未形成闭环处理。',
    persons: '流程监控系统2023年预警问题86条，其中31条未见处理记录。',
    severity: 'major',
    source: 'document_review',
  },
  {
    category: 'T3.1',
    title: '党组落实全面从严治检主体责任压力传导不够',
    description: '“四责协同”机制落实不到位，对下级院党组履行主体责任情况督导检查不够。',
    persons: '2023年对下级院开展全面从严治检专项督察仅覆盖3个市级院。',
    severity: 'severe',
    source: 'talk',
  },
  {
    category: 'T3.2',
    title: '干部选拔任用工作程序不够规范',
    description: '部分干部选拔任用材料不完整，动议环节记录缺失，年轻干部培养储备不足。',
    persons: '抽查的15份干部任用档案中，4份缺少民主推荐环节记录。',
    severity: 'major',
    source: 'document_review',
  },
  {
    category: 'T3.3',
    title: '公务接待和公务用车管理不严',
    description: '公务接待审批手续不全，个别公务用车使用登记不规范。',
    persons: '2023年有9批次公务接待无公函；机关公务用车2辆存在节假日使用未登记情况。',
    severity: 'minor',
    source: 'petition',
  },
  {
    category: 'T3.4',
    title: '以往巡视反馈问题整改不到位',
    description: '上一轮巡视反馈的部分问题整改措施落实不力，存在“表面整改”“纸面整改”现象。',
    persons: '上轮巡视反馈的18个问题中，5个问题整改台账显示“已完成”但实际未建立长效机制。',
    severity: 'severe',
    source: 'document_review',
  },
  {
    category: 'T2.1',
    title: '认罪认罚从宽制度适用质量不高',
    description: '认罪认罚案件量刑建议精准度不高，个别案件值班律师参与不充分。',
    persons: '抽查的40件认罪认罚案件中，6件量刑建议未被法院采纳。',
    severity: 'minor',
    source: 'spot_check',
  },
]

/** The Actor a person would be when signed in, for running services on their behalf. */
export async function actorOf(db: DB, username: string): Promise<Actor> {
  const u = await db
    .selectFrom('appUser')
    .innerJoin('unit', 'unit.id', 'appUser.unitId')
    .select(['appUser.id', 'appUser.username', 'appUser.displayName', 'appUser.unitId', 'unit.path'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow()
  const grants = await userRepo.actorGrants(db, u.id)
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    unitId: u.unitId,
    unitPath: u.path,
    mustChangePassword: false,
    sessionId: 'seed',
    grants: grants.map((g) => ({
      role: g.role as Role,
      scopeType: g.scopeType,
      scopeId: g.scopeId,
      scopePath: g.scopePath,
    })),
  }
}

async function as(db: DB, base: Ctx, username: string): Promise<Ctx> {
  return { ...base, actor: await actorOf(db, username) }
}

type RoundPlan = {
  year: number
  ordinal: number
  start: string
  end: string
  provinces: string[]
  onsite: [string, string]
  feedback: string
}

const ROUND_1: RoundPlan = {
  year: 2024,
  ordinal: 1,
  start: '2024-03-11',
  end: '2024-05-10',
  provinces: ['120000', '130000', '140000', '210000', '430000'],
  onsite: ['2024-03-18', '2024-04-30'],
  feedback: '2024-06-06',
}
const ROUND_2: RoundPlan = {
  year: 2024,
  ordinal: 2,
  start: '2024-05-06',
  end: '2024-07-05',
  provinces: ['110000', '320000', '330000', '500000', '630000'],
  onsite: ['2024-05-13', '2024-06-28'],
  feedback: '2024-07-25',
}

async function runRound(
  db: DB,
  base: Ctx,
  plan: RoundPlan,
  opts: { feedbackCodes: string[]; draftsAt: string[]; finalPhase: 'feedback' | 'rectification' },
) {
  const office = await as(db, base, 'xunshiban')
  const round = await inspections.createRound(db, office, {
    year: plan.year,
    ordinal: plan.ordinal,
    startDate: plan.start,
    endDate: plan.end,
    description: '最高检党组系统内巡视',
  })
  const staff = await Promise.all(
    TEAM_STAFF.map(([u]) =>
      db.selectFrom('appUser').select('id').where('username', '=', u).executeTakeFirstOrThrow(),
    ),
  )
  const unitRows = await db
    .selectFrom('unit')
    .select(['id', 'code'])
    .where('code', 'in', plan.provinces)
    .execute()
  const targets: { id: string; code: string; leader: string; member: string }[] = []
  for (let i = 0; i < plan.provinces.length; i++) {
    const team = await inspections.createTeam(db, office, round.id, {
      name: TEAM_NAMES[i],
      leaderId: staff[i].id,
      memberIds: [staff[5 + i].id],
    })
    const unit = unitRows.find((u) => u.code === plan.provinces[i])!
    const t = await inspections.createTarget(db, office, {
      roundId: round.id,
      teamId: team.id,
      unitId: unit.id,
      onsiteStart: plan.onsite[0],
      onsiteEnd: plan.onsite[1],
      feedbackDate: plan.feedback,
    })
    targets.push({ id: t.id, code: unit.code, leader: TEAM_STAFF[i][0], member: TEAM_STAFF[5 + i][0] })
  }
  await inspections.transitionRound(db, office, round.id, { action: 'advance' })
  const cats = new Map(
    (await db.selectFrom('findingCategory').select(['id', 'code']).execute()).map((c) => [c.code, c.id]),
  )
  for (const [i, t] of targets.entries()) {
    const member = await as(db, base, t.member)
    const leader = await as(db, base, t.leader)
    const picks = TEMPLATES.filter((_, k) => (k + i + plan.ordinal) % 2 === 0).slice(0, 6)
    for (const [k, tpl] of picks.entries()) {
      const f = await findings.create(db, member, {
        targetId: t.id,
        title: tpl.title,
        description: tpl.description,
        personsMatters: tpl.persons,
        categoryId: cats.get(tpl.category)!,
        severity: tpl.severity,
        source: tpl.source,
      })
      const keepDraft = opts.draftsAt.includes(t.code) && k >= picks.length - 2
      if (!keepDraft) await findings.transitionFinding(db, leader, f.id, { action: 'confirm' })
    }
    const draft = await reports.compose(db, member, t.id)
    await reports.createRevision(db, member, t.id, { ...draft, note: '初稿' })
    await reports.createRevision(db, office, t.id, {
      title: draft.title,
      body: draft.body.replace(
        '现将巡视发现的主要问题报告如下。',
        '现将巡视发现的主要问题报告如下（经巡视办审核修改）。',
      ),
      note: '巡视办修改稿',
    })
  }
  await inspections.transitionRound(db, office, round.id, { action: 'advance' })
  await inspections.transitionRound(db, office, round.id, { action: 'advance' })
  for (const t of targets) {
    if (!opts.feedbackCodes.includes(t.code)) continue
    await reports.markFinal(db, office, t.id, 2)
    await findings.feedback(db, office, t.id)
  }
  if (opts.finalPhase === 'rectification')
    await inspections.transitionRound(db, office, round.id, { action: 'advance' })
  return { round, targets }
}

/** Loads both 2024 rounds; expects the demo organization and accounts to be there. */
export async function seedDemoInspections(db: DB, base: Ctx) {
  const supreme = await db
    .selectFrom('unit')
    .select('id')
    .where('code', '=', '000000')
    .executeTakeFirstOrThrow()
  for (const [username, displayName] of TEAM_STAFF) {
    await users.create(
      db,
      base,
      { username, displayName, unitId: supreme.id, password: 'Duban@2024' },
      { mustChangePassword: false },
    )
  }
  const r1 = await runRound(db, base, ROUND_1, {
    feedbackCodes: ROUND_1.provinces,
    draftsAt: [],
    finalPhase: 'rectification',
  })
  // In the first round the units have started rectifying what was handed over.
  await seedTianjinRectification(db, base, r1.targets.find((t) => t.code === '120000')!.id)
  await runRound(db, base, ROUND_2, {
    feedbackCodes: ['110000'],
    draftsAt: ['630000'],
    finalPhase: 'feedback',
  })
}

/**
 * Tianjin, inspected in the first round, is rectifying: its liaison drafted measures for
 * every finding, its leader submitted the plan, the office accepted it, and the
 * departments have reported progress; one finding is awaiting verification.
 */
async function seedTianjinRectification(db: DB, base: Ctx, targetId: string) {
  const tj = await db.selectFrom('unit').select('id').where('code', '=', '120000').executeTakeFirstOrThrow()
  const depts = await db.selectFrom('department').select(['id', 'name']).where('unitId', '=', tj.id).execute()
  for (const [username, displayName, role] of [
    ['tj_liaison', '天津院联络员 何静', 'unit_liaison'],
    ['tj_leader', '天津院领导 罗刚', 'unit_leader'],
  ] as const) {
    const u = await users.create(
      db,
      base,
      { username, displayName, unitId: tj.id, password: 'Duban@2024' },
      { mustChangePassword: false },
    )
    await users.grantRole(db, base, u.id, { role }, { bootstrap: true })
  }
  const liaison = await as(db, base, 'tj_liaison')
  const leader = await as(db, base, 'tj_leader')
  const office = await as(db, base, 'xunshiban')
  await rect.updatePlan(db, liaison, targetId, {
    summary:
      '天津市人民检察院党组坚持把巡视整改作为重大政治任务，成立整改工作领导小组，逐项制定整改措施，明确责任领导、责任部门和完成时限。',
  })
  const fed = await findings.list(db, liaison, { targetId, sort: 'seq', order: 'asc', page: 1, pageSize: 50 })
  const kinds = ['immediate', 'concentrated', 'long_term'] as const
  for (const [i, f] of fed.items.entries()) {
    await rect.createMeasure(db, liaison, {
      findingId: f.id,
      content: `针对“${f.title}”，制定专项整改方案，逐条对照问题清单整改，建立健全长效机制。`,
      responsibleLeader: '党组副书记 王强',
      departmentId: depts[i % depts.length].id,
      deadline: ['2024-07-05', '2024-09-06', '2024-12-31'][i % 3],
      kind: kinds[i % 3],
    })
  }
  await rect.transitionPlan(db, leader, targetId, { action: 'submit' })
  await rect.transitionPlan(db, office, targetId, { action: 'accept' })
  const plan = await rect.getPlan(db, liaison, targetId)
  for (const [i, m] of plan.measures.entries()) {
    const done = i % 3 === 0
    await rect.postProgress(db, liaison, m.id, {
      content: done ? '已完成整改，相关制度已印发。' : '正在推进，已召开专题会议研究部署。',
      progress: done ? 100 : 40 + i * 5,
      done,
    })
  }
  const first = plan.measures[0]
  await rect.verify(db, leader, first.findingId, { action: 'submit' })
}
