// 巡视情况综合报告: what a round found, target by target, what several targets share, and
// typical findings quoted with their specifics (见人见事). Drafts not yet confirmed by the
// team leader are left out.
import type { InspectionRoundData } from '../../../common/reports'
import type { DB } from '../../db/database'
import { renderChart } from '../../reports/charts'
import { OfficialDocument, chineseNumber } from '../../reports/gbt9704'
import type { Ctx } from '../access/context'
import { rolePaths } from '../access/policy'
import { scopesOf } from '../inspections/inspection.policy'
import { getRound } from '../inspections/inspection.service'
import * as repo from './reports.repository'
import { today, type Progress } from './report-kit'

const SEVERITY_RANK: Record<string, number> = { severe: 3, major: 2, minor: 1 }
const SEVERITY_CN: Record<string, string> = { severe: '严重', major: '较重', minor: '一般' }
const TYPICAL_PER_CATEGORY = 3

export async function inspectionRoundData(
  db: DB,
  ctx: Ctx,
  q: { roundId: string },
): Promise<InspectionRoundData> {
  const round = await getRound(db, ctx, q.roundId)
  const actor = ctx.actor!
  const s = scopesOf(actor)
  const leaderAll = rolePaths(actor, ['leader']) === 'all'
  const full = leaderAll || s.office === 'all' || s.office.length > 0
  const [targets, findings, problems] = await Promise.all([
    repo.targets(db, q.roundId, s),
    repo.findingRows(db, q.roundId, s, { fedBackOnly: false }),
    full ? repo.commonProblemRows(db, q.roundId, s.office, leaderAll) : Promise.resolve([]),
  ])

  const categories = new Map<string, { id: string; code: string; name: string }>()
  const subs = new Map<
    string,
    { name: string; parentName: string | null; count: number; units: Set<string> }
  >()
  const byTarget = new Map(
    targets.map((t) => [
      t.id,
      { total: 0, byCategory: {} as Record<string, number>, bySubCategory: {} as Record<string, number> },
    ]),
  )
  const totals = { targets: targets.length, findings: 0, severe: 0, byCategory: {} as Record<string, number> }
  for (const f of findings) {
    const top = {
      id: f.parentId ?? f.categoryId,
      code: f.parentCode ?? f.categoryCode,
      name: f.parentName ?? f.categoryName,
    }
    categories.set(top.id, top)
    const t = byTarget.get(f.targetId)
    if (!t) continue
    t.total++
    t.byCategory[top.id] = (t.byCategory[top.id] ?? 0) + 1
    t.bySubCategory[f.categoryId] = (t.bySubCategory[f.categoryId] ?? 0) + 1
    totals.findings++
    if (f.severity === 'severe') totals.severe++
    totals.byCategory[top.id] = (totals.byCategory[top.id] ?? 0) + 1
    const sub = subs.get(f.categoryId) ?? {
      name: f.categoryName,
      parentName: f.parentName ?? null,
      count: 0,
      units: new Set(),
    }
    sub.count++
    sub.units.add(f.unitName)
    subs.set(f.categoryId, sub)
  }

  // Typical findings: the most serious of each heading, from as many different units as possible.
  const typical: InspectionRoundData['typical'] = []
  const sortedCats = [...categories.values()].sort((a, b) => a.code.localeCompare(b.code))
  for (const c of sortedCats) {
    const pool = findings
      .filter((f) => (f.parentId ?? f.categoryId) === c.id)
      .sort((a, b) => (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) || a.seq - b.seq)
    const units = new Set<string>()
    for (const f of [...pool.filter((f) => !units.has(f.unitName) && units.add(f.unitName)), ...pool]) {
      if (typical.filter((x) => x.categoryName === c.name).length >= TYPICAL_PER_CATEGORY) break
      if (typical.some((x) => x.title === f.title && x.unitName === f.unitName)) continue
      typical.push({
        categoryName: c.name,
        unitName: f.unitName,
        title: f.title,
        description: f.description,
        personsMatters: f.personsMatters,
        severity: f.severity,
      })
    }
  }

  const cps = new Map<string, { title: string; findingCount: number; unitNames: string[] }>()
  for (const p of problems) {
    const c = cps.get(p.id) ?? { title: p.title, findingCount: 0, unitNames: [] }
    c.findingCount++
    if (!c.unitNames.includes(p.unitName)) c.unitNames.push(p.unitName)
    cps.set(p.id, c)
  }

  return {
    round: {
      id: round.id,
      name: round.name,
      year: round.year,
      phase: round.phase,
      startDate: round.startDate,
      endDate: round.endDate,
    },
    scope: full ? 'full' : 'unit',
    categories: sortedCats,
    totals,
    byTarget: targets.map((t) => ({
      targetId: t.id,
      unitName: t.unitName,
      teamName: t.teamName,
      onsiteStart: t.onsiteStart,
      onsiteEnd: t.onsiteEnd,
      fedBack: !!t.fedBackAt,
      ...byTarget.get(t.id)!,
    })),
    sharedCategories: [...subs.entries()]
      .filter(([, v]) => v.units.size >= 2)
      .map(([categoryId, v]) => ({
        categoryId,
        name: v.name,
        parentName: v.parentName,
        count: v.count,
        unitNames: [...v.units],
      }))
      .sort((a, b) => b.unitNames.length - a.unitNames.length || b.count - a.count),
    commonProblems: [...cps.values()],
    typical,
  }
}

export async function inspectionRoundDocument(d: InspectionRoundData, progress: Progress) {
  progress('chart', 40, '绘制图表')
  const short = (n: string) => n.replace(/人民检察院$/, '')
  const chart = renderChart(
    {
      kind: 'bar',
      title: '各被巡视单位发现问题分类情况',
      categories: d.byTarget.map((t) => short(t.unitName)),
      stacked: true,
      series: d.categories.map((c, i) => ({
        name: `${chineseNumber(i + 1)}类问题`,
        data: d.byTarget.map((t) => t.byCategory[c.id] ?? 0),
      })),
    },
    600,
    320,
  )
  progress('document', 60, '排版文档')
  const doc = new OfficialDocument({ title: `关于${d.round.name}巡视情况的\n综合报告`, addressee: '院党组' })
  const units = d.byTarget.map((t) => short(t.unitName)).join('、')
  doc.paragraph(
    `根据院党组部署，${d.round.name}巡视${d.round.startDate ? `于${d.round.startDate.slice(0, 4)}年${Number(d.round.startDate.slice(5, 7))}月启动，` : ''}对${units}等${d.totals.targets}个单位党组开展了巡视。现将巡视情况综合报告如下。`,
  )
  doc.h1('巡视发现问题总体情况')
  doc.paragraph(
    `本轮巡视共发现并经巡视组组长确认问题${d.totals.findings}个，其中性质严重的${d.totals.severe}个。按问题类别，` +
      d.categories.map((c) => `“${c.name}”方面${d.totals.byCategory[c.id] ?? 0}个`).join('，') +
      '。',
  )
  if (chart) doc.image({ ...chart, caption: '各被巡视单位发现问题分类情况' })
  doc.table({
    caption: '各被巡视单位发现问题分类统计',
    columns: [
      { title: '被巡视单位', width: 3 },
      { title: '巡视组', width: 2 },
      ...d.categories.map((_, i) => ({ title: `${chineseNumber(i + 1)}类` })),
      { title: '合计' },
    ],
    rows: d.byTarget.map((t) => [
      t.unitName,
      t.teamName,
      ...d.categories.map((c) => t.byCategory[c.id] ?? 0),
      t.total,
    ]),
    totalRow: ['合计', '', ...d.categories.map((c) => d.totals.byCategory[c.id] ?? 0), d.totals.findings],
  })
  doc.paragraph(`注：${d.categories.map((c, i) => `${chineseNumber(i + 1)}类为“${c.name}”`).join('；')}。`)
  doc.h1('各被巡视单位存在的主要问题')
  for (const t of d.byTarget) {
    const parts = d.categories
      .filter((c) => t.byCategory[c.id])
      .map((c) => `“${c.name}”方面${t.byCategory[c.id]}个`)
    doc.h2(
      t.unitName,
      `${t.teamName}巡视发现问题${t.total}个${parts.length ? `，其中${parts.join('，')}` : ''}${t.fedBack ? '，已完成反馈' : '，尚待反馈'}。`,
    )
  }
  doc.h1('共性问题')
  if (d.sharedCategories.length === 0 && d.commonProblems.length === 0)
    doc.paragraph('本轮巡视未发现多个被巡视单位共同存在的同类问题。')
  else {
    doc.paragraph(`从巡视情况看，以下问题在多个被巡视单位不同程度存在，需由点及面、举一反三推动解决。`)
    if (d.sharedCategories.length)
      doc.table({
        caption: '多个被巡视单位存在的同类问题',
        columns: [{ title: '问题类别', width: 4 }, { title: '涉及单位', width: 4 }, { title: '问题数' }],
        rows: d.sharedCategories.map((c) => [c.name, c.unitNames.map(short).join('、'), c.count]),
      })
    if (d.commonProblems.length)
      doc.table({
        caption: '已归并的共性问题',
        columns: [{ title: '共性问题', width: 4 }, { title: '涉及单位', width: 4 }, { title: '问题数' }],
        rows: d.commonProblems.map((c) => [c.title, c.unitNames.map(short).join('、'), c.findingCount]),
      })
  }
  doc.h1('典型问题')
  for (const c of d.categories) {
    const list = d.typical.filter((x) => x.categoryName === c.name)
    if (list.length === 0) continue
    doc.h2(c.name)
    for (const x of list)
      doc.h3(
        `${x.title}（${short(x.unitName)}，${SEVERITY_CN[x.severity] ?? x.severity}）。`,
        `${x.description}${x.personsMatters ? `具体表现：${x.personsMatters}` : ''}`,
      )
  }
  doc.h1('下一步工作建议')
  doc.paragraph(
    '巡视办会同各巡视组进一步修改完善巡视报告，原原本本、原汁原味、见人见事做好巡视反馈；对多个单位存在的同类问题，建议交由有关部门研究剖析，推动面上问题、共性问题的解决。',
  )
  doc.signature('巡视工作领导小组办公室', today())
  progress('pack', 85, '打包文件')
  return doc.toBuffer()
}
