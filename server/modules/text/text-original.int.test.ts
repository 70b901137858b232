import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, login, upload, type Session, type TestEnv } from '../../test/harness'

// Text entering Duban is stored normalized; the original is kept beside it with the damaged
// runs flagged, and only those who may read the object may read its original.
let env: TestEnv
let member5: Session // 第五巡视组 (Qinghai in the second round)
let member1: Session
let office: Session
type Json = Record<string, any>

const DIRTY_TITLE = '系統(tǒng)內(nèi)巡視整改ＡＢ１２不到位'
const DAMAGED = '整改??傮w推進緩慢'

beforeAll(async () => {
  env = await createTestEnv()
  member5 = await login(env.app, 'xs_zuyuan5')
  member1 = await login(env.app, 'xs_zuyuan1')
  office = await login(env.app, 'ducha')
})
afterAll(() => env.close())

async function qinghaiTarget() {
  return (
    await env.db
      .selectFrom('target')
      .innerJoin('unit', 'unit.id', 'target.unitId')
      .innerJoin('round', 'round.id', 'target.roundId')
      .select('target.id')
      .where('unit.code', '=', '630000')
      .where('round.ordinal', '=', 2)
      .executeTakeFirstOrThrow()
  ).id
}

async function category() {
  return (
    await env.db
      .selectFrom('findingCategory')
      .select('id')
      .where('code', '=', 'T1.1')
      .executeTakeFirstOrThrow()
  ).id
}

describe('text normalized on entry, original kept', () => {
  it('stores a finding’s text normalized and keeps the original with its damaged runs flagged', async () => {
    const res = await as(env.app, member5).post('/api/findings', {
      targetId: await qinghaiTarget(),
      title: DIRTY_TITLE,
      description: DAMAGED,
      personsMatters: '某處某人',
      categoryId: await category(),
      severity: 'major',
      source: 'talk',
    })
    expect(res.statusCode).toBe(201)
    const f = res.json()
    expect(f.title).toBe('系統內巡視整改AB12不到位')
    expect(f.description).toBe(DAMAGED) // a damaged run is not guessed at: kept and flagged
    expect(f.personsMatters).toBe('某處某人')
    const originals = (await as(env.app, member5).get(`/api/findings/${f.id}/text-originals`)).json()
    expect(originals.map((o: Json) => o.field)).toEqual(['description', 'title'])
    expect(originals.find((o: Json) => o.field === 'title')).toMatchObject({
      original: DIRTY_TITLE,
      flags: [],
    })
    const flags = originals.find((o: Json) => o.field === 'description').flags
    expect(flags).toHaveLength(1)
    expect(DAMAGED.slice(flags[0].start, flags[0].end)).toContain('??')

    // fixing the text by hand clears what was kept for that field only
    const fixed = await as(env.app, member5).patch(`/api/findings/${f.id}`, {
      description: '整改总体推进缓慢',
    })
    expect(fixed.statusCode).toBe(200)
    const after = (await as(env.app, member5).get(`/api/findings/${f.id}/text-originals`)).json()
    expect(after.map((o: Json) => o.field)).toEqual(['title'])

    // another team's member sees neither the draft nor its original
    expect((await as(env.app, member1).get(`/api/findings/${f.id}/text-originals`)).statusCode).toBe(404)
  })

  it('normalizes imported findings and keeps their originals, in the import’s transaction', async () => {
    const targetId = await qinghaiTarget()
    const template = await as(env.app, member5).get('/api/findings/import/template.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]
    const headers = (ws.getRow(1).values as string[]).slice(1)
    const row: Record<string, string> = {
      问题标题: '監(jiān)督責任落實不到位',
      问题描述: '對(duì)下監(jiān)督不夠有力',
      具体人和事: '',
      问题类别: 'T1.1',
      严重程度: '一般',
      问题来源: '个别谈话',
    }
    ws.spliceRows(2, ws.rowCount)
    ws.addRow(headers.map((h) => row[h] ?? ''))
    const file = Buffer.from(await wb.xlsx.writeBuffer())
    const started = await upload(
      env.app,
      member5,
      '/api/findings/import',
      { targetId },
      {
        name: 'findings.xlsx',
        content: file,
      },
    )
    expect(started.statusCode, started.body).toBeLessThan(300)
    let job = started.json()
    for (let i = 0; i < 100 && !['valid', 'invalid'].includes(job.status); i++) {
      await new Promise((r) => setTimeout(r, 50))
      job = (await as(env.app, member5).get(`/api/findings/import/${job.id}`)).json()
    }
    expect(job.status, JSON.stringify(job)).toBe('valid')
    await as(env.app, member5).post(`/api/findings/import/${job.id}/commit`)
    for (let i = 0; i < 100 && job.status !== 'committed'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      job = (await as(env.app, member5).get(`/api/findings/import/${job.id}`)).json()
    }
    expect(job.status, JSON.stringify(job)).toBe('committed')
    const list = (await as(env.app, member5).get(`/api/findings?targetId=${targetId}&q=監督責任`)).json()
    expect(list.items).toHaveLength(1)
    expect(list.items[0].description).toBe('對下監督不夠有力')
    const originals = (
      await as(env.app, member5).get(`/api/findings/${list.items[0].id}/text-originals`)
    ).json()
    expect(originals.find((o: Json) => o.field === 'title').original).toBe('監(jiān)督責任落實不到位')
  })

  it('does the same for key supervised tasks', async () => {
    const dept = (await as(env.app, office).get('/api/departments?pageSize=100'))
      .json()
      .items.find((d: Json) => d.name === '第四检察厅')
    const res = await as(env.app, office).post('/api/tasks', {
      year: 2025,
      code: 'T-N1',
      title: '推進檢察護企專項行動（２０２５）',
      description: '壓實責(zé)任(rèn)',
      leaderName: '副检察长',
      leadDepartmentId: dept.id,
    })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().title).toBe('推進檢察護企專項行動（2025）')
    expect(res.json().description).toBe('壓實責任')
    const originals = (await as(env.app, office).get(`/api/tasks/${res.json().id}/text-originals`)).json()
    expect(originals.map((o: Json) => o.original)).toEqual([
      '壓實責(zé)任(rèn)',
      '推進檢察護企專項行動（２０２５）',
    ])
    const dept8 = await login(env.app, 'dept_bating')
    expect((await as(env.app, dept8).get(`/api/tasks/${res.json().id}/text-originals`)).statusCode).toBe(404)
  })

  it('does the same for rectification measures and their progress posts', async () => {
    const bj = await login(env.app, 'bj_liaison')
    const tj = await login(env.app, 'tj_liaison')
    const targets = (await as(env.app, bj).get('/api/targets?pageSize=50')).json().items as Json[]
    const target = targets.find((t) => t.unitCode === '110000')!.id
    expect((await as(env.app, bj).get(`/api/targets/${target}/plan`)).json().editable).toBe(true)
    const finding = (await as(env.app, bj).get(`/api/findings?targetId=${target}`)).json().items[0]
    const created = await as(env.app, bj).post('/api/measures', {
      findingId: finding.id,
      content: '建立健全學習制度（ＡＢ）',
      responsibleLeader: '張副檢察長',
      deadline: '2024-09-30',
      kind: 'immediate',
    })
    expect(created.statusCode, created.body).toBe(201)
    const m = created.json()
    expect(m.content).toBe('建立健全學習制度（AB）')
    const originals = (await as(env.app, bj).get(`/api/measures/${m.id}/text-originals`)).json()
    expect(originals).toEqual([
      expect.objectContaining({ field: 'content', original: '建立健全學習制度（ＡＢ）' }),
    ])
    // the unit of another province cannot read them
    expect((await as(env.app, tj).get(`/api/measures/${m.id}/text-originals`)).statusCode).toBe(404)
    // written clean, the field's original goes
    await as(env.app, bj).patch(`/api/measures/${m.id}`, { content: '建立健全学习制度' })
    expect((await as(env.app, bj).get(`/api/measures/${m.id}/text-originals`)).json()).toEqual([])

    // a post on a measure whose finding is in rectification (Tianjin's, in the demo)
    const open = await env.db
      .selectFrom('rectificationMeasure as m')
      .innerJoin('finding as f', 'f.id', 'm.findingId')
      .innerJoin('unit as u', 'u.id', 'm.unitId')
      .select('m.id')
      .where('u.code', '=', '120000')
      .where('f.status', '=', 'rectifying')
      .executeTakeFirstOrThrow()
    const post = await as(env.app, tj).post(`/api/measures/${open.id}/progress`, {
      content: '已完成??傮w部署（１２項）',
      progress: 50,
      done: false,
    })
    expect(post.statusCode, post.body).toBe(201)
    expect(post.json().content).toBe('已完成??傮w部署（12項）')
    const kept = (await as(env.app, tj).get(`/api/measures/${open.id}/text-originals`)).json()
    const mine = kept.find((o: Json) => o.field === `progress.${post.json().id}.content`)
    expect(mine).toMatchObject({ original: '已完成??傮w部署（１２項）' })
    expect(mine.flags).toHaveLength(1)
    expect((await as(env.app, bj).get(`/api/measures/${open.id}/text-originals`)).statusCode).toBe(404)
  })
})
