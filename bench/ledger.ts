// Benchmark: the rectification ledger streams, so memory stays flat as measures grow.
// Each size runs in a fresh child process on a temporary SQLite database holding the demo
// plus N measures (written in bulk through the repositories, 10 per finding), exports the
// ledger as the inspection office, and samples live heap (after a collection) every 50 ms.
//   npx tsx bench/ledger.ts [measures…]      (default: 10000 100000)
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { loadConfig } from '../server/config'
import { migrate, openDatabase } from '../server/db/database'
import type { Insertable } from 'kysely'
import type { FindingTable, RectificationMeasureTable } from '../server/db/schema'
import { systemCtx } from '../server/modules/access/context'
import * as findingRepo from '../server/modules/inspections/finding.repository'
import { rectificationLedger } from '../server/modules/rectification/ledger'
import { insertMeasures } from '../server/modules/rectification/rectification.repository'
import { actorOf } from '../server/seed/demo-inspections'
import { seedDemo } from '../server/seed/demo'

type Result = { measures: number; seconds: number; bytes: number; peakHeapMb: number }

async function child(n: number): Promise<Result> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-ledger-'))
  try {
    const db = openDatabase(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }))
    await migrate(db)
    await seedDemo(db, systemCtx())
    const target = await db
      .selectFrom('target')
      .innerJoin('unit', 'unit.id', 'target.unitId')
      .select(['target.id', 'target.roundId', 'target.teamId', 'target.unitId'])
      .where('unit.code', '=', '120000')
      .executeTakeFirstOrThrow()
    const plan = await db
      .selectFrom('rectificationPlan')
      .select('id')
      .where('targetId', '=', target.id)
      .executeTakeFirstOrThrow()
    const category = await db
      .selectFrom('findingCategory')
      .select('id')
      .where('code', '=', 'T2.2')
      .executeTakeFirstOrThrow()
    const now = new Date().toISOString()
    await db.transaction().execute(async (trx) => {
      for (let f = 0; f < n / 10; f += 100) {
        const findings: FindingTable[] = []
        const measures: Insertable<RectificationMeasureTable>[] = []
        for (let i = f; i < Math.min(f + 100, n / 10); i++) {
          const id = uuidv7()
          findings.push({
            id,
            targetId: target.id,
            roundId: target.roundId,
            teamId: target.teamId,
            unitId: target.unitId,
            seq: 1000 + i,
            title: `批量问题${i}：监督线索发现渠道单一`,
            description: '对侦查机关应当立案而不立案等问题监督不够。',
            personsMatters: '',
            categoryId: category.id,
            severity: 'major',
            source: 'talk',
            status: 'rectifying',
            createdBy: null,
            confirmedBy: null,
            confirmedAt: now,
            fedBackAt: now,
            createdAt: now,
            updatedAt: now,
          })
          for (let k = 0; k < 10; k++) {
            measures.push({
              id: uuidv7(),
              planId: plan.id,
              findingId: id,
              targetId: target.id,
              unitId: target.unitId,
              content: `第${k + 1}项措施：建立立案监督线索移送机制，定期通报，跟踪问效。`,
              responsibleLeader: '党组副书记 王强',
              departmentId: null,
              deadline: '2024-09-30',
              kind: 'concentrated',
              status: k % 2 ? 'done' : 'open',
              progress: k % 2 ? 100 : 40,
              doneAt: null,
              doneBy: null,
              createdAt: now,
              updatedAt: now,
            })
          }
        }
        await findingRepo.insertMany(trx, findings)
        await insertMeasures(trx, measures)
      }
    })
    const ctx = { ...systemCtx(), actor: await actorOf(db, 'xunshiban') }
    if (process.env.LEDGER_QUERY_ONLY) {
      const { scopesOf } = await import('../server/modules/inspections/inspection.policy')
      const repo = await import('../server/modules/rectification/rectification.repository')
      const s = { ...scopesOf(ctx.actor), departments: [] }
      const t = performance.now()
      let after: string | null = null
      let pages = 0
      for (;;) {
        const page = await repo.measuresAfter(db, s, {}, after, 1000)
        pages++
        if (page.length < 1000) break
        after = page[page.length - 1].id
      }
      console.error(`query only: ${pages} pages in ${((performance.now() - t) / 1000).toFixed(2)} s`)
    }

    global.gc?.()
    const base = process.memoryUsage().heapUsed
    let peak = 0
    const sampler = setInterval(() => {
      if (!process.env.LEDGER_NO_GC) global.gc?.()
      peak = Math.max(peak, process.memoryUsage().heapUsed - base)
    }, 50)
    const t0 = performance.now()
    const stream = await rectificationLedger(db, ctx, {})
    let bytes = 0
    for await (const chunk of stream) bytes += (chunk as Buffer).length
    const seconds = (performance.now() - t0) / 1000
    clearInterval(sampler)
    await db.destroy()
    return { measures: n, seconds, bytes, peakHeapMb: peak / 1_048_576 }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function main() {
  const args = process.argv.slice(2)
  if (args[0] === '--child') {
    console.log(JSON.stringify(await child(Number(args[1]))))
    return
  }
  const sizes = args.length ? args.map(Number) : [10_000, 100_000]
  const results: Result[] = []
  for (const n of sizes) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', String(n)],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    )
    results.push(JSON.parse(out.trim().split('\n').pop()!))
  }
  console.log('measures   export    rows/s    file       peak live heap')
  for (const r of results) {
    console.log(
      `${String(r.measures).padEnd(10)} ${r.seconds.toFixed(2).padStart(6)} s ${(r.measures / r.seconds).toFixed(0).padStart(8)} ${(r.bytes / 1_048_576).toFixed(1).padStart(6)} MB ${r.peakHeapMb.toFixed(1).padStart(8)} MB`,
    )
  }
  if (results.length >= 2) {
    const [a, b] = [results[0], results[results.length - 1]]
    console.log(
      `${b.measures / a.measures}x the measures: peak live heap ${(b.peakHeapMb / a.peakHeapMb).toFixed(2)}x, time ${(b.seconds / a.seconds).toFixed(2)}x`,
    )
  }
}

await main()
