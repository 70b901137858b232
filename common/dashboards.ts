// Dashboards (看板): the same numbers as the meeting reports, drawn as charts per role.
import { z } from 'zod'
import { RectificationProgressData, TaskQuarterData } from './reports'
import type { Role } from './roles'
import { Id, IsoDate } from './schemas'

export const DASHBOARD_NAMES = ['round', 'leader', 'unit'] as const
export type DashboardName = (typeof DASHBOARD_NAMES)[number]

/**
 * Who may open which dashboard; the data is then limited to what the person sees:
 * - round: the inspection office (rounds its unit organizes) and leadership;
 * - leader: leadership (its unit's subtree);
 * - unit: an inspected unit's leader and liaison (their own unit only).
 */
export const DASHBOARD_ROLES: Record<DashboardName, readonly Role[]> = {
  round: ['inspection_office', 'leader'],
  leader: ['leader'],
  unit: ['unit_leader', 'unit_liaison'],
}

/** Open measures due within this many calendar days are "due soon" on the unit board. */
export const DUE_SOON_DAYS = 14

const Year = z.coerce.number().int().min(2000).max(2100)

export const RoundDashboardQuery = z.strictObject({ roundId: Id.optional(), asOf: IsoDate.optional() })
/** How long the leader's page is given as counted, writes since or not (`fresh=true` counts anew). */
export const LEADER_RECOUNT_SECONDS = 60
export const LeaderDashboardQuery = z.strictObject({
  year: Year.optional(),
  quarter: z.coerce.number().int().min(1).max(4).optional(),
  asOf: IsoDate.optional(),
  /** Counted after every write made before the request, not up to a minute before. */
  fresh: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
})
export const UnitDashboardQuery = z.strictObject({ targetId: Id.optional() })
export const DASHBOARD_QUERIES = {
  round: RoundDashboardQuery,
  leader: LeaderDashboardQuery,
  unit: UnitDashboardQuery,
} as const
export type DashboardQuery<N extends DashboardName> = z.infer<(typeof DASHBOARD_QUERIES)[N]>

/**
 * A province's tile colour: not in the round (grey); inspected, findings not yet handed over;
 * rectifying with an overdue finding; rectifying on time; every finding closed.
 */
export const TILE_STATUSES = ['not_fed_back', 'overdue', 'rectifying', 'closed'] as const
export type TileStatus = (typeof TILE_STATUSES)[number]

// ---- 巡视办: one round
const TargetRow = RectificationProgressData.shape.byTarget.element
export const RoundDashboard = z.object({
  round: RectificationProgressData.shape.round,
  asOf: z.string(),
  scope: z.enum(['full', 'unit']),
  totals: RectificationProgressData.shape.totals,
  byTarget: z.array(TargetRow.extend({ unitCode: z.string() })),
  byCategory: RectificationProgressData.shape.byCategory,
  /** Overdue measures counted at the end of each week, the last point being `asOf`. */
  overdueTrend: z.array(z.object({ date: z.string(), overdue: z.number().int() })),
  /** Provinces with a target in the round (the others are drawn grey). */
  tiles: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      status: z.enum(TILE_STATUSES),
      targetIds: z.array(Id),
      total: z.number().int(),
      closed: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
})
export type RoundDashboard = z.infer<typeof RoundDashboard>

// ---- 院领导: one page
const RoundLine = z.object({
  id: Id,
  name: z.string(),
  phase: z.string(),
  targets: z.number().int(),
  /** Confirmed findings (drafts left out), as the round report counts them. */
  findings: z.number().int(),
  /** Of those, handed over by `asOf`, and how their rectification stands (the progress report). */
  fedBack: z.number().int(),
  closed: z.number().int(),
  inProgress: z.number().int(),
  awaitingVerification: z.number().int(),
  overdue: z.number().int(),
  returned: z.number().int(),
  measures: z.number().int(),
  measuresDone: z.number().int(),
  measuresOverdue: z.number().int(),
})
const CaseLine = z.object({
  issued: z.number().int(),
  pending: z.number().int().nullable(),
  returned: z.number().int().nullable(),
})
export const LeaderDashboard = z.object({
  year: z.number().int(),
  quarter: z.number().int(),
  asOf: z.string(),
  /** When these numbers were counted (an instant, ISO 8601). */
  countedAt: z.string(),
  inspections: z.object({
    rounds: z.array(RoundLine),
    totals: RoundLine.omit({ id: true, name: true, phase: true }),
  }),
  /**
   * 'stats': the case statistics (issued, pending) for those who review cases; 'published': the
   * published cases of the year, which everyone who reads cases may see; null without case.read.
   */
  cases: z
    .object({
      source: z.enum(['stats', 'published']),
      year: z.number().int(),
      total: CaseLine,
      kind: z.record(z.string(), CaseLine),
    })
    .nullable(),
  /**
   * The key tasks of the year (the quarterly report's lights and late list: the first of it by
   * code, and how many it holds); null without task.read.
   */
  tasks: z
    .object({
      lights: TaskQuarterData.shape.lights,
      reports: TaskQuarterData.shape.reports,
      total: z.number().int(),
      late: z.array(TaskQuarterData.shape.late.element.extend({ id: Id, light: z.string() })),
      lateTotal: z.number().int(),
    })
    .nullable(),
})
export type LeaderDashboard = z.infer<typeof LeaderDashboard>

// ---- 被巡视单位: its own rectification
export const UnitDashboard = z.object({
  unit: z.object({ id: Id, name: z.string() }),
  today: z.string(),
  dueSoonDays: z.number().int(),
  /** The unit's handed-over targets (one per round), newest first. */
  targets: z.array(
    z.object({ id: Id, roundId: Id, roundName: z.string(), fedBackAt: z.string().nullable() }),
  ),
  target: z
    .object({
      id: Id,
      roundId: Id,
      roundName: z.string(),
      unitName: z.string(),
      fedBackAt: z.string().nullable(),
      rectificationDeadline: z.string().nullable(),
    })
    .nullable(),
  byStatus: z.record(z.string(), z.number().int()),
  findings: z.number().int(),
  measures: z.object({
    total: z.number().int(),
    open: z.number().int(),
    done: z.number().int(),
    overdue: z.number().int(),
    dueSoon: z.number().int(),
    /** Mean reported progress of the measures, in percent. */
    progress: z.number().int(),
  }),
  dueSoon: z.array(
    z.object({
      id: Id,
      findingSeq: z.number().int(),
      findingTitle: z.string(),
      content: z.string(),
      deadline: z.string(),
      departmentName: z.string().nullable(),
      progress: z.number().int(),
    }),
  ),
  overdueMeasures: z.array(
    z.object({
      id: Id,
      content: z.string(),
      deadline: z.string(),
      overdueWorkingDays: z.number().int(),
      departmentName: z.string().nullable(),
    }),
  ),
  burndown: z.array(z.object({ date: z.string(), open: z.number().int() })),
})
export type UnitDashboard = z.infer<typeof UnitDashboard>

export type DashboardData = { round: RoundDashboard; leader: LeaderDashboard; unit: UnitDashboard }
export const DASHBOARD_DATA = { round: RoundDashboard, leader: LeaderDashboard, unit: UnitDashboard } as const
