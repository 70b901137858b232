// Chinese working days: Monday to Friday, less statutory holidays, plus the make-up working
// days (调休) that fall on weekends. Pure functions over a calendar the office maintains.

import { keptWith, remembered } from '../../bounded'

export type Calendar = { holidays: ReadonlySet<string>; workdays: ReadonlySet<string> }

export function calendarOf(days: readonly { date: string; kind: 'holiday' | 'workday' }[]): Calendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const DAY = 86_400_000

/**
 * Days since 1970-01-01 of a YYYY-MM-DD date, by arithmetic: a ledger page works out the overdue
 * days of every row, and parsing each date as a string into a Date took most of that time. It
 * asks for the same few dates (today, quarter ends, its rows' deadlines) over and over: their
 * numbers are kept, as many as ten years of days.
 */
export const dayNumber: (date: string) => number = remembered(4000, countDays)

function countDays(date: string): number {
  if (!DATE.test(date)) throw new RangeError(`not a date: ${date}`)
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  if (m < 1 || m > 12 || d < 1 || d > MONTH_DAYS[m - 1] + (leap ? 1 : 0))
    throw new RangeError(`not a date: ${date}`)
  // the proleptic Gregorian day count (Date.UTC would read years 0–99 as 1900–1999)
  const ys = m <= 2 ? y - 1 : y
  const era = Math.floor(ys / 400)
  const yoe = ys - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468
}

/** 0 for Sunday to 6 for Saturday; 1970-01-01 was a Thursday. */
function weekday(day: number) {
  return (((day + 4) % 7) + 7) % 7
}

function parse(date: string): Date {
  return new Date(dayNumber(date) * DAY)
}

function format(d: Date): string {
  return d.toISOString().slice(0, 10)
}

function shift(date: string, days: number): string {
  const d = parse(date)
  d.setUTCDate(d.getUTCDate() + days)
  return format(d)
}

export function isWorkingDay(date: string, cal: Calendar): boolean {
  if (cal.workdays.has(date)) return true
  if (cal.holidays.has(date)) return false
  const dow = weekday(dayNumber(date))
  return dow !== 0 && dow !== 6
}

/** The date `n` working days after `date` (before it when `n` is negative); `n = 0` is `date` itself. */
export function addWorkingDays(date: string, n: number, cal: Calendar): string {
  let d = date
  const step = n < 0 ? -1 : 1
  for (let left = Math.abs(n); left > 0;) {
    d = shift(d, step)
    if (isWorkingDay(d, cal)) left--
  }
  return d
}

/** Monday-to-Friday days in (from, to], by arithmetic: whole weeks, then the remainder. */
function weekdaysAfter(from: string, to: string): number {
  const a = dayNumber(from)
  const b = dayNumber(to)
  const days = b - a
  const weeks = Math.floor(days / 7)
  let n = weeks * 5
  for (let d = a + weeks * 7 + 1; d <= b; d++) {
    const dow = weekday(d)
    if (dow !== 0 && dow !== 6) n++
  }
  return n
}

// A calendar's exceptions to Monday-to-Friday, sorted once per calendar: a ledger computes
// overdue days for every row it shows, against the same calendar.
const exceptionsOf = keptWith((cal: Calendar) => ({
  off: [...cal.holidays].filter((h) => !cal.workdays.has(h) && isWeekday(h)).sort(),
  on: [...cal.workdays].filter((w) => !isWeekday(w)).sort(),
}))

/** How many of the sorted dates fall in (from, to]. */
function countIn(sorted: string[], from: string, to: string) {
  return upperBound(sorted, to) - upperBound(sorted, from)
}

function upperBound(sorted: string[], x: string) {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Working days in (from, to]: weekdays, less weekday holidays, plus weekend make-up days. */
function workingDaysAfter(from: string, to: string, cal: Calendar): number {
  const e = exceptionsOf(cal)
  return weekdaysAfter(from, to) - countIn(e.off, from, to) + countIn(e.on, from, to)
}

function isWeekday(date: string) {
  const dow = weekday(dayNumber(date))
  return dow !== 0 && dow !== 6
}

/**
 * The working days stepped over going from `from` to `to`: those after `from` up to and
 * including `to`, or, going back, those from `to` up to but excluding `from` (negative).
 * The inverse of `addWorkingDays`.
 */
export function workingDaysBetween(from: string, to: string, cal: Calendar): number {
  if (from === to) return 0
  if (from < to) return workingDaysAfter(from, to, cal)
  // [to, from) is (to - 1 day, from - 1 day]
  return -workingDaysAfter(shift(to, -1), shift(from, -1), cal)
}

/** Working days a deadline is overdue on `today` (0 when not yet past). */
export function overdueWorkingDays(deadline: string, today: string, cal: Calendar): number {
  return today > deadline ? workingDaysBetween(deadline, today, cal) : 0
}
