/**
 * Workflows as pure tables: the server decides with them, the web draws them. A transition
 * names the state it leaves, the action, the state it reaches and the roles that may take it.
 */
import type { Role } from './roles'

export type Transition<S extends string, A extends string> = {
  from: S
  action: A
  to: S
  roles: readonly Role[]
  reason?: boolean
}

export type TransitionResult<S> =
  { ok: true; to: S } | { ok: false; code: 'invalid_transition' | 'forbidden'; message: string }

/** Looks a move up in a table; refuses unknown moves and roles that may not make them. */
export function transition<S extends string, A extends string>(
  table: readonly Transition<S, A>[],
  from: S,
  action: A,
  roles: readonly string[],
): TransitionResult<S> {
  const t = table.find((x) => x.from === from && x.action === action)
  if (!t) return { ok: false, code: 'invalid_transition', message: `不能从“${from}”执行“${action}”` }
  if (!t.roles.some((r) => roles.includes(r)))
    return { ok: false, code: 'forbidden', message: '您的角色不能执行此操作' }
  return { ok: true, to: t.to }
}

export function actionsFrom<S extends string, A extends string>(
  table: readonly Transition<S, A>[],
  from: S,
  roles: readonly string[],
) {
  return table.filter((t) => t.from === from && t.roles.some((r) => roles.includes(r))).map((t) => t.action)
}

// ---- rounds
export const ROUND_PHASES = [
  'preparation',
  'on_site',
  'reporting',
  'feedback',
  'rectification',
  'acceptance',
  'archived',
] as const
export type RoundPhase = (typeof ROUND_PHASES)[number]
export type RoundAction = 'advance' | 'revert'

export const ROUND_WORKFLOW: readonly Transition<RoundPhase, RoundAction>[] = ROUND_PHASES.flatMap(
  (phase, i) => {
    const out: Transition<RoundPhase, RoundAction>[] = []
    const next = ROUND_PHASES[i + 1]
    const prev = ROUND_PHASES[i - 1]
    if (next) out.push({ from: phase, action: 'advance', to: next, roles: ['inspection_office'] })
    // A phase moved too early can be moved back, except out of the archive.
    if (prev && phase !== 'archived')
      out.push({ from: phase, action: 'revert', to: prev, roles: ['inspection_office'], reason: true })
    return out
  },
)

// ---- findings
export const FINDING_STATUSES = [
  'draft',
  'confirmed',
  'fed_back',
  'rectifying',
  'awaiting_verification',
  'closed',
] as const
export type FindingStatus = (typeof FINDING_STATUSES)[number]
export const FINDING_ACTIONS = [
  'confirm',
  'send_back',
  'unconfirm',
  'feed_back',
  'start_rectification',
  'submit_verification',
  'close',
  'return',
  'reopen',
] as const
export type FindingAction = (typeof FINDING_ACTIONS)[number]

export const FINDING_WORKFLOW: readonly Transition<FindingStatus, FindingAction>[] = [
  { from: 'draft', action: 'confirm', to: 'confirmed', roles: ['team_leader'] },
  { from: 'draft', action: 'send_back', to: 'draft', roles: ['team_leader'], reason: true },
  {
    from: 'confirmed',
    action: 'unconfirm',
    to: 'draft',
    roles: ['team_leader', 'inspection_office'],
    reason: true,
  },
  { from: 'confirmed', action: 'feed_back', to: 'fed_back', roles: ['inspection_office'] },
  {
    from: 'fed_back',
    action: 'start_rectification',
    to: 'rectifying',
    roles: ['unit_leader', 'unit_liaison', 'inspection_office'],
  },
  {
    from: 'rectifying',
    action: 'submit_verification',
    to: 'awaiting_verification',
    roles: ['unit_leader', 'unit_liaison'],
  },
  { from: 'awaiting_verification', action: 'close', to: 'closed', roles: ['inspection_office'] },
  {
    from: 'awaiting_verification',
    action: 'return',
    to: 'rectifying',
    roles: ['inspection_office'],
    reason: true,
  },
  { from: 'closed', action: 'reopen', to: 'rectifying', roles: ['inspection_office'], reason: true },
]

/** Statuses an inspected unit may ever see: only what was handed over at feedback. */
export const FED_BACK_STATUSES: readonly FindingStatus[] = [
  'fed_back',
  'rectifying',
  'awaiting_verification',
  'closed',
]

// ---- rectification plans
export const PLAN_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]
export type PlanAction = 'submit' | 'accept' | 'return'

/** The liaison drafts; the unit's leader approves by submitting; the office accepts or returns. */
export const PLAN_WORKFLOW: readonly Transition<PlanStatus, PlanAction>[] = [
  { from: 'draft', action: 'submit', to: 'submitted', roles: ['unit_leader'] },
  { from: 'returned', action: 'submit', to: 'submitted', roles: ['unit_leader'] },
  { from: 'submitted', action: 'accept', to: 'accepted', roles: ['inspection_office'] },
  { from: 'submitted', action: 'return', to: 'returned', roles: ['inspection_office'], reason: true },
]

// ---- extensions
export const EXTENSION_STATUSES = ['pending', 'granted', 'refused'] as const
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number]
export const EXTENSION_WORKFLOW: readonly Transition<ExtensionStatus, 'grant' | 'refuse'>[] = [
  { from: 'pending', action: 'grant', to: 'granted', roles: ['inspection_office'] },
  { from: 'pending', action: 'refuse', to: 'refused', roles: ['inspection_office'], reason: true },
]

// ---- quarterly reports of key supervised tasks
export const QUARTERLY_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const
export type QuarterlyStatus = (typeof QUARTERLY_STATUSES)[number]
/** The lead department writes and submits; the supervision office accepts or returns. */
export const QUARTERLY_WORKFLOW: readonly Transition<QuarterlyStatus, 'submit' | 'accept' | 'return'>[] = [
  { from: 'draft', action: 'submit', to: 'submitted', roles: ['department_owner'] },
  { from: 'returned', action: 'submit', to: 'submitted', roles: ['department_owner'] },
  { from: 'submitted', action: 'accept', to: 'accepted', roles: ['supervision_office'] },
  { from: 'submitted', action: 'return', to: 'returned', roles: ['supervision_office'], reason: true },
]

// ---- guiding and typical cases
export const CASE_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'returned',
  'committee',
  'approved',
  'rejected',
  'published',
  'withdrawn',
] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]
export type CaseAction = 'submit' | 'start_review' | 'return' | 'pass' | 'approve' | 'reject' | 'withdraw'
/**
 * Editors draft and submit; reviewers return (with comments) or pass to the procuratorial
 * committee, which approves or rejects; approved cases are published in a batch (not a
 * transition of its own: publishing a batch numbers them); a published case can be withdrawn.
 */
export const CASE_WORKFLOW: readonly Transition<CaseStatus, CaseAction>[] = [
  { from: 'draft', action: 'submit', to: 'submitted', roles: ['case_editor'] },
  { from: 'returned', action: 'submit', to: 'submitted', roles: ['case_editor'] },
  { from: 'submitted', action: 'start_review', to: 'in_review', roles: ['case_reviewer'] },
  { from: 'in_review', action: 'return', to: 'returned', roles: ['case_reviewer'], reason: true },
  { from: 'in_review', action: 'pass', to: 'committee', roles: ['case_reviewer'] },
  { from: 'committee', action: 'approve', to: 'approved', roles: ['case_committee'] },
  { from: 'committee', action: 'reject', to: 'rejected', roles: ['case_committee'], reason: true },
  { from: 'published', action: 'withdraw', to: 'withdrawn', roles: ['case_committee'], reason: true },
]
