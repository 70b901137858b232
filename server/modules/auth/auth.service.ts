import crypto from 'node:crypto'
import * as OTPAuth from 'otpauth'
import { v7 as uuidv7 } from 'uuid'
import { LIMITS } from '../../../common/limits'
import type { Role } from '../../../common/roles'
import type { Config } from '../../config'
import type { DB } from '../../db/database'
import { AppError, badRequest } from '../../errors'
import type { Actor, Ctx } from '../access/context'
import { requireActor } from '../access/policy'
import * as audit from '../audit/audit.service'
import * as users from '../orgs/user.repository'
import { dummyHash, hashPassword, passwordRuleFailures, reusesAny, verifyPassword } from './password'
import * as sessions from './session.repository'
import { readVersions, type Versions } from '../../db/versioned'
import { keep } from '../../bounded'

const LOGIN_FAILED = '用户名或密码错误；连续失败5次账户将锁定30分钟'
const loginFailed = () => new AppError(401, 'login_failed', LOGIN_FAILED)

export function tokenId(token: string) {
  return crypto.hash('sha256', token, 'hex')
}

function totpFor(secret: string, username: string) {
  return new OTPAuth.TOTP({
    issuer: 'Duban',
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secret),
  })
}

function otpValid(secret: string, username: string, otp: string) {
  return totpFor(secret, username).validate({ token: otp, window: 1 }) !== null
}

type LoginOutcome =
  { ok: true; token: string; csrfToken: string; userId: string } | { ok: false; error: AppError }

/** Verifies credentials, counts failures, locks after five, and opens a session. */
export async function login(
  db: DB,
  config: Config,
  ctx: Ctx,
  input: { username: string; password: string; otp?: string },
  meta: { userAgent: string | null },
) {
  const user = await users.findCredentials(db, input.username)
  const now = new Date()
  const nowIso = now.toISOString()
  const fail = async (
    reason: string,
    extra: (trx: DB) => Promise<void> = async () => {},
    error = loginFailed(),
  ) => {
    await db.transaction().execute(async (trx) => {
      await extra(trx)
      await audit.record(trx, ctx, {
        action: 'auth.login',
        outcome: 'failure',
        actorUsername: input.username,
        actorId: user?.id ?? null,
        unitId: user?.unitId ?? null,
        objectType: 'user',
        objectId: user?.id ?? null,
        details: { reason },
      })
    })
    return { ok: false, error } satisfies LoginOutcome
  }

  let outcome: LoginOutcome
  if (!user) {
    await verifyPassword(await dummyHash(), input.password)
    outcome = await fail('unknown_user')
  } else if (user.lockedUntil && user.lockedUntil > nowIso) {
    await verifyPassword(await dummyHash(), input.password)
    outcome = await fail('locked')
  } else if (!(await verifyPassword(user.passwordHash, input.password))) {
    outcome = await fail('bad_password', (trx) => countFailure(trx))
  } else if (user.status !== 'active') {
    outcome = await fail('disabled')
  } else if (user.totpEnabled && user.totpSecret && !input.otp) {
    // The password was right; the attempt is still recorded.
    outcome = await fail('otp_required', async () => {}, new AppError(401, 'otp_required', '请输入动态口令'))
  } else if (user.totpEnabled && user.totpSecret && !otpValid(user.totpSecret, user.username, input.otp!)) {
    // Wrong codes count towards the lockout like wrong passwords, so six digits cannot be guessed.
    outcome = await fail(
      'bad_otp',
      (trx) => countFailure(trx),
      new AppError(401, 'otp_invalid', '动态口令不正确'),
    )
  } else {
    outcome = await openSession()
  }
  if (!outcome.ok) throw outcome.error
  return outcome

  async function countFailure(trx: DB) {
    if (!user) return
    {
      if (user.lockedUntil) await users.update(trx, user.id, { failedLogins: 0, lockedUntil: null })
      const failures = await users.incrementFailures(trx, user.id)
      if (failures >= LIMITS.lockoutFailures) {
        const until = new Date(now.getTime() + LIMITS.lockoutMinutes * 60_000).toISOString()
        await users.update(trx, user.id, { lockedUntil: until, failedLogins: 0 })
        await audit.record(trx, ctx, {
          action: 'auth.lockout',
          outcome: 'failure',
          actorUsername: user.username,
          actorId: user.id,
          unitId: user.unitId,
          objectType: 'user',
          objectId: user.id,
          details: { failures, until },
        })
      }
    }
  }

  async function openSession(): Promise<LoginOutcome> {
    if (!user) throw loginFailed()
    const token = crypto.randomBytes(32).toString('base64url')
    const csrfToken = crypto.randomBytes(24).toString('base64url')
    await db.transaction().execute(async (trx) => {
      await users.update(trx, user.id, { failedLogins: 0, lockedUntil: null })
      await sessions.insert(trx, {
        id: tokenId(token),
        userId: user.id,
        csrfToken,
        createdAt: nowIso,
        lastSeenAt: nowIso,
        expiresAt: new Date(now.getTime() + config.sessionAbsoluteMs).toISOString(),
        ip: ctx.ip,
        userAgent: meta.userAgent?.slice(0, 400) ?? null,
      })
      await audit.record(trx, ctx, {
        action: 'auth.login',
        actorUsername: user.username,
        actorId: user.id,
        unitId: user.unitId,
        objectType: 'user',
        objectId: user.id,
      })
    })
    return { ok: true, token, csrfToken, userId: user.id }
  }
}

export async function logout(db: DB, ctx: Ctx) {
  const actor = requireActor(ctx)
  await db.transaction().execute(async (trx) => {
    await sessions.remove(trx, actor.sessionId)
    await audit.record(trx, ctx, { action: 'auth.logout', objectType: 'user', objectId: actor.id })
  })
}

/**
 * Resolves a cookie token to the acting person, or null when the session is unknown,
 * idle too long, past its absolute lifetime, or its user is disabled.
 */
export async function resolveSession(
  db: DB,
  config: Config,
  token: string,
): Promise<{ actor: Actor; csrfToken: string; versions: Versions } | null> {
  const id = tokenId(token)
  const now = Date.now()
  const idle = config.sessionIdleMs
  // The version first: a session kept under it is never older than it. A kept session's last
  // use is never later than the stored one, so one that looks alive here is alive there too;
  // one that looks idle is read again (another instance may have seen it since). The other
  // versions come in the same read, for the request's caches.
  const versions = await readVersions(db)
  const version = versions.actors
  let known = sessions.knownSessions.at(db, version)?.get(id)
  if (!known || !alive(known, now, idle)) {
    known = (await readSession(db, id)) ?? undefined
    if (!known) return null
    if (!alive(known, now, idle)) {
      await sessions.remove(db, id)
      return null
    }
    const kept = sessions.knownSessions.at(db, version)
    if (kept) keep(kept, KNOWN_SESSIONS, id, known)
  }
  if (now - known.lastSeenMs > 60_000) {
    const at = new Date(now).toISOString()
    await sessions.touch(db, id, at)
    known.lastSeenAt = at
    known.lastSeenMs = now
  }
  return { actor: known.actor, csrfToken: known.csrfToken, versions }
}

/** Whether a session is in use: active, before its end and not idle too long (times in ms). */
function alive(s: sessions.KnownSession, now: number, idleMs: number) {
  return s.status === 'active' && s.expiresMs > now && s.lastSeenMs + idleMs > now
}

const KNOWN_SESSIONS = 10_000

async function readSession(db: DB, id: string): Promise<sessions.KnownSession | null> {
  const s = await sessions.findWithUser(db, id)
  if (!s) return null
  const grants = await users.actorGrants(db, s.userId)
  const actor: Actor = {
    id: s.userId,
    username: s.username,
    displayName: s.displayName,
    unitId: s.unitId,
    unitPath: s.unitPath,
    mustChangePassword: !!s.mustChangePassword,
    grants: grants.map((g) => ({
      role: g.role as Role,
      scopeType: g.scopeType,
      scopeId: g.scopeId,
      scopePath: g.scopePath,
    })),
    sessionId: id,
  }
  // shared by the requests of this session until the actors' version moves on
  for (const g of actor.grants) Object.freeze(g)
  Object.freeze(actor.grants)
  Object.freeze(actor)
  return {
    csrfToken: s.csrfToken,
    lastSeenAt: s.lastSeenAt,
    lastSeenMs: Date.parse(s.lastSeenAt),
    expiresMs: Date.parse(s.expiresAt),
    status: s.status,
    actor,
  }
}

export async function changePassword(
  db: DB,
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string },
) {
  const actor = requireActor(ctx)
  const creds = await users.findCredentialsById(db, actor.id)
  if (!creds) throw loginFailed()
  if (!(await verifyPassword(creds.passwordHash, input.currentPassword))) {
    await audit.recordAlone(db, ctx, {
      action: 'auth.change_password',
      outcome: 'failure',
      objectType: 'user',
      objectId: actor.id,
      details: { reason: 'bad_current' },
    })
    throw badRequest('invalid_password', '当前密码不正确')
  }
  const rules: string[] = passwordRuleFailures(input.newPassword, actor.username)
  const previous = await users.recentPasswordHashes(db, actor.id, LIMITS.passwordHistory)
  if (!previous.includes(creds.passwordHash)) previous.unshift(creds.passwordHash)
  if (await reusesAny(input.newPassword, previous.slice(0, LIMITS.passwordHistory))) rules.push('reused')
  if (rules.length) {
    throw badRequest(
      'password_policy',
      '新密码不符合要求：至少10位，包含大小写字母、数字、符号中的三类，不含用户名，且不能与最近5次密码相同',
      { rules },
    )
  }
  const passwordHash = await hashPassword(input.newPassword)
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    await users.update(trx, actor.id, {
      passwordHash,
      mustChangePassword: 0,
      passwordChangedAt: now,
      updatedAt: now,
    })
    await users.addPasswordHistory(trx, { id: uuidv7(), userId: actor.id, passwordHash, createdAt: now })
    await sessions.removeForUser(trx, actor.id, actor.sessionId)
    await audit.record(trx, ctx, { action: 'auth.change_password', objectType: 'user', objectId: actor.id })
  })
}

export async function totpSetup(db: DB, ctx: Ctx) {
  const actor = requireActor(ctx)
  const secret = new OTPAuth.Secret({ size: 20 }).base32
  await db.transaction().execute(async (trx) => {
    await users.update(trx, actor.id, { totpPendingSecret: secret })
    await audit.record(trx, ctx, { action: 'auth.totp_setup', objectType: 'user', objectId: actor.id })
  })
  return { secret, uri: totpFor(secret, actor.username).toString() }
}

export async function totpEnable(db: DB, ctx: Ctx, otp: string) {
  const actor = requireActor(ctx)
  const creds = await users.findCredentialsById(db, actor.id)
  if (!creds?.totpPendingSecret) throw badRequest('totp_not_setup', '请先生成动态口令密钥')
  if (!otpValid(creds.totpPendingSecret, actor.username, otp))
    throw badRequest('otp_invalid', '动态口令不正确')
  await db.transaction().execute(async (trx) => {
    await users.update(trx, actor.id, {
      totpSecret: creds.totpPendingSecret,
      totpPendingSecret: null,
      totpEnabled: 1,
    })
    await audit.record(trx, ctx, { action: 'auth.totp_enable', objectType: 'user', objectId: actor.id })
  })
}

export async function totpDisable(db: DB, ctx: Ctx, password: string) {
  const actor = requireActor(ctx)
  const creds = await users.findCredentialsById(db, actor.id)
  if (!creds || !(await verifyPassword(creds.passwordHash, password)))
    throw badRequest('invalid_password', '密码不正确')
  await db.transaction().execute(async (trx) => {
    await users.update(trx, actor.id, { totpSecret: null, totpPendingSecret: null, totpEnabled: 0 })
    await audit.record(trx, ctx, { action: 'auth.totp_disable', objectType: 'user', objectId: actor.id })
  })
}

/** Current TOTP code for a secret; used by tests and the CLI. */
export function currentOtp(secret: string, username: string) {
  return totpFor(secret, username).generate()
}
