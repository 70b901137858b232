import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  as,
  createTestEnv,
  login,
  otherInstance,
  userIdOf,
  type Instance,
  type Session,
  type TestEnv,
} from '../../test/harness'
import { systemCtx } from '../access/context'
import * as inspections from '../inspections/inspection.repository'
import { resolveSession } from './auth.service'
import * as sessions from './session.repository'

// Each instance keeps the sessions it resolved under the actors' version. Another instance over
// the same database must see every change to who a session is on its next request: a kept
// session that outlives such a change is a grant that outlives its revocation.
describe('sessions kept per instance', () => {
  let env: TestEnv
  let other: Instance
  let admin: Session
  let security: Session

  beforeAll(async () => {
    env = await createTestEnv()
    other = await otherInstance(env)
    admin = await login(env.app, 'sysadmin')
    // role grants are the security administrator's
    security = await login(env.app, 'secadmin')
  })
  afterAll(async () => {
    await other.close()
    await env.close()
  })

  const me = async (s: Session) => {
    const res = await as(other.app, s).get('/api/auth/me')
    return res.statusCode === 200
      ? (res.json() as { user: { displayName: string }; permissions: string[] })
      : res.statusCode
  }
  const token = (s: Session) => s.cookie.split('=')[1]!

  it('are read once, then served without reading the session again', async () => {
    const s = await login(env.app, 'ducha')
    await me(s)
    const version = await sessions.knownSessions.version(other.db)
    const kept = sessions.knownSessions.at(other.db, version)
    expect([...kept!.values()].some((k) => k.actor.username === 'ducha')).toBe(true)
    // what is kept is shared by requests and cannot be changed by one of them
    const a = (await resolveSession(other.db, env.config, token(s)))!.actor
    expect(Object.isFrozen(a) && Object.isFrozen(a.grants)).toBe(true)
  })

  it('see a revoked and a new role grant', async () => {
    const s = await login(env.app, 'yanjiushi')
    const roles = async () =>
      (await resolveSession(other.db, env.config, token(s)))!.actor.grants.map((g) => g.role)
    expect(await roles()).toEqual(['case_editor', 'case_reviewer'])
    const id = await userIdOf(env.db, 'yanjiushi')
    const grants = (await as(env.app, security).get(`/api/users/${id}/roles`)).json() as {
      id: string
      role: string
      scopeType: string | null
      scopeId: string | null
    }[]
    for (const g of grants)
      expect((await as(env.app, security).del(`/api/users/${id}/roles/${g.id}`)).statusCode).toBe(204)
    expect(await roles()).toEqual([])
    // the other instance's pages answer as the person now is
    expect((await as(other.app, s).get('/api/cases?page=1&pageSize=10')).statusCode).toBe(403)
    const g = grants[0]!
    const added = await as(env.app, security).post(`/api/users/${id}/roles`, {
      role: g.role,
      ...(g.scopeType && { scopeType: g.scopeType }),
      ...(g.scopeId && { scopeId: g.scopeId }),
    })
    expect(added.statusCode, added.body).toBe(201)
    expect(await roles()).toEqual([g.role])
    expect((await as(other.app, s).get('/api/cases?page=1&pageSize=10')).statusCode).toBe(200)
  })

  it('see a changed name and a disabled user', async () => {
    const s = await login(env.app, 'jianweihui')
    await me(s)
    const id = await userIdOf(env.db, 'jianweihui')
    expect(
      (await as(env.app, admin).patch(`/api/users/${id}`, { displayName: '纪检 新名' })).statusCode,
    ).toBe(200)
    const renamed = await me(s)
    expect(typeof renamed === 'object' && renamed.user.displayName).toBe('纪检 新名')
    expect((await as(env.app, admin).patch(`/api/users/${id}`, { status: 'disabled' })).statusCode).toBe(200)
    expect(await me(s)).toBe(401)
  })

  it('see a sign-out on another instance', async () => {
    const s = await login(env.app, 'leader')
    expect(typeof (await me(s))).toBe('object')
    expect((await as(env.app, s).post('/api/auth/logout')).statusCode).toBe(204)
    expect(await me(s)).toBe(401)
  })

  it('see a changed inspection team', async () => {
    const team = await env.db
      .selectFrom('teamMember')
      .select(['teamId', 'userId', 'position'])
      .orderBy('teamId')
      .executeTakeFirstOrThrow()
    const user = await env.db
      .selectFrom('appUser')
      .select('username')
      .where('id', '=', team.userId)
      .executeTakeFirstOrThrow()
    const s = await login(env.app, user.username)
    const teamRoles = async () =>
      (await resolveSession(other.db, env.config, token(s)))!.actor.grants.filter(
        (g) => g.scopeType === 'team',
      )
    expect((await teamRoles()).map((g) => g.scopeId)).toContain(team.teamId)
    const members = await env.db
      .selectFrom('teamMember')
      .select(['userId', 'position'])
      .where('teamId', '=', team.teamId)
      .where('userId', '!=', team.userId)
      .execute()
    await inspections.replaceMembers(env.db, team.teamId, members)
    expect((await teamRoles()).map((g) => g.scopeId)).not.toContain(team.teamId)
    await inspections.replaceMembers(env.db, team.teamId, [...members, team])
    expect((await teamRoles()).map((g) => g.scopeId)).toContain(team.teamId)
  })

  it('are not kept from inside a transaction', async () => {
    const s = await login(env.app, 'ducha')
    await other.db.transaction().execute(async (trx) => {
      expect(sessions.knownSessions.at(trx, await sessions.knownSessions.version(trx))).toBeNull()
      expect((await resolveSession(trx, env.config, token(s)))!.actor.username).toBe('ducha')
    })
    expect(systemCtx().actor).toBeNull()
  })
})
