// The demo's case library: the 1,997 real judgment passages of CAIL2019-CJRC as published
// typical-case texts (their charge or cause as keyword), so search works on real text at
// first start; and a few guiding cases moving through review.
import fs from 'node:fs'
import path from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import type { DB } from '../db/database'
import type { Ctx } from '../modules/access/context'
import * as audit from '../modules/audit/audit.service'
import { batchName, insertCase } from '../modules/cases/case.service'

type Passage = { id: string; domain: 'civil' | 'criminal'; casename: string; text: string }

export function passages(): Passage[] {
  return fs
    .readFileSync(path.join(import.meta.dirname, 'data', 'cjrc_cases.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Passage)
}

export async function seedDemoCases(db: DB, ctx: Ctx) {
  const supreme = await db
    .selectFrom('unit')
    .select('id')
    .where('code', '=', '000000')
    .executeTakeFirstOrThrow()
  const all = passages()
  const now = new Date().toISOString()
  await db.transaction().execute(async (trx) => {
    const batches: string[] = []
    for (const [i, theme] of ['刑事案件裁判要旨摘编', '民事案件裁判要旨摘编'].entries()) {
      const id = uuidv7()
      await trx
        .insertInto('caseBatch')
        .values({
          id,
          name: batchName(i + 1),
          theme,
          plannedDate: '2024-06-28',
          status: 'published',
          publishedAt: '2024-06-28T02:00:00.000Z',
          createdAt: now,
          updatedAt: now,
        })
        .execute()
      batches.push(id)
    }
    for (const p of all) {
      await insertCase(trx, {
        id: uuidv7(),
        kind: 'typical',
        title: `${p.casename}案（${p.id}）`,
        keywords: JSON.stringify([p.casename]),
        gist: '',
        facts: p.text,
        procuratorialWork: '',
        significance: '',
        relatedLaws: '[]',
        domain: p.domain,
        sourceUnitId: supreme.id,
        status: 'published',
        number: null,
        batchId: p.domain === 'criminal' ? batches[0] : batches[1],
        createdBy: null,
        submittedAt: null,
        approvedAt: null,
        publishedAt: '2024-06-28T02:00:00.000Z',
        withdrawnAt: null,
        createdAt: now,
        updatedAt: now,
      })
    }
    await audit.record(trx, ctx, {
      action: 'case.seed',
      objectType: 'case',
      details: { passages: all.length },
    })
  })
}
