// 重点督办任务季度落实情况的报告: each task's light (as the task ledger computes it), its
// progress against the quarter's milestone, the lead and cooperating departments' inputs,
// and what is late and why.
import type { Milestone } from '../../../common/tasks'
import type { TaskQuarterData } from '../../../common/reports'
import type { DB } from '../../db/database'
import { renderChart } from '../../reports/charts'
import { OfficialDocument, chineseNumber, issuingDate } from '../../reports/gbt9704'
import type { Ctx } from '../access/context'
import { list as listTasks, quarterStanding } from '../tasks/task.service'
import * as repo from './reports.repository'
import { today, type Progress } from './report-kit'

const LIGHT_CN: Record<string, string> = { done: '已完成', green: '绿灯', yellow: '黄灯', red: '红灯' }
const REPORT_CN: Record<string, string> = {
  accepted: '已审核通过',
  submitted: '已报送待审核',
  returned: '被退回修改',
  draft: '未报送',
  missing: '未报送',
}

export async function taskQuarterData(
  db: DB,
  ctx: Ctx,
  q: { year: number; quarter: number; asOf?: string },
): Promise<TaskQuarterData> {
  const asOf = q.asOf ?? today()
  // The tasks service applies the same scope and light rule as the task ledger.
  const { items, lights } = await listTasks(db, ctx, {
    year: q.year,
    asOf,
    sort: 'code',
    order: 'asc',
    page: 1,
    pageSize: 1_000_000,
  })
  const ids = items.map((t) => t.id)
  const [reports, inputs, notices] = await Promise.all([
    repo.quarterlyReports(db, ids, q.quarter),
    repo.quarterlyInputs(db, ids, q.quarter),
    repo.noticeCounts(db, ids, q.year, q.quarter),
  ])
  const reportOf = new Map(reports.map((r) => [r.taskId, r]))
  // Grouped once: filtering every input for every task made a year's report quadratic.
  const inputsOf = new Map<string, typeof inputs>()
  for (const i of inputs) {
    const list = inputsOf.get(i.taskId)
    if (list) list.push(i)
    else inputsOf.set(i.taskId, [i])
  }
  const noticeOf = new Map(notices.map((n) => [n.taskId, Number(n.n)]))
  const counts = { accepted: 0, submitted: 0, returned: 0, missing: 0 }
  const tasks: TaskQuarterData['tasks'] = items.map((t) => {
    const r = reportOf.get(t.id)
    const status = r?.status ?? 'missing'
    if (status === 'accepted' || status === 'submitted' || status === 'returned') counts[status]++
    else counts.missing++
    const milestone = (t.milestones as Milestone[]).find((m) => m.quarter === q.quarter)
    return {
      id: t.id,
      code: t.code,
      title: t.title,
      leaderName: t.leaderName,
      leadDepartmentName: t.leadDepartmentName,
      cooperators: t.cooperators.map((c) => c.name),
      campaignName: t.campaignName,
      deadline: t.deadline,
      light: t.light,
      lightReasons: t.lightReasons,
      progress: t.progress,
      expectedProgress: t.expectedProgress,
      milestone: milestone?.expectedProgress ?? null,
      report: {
        status: r ? (r.status === 'draft' ? 'missing' : r.status) : 'missing',
        progress: r && r.status !== 'draft' ? r.progress : null,
        done: r && r.status !== 'draft' ? r.done : '',
        problems: r && r.status !== 'draft' ? r.problems : '',
        nextSteps: r && r.status !== 'draft' ? r.nextSteps : '',
        returnReason: r?.returnReason ?? null,
      },
      inputs: (inputsOf.get(t.id) ?? []).map((i) => ({
        departmentName: i.departmentName,
        content: i.content,
      })),
      notices: noticeOf.get(t.id) ?? 0,
    }
  })
  // A draft report counts as not reported (the service's own counts treat drafts the same).
  counts.missing = tasks.filter((t) => t.report.status === 'missing').length
  const late = tasks
    .filter(
      (t) =>
        t.light === 'red' ||
        t.light === 'yellow' ||
        t.report.status === 'missing' ||
        t.report.status === 'returned',
    )
    .map((t) => ({
      code: t.code,
      title: t.title,
      leadDepartmentName: t.leadDepartmentName,
      why: lateWhy(t, t.report, q.quarter),
    }))
  return {
    year: q.year,
    quarter: q.quarter,
    asOf,
    lights: {
      done: lights.done ?? 0,
      green: lights.green ?? 0,
      yellow: lights.yellow ?? 0,
      red: lights.red ?? 0,
    },
    reports: counts,
    tasks,
    late,
  }
}

/** Why a task is on the late list: its light's reasons, the quarter's report missing or returned, its problems. */
function lateWhy(
  t: { light: string; lightReasons: string[] },
  report: { status: string; returnReason: string | null; problems: string },
  quarter: number,
) {
  return [
    ...(t.light === 'red' || t.light === 'yellow' ? t.lightReasons : []),
    ...(report.status === 'missing' ? [`第${quarter}季度落实情况未报送`] : []),
    ...(report.status === 'returned' ? [`第${quarter}季度落实情况被退回：${report.returnReason ?? ''}`] : []),
    ...(report.problems ? [`牵头部门报告的困难问题：${report.problems}`] : []),
  ]
}

/**
 * The report's lights, report counts and late list, counted in the database, with the first
 * `limit` of the late list (the leadership dashboard's summary of it).
 */
export async function taskQuarterStanding(
  db: DB,
  ctx: Ctx,
  q: { year: number; quarter: number; asOf?: string; limit: number },
) {
  const s = await quarterStanding(db, ctx, q)
  const reports = await repo.quarterlyReports(
    db,
    s.late.map((t) => t.id),
    q.quarter,
  )
  const reportOf = new Map(reports.map((r) => [r.taskId, r]))
  return {
    lights: s.lights,
    reports: s.reports,
    total: s.total,
    lateTotal: s.lateTotal,
    late: s.late.map((t) => {
      const r = reportOf.get(t.id)
      const reported = r && r.status !== 'draft'
      return {
        id: t.id,
        code: t.code,
        title: t.title,
        leadDepartmentName: t.leadDepartmentName,
        light: t.light,
        why: lateWhy(
          t,
          {
            status: reported ? r.status : 'missing',
            returnReason: r?.returnReason ?? null,
            problems: reported ? r.problems : '',
          },
          q.quarter,
        ),
      }
    }),
  }
}

export async function taskQuarterDocument(d: TaskQuarterData, progress: Progress) {
  const q = chineseNumber(d.quarter)
  progress('chart', 40, '绘制图表')
  const pie = renderChart(
    {
      kind: 'pie',
      title: '任务状态灯分布',
      items: [
        { name: '已完成', value: d.lights.done, color: '#2f5597' },
        { name: '绿灯', value: d.lights.green, color: '#70ad47' },
        { name: '黄灯', value: d.lights.yellow, color: '#ffc000' },
        { name: '红灯', value: d.lights.red, color: '#c00000' },
      ].filter((i) => i.value > 0),
    },
    600,
    300,
  )
  const bars = renderChart(
    {
      kind: 'bar',
      title: '实际进度与序时进度（%）',
      categories: d.tasks.map((t) => t.code),
      series: [
        { name: '实际进度', data: d.tasks.map((t) => t.progress), color: '#2f5597' },
        { name: '序时进度', data: d.tasks.map((t) => t.expectedProgress), color: '#a5a5a5' },
      ],
    },
    600,
    320,
  )
  progress('document', 60, '排版文档')
  const doc = new OfficialDocument({
    title: `关于${d.year}年度重点督办任务\n${q}季度落实情况的报告`,
    addressee: '院党组',
  })
  const n = d.tasks.length
  doc.paragraph(
    `现将${d.year}年度重点督办任务第${q}季度落实情况报告如下。本报告数据截至${issuingDate(d.asOf)}，状态灯按督办规则自动计算。`,
  )
  doc.h1('总体情况')
  doc.paragraph(
    `${d.year}年度重点督办任务共${n}项。截至${issuingDate(d.asOf)}，已完成${d.lights.done}项，按序时推进（绿灯）${d.lights.green}项，` +
      `存在滞后风险（黄灯）${d.lights.yellow}项，逾期（红灯）${d.lights.red}项。` +
      `第${q}季度落实情况报告已审核通过${d.reports.accepted}项、已报送待审核${d.reports.submitted}项、被退回修改${d.reports.returned}项、未报送${d.reports.missing}项。`,
  )
  if (pie) doc.image({ ...pie, caption: '任务状态灯分布' })
  doc.table({
    caption: '重点督办任务落实情况一览',
    columns: [
      { title: '编号', width: 1.1 },
      { title: '任务', width: 4 },
      { title: '牵头部门', width: 2 },
      { title: '状态灯', width: 1.1 },
      { title: '实际进度', width: 1.1 },
      { title: '序时进度', width: 1.1 },
      { title: '季度报告', width: 1.6 },
    ],
    rows: d.tasks.map((t) => [
      t.code,
      t.title,
      t.leadDepartmentName,
      LIGHT_CN[t.light] ?? t.light,
      `${t.progress}%`,
      `${t.expectedProgress}%`,
      REPORT_CN[t.report.status] ?? t.report.status,
    ]),
  })
  if (bars) doc.image({ ...bars, caption: '实际进度与序时进度' })
  doc.h1('各项任务落实情况')
  for (const t of d.tasks) {
    doc.h2(
      `${t.code} ${t.title}`,
      `（牵头部门：${t.leadDepartmentName}${t.cooperators.length ? `；配合部门：${t.cooperators.join('、')}` : ''}；分管院领导：${t.leaderName}）`,
    )
    doc.paragraph(
      `状态灯：${LIGHT_CN[t.light] ?? t.light}（${t.lightReasons.join('；')}）。实际进度${t.progress}%，序时进度${t.expectedProgress}%` +
        `${t.milestone != null ? `，本季度节点要求${t.milestone}%` : ''}${t.report.progress != null ? `，季度报告填报进度${t.report.progress}%` : ''}。`,
    )
    if (t.report.done) doc.h3('牵头部门落实情况', `${t.report.done}`)
    else doc.h3('牵头部门落实情况', `第${q}季度落实情况${REPORT_CN[t.report.status] ?? '未报送'}。`)
    if (t.inputs.length)
      doc.h3('配合部门落实情况', t.inputs.map((i) => `${i.departmentName}：${i.content}`).join(''))
    if (t.report.problems) doc.h3('存在的困难和问题', t.report.problems)
    if (t.report.nextSteps) doc.h3('下一步工作', t.report.nextSteps)
  }
  doc.h1('滞后任务及原因')
  if (d.late.length === 0) doc.paragraph('各项任务均按序时推进，季度落实情况均已报送。')
  else {
    doc.paragraph(`需要重点关注的任务${d.late.length}项，情况如下。`)
    for (const l of d.late) doc.h2(`${l.code} ${l.title}（${l.leadDepartmentName}）`, `${l.why.join('；')}。`)
  }
  doc.h1('下一步工作')
  doc.paragraph(
    '以等不起的紧迫感只争朝夕，统筹好重点督办任务与日常工作、牵头任务与配合任务；对黄灯、红灯任务及时催办，必要时发出督办单，保质保量完成全年工作任务。',
  )
  doc.signature('办公厅督查室', today())
  progress('pack', 85, '打包文件')
  return doc.toBuffer()
}
