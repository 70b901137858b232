import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, createTestEnv, login, type Session, type TestEnv } from './harness'

// A PATCH changes the fields it names and nothing else: fields with a default on creation
// (description, cooperators, milestones, persons and matters, a meeting's text) are not reset.
let env: TestEnv
let office: Session
type Json = Record<string, any>

beforeAll(async () => {
  env = await createTestEnv()
  office = await login(env.app, 'ducha')
})
afterAll(() => env.close())

describe('partial updates keep what they do not name', () => {
  it('keeps a task’s description, cooperators and milestones when only the title changes', async () => {
    const t = (await as(env.app, office).get('/api/tasks?q=2024-01')).json().items[0]
    const before = (await as(env.app, office).get(`/api/tasks/${t.id}`)).json()
    expect(before.cooperators.length).toBeGreaterThan(0)
    const res = await as(env.app, office).patch(`/api/tasks/${t.id}`, { title: `${before.title}（修订）` })
    expect(res.statusCode).toBe(200)
    const after = res.json()
    expect(after.description).toBe(before.description)
    expect(after.cooperators).toEqual(before.cooperators)
    expect(after.milestones).toEqual(before.milestones)
  })

  it('keeps a draft finding’s persons and matters when only the title changes', async () => {
    const member5 = await login(env.app, 'xs_zuyuan5')
    const draft = (await as(env.app, member5).get('/api/findings?status=draft&pageSize=1')).json().items[0]
    expect(draft.personsMatters).not.toBe('')
    const res = await as(env.app, member5).patch(`/api/findings/${draft.id}`, { title: '标题修订' })
    expect(res.statusCode).toBe(200)
    expect(res.json().personsMatters).toBe(draft.personsMatters)
  })

  it('keeps a meeting’s text, kind and attendees when only the location changes', async () => {
    const m = (await as(env.app, office).get('/api/meetings')).json().items[0]
    const before = (await as(env.app, office).get(`/api/meetings/${m.id}`)).json()
    const res = await as(env.app, office).patch(`/api/meetings/${m.id}`, { location: '第一会议室' })
    expect(res.statusCode).toBe(200)
    const after = res.json() as Json
    expect(after).toMatchObject({ location: '第一会议室', kind: before.kind, attendees: before.attendees })
    expect(after.text).toBe(before.text)
    const directives = (await as(env.app, office).get(`/api/meetings/${m.id}/directives`)).json()
    expect(directives.length).toBeGreaterThan(0)
  })
})
