import { describe, expect, it } from 'vitest'
import { oneByOne } from './turns'

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
