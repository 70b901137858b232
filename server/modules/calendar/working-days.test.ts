import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CALENDAR_SEED } from '../../db/migrations/0010-calendar-seed'
import {
  addWorkingDays,
  calendarOf,
  dayNumber,
  isWorkingDay,
  overdueWorkingDays,
  workingDaysBetween,
} from './working-days'

const cal = calendarOf(CALENDAR_SEED)

describe('Chinese working days', () => {
  it('skips the National Day holiday and counts its make-up working days (2024)', () => {
    expect(isWorkingDay('2024-09-29', cal)).toBe(true) // Sunday, 调休 workday
    expect(isWorkingDay('2024-10-01', cal)).toBe(false)
    expect(isWorkingDay('2024-10-12', cal)).toBe(true) // Saturday, 调休 workday
    expect(addWorkingDays('2024-09-27', 1, cal)).toBe('2024-09-29')
    expect(addWorkingDays('2024-09-29', 1, cal)).toBe('2024-09-30')
    expect(addWorkingDays('2024-09-30', 1, cal)).toBe('2024-10-08')
    expect(addWorkingDays('2024-10-08', -1, cal)).toBe('2024-09-30')
    expect(workingDaysBetween('2024-09-27', '2024-10-08', cal)).toBe(3)
  })

  it('treats an ordinary weekend as rest and the Spring Festival week as holiday (2025)', () => {
    expect(addWorkingDays('2025-01-24', 1, cal)).toBe('2025-01-26') // Sunday make-up day
    expect(addWorkingDays('2025-01-27', 1, cal)).toBe('2025-02-05')
    expect(addWorkingDays('2025-03-07', 1, cal)).toBe('2025-03-10')
  })

  it('counts overdue working days only after the deadline', () => {
    expect(overdueWorkingDays('2024-09-30', '2024-09-30', cal)).toBe(0)
    expect(overdueWorkingDays('2024-09-30', '2024-10-08', cal)).toBe(1)
    expect(overdueWorkingDays('2024-10-08', '2024-09-30', cal)).toBe(0)
  })

  it('is consistent: adding n working days spans exactly n working days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -40, max: 40 }), (offset, n) => {
        const start = new Date(Date.UTC(2024, 0, 1 + offset)).toISOString().slice(0, 10)
        const end = addWorkingDays(start, n, cal)
        return workingDaysBetween(start, end, cal) === n && (n === 0 || isWorkingDay(end, cal))
      }),
    )
  })

  it('counts long spans by arithmetic exactly as a day-by-day walk does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: -900, max: 900 }), (offset, span) => {
        const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10)
        const [from, to] = [day(offset), day(offset + span)]
        let walked = 0
        for (let i = 1; i <= Math.abs(span); i++) {
          const d = span > 0 ? day(offset + i) : day(offset + span + i - 1)
          if (isWorkingDay(d, cal)) walked += span > 0 ? 1 : -1
        }
        return workingDaysBetween(from, to, cal) === walked
      }),
      { numRuns: 300 },
    )
  })

  it('numbers every day as Date does, asked once or again, past as many days as are kept', () => {
    const from = dayNumber('2000-01-01')
    expect(from).toBe(Date.UTC(2000, 0, 1) / 86_400_000)
    for (let round = 0; round < 2; round++)
      for (let n = 0; n < 10_000; n++) {
        const date = new Date((from + n) * 86_400_000).toISOString().slice(0, 10)
        if (dayNumber(date) !== from + n) expect(dayNumber(date), date).toBe(from + n)
      }
  })

  it('refuses what is not a date, each time it is asked', () => {
    expect(() => addWorkingDays('2024/10/01', 1, cal)).toThrow(RangeError)
    for (let round = 0; round < 2; round++)
      for (const impossible of [
        '2023-02-29',
        '2024-02-30',
        '2024-04-31',
        '2024-13-01',
        '2024-00-10',
        '2024-01-00',
      ])
        expect(() => isWorkingDay(impossible, cal), impossible).toThrow(RangeError)
    expect(isWorkingDay('2024-02-29', cal)).toBe(true) // a leap day, a Thursday
  })

  it('knows the weekday of any date from year 1 to 9999, leap days included, as Date does', () => {
    const empty = calendarOf([])
    const first = -719_162 // 0001-01-01, in days from 1970-01-01
    fc.assert(
      fc.property(fc.integer({ min: first, max: 2_932_896 }), (n) => {
        const date = new Date(n * 86_400_000)
        const dow = date.getUTCDay()
        return isWorkingDay(date.toISOString().slice(0, 10), empty) === (dow !== 0 && dow !== 6)
      }),
      { numRuns: 3000 },
    )
    for (const [from, to, n] of [
      ['0050-03-01', '0050-03-08', 5],
      ['1999-12-31', '2000-01-03', 1],
    ] as const)
      expect(workingDaysBetween(from, to, empty), `${from} ${to}`).toBe(n)
  })
})
