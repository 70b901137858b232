import { describe, expect, it } from 'vitest'
import { roundOptions } from './rounds'

describe('round picker options', () => {
  it('name the organizer where rounds of several organizers share a name', () => {
    const options = roundOptions([
      { id: 'a', name: '2026年第一轮', organizerUnitName: '最高人民检察院' },
      { id: 'b', name: '2026年第一轮', organizerUnitName: '广东省人民检察院' },
      { id: 'c', name: '2026年第二轮', organizerUnitName: '最高人民检察院' },
      { id: 'd', name: '2025年第一轮', organizerUnitName: '广东省人民检察院' },
    ])
    expect(options).toEqual([
      { value: 'a', label: '2026年第一轮（最高人民检察院）' },
      { value: 'b', label: '2026年第一轮（广东省人民检察院）' },
      { value: 'c', label: '2026年第二轮' },
      { value: 'd', label: '2025年第一轮' },
    ])
  })

  it('leave names alone when one organizer runs them all', () => {
    const options = roundOptions([
      { id: 'a', name: '2026年第一轮', organizerUnitName: '最高人民检察院' },
      { id: 'b', name: '2025年第一轮', organizerUnitName: '最高人民检察院' },
    ])
    expect(options.map((o) => o.label)).toEqual(['2026年第一轮', '2025年第一轮'])
    expect(roundOptions([])).toEqual([])
  })
})
