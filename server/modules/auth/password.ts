import { hash, verify } from '@node-rs/argon2'
import { LIMITS } from '../../../common/limits'

export type PasswordRule = 'length' | 'classes' | 'username' | 'reused'

const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2)
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}

/** Rules a new password breaks, reuse aside: length ≥ 10, three character classes, not the username. */
export function passwordRuleFailures(password: string, username: string): PasswordRule[] {
  const failures: PasswordRule[] = []
  if ([...password].length < LIMITS.passwordMin) failures.push('length')
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length
  if (classes < 3) failures.push('classes')
  if (username && password.toLowerCase().includes(username.toLowerCase())) failures.push('username')
  return failures
}

/** True when `password` matches one of the given earlier hashes. */
export async function reusesAny(password: string, previous: string[]): Promise<boolean> {
  for (const h of previous) if (await verifyPassword(h, password)) return true
  return false
}

/** A hash to verify against when the username is unknown, so both paths cost the same. */
let dummy: Promise<string> | null = null
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('duban-no-such-user-' + Math.random())
  return dummy
}
