import { describe, expect, it } from 'vitest'
import { inTurns, oneByOne } from './turns'

describe('oneByOne', () => {
  it('reads each item in order, with a turn of the event loop before each read', async () => {
    const log: string[] = []
    // reads that answer at once, as SQLite's do: without the turns nothing else would run
    const read = async (item: number) => {
      log.push(`read ${item}`)
      setImmediate(() => log.push(`other after ${item}`))
      return [item, item * 10]
    }
    expect(await oneByOne([1, 2, 3], read)).toEqual([1, 10, 2, 20, 3, 30])
    expect(log).toEqual(['read 1', 'other after 1', 'read 2', 'other after 2', 'read 3'])
    expect(await oneByOne([], read)).toEqual([])
  })
})

describe('inTurns', () => {
  const reads = (log: string[]) =>
    [1, 2, 3].map((n) => async () => {
      log.push(`read ${n}`)
      setImmediate(() => log.push(`other after ${n}`))
      await Promise.resolve()
      log.push(`done ${n}`)
      return n * 10
    })

  it('apart, runs one read at a time with a turn of the event loop before each', async () => {
    const log: string[] = []
    expect(await inTurns(true, reads(log))).toEqual([10, 20, 30])
    expect(log).toEqual([
      'read 1',
      'done 1',
      'other after 1',
      'read 2',
      'done 2',
      'other after 2',
      'read 3',
      'done 3',
    ])
  })

  it('otherwise, starts every read at once', async () => {
    const log: string[] = []
    expect(await inTurns(false, reads(log))).toEqual([10, 20, 30])
    expect(log.slice(0, 3)).toEqual(['read 1', 'read 2', 'read 3'])
    expect(log).not.toContain('other after 1')
  })
})
