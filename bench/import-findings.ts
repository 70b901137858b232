// Benchmark: importing findings from a ledger sheet streams, so memory stays flat as the
// sheet grows. Runs each size in a fresh child process on a temporary SQLite database,
// samples live heap (after a collection) and RSS every 50 ms during validation and commit,
// and prints the peak above the process's baseline, with the 20,000-row peak as a ratio of the 2,000-row one.
//   npx tsx bench/import-findings.ts [rows…]      (default: 2000 20000)
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { loadConfig } from '../server/config'
import { migrate, openDatabase } from '../server/db/database'
import { systemCtx } from '../server/modules/access/context'
import { FileStore } from '../server/modules/files/file-store'
import * as importer from '../server/modules/inspections/finding-import'
import { actorOf } from '../server/seed/demo-inspections'
import { seedDemo } from '../server/seed/demo'

type Result = {
  rows: number
  validateMs: number
  commitMs: number
  peakHeapMb: number
  peakRssMb: number
  committed: number
}

async function writeSheet(file: string, rows: number) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  })
  const ws = wb.addWorksheet('问题台账')
  ws.addRow(['序号', '问题标题', '问题描述', '具体人和事', '问题类别', '严重程度', '问题来源']).commit()
  const cats = ['T1.1', 'T1.2', 'T2.1', 'T2.2', 'T2.3', 'T3.1', 'T3.2', 'T3.3']
  for (let i = 1; i <= rows; i++) {
    ws.addRow([
      i,
      `第${i}号问题：案件质量评查发现的问题整改不彻底`,
      `“高质效办好每一个案件”要求落实不够，部分案件证据审查不细，类案评查问题反复出现（第${i}条）。`.repeat(
        3,
      ),
      `2023年案件质量评查中，编号${i}的案件被评为瑕疵案件。`,
      cats[i % cats.length],
      ['一般', '较重', '严重'][i % 3],
      ['个别谈话', '查阅资料', '信访举报', '抽查核实'][i % 4],
    ]).commit()
  }
  ws.commit()
  await wb.commit()
}

async function child(rows: number): Promise<Result> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-'))
  try {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' })
    const db = openDatabase(config)
    await migrate(db)
    await seedDemo(db, systemCtx())
    const sheet = path.join(dir, 'ledger.xlsx')
    await writeSheet(sheet, rows)
    const ctx = { ...systemCtx(), actor: await actorOf(db, 'xs_zuyuan2') }
    const target = await db
      .selectFrom('target')
      .innerJoin('unit', 'unit.id', 'target.unitId')
      .innerJoin('round', 'round.id', 'target.roundId')
      .select('target.id')
      .where('unit.code', '=', '320000')
      .where('round.ordinal', '=', 2)
      .executeTakeFirstOrThrow()

    global.gc?.()
    const base = process.memoryUsage()
    let peakHeap = 0
    let peakRss = 0
    // Collect before each sample so the figure is live memory, not garbage awaiting collection.
    const sampler = setInterval(() => {
      global.gc?.()
      const m = process.memoryUsage()
      peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed)
      peakRss = Math.max(peakRss, m.rss - base.rss)
    }, 50)

    const t0 = performance.now()
    const started = await importer.start(
      db,
      new FileStore(path.join(dir, 'files')),
      path.join(dir, 'imports'),
      ctx,
      {
        targetId: target.id,
        fileName: 'ledger.xlsx',
        stream: fs.createReadStream(sheet),
        truncated: () => false,
      },
    )
    await started.run()
    const t1 = performance.now()
    const job = await importer.get(db, ctx, started.id)
    if (job.status !== 'valid')
      throw new Error(`validation ended ${job.status}: ${JSON.stringify(job.errors.slice(0, 3))}`)
    const commit = await importer.commit(db, ctx, started.id)
    await commit.run()
    const t2 = performance.now()
    clearInterval(sampler)
    const done = await importer.get(db, ctx, started.id)
    await db.destroy()
    return {
      rows,
      validateMs: t1 - t0,
      commitMs: t2 - t1,
      peakHeapMb: peakHeap / 1_048_576,
      peakRssMb: peakRss / 1_048_576,
      committed: done.committedCount,
    }
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
  const sizes = args.length ? args.map(Number) : [2000, 20000]
  const results: Result[] = []
  for (const n of sizes) {
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', String(n)],
      { encoding: 'utf8' },
    )
    results.push(JSON.parse(out.trim().split('\n').pop()!))
  }
  console.log('rows     validate  commit   rows/s (both)  peak heap   peak RSS   committed')
  for (const r of results) {
    const rate = r.rows / ((r.validateMs + r.commitMs) / 1000)
    console.log(
      `${String(r.rows).padEnd(8)} ${(r.validateMs / 1000).toFixed(2).padStart(6)} s ${(r.commitMs / 1000).toFixed(2).padStart(6)} s ${rate.toFixed(0).padStart(10)}     ${r.peakHeapMb.toFixed(1).padStart(6)} MB ${r.peakRssMb.toFixed(1).padStart(7)} MB   ${r.committed}`,
    )
  }
  if (results.length >= 2) {
    const [a, b] = [results[0], results[results.length - 1]]
    console.log(
      `${b.rows / a.rows}x the rows: peak live heap ${(b.peakHeapMb / a.peakHeapMb).toFixed(2)}x, time ${((b.validateMs + b.commitMs) / (a.validateMs + a.commitMs)).toFixed(2)}x`,
    )
  }
}

await main()
