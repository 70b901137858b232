// Chinese working days: Monday to Friday, less statutory holidays, plus the make-up working
// days (调休) that fall on weekends. Pure functions over a calendar the office maintains.

export type Calendar = { holidays: ReadonlySet<string>; workdays: ReadonlySet<string> }

export function calendarOf(days: readonly { date: string; kind: 'holiday' | 'workday' }[]): Calendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
  }
}

function parse(date: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date: ${date}`)
  return new Date(`${date}T00:00:00Z`)
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
  const dow = parse(date).getUTCDay()
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

/**
 * The working days stepped over going from `from` to `to`: those after `from` up to and
 * including `to`, or, going back, those from `to` up to but excluding `from` (negative).
 * The inverse of `addWorkingDays`.
 */
export function workingDaysBetween(from: string, to: string, cal: Calendar): number {
  let n = 0
  if (from < to) {
    for (let d = shift(from, 1); d <= to; d = shift(d, 1)) if (isWorkingDay(d, cal)) n++
  } else {
    for (let d = to; d < from; d = shift(d, 1)) if (isWorkingDay(d, cal)) n--
  }
  return n
}

/** Working days a deadline is overdue on `today` (0 when not yet past). */
export function overdueWorkingDays(deadline: string, today: string, cal: Calendar): number {
  return today > deadline ? workingDaysBetween(deadline, today, cal) : 0
}
