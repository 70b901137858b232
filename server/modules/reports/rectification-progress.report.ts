// 整改进展情况综合报告: where the rectification of a round stands on a given day.
import type { FindingCounts, RectificationProgressData } from '../../../common/reports'
import type { DB } from '../../db/database'
import { renderChart } from '../../reports/charts'
import { OfficialDocument, issuingDate } from '../../reports/gbt9704'
import type { Ctx } from '../access/context'
import { rolePaths } from '../access/policy'
import { loadCalendar } from '../calendar/calendar.service'
import { overdueWorkingDays } from '../calendar/working-days'
import { scopesOf } from '../inspections/inspection.policy'
import { getRound } from '../inspections/inspection.service'
import * as repo from './reports.repository'
import { endOfDay, pct, type Progress } from './report-kit'

const empty = (): FindingCounts => ({
  total: 0,
  closed: 0,
  inProgress: 0,
  awaitingVerification: 0,
  overdue: 0,
  returned: 0,
})

/**
 * The numbers, as they stood at the end of `asOf` (UTC): each fed-back finding's status is
 * replayed from its history; a measure is overdue when its deadline passed before `asOf`
 * and it was not done by then; a finding is overdue when it is not closed and has an
 * overdue measure, or has no measure at all after its target's concentrated deadline.
 */
export async function rectificationProgressData(
  db: DB,
  ctx: Ctx,
  q: { roundId: string; asOf?: string },
): Promise<RectificationProgressData> {
  const round = await getRound(db, ctx, q.roundId) // throws round_not_found (audited) when out of scope
  const actor = ctx.actor!
  const s = scopesOf(actor)
  const asOf = q.asOf ?? new Date().toISOString().slice(0, 10)
  const until = endOfDay(asOf)
  const office = s.office
  const leaderAll = rolePaths(actor, ['leader']) === 'all'
  const full = leaderAll || office === 'all' || office.length > 0
  const [targets, findings, history, measures, referrals, problems, cal] = await Promise.all([
    repo.targets(db, q.roundId, s),
    repo.findingRows(db, q.roundId, s, { fedBackOnly: true }),
    repo.historyUntil(db, q.roundId, s, until),
    repo.measureRows(db, q.roundId, s),
    full ? repo.referralRows(db, q.roundId, office, leaderAll) : Promise.resolve([]),
    full ? repo.commonProblemRows(db, q.roundId, office, leaderAll) : Promise.resolve([]),
    loadCalendar(db, ctx.versions),
  ])

  const statusAt = new Map<string, string>()
  const returned = new Set<string>()
  for (const h of history) {
    statusAt.set(h.findingId, h.toStatus)
    if (h.action === 'return') returned.add(h.findingId)
  }
  const live = findings.filter((f) => f.fedBackAt && f.fedBackAt <= until)

  const liveMeasures = measures.filter((m) => m.createdAt <= until)
  const doneBy = (m: (typeof measures)[number]) => m.status === 'done' && !!m.doneAt && m.doneAt <= until
  const overdueMeasure = (m: (typeof measures)[number]) => !doneBy(m) && m.deadline < asOf
  const measuresOf = new Map<string, typeof liveMeasures>()
  for (const m of liveMeasures) measuresOf.set(m.findingId, [...(measuresOf.get(m.findingId) ?? []), m])
  const deadlineOf = new Map(targets.map((t) => [t.id, t.rectificationDeadline]))

  const byTarget = new Map(
    targets.map((t) => [t.id, { ...empty(), measures: 0, measuresDone: 0, measuresOverdue: 0 }]),
  )
  const byCategory = new Map<string, FindingCounts & { name: string; code: string }>()
  const totals = { ...empty(), measures: 0, measuresDone: 0, measuresOverdue: 0 }
  for (const f of live) {
    const status = statusAt.get(f.id) ?? f.status
    const ms = measuresOf.get(f.id) ?? []
    const deadline = deadlineOf.get(f.targetId)
    const closed = status === 'closed'
    const overdue = !closed && (ms.some(overdueMeasure) || (ms.length === 0 && !!deadline && deadline < asOf))
    const catId = f.parentId ?? f.categoryId
    const cat =
      byCategory.get(catId) ??
      byCategory
        .set(catId, {
          ...empty(),
          name: f.parentName ?? f.categoryName,
          code: f.parentCode ?? f.categoryCode,
        })
        .get(catId)!
    const t = byTarget.get(f.targetId)
    for (const c of [totals, cat, t]) {
      if (!c) continue
      c.total++
      if (closed) c.closed++
      else c.inProgress++
      if (status === 'awaiting_verification') c.awaitingVerification++
      if (overdue) c.overdue++
      if (returned.has(f.id)) c.returned++
    }
  }
  const liveIds = new Set(live.map((f) => f.id))
  const counted = liveMeasures.filter((m) => liveIds.has(m.findingId))
  for (const m of counted) {
    const t = byTarget.get(m.targetId)
    for (const c of [totals, t]) {
      if (!c) continue
      c.measures++
      if (doneBy(m)) c.measuresDone++
      if (overdueMeasure(m)) c.measuresOverdue++
    }
  }

  const overdueMeasures = counted
    .filter(overdueMeasure)
    .map((m) => ({
      unitName: m.unitName,
      findingSeq: m.findingSeq,
      findingTitle: m.findingTitle,
      content: m.content,
      responsibleLeader: m.responsibleLeader,
      departmentName: m.departmentName ?? null,
      deadline: m.deadline,
      overdueWorkingDays: Math.max(0, overdueWorkingDays(m.deadline, asOf, cal)),
      progress: m.progress,
    }))
    .sort((a, b) => b.overdueWorkingDays - a.overdueWorkingDays || a.unitName.localeCompare(b.unitName))
  const owners = new Map<string, RectificationProgressData['overdueByOwner'][number]>()
  for (const m of overdueMeasures) {
    const key = `${m.unitName}\u0000${m.departmentName ?? ''}\u0000${m.responsibleLeader}`
    const o = owners.get(key) ?? { ...m, count: 0 }
    o.count++
    owners.set(key, {
      unitName: o.unitName,
      departmentName: o.departmentName,
      responsibleLeader: o.responsibleLeader,
      count: o.count,
    })
  }

  const refItems = referrals
    .filter((r) => r.referredAt <= until)
    .map((r) => ({
      unitName: r.unitName,
      findingTitle: r.findingTitle,
      bodyName: r.bodyName,
      status: (r.concludedAt && r.concludedAt <= until
        ? 'concluded'
        : r.receivedAt && r.receivedAt <= until
          ? 'received'
          : 'referred') as 'referred' | 'received' | 'concluded',
      referredAt: r.referredAt.slice(0, 10),
      outcome: r.concludedAt && r.concludedAt <= until ? r.outcome : null,
    }))
  const cps = new Map<string, RectificationProgressData['commonProblems'][number]>()
  for (const p of problems) {
    const c = cps.get(p.id) ?? {
      title: p.title,
      departmentName: p.departmentName ?? null,
      status: p.status,
      findingCount: 0,
      unitNames: [],
    }
    c.findingCount++
    if (!c.unitNames.includes(p.unitName)) c.unitNames.push(p.unitName)
    cps.set(p.id, c)
  }

  return {
    round: { id: round.id, name: round.name, year: round.year, phase: round.phase },
    asOf,
    scope: full ? 'full' : 'unit',
    totals,
    byTarget: targets
      .filter((t) => t.fedBackAt && t.fedBackAt <= until)
      .map((t) => ({
        targetId: t.id,
        unitName: t.unitName,
        teamName: t.teamName,
        rectificationDeadline: t.rectificationDeadline,
        ...byTarget.get(t.id)!,
      })),
    byCategory: [...byCategory.entries()]
      .sort((a, b) => a[1].code.localeCompare(b[1].code))
      .map(([categoryId, { code: _c, ...c }]) => ({ categoryId, ...c })),
    overdueMeasures,
    overdueByOwner: [...owners.values()].sort((a, b) => b.count - a.count),
    referrals: {
      total: refItems.length,
      referred: refItems.filter((r) => r.status === 'referred').length,
      received: refItems.filter((r) => r.status === 'received').length,
      concluded: refItems.filter((r) => r.status === 'concluded').length,
      items: refItems,
    },
    commonProblems: [...cps.values()],
  }
}

/** A meeting reads the worst cases; the ledger (.xlsx) lists every one. */
const OVERDUE_LISTED = 100
const REF_STATUS = { referred: '已移交', received: '已接收', concluded: '已办结' } as const
const CP_STATUS: Record<string, string> = { open: '待分办', assigned: '已分办', done: '已解决' }

export async function rectificationProgressDocument(d: RectificationProgressData, progress: Progress) {
  const t = d.totals
  progress('chart', 40, '绘制图表')
  const chart = renderChart(
    {
      kind: 'bar',
      title: '各被巡视单位问题整改情况',
      categories: d.byTarget.map((x) => x.unitName.replace(/人民检察院$/, '')),
      stacked: true,
      series: [
        { name: '已销号', data: d.byTarget.map((x) => x.closed), color: '#70ad47' },
        { name: '整改中（未逾期）', data: d.byTarget.map((x) => x.inProgress - x.overdue), color: '#2f5597' },
        { name: '逾期未完成', data: d.byTarget.map((x) => x.overdue), color: '#c00000' },
      ],
    },
    600,
    320,
  )
  progress('document', 60, '排版文档')
  const doc = new OfficialDocument({
    title: `关于${d.round.name}巡视整改进展情况的\n综合报告`,
    addressee: '院党组',
  })
  const when = issuingDate(d.asOf)
  doc.paragraph(
    `根据院党组工作部署，现将${d.round.name}巡视反馈问题整改进展情况报告如下。本报告数据截至${when}，由督办平台根据整改台账实时生成。`,
  )
  doc.h1('总体情况')
  doc.paragraph(
    `截至${when}，${d.byTarget.length}个被巡视单位共有反馈问题${t.total}个，已整改销号${t.closed}个，销号率${pct(t.closed, t.total)}；` +
      `正在整改${t.inProgress}个，其中待核查验收${t.awaitingVerification}个、逾期未完成${t.overdue}个；` +
      `核查验收中被退回重新整改的${t.returned}个。制定整改措施${t.measures}项，已完成${t.measuresDone}项，逾期未完成${t.measuresOverdue}项。`,
  )
  if (chart) doc.image({ ...chart, caption: '各被巡视单位问题整改情况' })
  doc.h1('各被巡视单位整改情况')
  doc.table({
    caption: '各被巡视单位问题整改进展',
    columns: [
      { title: '被巡视单位', width: 3 },
      { title: '问题数' },
      { title: '已销号' },
      { title: '整改中' },
      { title: '逾期' },
      { title: '退回' },
      { title: '措施逾期' },
    ],
    rows: d.byTarget.map((x) => [
      x.unitName,
      x.total,
      x.closed,
      x.inProgress,
      x.overdue,
      x.returned,
      x.measuresOverdue,
    ]),
    totalRow: ['合计', t.total, t.closed, t.inProgress, t.overdue, t.returned, t.measuresOverdue],
  })
  for (const x of d.byTarget)
    doc.h2(
      x.unitName,
      `反馈问题${x.total}个，已销号${x.closed}个（${pct(x.closed, x.total)}），整改中${x.inProgress}个，逾期${x.overdue}个，退回${x.returned}个；` +
        `整改措施${x.measures}项，完成${x.measuresDone}项${x.rectificationDeadline ? `，集中整改期限${issuingDate(x.rectificationDeadline)}` : ''}。`,
    )
  doc.h1('分类整改情况')
  doc.table({
    caption: '按问题类别统计',
    columns: [
      { title: '问题类别', width: 5 },
      { title: '问题数' },
      { title: '已销号' },
      { title: '整改中' },
      { title: '逾期' },
      { title: '退回' },
    ],
    rows: d.byCategory.map((c) => [c.name, c.total, c.closed, c.inProgress, c.overdue, c.returned]),
  })
  doc.h1('逾期整改措施及责任')
  if (d.overdueMeasures.length === 0) doc.paragraph('截至统计日，无逾期未完成的整改措施。')
  else {
    doc.paragraph(
      `逾期未完成的整改措施${d.overdueMeasures.length}项，涉及责任领导和责任部门${d.overdueByOwner.length}个，按逾期工作日从多到少列示如下。`,
    )
    doc.table({
      caption: '逾期整改措施',
      columns: [
        { title: '单位', width: 2 },
        { title: '问题', width: 3 },
        { title: '责任领导', width: 1.6 },
        { title: '责任部门', width: 1.6 },
        { title: '完成时限', width: 1.5 },
        { title: '逾期工作日', width: 1.2 },
      ],
      rows: d.overdueMeasures
        .slice(0, OVERDUE_LISTED)
        .map((m) => [
          m.unitName,
          `${m.findingSeq}. ${m.findingTitle}`,
          m.responsibleLeader,
          m.departmentName ?? '',
          m.deadline,
          m.overdueWorkingDays,
        ]),
    })
    if (d.overdueMeasures.length > OVERDUE_LISTED)
      doc.paragraph(
        `以上列示逾期最久的${OVERDUE_LISTED}项，其余${d.overdueMeasures.length - OVERDUE_LISTED}项见整改台账。`,
      )
    doc.table({
      caption: '逾期措施按责任主体统计',
      columns: [
        { title: '单位', width: 2 },
        { title: '责任部门', width: 2 },
        { title: '责任领导', width: 2 },
        { title: '逾期措施数' },
      ],
      rows: d.overdueByOwner.map((o) => [o.unitName, o.departmentName ?? '', o.responsibleLeader, o.count]),
    })
  }
  if (d.scope === 'full') {
    doc.h1('问题线索移交办理情况')
    const r = d.referrals
    doc.paragraph(
      r.total === 0
        ? '本轮巡视尚未向纪检监察机关、组织部门移交问题线索。'
        : `向纪检监察机关、组织部门移交问题线索${r.total}件，其中已办结${r.concluded}件，对方已接收正在办理${r.received}件，已移交待接收${r.referred}件。`,
    )
    if (r.total)
      doc.table({
        caption: '问题线索移交情况',
        columns: [
          { title: '单位', width: 2 },
          { title: '问题', width: 3 },
          { title: '移交对象', width: 2 },
          { title: '状态', width: 1.2 },
          { title: '办理结果', width: 3 },
        ],
        rows: r.items.map((i) => [
          i.unitName,
          i.findingTitle,
          i.bodyName,
          REF_STATUS[i.status],
          i.outcome ?? '',
        ]),
      })
    doc.h1('共性问题和成果运用')
    if (d.commonProblems.length === 0) doc.paragraph('本轮巡视发现的问题尚未归并为共性问题。')
    else {
      doc.paragraph(
        `本轮巡视发现的问题中，已归并共性问题${d.commonProblems.length}个，交由相关部门由点及面、举一反三推动解决。`,
      )
      doc.table({
        caption: '共性问题',
        columns: [
          { title: '共性问题', width: 4 },
          { title: '牵头部门', width: 2 },
          { title: '涉及单位', width: 3 },
          { title: '问题数' },
          { title: '状态' },
        ],
        rows: d.commonProblems.map((c) => [
          c.title,
          c.departmentName ?? '',
          c.unitNames.join('、'),
          c.findingCount,
          CP_STATUS[c.status] ?? c.status,
        ]),
      })
    }
  }
  doc.h1('下一步工作')
  doc.paragraph(
    '坚持问题不解决不放过，对逾期未完成的整改措施逐项督促，压实责任领导和责任部门责任；对核查验收中退回的问题，督促被巡视单位对照反思、重新整改；协同纪委监委和组织部门跟踪问题线索办理，推动共性问题由点及面解决。',
  )
  doc.signature('巡视工作领导小组办公室', d.asOf)
  progress('pack', 85, '打包文件')
  return doc.toBuffer()
}
