import { describe, expect, it } from 'vitest'
import { DEFAULT_LIGHT_RULE } from '../../../common/tasks'
import { CALENDAR_SEED } from '../../db/migrations/0010-calendar-seed'
import { calendarOf } from '../calendar/working-days'
import {
  expectedProgress,
  lightColumns,
  lightCutoffs,
  quarterEnd,
  reportDue,
  reportsThrough,
  taskLight,
  type LightInput,
} from './task-light'

const cal = calendarOf(CALENDAR_SEED)
const rule = DEFAULT_LIGHT_RULE
const milestones = [
  { quarter: 1, expectedProgress: 20, description: '' },
  { quarter: 2, expectedProgress: 50, description: '' },
  { quarter: 3, expectedProgress: 75, description: '' },
  { quarter: 4, expectedProgress: 100, description: '' },
]
const base: LightInput = {
  year: 2024,
  status: 'active',
  deadline: '2024-12-31',
  milestones,
  progress: 50,
  reportedQuarters: [1, 2],
}

describe('expected progress to date (序时进度)', () => {
  it('follows the milestones and interpolates between quarter ends', () => {
    expect(expectedProgress(2024, '2024-12-31', milestones, '2024-01-01')).toBe(0)
    expect(expectedProgress(2024, '2024-12-31', milestones, '2024-03-31')).toBe(20)
    expect(expectedProgress(2024, '2024-12-31', milestones, '2024-06-30')).toBe(50)
    expect(expectedProgress(2024, '2024-12-31', milestones, '2024-05-15')).toBe(35)
    expect(expectedProgress(2024, '2024-06-30', [], '2024-03-31')).toBe(50)
  })
})

describe('task light', () => {
  it('is done when the task is done, whatever else', () => {
    expect(
      taskLight({ ...base, status: 'done', progress: 0, reportedQuarters: [] }, '2025-01-31', rule, cal)
        .light,
    ).toBe('done')
  })

  it('turns red the day after the deadline, not on it', () => {
    const t = { ...base, deadline: '2024-07-05', progress: 100 }
    expect(taskLight(t, '2024-07-05', rule, cal).light).toBe('yellow') // due today
    expect(taskLight(t, '2024-07-06', rule, cal)).toMatchObject({ light: 'red' })
  })

  it('turns red when a quarter’s report is missing after its working-day deadline', () => {
    // Q2 ends Sunday 2024-06-30; ten working days later is Friday 2024-07-12
    expect(reportDue(2024, 2, rule, cal)).toBe('2024-07-12')
    const t = { ...base, progress: 45, reportedQuarters: [1] }
    expect(taskLight(t, '2024-07-12', rule, cal).light).toBe('green')
    const late = taskLight(t, '2024-07-13', rule, cal)
    expect(late.light).toBe('red')
    expect(late.reasons[0]).toContain('第2季度')
  })

  it('turns yellow when behind the expected progress by more than the tolerance', () => {
    // expected on 2024-06-30 is 50%: 40% is at the tolerance, 39% beyond it
    expect(taskLight({ ...base, progress: 40 }, '2024-06-30', rule, cal).light).toBe('green')
    const behind = taskLight({ ...base, progress: 39 }, '2024-06-30', rule, cal)
    expect(behind.light).toBe('yellow')
    expect(behind.reasons[0]).toContain('序时')
  })

  it('turns yellow within ten working days of the deadline, counting a holiday inside the window', () => {
    const t = { ...base, deadline: '2024-10-14', progress: 90, reportedQuarters: [1, 2, 3] }
    // 2024-09-25 → 10-14: Sep 26, 27, 29 (make-up), 30, Oct 8, 9, 10, 11, 12 (make-up), 14 = 10 working days
    expect(taskLight(t, '2024-09-25', rule, cal).light).toBe('yellow')
    expect(taskLight(t, '2024-09-24', rule, cal).light).toBe('green') // 11 working days, though 20 calendar days
  })
})

describe('the light inputs stored with a task', () => {
  const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000

  it('count the reported quarters from the first without a gap', () => {
    expect(reportsThrough([])).toBe(0)
    expect(reportsThrough([2, 3, 4])).toBe(0)
    expect(reportsThrough([2, 1, 4])).toBe(2)
    expect(reportsThrough([4, 3, 2, 1])).toBe(4)
  })

  it('name the end of the first owed quarter not reported, up to the deadline’s quarter', () => {
    const t = { year: 2024, deadline: '2024-06-30', milestones: [] }
    expect(lightColumns(t, 0).missingReportDay).toBe(day('2024-03-31'))
    expect(lightColumns(t, 1).missingReportDay).toBe(day('2024-06-30'))
    expect(lightColumns(t, 2).missingReportDay).toBeNull()
    expect(lightColumns({ ...t, deadline: '2024-07-01' }, 2).missingReportDay).toBe(day('2024-09-30'))
    expect(lightColumns({ ...t, deadline: '2025-03-01' }, 4).missingReportDay).toBeNull()
  })

  it('compact the milestones into knots after the year’s first day, or the deadline at 100%', () => {
    const sparse = [milestones[1], milestones[3]]
    expect(lightColumns({ year: 2024, deadline: '2024-12-31', milestones: sparse }, 0)).toMatchObject({
      knotDay0: day('2024-01-01'),
      knotDay1: day('2024-06-30'),
      knotPct1: 50,
      knotDay2: day('2024-12-31'),
      knotPct2: 100,
      knotDay3: null,
      knotPct3: null,
    })
    expect(lightColumns({ year: 2024, deadline: '2024-08-15', milestones: [] }, 0)).toMatchObject({
      knotDay1: day('2024-08-15'),
      knotPct1: 100,
      knotDay2: null,
    })
  })

  it('are compared with the end of the latest quarter whose report is past due', () => {
    const due = reportDue(2024, 2, rule, cal)
    expect(lightCutoffs(due, rule, cal).reportsDueThrough).toBe(day(quarterEnd(2024, 1)))
    const after = new Date(Date.parse(`${due}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    expect(lightCutoffs(after, rule, cal).reportsDueThrough).toBe(day(quarterEnd(2024, 2)))
    expect(lightCutoffs('2025-01-01', rule, cal).reportsDueThrough).toBe(day(quarterEnd(2024, 3)))
  })
})
