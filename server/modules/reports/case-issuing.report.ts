// 指导性案例、典型案例制发情况的报告: the case statistics of the cases module (issued,
// pending, returned by kind, domain and quarter), the year's batches, and which cases units use.
import type { CaseIssuingData } from '../../../common/reports'
import type { DB } from '../../db/database'
import { renderChart } from '../../reports/charts'
import { OfficialDocument } from '../../reports/gbt9704'
import type { Ctx } from '../access/context'
import { unitPathsFor } from '../access/policy'
import { caseStats } from '../cases/case-stats'
import * as repo from './reports.repository'
import { today, type Progress } from './report-kit'

export const DOMAIN_CN: Record<string, string> = {
  criminal: '刑事',
  civil: '民事',
  administrative: '行政',
  public_interest: '公益诉讼',
}
const KIND_CN: Record<string, string> = { guiding: '指导性案例', typical: '典型案例' }
const BATCH_STATUS: Record<string, string> = { planned: '计划中', published: '已发布' }

export async function caseIssuingData(db: DB, ctx: Ctx, q: { year: number }): Promise<CaseIssuingData> {
  const stats = await caseStats(db, ctx, { year: q.year }) // requires case.review
  const actor = ctx.actor!
  const [batchRows, uses] = await Promise.all([
    repo.batchesOfYear(db, q.year),
    repo.usesOfYear(db, q.year, unitPathsFor(actor, 'case.review')),
  ])
  const batches = new Map<string, CaseIssuingData['batches'][number]>()
  for (const b of batchRows) {
    const x = batches.get(b.id) ?? {
      name: b.name,
      theme: b.theme,
      status: b.status,
      publishedAt: b.publishedAt ? b.publishedAt.slice(0, 10) : null,
      guiding: 0,
      typical: 0,
    }
    if (b.kind === 'guiding') x.guiding += Number(b.n)
    if (b.kind === 'typical') x.typical += Number(b.n)
    batches.set(b.id, x)
  }
  const perCase = new Map<string, CaseIssuingData['uses']['top'][number]>()
  for (const u of uses) {
    const c = perCase.get(u.caseId) ?? {
      title: u.title,
      numberLabel: u.number == null ? null : `检例第${u.number}号`,
      kind: u.kind,
      studied: 0,
      cited: 0,
    }
    if (u.useKind === 'cited') c.cited++
    else c.studied++
    perCase.set(u.caseId, c)
  }
  return {
    year: q.year,
    stats,
    batches: [...batches.values()],
    uses: {
      total: uses.length,
      studied: uses.filter((u) => u.useKind !== 'cited').length,
      cited: uses.filter((u) => u.useKind === 'cited').length,
      cases: perCase.size,
      units: new Set(uses.map((u) => u.unitId)).size,
      top: [...perCase.values()]
        .sort((a, b) => b.cited + b.studied - (a.cited + a.studied) || a.title.localeCompare(b.title))
        .slice(0, 20),
    },
  }
}

export async function caseIssuingDocument(d: CaseIssuingData, progress: Progress) {
  const s = d.stats
  progress('chart', 40, '绘制图表')
  const quarters = Object.keys(s.quarter)
    .filter((k) => k.startsWith(String(d.year)))
    .sort()
  const chart = renderChart(
    {
      kind: 'bar',
      title: `${d.year}年各季度案例制发情况`,
      categories: quarters.map((k) => `第${k.slice(-1)}季度`),
      series: [
        { name: '已发布', data: quarters.map((k) => s.quarter[k].issued), color: '#2f5597' },
        { name: '审核中', data: quarters.map((k) => s.quarter[k].pending), color: '#ffc000' },
        { name: '退回修改', data: quarters.map((k) => s.quarter[k].returned), color: '#c00000' },
      ],
    },
    600,
    300,
  )
  progress('document', 60, '排版文档')
  const doc = new OfficialDocument({
    title: `关于${d.year}年度指导性案例、典型案例\n制发情况的报告`,
    addressee: '院党组',
  })
  const k = (kind: string) =>
    s.kind[kind] ?? { issued: 0, pending: 0, returned: 0, rejected: 0, withdrawn: 0 }
  doc.paragraph(
    `现将${d.year}年度最高检指导性案例、典型案例制发情况报告如下。本报告数据由督办平台根据案例库实时生成。`,
  )
  doc.h1('总体情况')
  doc.paragraph(
    `${d.year}年，共发布案例${s.total.issued}件，其中指导性案例${k('guiding').issued}件、典型案例${k('typical').issued}件；` +
      `正在审核${s.total.pending}件，退回修改${s.total.returned}件，未通过${s.total.rejected}件，撤回${s.total.withdrawn}件。` +
      `坚持把“有质量的数量”和“有数量的质量”统筹在更加注重质量上。`,
  )
  doc.table({
    caption: '按案例类别统计',
    columns: [
      { title: '类别', width: 2 },
      { title: '已发布' },
      { title: '审核中' },
      { title: '退回修改' },
      { title: '未通过' },
      { title: '撤回' },
    ],
    rows: Object.entries(s.kind).map(([kind, c]) => [
      KIND_CN[kind] ?? kind,
      c.issued,
      c.pending,
      c.returned,
      c.rejected,
      c.withdrawn,
    ]),
    totalRow: [
      '合计',
      s.total.issued,
      s.total.pending,
      s.total.returned,
      s.total.rejected,
      s.total.withdrawn,
    ],
  })
  doc.h1('分领域、分季度制发情况')
  doc.table({
    caption: '按办案领域统计',
    columns: [
      { title: '领域', width: 2 },
      { title: '已发布' },
      { title: '审核中' },
      { title: '退回修改' },
      { title: '未通过' },
    ],
    rows: Object.entries(s.domain).map(([dom, c]) => [
      DOMAIN_CN[dom] ?? dom,
      c.issued,
      c.pending,
      c.returned,
      c.rejected,
    ]),
  })
  if (chart) doc.image({ ...chart, caption: `${d.year}年各季度案例制发情况` })
  doc.table({
    caption: '按季度统计',
    columns: [
      { title: '季度', width: 2 },
      { title: '已发布' },
      { title: '审核中' },
      { title: '退回修改' },
      { title: '未通过' },
    ],
    rows: Object.keys(s.quarter)
      .sort()
      .map((q) => [
        q.replace('Q', '年第') + '季度',
        s.quarter[q].issued,
        s.quarter[q].pending,
        s.quarter[q].returned,
        s.quarter[q].rejected,
      ]),
  })
  doc.h1('批次发布情况')
  if (d.batches.length === 0) doc.paragraph(`${d.year}年尚未安排案例发布批次。`)
  else
    doc.table({
      caption: '案例发布批次',
      columns: [
        { title: '批次', width: 1.5 },
        { title: '主题', width: 4 },
        { title: '状态' },
        { title: '发布日期', width: 1.6 },
        { title: '指导性案例' },
        { title: '典型案例' },
      ],
      rows: d.batches.map((b) => [
        b.name,
        b.theme,
        BATCH_STATUS[b.status] ?? b.status,
        b.publishedAt ?? '',
        b.guiding,
        b.typical,
      ]),
    })
  doc.h1('案例学习运用情况')
  doc.paragraph(
    `截至目前，已发布案例中有${s.usedCases}件被各级检察机关学习运用，尚有${s.unusedPublished}件未见运用记录。` +
      `${d.year}年记录学习运用${d.uses.total}次（学习${d.uses.studied}次、办案中参照引用${d.uses.cited}次），涉及案例${d.uses.cases}件、单位${d.uses.units}个。`,
  )
  if (d.uses.top.length)
    doc.table({
      caption: '学习运用较多的案例',
      columns: [
        { title: '案例', width: 5 },
        { title: '类别', width: 1.6 },
        { title: '学习' },
        { title: '引用' },
      ],
      rows: d.uses.top.map((c) => [
        c.numberLabel ? `${c.numberLabel} ${c.title}` : c.title,
        KIND_CN[c.kind] ?? c.kind,
        c.studied,
        c.cited,
      ]),
    })
  doc.h1('下一步工作')
  doc.paragraph(
    '坚持以“高质效”为标准，树牢质量意识、精品意识、典型意识，把握好案例编发的时、度、效；加强案例的学习运用，推动案例价值切实体现到引导高质效办案上。',
  )
  doc.signature('法律政策研究室', today())
  progress('pack', 85, '打包文件')
  return doc.toBuffer()
}
