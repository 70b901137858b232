import { Document, Packer, Paragraph } from 'docx'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemCtx } from '../access/context'
import * as users from '../orgs/user.service'
import {
  as,
  count,
  createTestEnv,
  DEMO_PASSWORD,
  login,
  unitId,
  upload,
  type Session,
  type TestEnv,
} from '../../test/harness'

let env: TestEnv
let office: Session // 督查室 at the supreme procuratorate
let leader: Session
let bjLiaison: Session
type Json = Record<string, any>

beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'ducha')
  leader = await login(env.app, 'leader')
  bjLiaison = await login(env.app, 'bj_liaison')
})
afterAll(() => env.close())

async function taskCount() {
  const r = await env.db
    .selectFrom('task')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

async function demoMeeting(s = office): Promise<Json> {
  const list = (await as(env.app, s).get('/api/meetings?year=2024')).json()
  return list.items.find((m: Json) => m.heldOn === '2024-07-09')
}

describe('meetings', () => {
  it('carries the 9 July 2024 party group meeting with its four agenda items and proposed directives', async () => {
    const m = await demoMeeting()
    expect(m).toMatchObject({ title: '最高人民检察院党组会', agendaCount: 4 })
    const detail = (await as(env.app, office).get(`/api/meetings/${m.id}`)).json()
    // the original is kept beside the normalized text; damaged runs are flagged, not silently kept
    expect(detail.sourceText).toContain('系統(tǒng)內(nèi)')
    expect(detail.text).toContain('系統內')
    expect(detail.text).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/)
    expect(detail.textFlags.length).toBeGreaterThan(0)
    const agenda = (await as(env.app, leader).get(`/api/meetings/${m.id}/agenda`)).json()
    expect(agenda.map((a: Json) => a.title)).toEqual([
      '听取第一轮系统内巡视整改进展情况的综合报告',
      '听取第二轮系统内巡视情况的综合报告',
      '听取最高检指导性案例、典型案例制发情况的报告',
      '听取2024年度重点督办任务二季度落实情况的报告',
    ])
    const directives = (await as(env.app, office).get(`/api/meetings/${m.id}/directives`)).json()
    expect(directives.length).toBeGreaterThan(5)
    for (const d of directives) {
      const [span] = d.spans
      // each directive points at its source in the normalized text
      expect(detail.text.slice(span.start, span.end)).toBe(d.text)
      expect(d.suggestions.length).toBeLessThanOrEqual(3)
    }
    expect(directives.filter((d: Json) => d.status === 'kept')).toHaveLength(3)
  })

  it('records a meeting, reads its uploaded text, and lets a person keep, edit, merge, drop and re-read', async () => {
    const created = await as(env.app, office).post('/api/meetings', {
      title: '党组会（测试）',
      heldOn: '2024-10-15',
      attendees: ['检察长'],
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().id
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph('会议认为，上半年各项工作总体平稳。'),
            new Paragraph(
              '会议强调，一是要在年底前完成巡视整改“回头看”；二是要加强案例指导工作，提升办案质效；三是要抓紧推进重点督办任务。',
            ),
          ],
        },
      ],
    })
    const file = await Packer.toBuffer(doc)
    const up = await upload(
      env.app,
      office,
      `/api/meetings/${id}/text`,
      {},
      {
        name: '会议纪要.docx',
        content: file,
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
    )
    expect(up.statusCode).toBe(200)
    expect(up.json().text).toContain('回头看')
    const proposed = (await as(env.app, office).post(`/api/meetings/${id}/directives/propose`)).json()
    expect(proposed.length).toBe(3)
    expect(proposed.some((d: Json) => d.text.includes('会议认为'))).toBe(false)
    expect(proposed[0].timeExpression).toBe('年底前')

    const merged = await as(env.app, office).post(`/api/meetings/${id}/directives/merge`, {
      ids: [proposed[1].id, proposed[2].id],
    })
    expect(merged.statusCode).toBe(200)
    const after = merged.json()
    expect(after).toHaveLength(2)
    expect(after[1].spans).toHaveLength(2)
    expect(after[1].status).toBe('kept')

    const dropped = await as(env.app, office).patch(`/api/meetings/${id}/directives/${after[0].id}`, {
      status: 'dropped',
      title: '巡视整改回头看',
    })
    expect(dropped.json()[0]).toMatchObject({ status: 'dropped', title: '巡视整改回头看' })

    // a new text may not orphan a kept directive
    const replace = await as(env.app, office).patch(`/api/meetings/${id}`, { text: '要做好其他工作。' })
    expect(replace.statusCode).toBe(409)
    expect(replace.json().error.code).toBe('directives_decided')

    // re-reading replaces proposals and dropped ones, keeps what was kept
    const reread = (await as(env.app, office).post(`/api/meetings/${id}/directives/propose`)).json()
    expect(reread.filter((d: Json) => d.status === 'kept')).toHaveLength(1)
    expect(reread).toHaveLength(2)
  })

  it('turns a kept directive into a key supervised task linked back to the meeting, in one transaction', async () => {
    const m = await demoMeeting()
    const directives = (await as(env.app, office).get(`/api/meetings/${m.id}/directives`)).json()
    const d = directives.find((x: Json) => x.status === 'kept')
    const depts = (await as(env.app, office).get('/api/departments?pageSize=100')).json().items
    const lead = depts.find((x: Json) => x.name === '第四检察厅')
    const audits = await count(env.db, 'auditEvent')
    const res = await as(env.app, office).post(`/api/meetings/${m.id}/directives/${d.id}/task`, {
      year: 2024,
      code: '2024-M01',
      leaderName: '副检察长',
      leadDepartmentId: lead.id,
      deadline: '2024-12-31',
    })
    expect(res.statusCode).toBe(201)
    const task = res.json()
    expect(task.title).toBe(d.title)
    expect(task.description).toContain('2024-07-09 最高人民检察院党组会')
    expect(await count(env.db, 'auditEvent')).toBe(audits + 2) // task.create and the link, together
    const linked = (await as(env.app, office).get(`/api/meetings/${m.id}/directives`)).json()
    expect(linked.find((x: Json) => x.id === d.id)).toMatchObject({ taskId: task.id, taskCode: '2024-M01' })
    const origin = (await as(env.app, office).get(`/api/meetings?taskId=${task.id}`)).json()
    expect(origin.items.map((x: Json) => x.id)).toEqual([m.id])

    // once more: refused, and no second task is written
    const tasksBefore = await taskCount()
    const again = await as(env.app, office).post(`/api/meetings/${m.id}/directives/${d.id}/task`, {
      year: 2024,
      code: '2024-M02',
      leaderName: '副检察长',
      leadDepartmentId: lead.id,
    })
    expect(again.statusCode).toBe(409)
    expect(await taskCount()).toBe(tasksBefore)
    // a task code already taken rolls the link back too
    const other = directives.find((x: Json) => x.status === 'kept' && x.id !== d.id)
    const taken = await as(env.app, office).post(`/api/meetings/${m.id}/directives/${other.id}/task`, {
      year: 2024,
      code: '2024-M01',
      leaderName: '副检察长',
      leadDepartmentId: lead.id,
    })
    expect(taken.statusCode).toBe(409)
    const still = (await as(env.app, office).get(`/api/meetings/${m.id}/directives`)).json()
    expect(still.find((x: Json) => x.id === other.id).taskId).toBeNull()
    // the meeting cannot be deleted once a directive became a task
    expect((await as(env.app, office).del(`/api/meetings/${m.id}`)).statusCode).toBe(409)
  })

  it('orders the agenda, and refuses an order that drops or repeats an item', async () => {
    const m = await demoMeeting()
    const agenda = (await as(env.app, office).get(`/api/meetings/${m.id}/agenda`)).json()
    const ids = agenda.map((a: Json) => a.id)
    const bad = await as(env.app, office).put(`/api/meetings/${m.id}/agenda/order`, { ids: ids.slice(1) })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('agenda_order_mismatch')
    const good = await as(env.app, office).put(`/api/meetings/${m.id}/agenda/order`, {
      ids: [ids[1], ids[0], ids[2], ids[3]],
    })
    expect(good.json().map((a: Json) => a.id)).toEqual([ids[1], ids[0], ids[2], ids[3]])
  })

  it('keeps meetings from those without the right and from other units', async () => {
    const m = await demoMeeting()
    expect((await as(env.app, bjLiaison).get('/api/meetings')).statusCode).toBe(403)
    expect((await as(env.app, bjLiaison).get(`/api/meetings/${m.id}`)).statusCode).toBe(403)
    // the leader reads but does not write
    expect((await as(env.app, leader).get(`/api/meetings/${m.id}`)).statusCode).toBe(200)
    expect((await as(env.app, leader).patch(`/api/meetings/${m.id}`, { title: '改' })).statusCode).toBe(403)
    expect((await as(env.app, leader).post(`/api/meetings/${m.id}/directives/propose`)).statusCode).toBe(403)
    // a provincial supervision office sees neither the supreme procuratorate's meetings nor can it touch them
    const ctx = systemCtx()
    const user = await users.create(
      env.db,
      ctx,
      {
        username: 'bj_ducha',
        displayName: '北京督查',
        unitId: await unitId(env.db, '110000'),
        password: DEMO_PASSWORD,
      },
      { mustChangePassword: false },
    )
    await users.grantRole(env.db, ctx, user.id, { role: 'supervision_office' }, { bootstrap: true })
    const bj = await login(env.app, 'bj_ducha')
    expect((await as(env.app, bj).get('/api/meetings')).json().total).toBe(0)
    expect((await as(env.app, bj).get(`/api/meetings/${m.id}`)).statusCode).toBe(404)
    expect((await as(env.app, bj).post(`/api/meetings/${m.id}/directives/propose`)).statusCode).toBe(404)
    const own = await as(env.app, bj).post('/api/meetings', { title: '北京院党组会', heldOn: '2024-08-01' })
    expect(own.json().unitName).toContain('北京')
    expect(
      (await as(env.app, office).get('/api/meetings?year=2024')).json().items.map((x: Json) => x.id),
    ).toContain(own.json().id)
    const wrongType = await upload(
      env.app,
      office,
      `/api/meetings/${m.id}/text`,
      {},
      {
        name: 'x.pdf',
        content: Buffer.from('%PDF-1.4'),
        type: 'application/pdf',
      },
    )
    expect(wrongType.statusCode).toBe(400)
    expect(wrongType.json().error.code).toBe('file_type_not_allowed')
  })
  it('freezes a generated report on an agenda item, with its as-of time, for those who read the meeting', async () => {
    const m = await demoMeeting()
    const agenda = (await as(env.app, office).get(`/api/meetings/${m.id}/agenda`)).json()
    const item = agenda.find((a: Json) => a.title.includes('第二轮'))
    const inspectionOffice = await login(env.app, 'xunshiban')
    const rounds = (await as(env.app, inspectionOffice).get('/api/rounds')).json().items
    const round2 = rounds.find((r: Json) => r.name === '2024年第二轮')
    // the supervision office may not generate the inspection report: refused, nothing attached
    const refused = await as(env.app, office).post(`/api/meetings/${m.id}/agenda/${item.id}/report`, {
      name: 'inspection-round',
      params: { roundId: round2.id },
    })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('report_forbidden')
    const bad = await as(env.app, inspectionOffice).post(`/api/meetings/${m.id}/agenda/${item.id}/report`, {
      name: 'inspection-round',
      params: {},
    })
    expect(bad.statusCode).toBe(400)
    const res = await as(env.app, inspectionOffice).post(`/api/meetings/${m.id}/agenda/${item.id}/report`, {
      name: 'inspection-round',
      params: { roundId: round2.id },
    })
    expect(res.statusCode, res.body).toBe(200)
    const attached = res.json().find((a: Json) => a.id === item.id)
    expect(attached).toMatchObject({ reportName: 'inspection-round', reportParams: { roundId: round2.id } })
    expect(attached.reportAsOf).toBeTruthy()
    const file = await as(env.app, leader).get(`/api/files/${attached.reportFileId}/download`)
    expect(file.statusCode).toBe(200)
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK')
    expect(
      (await as(env.app, bjLiaison).get(`/api/files/${attached.reportFileId}/download`)).statusCode,
    ).toBe(403)
    // nobody uploads over it
    const up = await upload(
      env.app,
      inspectionOffice,
      `/api/files?ownerType=meeting_agenda&ownerId=${item.id}`,
      {},
      { name: 'x.pdf', content: Buffer.from('%PDF-1.4 x') },
    )
    expect(up.statusCode).toBe(403)
  })
})
