// The four reports the party-group meeting of 2024-07-09 heard, generated from live data.
import { z } from 'zod'
import type { Role } from './roles'
import { Id, IsoDate } from './schemas'

export const REPORT_NAMES = [
  'rectification-progress',
  'inspection-round',
  'case-issuing',
  'task-quarter',
] as const
export type ReportName = (typeof REPORT_NAMES)[number]

/**
 * Who may generate which report. The data is then limited to what the person sees:
 * - 整改进展: the inspection office and leadership of the organizer's subtree, and an
 *   inspected unit's leader (only that unit's rows; no referrals or common problems);
 * - 巡视情况: the inspection office and leadership (a provincial leader: only their unit);
 * - 案例制发: the case office (reviewers and the committee's office) and leadership, who hold
 *   `case.stats`, which the case statistics require;
 * - 重点督办任务: the supervision office and leadership (tasks of their unit's subtree).
 */
export const REPORT_ROLES: Record<ReportName, readonly Role[]> = {
  'rectification-progress': ['inspection_office', 'leader', 'unit_leader'],
  'inspection-round': ['inspection_office', 'leader'],
  'case-issuing': ['case_reviewer', 'case_committee', 'leader'],
  'task-quarter': ['supervision_office', 'leader'],
}

export const REPORT_TITLES: Record<ReportName, string> = {
  'rectification-progress': '整改进展情况综合报告',
  'inspection-round': '巡视情况综合报告',
  'case-issuing': '指导性案例、典型案例制发情况的报告',
  'task-quarter': '重点督办任务季度落实情况的报告',
}

const Year = z.coerce.number().int().min(2000).max(2100)

export const RectificationProgressQuery = z.strictObject({ roundId: Id, asOf: IsoDate.optional() })
export const InspectionRoundQuery = z.strictObject({ roundId: Id })
export const CaseIssuingQuery = z.strictObject({ year: Year })
export const TaskQuarterQuery = z.strictObject({
  year: Year,
  quarter: z.coerce.number().int().min(1).max(4),
  asOf: IsoDate.optional(),
})
export const REPORT_QUERIES = {
  'rectification-progress': RectificationProgressQuery,
  'inspection-round': InspectionRoundQuery,
  'case-issuing': CaseIssuingQuery,
  'task-quarter': TaskQuarterQuery,
} as const
export type ReportQuery<N extends ReportName> = z.infer<(typeof REPORT_QUERIES)[N]>

// ---- 整改进展情况
const FindingCounts = z.object({
  total: z.number().int(),
  closed: z.number().int(),
  inProgress: z.number().int(),
  awaitingVerification: z.number().int(),
  overdue: z.number().int(),
  returned: z.number().int(),
})
export type FindingCounts = z.infer<typeof FindingCounts>

export const RectificationProgressData = z.object({
  round: z.object({ id: Id, name: z.string(), year: z.number().int(), phase: z.string() }),
  asOf: z.string(),
  /** 'full' for the office and top leadership; 'unit' when only one's own units are in the report. */
  scope: z.enum(['full', 'unit']),
  totals: FindingCounts.extend({
    measures: z.number().int(),
    measuresDone: z.number().int(),
    measuresOverdue: z.number().int(),
  }),
  byTarget: z.array(
    FindingCounts.extend({
      targetId: Id,
      unitName: z.string(),
      teamName: z.string(),
      rectificationDeadline: z.string().nullable(),
      measures: z.number().int(),
      measuresDone: z.number().int(),
      measuresOverdue: z.number().int(),
    }),
  ),
  byCategory: z.array(FindingCounts.extend({ categoryId: Id, name: z.string() })),
  overdueMeasures: z.array(
    z.object({
      unitName: z.string(),
      findingSeq: z.number().int(),
      findingTitle: z.string(),
      content: z.string(),
      responsibleLeader: z.string(),
      departmentName: z.string().nullable(),
      deadline: z.string(),
      overdueWorkingDays: z.number().int(),
      progress: z.number().int(),
    }),
  ),
  overdueByOwner: z.array(
    z.object({
      unitName: z.string(),
      departmentName: z.string().nullable(),
      responsibleLeader: z.string(),
      count: z.number().int(),
    }),
  ),
  referrals: z.object({
    total: z.number().int(),
    referred: z.number().int(),
    received: z.number().int(),
    concluded: z.number().int(),
    items: z.array(
      z.object({
        unitName: z.string(),
        findingTitle: z.string(),
        bodyName: z.string(),
        status: z.enum(['referred', 'received', 'concluded']),
        referredAt: z.string(),
        outcome: z.string().nullable(),
      }),
    ),
  }),
  commonProblems: z.array(
    z.object({
      title: z.string(),
      departmentName: z.string().nullable(),
      status: z.string(),
      findingCount: z.number().int(),
      unitNames: z.array(z.string()),
    }),
  ),
})
export type RectificationProgressData = z.infer<typeof RectificationProgressData>

// ---- 巡视情况
export const InspectionRoundData = z.object({
  round: z.object({
    id: Id,
    name: z.string(),
    year: z.number().int(),
    phase: z.string(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
  }),
  scope: z.enum(['full', 'unit']),
  categories: z.array(z.object({ id: Id, code: z.string(), name: z.string() })),
  totals: z.object({
    targets: z.number().int(),
    findings: z.number().int(),
    severe: z.number().int(),
    byCategory: z.record(z.string(), z.number().int()),
  }),
  byTarget: z.array(
    z.object({
      targetId: Id,
      unitName: z.string(),
      teamName: z.string(),
      onsiteStart: z.string().nullable(),
      onsiteEnd: z.string().nullable(),
      fedBack: z.boolean(),
      total: z.number().int(),
      /** Top-level category id → count. */
      byCategory: z.record(z.string(), z.number().int()),
      /** Category id as recorded (sub-category) → count, as the round summary counts. */
      bySubCategory: z.record(z.string(), z.number().int()),
    }),
  ),
  /** Sub-categories found at two or more targets. */
  sharedCategories: z.array(
    z.object({
      categoryId: Id,
      name: z.string(),
      parentName: z.string().nullable(),
      count: z.number().int(),
      unitNames: z.array(z.string()),
    }),
  ),
  commonProblems: z.array(
    z.object({ title: z.string(), findingCount: z.number().int(), unitNames: z.array(z.string()) }),
  ),
  typical: z.array(
    z.object({
      categoryName: z.string(),
      unitName: z.string(),
      title: z.string(),
      description: z.string(),
      personsMatters: z.string(),
      severity: z.string(),
    }),
  ),
})
export type InspectionRoundData = z.infer<typeof InspectionRoundData>

// ---- 案例制发
const CaseCounts = z.object({
  issued: z.number().int(),
  pending: z.number().int(),
  returned: z.number().int(),
  rejected: z.number().int(),
  withdrawn: z.number().int(),
})
export const CaseIssuingData = z.object({
  year: z.number().int(),
  stats: z.object({
    total: CaseCounts,
    kind: z.record(z.string(), CaseCounts),
    domain: z.record(z.string(), CaseCounts),
    quarter: z.record(z.string(), CaseCounts),
    unit: z.record(z.string(), CaseCounts),
    usedCases: z.number().int(),
    unusedPublished: z.number().int(),
  }),
  batches: z.array(
    z.object({
      name: z.string(),
      theme: z.string(),
      status: z.string(),
      publishedAt: z.string().nullable(),
      guiding: z.number().int(),
      typical: z.number().int(),
    }),
  ),
  uses: z.object({
    total: z.number().int(),
    studied: z.number().int(),
    cited: z.number().int(),
    cases: z.number().int(),
    units: z.number().int(),
    top: z.array(
      z.object({
        title: z.string(),
        numberLabel: z.string().nullable(),
        kind: z.string(),
        studied: z.number().int(),
        cited: z.number().int(),
      }),
    ),
  }),
})
export type CaseIssuingData = z.infer<typeof CaseIssuingData>

// ---- 重点督办任务
export const TaskQuarterData = z.object({
  year: z.number().int(),
  quarter: z.number().int(),
  asOf: z.string(),
  lights: z.object({ done: z.number(), green: z.number(), yellow: z.number(), red: z.number() }),
  reports: z.object({
    accepted: z.number().int(),
    submitted: z.number().int(),
    returned: z.number().int(),
    missing: z.number().int(),
  }),
  tasks: z.array(
    z.object({
      id: Id,
      code: z.string(),
      title: z.string(),
      leaderName: z.string(),
      leadDepartmentName: z.string(),
      cooperators: z.array(z.string()),
      campaignName: z.string().nullable(),
      deadline: z.string(),
      light: z.string(),
      lightReasons: z.array(z.string()),
      progress: z.number().int(),
      expectedProgress: z.number().int(),
      /** The quarter's milestone (expected progress at the quarter's end), when there is one. */
      milestone: z.number().int().nullable(),
      report: z.object({
        status: z.string(),
        progress: z.number().int().nullable(),
        done: z.string(),
        problems: z.string(),
        nextSteps: z.string(),
        returnReason: z.string().nullable(),
      }),
      inputs: z.array(z.object({ departmentName: z.string(), content: z.string() })),
      notices: z.number().int(),
    }),
  ),
  late: z.array(
    z.object({
      code: z.string(),
      title: z.string(),
      leadDepartmentName: z.string(),
      why: z.array(z.string()),
    }),
  ),
})
export type TaskQuarterData = z.infer<typeof TaskQuarterData>

export type ReportData = {
  'rectification-progress': RectificationProgressData
  'inspection-round': InspectionRoundData
  'case-issuing': CaseIssuingData
  'task-quarter': TaskQuarterData
}

export const REPORT_DATA = {
  'rectification-progress': RectificationProgressData,
  'inspection-round': InspectionRoundData,
  'case-issuing': CaseIssuingData,
  'task-quarter': TaskQuarterData,
} as const

/** One line of the generation stream (NDJSON): a stage with its share done, then the file or an error. */
export type ReportProgressEvent =
  | { type: 'progress'; stage: 'data' | 'chart' | 'document' | 'pack'; percent: number; message: string }
  | { type: 'done'; fileName: string; size: number; base64: string }
  | { type: 'error'; code: string; message: string }
