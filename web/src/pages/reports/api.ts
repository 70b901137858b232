// The meeting reports (报告): which the user may generate, their numbers for the preview, and
// the Word file with its progress. Types only from common/reports, so zod stays out of the bundle.
import type {
  CaseIssuingData,
  InspectionRoundData,
  RectificationProgressData,
  ReportName,
  ReportProgressEvent,
  TaskQuarterData,
} from '../../../../common/reports'
import { ApiError, api, toQuery, type QueryParams } from '../../api/client'

export type {
  CaseIssuingData,
  InspectionRoundData,
  RectificationProgressData,
  ReportName,
  ReportProgressEvent,
  TaskQuarterData,
}
export type ReportDataOf = {
  'rectification-progress': RectificationProgressData
  'inspection-round': InspectionRoundData
  'case-issuing': CaseIssuingData
  'task-quarter': TaskQuarterData
}
export type ProgressUpdate = Extract<ReportProgressEvent, { type: 'progress' }>

/** Roles that see the 报告 menu entry; the server decides which report each may generate. */
export const REPORT_MENU_ROLES = [
  'inspection_office',
  'leader',
  'unit_leader',
  'case_reviewer',
  'case_committee',
  'supervision_office',
] as const

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

async function failure(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code: string; message: string } }
    if (body.error) return new ApiError(res.status, body.error.code, body.error.message)
  } catch {
    // not JSON
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText)
}

export const reportsApi = {
  available: () => api.get<{ name: ReportName; title: string }[]>('/api/reports'),
  data: <N extends ReportName>(name: N, query: QueryParams, signal?: AbortSignal) =>
    api.get<ReportDataOf[N]>(`/api/reports/${name}/data`, query, signal),
  /**
   * Generates the Word file, reporting the server's stages as they happen (an NDJSON stream),
   * then hands the file to the browser as a download. Returns the file's name.
   */
  async generate(
    name: ReportName,
    query: QueryParams,
    onProgress: (p: ProgressUpdate) => void,
  ): Promise<string> {
    const res = await fetch(`/api/reports/${name}/generate${toQuery(query)}`, { credentials: 'same-origin' })
    if (!res.ok || !res.body) throw await failure(res)
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffered = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (value) buffered += value
      let nl: number
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        if (!line.trim()) continue
        const e = JSON.parse(line) as ReportProgressEvent
        if (e.type === 'progress') onProgress(e)
        else if (e.type === 'error') throw new ApiError(500, e.code, e.message)
        else {
          const bytes = Uint8Array.from(atob(e.base64), (c) => c.charCodeAt(0))
          saveBlob(
            new Blob([bytes], {
              type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            }),
            e.fileName,
          )
          return e.fileName
        }
      }
      if (done) throw new ApiError(0, 'network_error', 'stream ended early')
    }
  },
}
