import { describe, expect, it } from 'vitest'
import { median, paired, type Result } from './paired'

const result = (rps: number, p99 = 10): Result => ({ rps, p50: 1, p99, errors: 0 })

describe('paired', () => {
  it('takes the median of an odd and an even count', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('runs the two in turns, each round as a pair, and takes the median ratio', async () => {
    const calls: string[] = []
    // round 1 is disturbed on Duban's side only: its ratio is the outlier the median drops
    const duban = [600, 200, 620]
    const bare = [1000, 1000, 1000]
    const got = await paired(3, async (which, round) => {
      calls.push(`${which}${round}`)
      return result(which === 'duban' ? duban[round] : bare[round], which === 'duban' ? 20 + round : 5)
    })
    expect(calls).toEqual(['duban0', 'bare0', 'bare1', 'duban1', 'duban2', 'bare2'])
    expect(got.ratio).toBeCloseTo(0.6)
    expect(got.low).toBeCloseTo(0.2)
    expect(got.high).toBeCloseTo(0.62)
    expect(got.duban.rps).toBe(600)
    expect(got.duban.p99).toBe(21)
    expect(got.bare.rps).toBe(1000)
  })

  it('starts with the side asked for', async () => {
    const calls: string[] = []
    await paired(2, async (which, round) => (calls.push(`${which}${round}`), result(100)), 'bare')
    expect(calls).toEqual(['bare0', 'duban0', 'duban1', 'bare1'])
  })

  it('adds up the errors of every round', async () => {
    const got = await paired(2, async (which) => ({ ...result(100), errors: which === 'duban' ? 2 : 1 }))
    expect(got.duban.errors).toBe(4)
    expect(got.bare.errors).toBe(2)
  })
})
