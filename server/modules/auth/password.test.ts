import { describe, expect, it } from 'vitest'
import { hashPassword, passwordRuleFailures, reusesAny, verifyPassword } from './password'

describe('password policy', () => {
  it('needs ten characters', () => {
    expect(passwordRuleFailures('Ab1!Ab1!A', 'zhang')).toEqual(['length'])
    expect(passwordRuleFailures('Ab1!Ab1!Ab', 'zhang')).toEqual([])
  })
  it('needs three of four character classes', () => {
    expect(passwordRuleFailures('abcdefghijk', 'zhang')).toEqual(['classes'])
    expect(passwordRuleFailures('abcdefghij1', 'zhang')).toEqual(['classes'])
    expect(passwordRuleFailures('abcdefghi1A', 'zhang')).toEqual([])
    expect(passwordRuleFailures('abcdefghi1!', 'zhang')).toEqual([])
    expect(passwordRuleFailures('检察院检察院检察院1a', 'zhang')).toEqual([])
  })
  it('refuses the username inside the password, in any case', () => {
    expect(passwordRuleFailures('ZhangSan#2024', 'zhangsan')).toEqual(['username'])
  })
  it('hashes with argon2id and detects reuse', async () => {
    const h = await hashPassword('Reuse#Pass2024')
    expect(h.startsWith('$argon2id$')).toBe(true)
    expect(await verifyPassword(h, 'Reuse#Pass2024')).toBe(true)
    expect(await verifyPassword(h, 'other')).toBe(false)
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false)
    expect(await reusesAny('Reuse#Pass2024', [h])).toBe(true)
    expect(await reusesAny('Fresh#Pass2024', [h])).toBe(false)
  })
})
