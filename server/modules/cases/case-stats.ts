import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import type { DB } from '../../db/database'
import { utcDay } from '../../db/dialect'
import type { Ctx } from '../access/context'
import { requirePermission } from '../access/policy'
import * as audit from '../audit/audit.service'
import { numberLabel } from './case.service'

const BUCKETS = {
  issued: ['published'],
  pending: ['submitted', 'in_review', 'committee', 'approved'],
  returned: ['returned'],
  rejected: ['rejected'],
  withdrawn: ['withdrawn'],
} as const

function quarterOf(iso: string) {
  return `${iso.slice(0, 4)}Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`
}

/**
 * The numbers the report on case issuing needs: cases issued, pending, returned, rejected and
 * withdrawn, by kind, domain, quarter and source unit; and how many published cases are used.
 * Counted in the database by status along each dimension: reading every case past drafting
 * into the process took 600 ms over all years at national scale (50,000 cases).
 */
export async function caseStats(db: DB, ctx: Ctx, q: { year?: number }) {
  // The case office, and leadership reading the numbers the meeting hears.
  requirePermission(ctx, 'case.stats')
  let cases = db.selectFrom('legalCase as c').where('c.status', '!=', 'draft')
  if (q.year) {
    // a range, not LIKE: the columns are timestamptz on PostgreSQL
    const from = `${q.year}-01-01T00:00:00.000Z`
    const to = `${q.year + 1}-01-01T00:00:00.000Z`
    cases = cases.where((eb) =>
      eb.or([
        eb.and([eb('c.publishedAt', '>=', from), eb('c.publishedAt', '<', to)]),
        eb.and([eb('c.submittedAt', '>=', from), eb('c.submittedAt', '<', to)]),
      ]),
    )
  }
  // the day that places a case in a quarter: published, else submitted, else created
  const day = utcDay(db, sql`coalesce(c.published_at, c.submitted_at, c.created_at)`)
  const n = sql<number>`count(*)`.as('n')
  const [kinds, domains, days, units, used] = await Promise.all([
    cases.select(['c.kind as key', 'c.status', n]).groupBy(['c.kind', 'c.status']).execute(),
    cases.select(['c.domain as key', 'c.status', n]).groupBy(['c.domain', 'c.status']).execute(),
    cases
      .select([day.as('key'), 'c.status', n])
      .groupBy([day, 'c.status'])
      .execute(),
    cases
      .innerJoin('unit as u', 'u.id', 'c.sourceUnitId')
      .select(['u.name as key', 'c.status', n])
      .groupBy(['u.name', 'c.status'])
      .execute(),
    db
      .selectFrom('caseUse')
      .select((eb) => eb.fn.count<number>('caseId').distinct().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  type Counts = Record<keyof typeof BUCKETS, number>
  const empty = (): Counts => ({ issued: 0, pending: 0, returned: 0, rejected: 0, withdrawn: 0 })
  const bucketOf = (status: string) =>
    (Object.keys(BUCKETS) as (keyof typeof BUCKETS)[]).find((b) =>
      (BUCKETS[b] as readonly string[]).includes(status),
    )
  const tally = (groups: { key: string; status: string; n: number | string }[], keyOf = (k: string) => k) => {
    const out: Record<string, Counts> = {}
    for (const g of groups) {
      const bucket = bucketOf(g.status)
      if (bucket) (out[keyOf(g.key)] ??= empty())[bucket] += Number(g.n)
    }
    return out
  }
  const kind = tally(kinds)
  const total = empty()
  for (const c of Object.values(kind))
    for (const b of Object.keys(total) as (keyof Counts)[]) total[b] += c[b]
  return {
    total,
    kind,
    domain: tally(domains),
    quarter: tally(days, quarterOf),
    unit: tally(units),
    usedCases: Number(used.n),
    unusedPublished: Math.max(0, total.issued - Number(used.n)),
  }
}

const STATUS_CN: Record<string, string> = {
  submitted: '已报送',
  in_review: '审核中',
  returned: '退回修改',
  committee: '待检委会审议',
  approved: '已通过',
  rejected: '未通过',
  published: '已发布',
  withdrawn: '已撤回',
}

/** The case ledger (案例台账) as .xlsx: one row per case past drafting, with its uses. */
export async function caseLedger(db: DB, ctx: Ctx) {
  requirePermission(ctx, 'case.review')
  await audit.recordAlone(db, ctx, { action: 'ledger.export', objectType: 'case_ledger' })
  const out = new PassThrough()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true })
  const ws = wb.addWorksheet('案例台账', { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = [
    { header: '编号', key: 'number', width: 12 },
    { header: '案例名称', key: 'title', width: 40 },
    { header: '类别', key: 'kind', width: 12 },
    { header: '领域', key: 'domain', width: 10 },
    { header: '报送单位', key: 'unit', width: 20 },
    { header: '状态', key: 'status', width: 12 },
    { header: '批次', key: 'batch', width: 12 },
    { header: '发布日期', key: 'published', width: 12 },
    { header: '学习运用次数', key: 'uses', width: 12 },
  ]
  ws.getRow(1).font = { bold: true }
  ws.autoFilter = { from: 'A1', to: 'I1' }
  ws.getRow(1).commit()
  void (async () => {
    try {
      let after: string | null = null
      for (;;) {
        let q = db
          .selectFrom('legalCase as c')
          .innerJoin('unit as u', 'u.id', 'c.sourceUnitId')
          .leftJoin('caseBatch as b', 'b.id', 'c.batchId')
          .select([
            'c.id',
            'c.number',
            'c.title',
            'c.kind',
            'c.domain',
            'u.name as unit',
            'c.status',
            'b.name as batch',
            'c.publishedAt',
          ])
          .select((eb) =>
            eb
              .selectFrom('caseUse as x')
              .select((e) => e.fn.countAll<number>().as('n'))
              .whereRef('x.caseId', '=', 'c.id')
              .as('uses'),
          )
          .where('c.status', '!=', 'draft')
        if (after) q = q.where('c.id', '>', after)
        const page = await q.orderBy('c.id').limit(1000).execute()
        for (const c of page) {
          ws.addRow({
            number: numberLabel(c.number) ?? '',
            title: c.title,
            kind: c.kind === 'guiding' ? '指导性案例' : '典型案例',
            domain: c.domain,
            unit: c.unit,
            status: STATUS_CN[c.status] ?? c.status,
            batch: c.batch ?? '',
            published: c.publishedAt?.slice(0, 10) ?? '',
            uses: Number(c.uses ?? 0),
          }).commit()
        }
        if (page.length < 1000) break
        after = page[page.length - 1].id
      }
      ws.commit()
      await wb.commit()
    } catch (err) {
      out.destroy(err as Error)
    }
  })()
  return out
}
