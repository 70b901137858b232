import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DB } from '../../db/database'
import { as, createTestEnv, engine, login, type TestEnv } from '../../test/harness'
import { JobRunner } from '../jobs/job-runner'
import { emailHandler } from '../notifications/email'
import { scheduleSweep, sweepHandler } from './reminders'

let env: TestEnv
let smtp: SMTPServer
let smtpUrl: string
const received: { to: string; subject: string }[] = []
const TODAY = '2024-10-08' // the Tuesday after the National Day holiday

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')))
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(','),
          subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '',
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?ignoreTLS=true`
  env = await createTestEnv({ smtpUrl })
  await env.db
    .updateTable('appUser')
    .set({ email: 'tj-liaison@example.org' })
    .where('username', '=', 'tj_liaison')
    .execute()
  await env.db
    .updateTable('appUser')
    .set({ email: 'tj-leader@example.org' })
    .where('username', '=', 'tj_leader')
    .execute()
  const open = await env.db
    .selectFrom('rectificationMeasure as m')
    .innerJoin('finding as f', 'f.id', 'm.findingId')
    .select('m.id')
    .where('m.status', '=', 'open')
    .where('f.status', '=', 'rectifying')
    .orderBy('m.id')
    .execute()
  expect(open.length).toBeGreaterThanOrEqual(3)
  const deadlines = ['2024-10-10', TODAY, '2024-09-30'] // before, due, one working day overdue
  for (const [i, m] of open.entries()) {
    await env.db
      .updateTable('rectificationMeasure')
      .set({ deadline: deadlines[i] ?? '2030-01-01' })
      .where('id', '=', m.id)
      .execute()
  }
})
afterAll(async () => {
  await env.close()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

function instance(db: DB) {
  return new JobRunner(
    db,
    {
      'reminder.sweep': sweepHandler({ email: true, today: () => TODAY }),
      'email.send': emailHandler(smtpUrl, 'duban@example.org'),
    },
    (d) => scheduleSweep(d, TODAY),
  )
}

describe('reminders', () => {
  it('remind each responsible person once, by app and e-mail, with two instances sweeping at once', async () => {
    // On PostgreSQL the second instance has a connection pool of its own; embedded SQLite is
    // one process, so there the two runners share its connection.
    const second =
      engine === 'postgres' ? openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir }) : env.db
    try {
      const [a, b] = [instance(env.db), instance(second)]
      for (let round = 0; round < 3; round++) await Promise.all([a.tick(), b.tick()])
      await Promise.all([a.tick(), b.tick()])
    } finally {
      if (second !== env.db) await second.destroy()
    }
    const notes = await env.db.selectFrom('notification').select(['userId', 'kind', 'dedupeKey']).execute()
    expect(notes).toHaveLength(6)
    expect(notes.map((n) => n.kind).sort()).toEqual([
      'reminder.before',
      'reminder.before',
      'reminder.due',
      'reminder.due',
      'reminder.overdue',
      'reminder.overdue',
    ])
    expect(received).toHaveLength(6)
    expect(new Set(received.map((r) => r.to))).toEqual(
      new Set(['tj-liaison@example.org', 'tj-leader@example.org']),
    )
    const jobs = await env.db.selectFrom('job').select(['kind', 'status']).execute()
    expect(jobs.filter((j) => j.kind === 'reminder.sweep')).toHaveLength(1)
    expect(jobs.filter((j) => j.kind === 'email.send')).toHaveLength(6)
    expect(jobs.every((j) => j.status === 'done')).toBe(true)
  })

  it('shows the reminders in the app and lets the office urge by hand', async () => {
    const liaison = await login(env.app, 'tj_liaison')
    const mine = (await as(env.app, liaison).get('/api/notifications?unread=1')).json()
    expect(mine.unread).toBe(3)
    expect(mine.items[0].body).toContain('天津市人民检察院')
    const office = await login(env.app, 'xunshiban')
    const measure = (await as(env.app, office).get(`/api/measures?status=open&sort=deadline`)).json().items[0]
    expect(
      (await as(env.app, liaison).post(`/api/measures/${measure.id}/urge`, { message: '越权催办' }))
        .statusCode,
    ).toBe(403)
    const urged = await as(env.app, office).post(`/api/measures/${measure.id}/urge`, {
      message: '请于本周内报送整改进展',
    })
    expect(urged.json().recipients).toBe(2)
    const after = (await as(env.app, liaison).get('/api/notifications')).json()
    expect(after.unread).toBe(4)
    expect(after.items[0]).toMatchObject({ kind: 'urge', title: '巡视办催办' })
    expect((await as(env.app, liaison).post(`/api/notifications/${after.items[0].id}/read`)).statusCode).toBe(
      204,
    )
    const other = await login(env.app, 'tj_leader')
    expect((await as(env.app, other).post(`/api/notifications/${after.items[1].id}/read`)).statusCode).toBe(
      404,
    )
    expect((await as(env.app, liaison).post('/api/notifications/read-all')).statusCode).toBe(204)
    expect((await as(env.app, liaison).get('/api/notifications?unread=1')).json().unread).toBe(0)
  })
})
