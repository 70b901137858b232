import type { ReportProgressEvent } from '../../../common/reports'

type ProgressEvent = Extract<ReportProgressEvent, { type: 'progress' }>
/** Called as a report moves through its stages (the web shows it while the file is made). */
export type Progress = (stage: ProgressEvent['stage'], percent: number, message: string) => void

export const noProgress: Progress = () => {}

/** The last instant of a day (UTC, as the other modules date things) for "as of" comparisons. */
export function endOfDay(date: string) {
  return `${date}T23:59:59.999Z`
}

export function pct(part: number, whole: number) {
  return whole ? `${((100 * part) / whole).toFixed(1)}%` : '0%'
}

export function today() {
  return new Date().toISOString().slice(0, 10)
}
