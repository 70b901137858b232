// The status light of a key supervised task, computed, never typed: done; red when
// overdue or a quarterly report is missing after its deadline; yellow when behind the
// expected progress to date (序时进度) or due within a few working days; green otherwise.
import type { Light, LightRule, Milestone } from '../../../common/tasks'
import type { TaskTable } from '../../db/schema'
import { addWorkingDays, dayNumber, workingDaysBetween, type Calendar } from '../calendar/working-days'
import { keep, keptWith } from '../../bounded'

export const QUARTER_END = ['03-31', '06-30', '09-30', '12-31'] as const

export function quarterEnd(year: number, quarter: number) {
  return `${year}-${QUARTER_END[quarter - 1]}`
}

// Due dates by calendar (a calendar is kept until it changes): a ledger page lights 20 tasks of
// one year, each asking for the same few quarters, and counting working days costs about 20 µs.
const dueDates = keptWith((_: Calendar) => new Map<string, string>())

/** When a quarter's report is due: a number of working days after the quarter ends. */
export function reportDue(year: number, quarter: number, rule: LightRule, cal: Calendar) {
  const known = dueDates(cal)
  const key = `${year}:${quarter}:${rule.reportDueWorkingDays}`
  let due = known.get(key)
  if (due === undefined) {
    due = keep(known, 1000, key, addWorkingDays(quarterEnd(year, quarter), rule.reportDueWorkingDays, cal))
  }
  return due
}

/**
 * Expected progress on `today`: the milestones' expected progress at each quarter's end,
 * interpolated linearly from 0 at the start of the year; without milestones, linear to the deadline.
 */
export function expectedProgress(
  year: number,
  deadline: string,
  milestones: readonly Milestone[],
  today: string,
): number {
  const start = `${year}-01-01`
  if (today <= start) return 0
  const points: [string, number][] = [[start, 0]]
  if (milestones.length) {
    for (const m of [...milestones].sort((a, b) => a.quarter - b.quarter))
      points.push([quarterEnd(year, m.quarter), m.expectedProgress])
  } else {
    points.push([deadline, 100])
  }
  for (let i = 1; i < points.length; i++) {
    const [d0, p0] = points[i - 1]
    const [d1, p1] = points[i]
    if (today <= d1)
      return Math.round(
        p0 + ((p1 - p0) * (dayNumber(today) - dayNumber(d0))) / Math.max(1, dayNumber(d1) - dayNumber(d0)),
      )
  }
  return points[points.length - 1][1]
}

export type LightInput = {
  year: number
  status: 'active' | 'done'
  deadline: string
  milestones: readonly Milestone[]
  progress: number
  /** Quarters whose report has been submitted or accepted. */
  reportedQuarters: readonly number[]
}

export function taskLight(
  t: LightInput,
  today: string,
  rule: LightRule,
  cal: Calendar,
): { light: Light; expected: number; reasons: string[] } {
  const expected = expectedProgress(t.year, t.deadline, t.milestones, today)
  if (t.status === 'done') return { light: 'done', expected, reasons: ['已完成'] }
  const red: string[] = []
  if (today > t.deadline) red.push(`已超过完成期限（${t.deadline}）`)
  for (let q = 1; q <= 4; q++) {
    if (quarterEnd(t.year, q) > t.deadline && q > 1 && quarterEnd(t.year, q - 1) >= t.deadline) break
    const due = reportDue(t.year, q, rule, cal)
    if (today > due && !t.reportedQuarters.includes(q))
      red.push(`第${q}季度落实情况逾期未报（应于${due}前报送）`)
  }
  if (red.length) return { light: 'red', expected, reasons: red }
  const yellow: string[] = []
  if (t.progress < expected - rule.behindTolerance)
    yellow.push(`落后于序时进度（实际${t.progress}%，序时${expected}%）`)
  const left = workingDaysBetween(today, t.deadline, cal)
  if (left >= 0 && left <= rule.dueSoonWorkingDays)
    yellow.push(`距完成期限不足${rule.dueSoonWorkingDays}个工作日（剩${left}个）`)
  if (yellow.length) return { light: 'yellow', expected, reasons: yellow }
  return { light: 'green', expected, reasons: ['按序时推进'] }
}

/**
 * The largest K such that the reports of quarters 1..K are all submitted or accepted, given
 * the quarters whose report is (a task has at most one report per quarter).
 */
export function reportsThrough(reportedQuarters: readonly number[]) {
  let k = 0
  while (k < 4 && reportedQuarters.includes(k + 1)) k++
  return k
}

/**
 * A task's inputs to its light, stored in its row with every write that changes them so the
 * ledger's SQL (task.repository.ts `lightOf`) compares columns instead of deriving dates:
 * - `reportsThrough`, as above;
 * - `missingReportDay`: the end (a day number) of the first quarter whose report is owed (the
 *   quarters up to the one the deadline falls in) and neither submitted nor accepted, or null;
 *   the task is red once that quarter's report is past due;
 * - the knots of `expectedProgress`, compacted: `knotDay0` the year's first day (0%), then
 *   (`knotDayN`, `knotPctN`) for each milestone by quarter, or the deadline at 100% without
 *   milestones; the knots after the last are null.
 */
export type LightColumns = Pick<
  TaskTable,
  | 'reportsThrough'
  | 'missingReportDay'
  | 'knotDay0'
  | 'knotDay1'
  | 'knotPct1'
  | 'knotDay2'
  | 'knotPct2'
  | 'knotDay3'
  | 'knotPct3'
  | 'knotDay4'
  | 'knotPct4'
>

export function lightColumns(
  t: { year: number; deadline: string; milestones: readonly Milestone[] },
  reportsThrough: number,
): LightColumns {
  // Quarters 1..owed have their report required: the deadline's quarter and those before it.
  const owed = 1 + [1, 2, 3].filter((q) => quarterEnd(t.year, q) < t.deadline).length
  const knots: [string, number][] = t.milestones.length
    ? [...t.milestones]
        .sort((a, b) => a.quarter - b.quarter)
        .map((m) => [quarterEnd(t.year, m.quarter), m.expectedProgress])
    : [[t.deadline, 100]]
  const knot = (i: number) => knots[i - 1]
  const day = (i: number) => (knot(i) ? dayNumber(knot(i)[0]) : null)
  const pct = (i: number) => (knot(i) ? knot(i)[1] : null)
  return {
    reportsThrough,
    missingReportDay: reportsThrough < owed ? dayNumber(quarterEnd(t.year, reportsThrough + 1)) : null,
    knotDay0: dayNumber(`${t.year}-01-01`),
    knotDay1: day(1),
    knotPct1: pct(1),
    knotDay2: day(2),
    knotPct2: pct(2),
    knotDay3: day(3),
    knotPct3: pct(3),
    knotDay4: day(4),
    knotPct4: pct(4),
  }
}

/**
 * The rule of `taskLight` on one day, reduced to the values its SQL form compares a task's
 * stored light columns with (task.repository.ts `lightOf`), so the ledger filters and counts
 * lights in the database. Checked against `taskLight` case by case in task-light.int.test.ts.
 */
export type LightCutoffs = {
  today: string
  /** `today` as days since 1970-01-01. */
  todayDay: number
  /**
   * The end (a day number) of the latest quarter whose report is past due on `today`. A report
   * falls due later for a later quarter, so every earlier quarter's report is past due too.
   */
  reportsDueThrough: number
  /** Not red, a task is due soon when its deadline falls before this day. */
  dueSoonBefore: string
  behindTolerance: number
}

export function lightCutoffs(today: string, rule: LightRule, cal: Calendar): LightCutoffs {
  const year = Number(today.slice(0, 4))
  // Back from the last quarter of this year to the first whose report is past due: a report is
  // due at most 60 working days after its quarter, so a year back at most.
  let reportsDueThrough: number | undefined
  search: for (let y = year; y >= year - 2; y--)
    for (let q = 4; q >= 1; q--)
      if (today > reportDue(y, q, rule, cal)) {
        reportsDueThrough = dayNumber(quarterEnd(y, q))
        break search
      }
  if (reportsDueThrough === undefined) throw new Error(`no quarter's report is past due on ${today}`)
  return {
    today,
    todayDay: dayNumber(today),
    reportsDueThrough,
    // Working days in (today, deadline] are at most dueSoonWorkingDays while the deadline is
    // before the next working day after that many.
    dueSoonBefore: addWorkingDays(today, rule.dueSoonWorkingDays + 1, cal),
    behindTolerance: rule.behindTolerance,
  }
}
