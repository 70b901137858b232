import { describe, expect, it } from 'vitest'
import { keep, keptWith, remembered } from './bounded'

describe('keep', () => {
  it('holds at most the limit, dropping the entry put first', () => {
    const m = new Map<string, number>()
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) expect(keep(m, 3, k, i)).toBe(i)
    expect([...m.keys()]).toEqual(['b', 'c', 'd'])
  })

  it('replaces a kept key in place, dropping nothing', () => {
    const m = new Map([
      ['a', 1],
      ['b', 2],
    ])
    keep(m, 2, 'a', 3)
    expect([...m.entries()]).toEqual([
      ['a', 3],
      ['b', 2],
    ])
  })
})

describe('remembered', () => {
  it('works an answer out once while it is kept, and again after it is dropped', () => {
    const calls: number[] = []
    const square = remembered(2, (n: number) => (calls.push(n), n * n))
    expect([square(2), square(2), square(3), square(4), square(2)]).toEqual([4, 4, 9, 16, 4])
    expect(calls).toEqual([2, 3, 4, 2])
  })
})

describe('keptWith', () => {
  it('works an answer out once per object, and apart for each object', () => {
    const seen: object[] = []
    const sizeOf = keptWith((o: { items: number[] }) => (seen.push(o), o.items.length))
    const a = { items: [1, 2] }
    const b = { items: [1, 2, 3] }
    expect([sizeOf(a), sizeOf(a), sizeOf(b), sizeOf(a)]).toEqual([2, 2, 3, 2])
    expect(seen).toEqual([a, b])
  })
})
