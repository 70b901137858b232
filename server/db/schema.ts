import type { ColumnType } from 'kysely'

export interface UnitTable {
  id: string
  code: string
  name: string
  shortName: string | null
  level: 'supreme' | 'provincial' | 'municipal' | 'county'
  parentId: string | null
  regionCode: string
  /** Materialized path of unit codes, '/000000/110000/', for subtree filtering in SQL. */
  path: string
  depth: number
  createdAt: string
  updatedAt: string
}

export interface DepartmentTable {
  id: string
  unitId: string
  name: string
  description: string
  sortOrder: number
  createdAt: string
  updatedAt: string
}

export interface AppUserTable {
  id: string
  username: string
  displayName: string
  unitId: string
  departmentId: string | null
  passwordHash: string
  mustChangePassword: number
  passwordChangedAt: string
  failedLogins: number
  lockedUntil: string | null
  totpSecret: string | null
  totpPendingSecret: string | null
  totpEnabled: number
  status: 'active' | 'disabled'
  email?: string | null
  createdAt: string
  updatedAt: string
}

export interface PasswordHistoryTable {
  id: string
  userId: string
  passwordHash: string
  createdAt: string
}

export interface RoleGrantTable {
  id: string
  userId: string
  role: string
  scopeType: 'unit' | 'team' | 'department' | 'round'
  scopeId: string
  /** For unit scopes the unit's path, so subtree checks stay in SQL. */
  scopePath: string | null
  grantedBy: string | null
  createdAt: string
}

export interface SessionTable {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: string
  userId: string
  csrfToken: string
  createdAt: string
  lastSeenAt: string
  expiresAt: string
  ip: string | null
  userAgent: string | null
}

export interface AuditEventTable {
  id: string
  seq: number
  occurredAt: string
  actorId: string | null
  actorUsername: string | null
  unitId: string | null
  action: string
  objectType: string | null
  objectId: string | null
  outcome: 'success' | 'denied' | 'failure'
  ip: string | null
  details: string
  prevHash: string
  hash: string
  hashAlg: string
}

export interface AuditHeadTable {
  id: number
  seq: number
  hash: string
  /** Events that may change what a process keeps between writes (0039). */
  changes: number
}

export interface CounterTable {
  name: string
  value: number
}

export interface StoredFileTable {
  id: string
  ownerType: string
  ownerId: string
  name: string
  mime: string
  size: number
  sha256: string
  sm3: string
  uploadedBy: string | null
  createdAt: string
}

export interface ImportJobTable {
  id: string
  kind: string
  contextId: string
  filePath: string
  status: string
  rowCount: number | null
  processed: number
  errorCount: number
  errors: string
  sample: string
  committedCount: number
  message: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
}

export interface RectificationPlanTable {
  id: string
  targetId: string
  status: string
  summary: string
  submittedBy: string | null
  submittedAt: string | null
  reviewedBy: string | null
  reviewedAt: string | null
  returnReason: string | null
  createdAt: string
  updatedAt: string
}

export interface RectificationMeasureTable {
  id: string
  planId: string
  findingId: string
  targetId: string
  unitId: string
  content: string
  responsibleLeader: string
  departmentId: string | null
  deadline: string
  kind: string
  status: 'open' | 'done'
  progress: number
  doneAt: string | null
  doneBy: string | null
  /** Files on the measure's progress posts, raised as each is stored (migration 0029). */
  evidenceCount: ColumnType<number, number | undefined, number>
  createdAt: string
  updatedAt: string
}

/** How many measures a target has in a status, kept with every measure written (migration 0036). */
export interface MeasureTallyTable {
  targetId: string
  status: 'open' | 'done'
  n: number
}

export interface MeasureProgressTable {
  id: string
  measureId: string
  content: string
  progress: number
  marksDone: number
  postedBy: string | null
  createdAt: string
}

export interface ExtensionRequestTable {
  id: string
  measureId: string
  currentDeadline: string
  requestedDeadline: string
  reason: string
  status: string
  requestedBy: string | null
  decidedBy: string | null
  decisionNote: string | null
  createdAt: string
  decidedAt: string | null
}

export interface CalendarDayTable {
  date: string
  kind: 'holiday' | 'workday'
  name: string
  updatedAt: string
}

export interface ReferralTable {
  id: string
  findingId: string
  bodyKind: string
  bodyName: string
  note: string
  status: string
  referredBy: string | null
  referredAt: string
  receivedAt: string | null
  receiptNote: string | null
  outcome: string | null
  concludedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface CommonProblemTable {
  id: string
  organizerUnitId: string
  title: string
  description: string
  departmentId: string | null
  status: string
  createdBy: string | null
  createdAt: string
  updatedAt: string
}

export interface CommonProblemFindingTable {
  commonProblemId: string
  findingId: string
}

export interface CommonProblemActionTable {
  id: string
  commonProblemId: string
  content: string
  postedBy: string | null
  createdAt: string
}

export interface SelfInspectionTable {
  id: string
  commonProblemId: string
  unitId: string
  dueDate: string
  status: string
  report: string | null
  reportedBy: string | null
  reportedAt: string | null
  createdAt: string
}

export interface JobTable {
  id: string
  kind: string
  payload: string
  runAt: string
  status: 'pending' | 'running' | 'done' | 'failed'
  attempts: number
  leaseUntil: string | null
  lockedBy: string | null
  lastError: string | null
  dedupeKey: string | null
  createdAt: string
  updatedAt: string
}

export interface NotificationTable {
  id: string
  userId: string
  kind: string
  title: string
  body: string
  link: string | null
  dedupeKey: string
  readAt: string | null
  createdAt: string
}

export interface CampaignTable {
  id: string
  name: string
  description: string
  startDate: string | null
  endDate: string | null
  createdAt: string
  updatedAt: string
}

export interface TaskTable {
  id: string
  year: number
  code: string
  title: string
  description: string
  leaderName: string
  leadDepartmentId: string
  campaignId: string | null
  deadline: string
  status: 'active' | 'done'
  /** JSON: [{ quarter, expectedProgress, description }] */
  milestones: string
  /**
   * The light's inputs (server/modules/tasks/task-light.ts `lightColumns`), written by the task
   * repository with the task and with every change of its reports' statuses.
   */
  reportsThrough: number
  missingReportDay: number | null
  knotDay0: number
  knotDay1: number | null
  knotPct1: number | null
  knotDay2: number | null
  knotPct2: number | null
  knotDay3: number | null
  knotPct3: number | null
  knotDay4: number | null
  knotPct4: number | null
  progress: number
  createdAt: string
  updatedAt: string
}

export interface TaskCooperatorTable {
  taskId: string
  departmentId: string
}

export interface SubtaskTable {
  id: string
  taskId: string
  title: string
  ownerName: string
  deadline: string
  status: 'open' | 'done'
  createdAt: string
  updatedAt: string
}

export interface QuarterlyInputTable {
  id: string
  taskId: string
  quarter: number
  departmentId: string
  content: string
  submittedBy: string | null
  updatedAt: string
}

export interface QuarterlyReportTable {
  id: string
  taskId: string
  quarter: number
  status: string
  progress: number
  done: string
  problems: string
  nextSteps: string
  supportNeeded: string
  returnReason: string | null
  submittedBy: string | null
  submittedAt: string | null
  reviewedBy: string | null
  reviewedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface QuarterlyReportHistoryTable {
  id: string
  reportId: string
  action: string
  actorId: string | null
  reason: string | null
  snapshot: string | null
  createdAt: string
}

export interface SettingTable {
  key: string
  value: string
  updatedAt: string
}

export interface SupervisionNoticeTable {
  id: string
  year: number
  seq: number
  taskId: string
  departmentId: string
  quarter: number | null
  content: string
  dueDate: string | null
  issuedBy: string | null
  issuedAt: string
}

export interface TaskScoreTable {
  id: string
  taskId: string
  items: string
  total: number
  comment: string
  scoredBy: string | null
  scoredAt: string
}

export interface CaseBatchTable {
  id: string
  name: string
  theme: string
  plannedDate: string | null
  status: 'planned' | 'published'
  publishedAt: string | null
  createdAt: string
  updatedAt: string
}

export interface LegalCaseTable {
  id: string
  kind: 'guiding' | 'typical'
  title: string
  keywords: string
  gist: string
  facts: string
  procuratorialWork: string
  significance: string
  relatedLaws: string
  domain: string
  sourceUnitId: string
  status: string
  number: number | null
  batchId: string | null
  createdBy: string | null
  submittedAt: string | null
  approvedAt: string | null
  publishedAt: string | null
  withdrawnAt: string | null
  searchTokens: string
  createdAt: string
  updatedAt: string
}

export interface CaseReviewTable {
  id: string
  caseId: string
  round: number
  reviewerId: string | null
  action: string
  scores: string
  comment: string
  snapshot: string | null
  /** JSON [{ key, name, max }]: the checklist a scored review was scored on; null for workflow steps. */
  criteria: string | null
  createdAt: string
}

export interface CaseReviewCriterionTable {
  key: string
  name: string
  maxScore: number
  description: string
  sortOrder: number
  active: number
  updatedAt: string
}

export interface CaseUseTable {
  id: string
  caseId: string
  unitId: string
  kind: 'studied' | 'cited'
  matter: string
  note: string
  usedOn: string
  recordedBy: string | null
  createdAt: string
}

/** Requests per client and route in the current window (the shared rate limit). */
export interface RateLimitTable {
  key: string
  windowStart: number
  hits: number
}

export interface Database extends InspectionTables, MeetingTables {
  rateLimit: RateLimitTable
  caseBatch: CaseBatchTable
  legalCase: LegalCaseTable
  caseReview: CaseReviewTable
  caseUse: CaseUseTable
  caseReviewCriterion: CaseReviewCriterionTable
  supervisionNotice: SupervisionNoticeTable
  taskScore: TaskScoreTable
  campaign: CampaignTable
  task: TaskTable
  taskCooperator: TaskCooperatorTable
  subtask: SubtaskTable
  quarterlyInput: QuarterlyInputTable
  quarterlyReport: QuarterlyReportTable
  quarterlyReportHistory: QuarterlyReportHistoryTable
  setting: SettingTable
  job: JobTable
  notification: NotificationTable
  referral: ReferralTable
  commonProblem: CommonProblemTable
  commonProblemFinding: CommonProblemFindingTable
  commonProblemAction: CommonProblemActionTable
  selfInspection: SelfInspectionTable
  rectificationPlan: RectificationPlanTable
  rectificationMeasure: RectificationMeasureTable
  measureTally: MeasureTallyTable
  measureProgress: MeasureProgressTable
  extensionRequest: ExtensionRequestTable
  calendarDay: CalendarDayTable
  storedFile: StoredFileTable
  importJob: ImportJobTable
  unit: UnitTable
  department: DepartmentTable
  appUser: AppUserTable
  passwordHistory: PasswordHistoryTable
  roleGrant: RoleGrantTable
  session: SessionTable
  auditEvent: AuditEventTable
  auditHead: AuditHeadTable
  counter: CounterTable
}

export interface RoundTable {
  id: string
  organizerUnitId: string
  name: string
  year: number
  ordinal: number
  startDate: string | null
  endDate: string | null
  phase: string
  description: string
  createdAt: string
  updatedAt: string
}

export interface TeamTable {
  id: string
  roundId: string
  name: string
  sortOrder: number
  createdAt: string
  updatedAt: string
}

export interface TeamMemberTable {
  teamId: string
  userId: string
  position: 'leader' | 'member'
  createdAt: string
}

export interface TargetTable {
  id: string
  roundId: string
  teamId: string
  unitId: string
  onsiteStart: string | null
  onsiteEnd: string | null
  feedbackDate: string | null
  rectificationDeadline: string | null
  fedBackAt: string | null
  fedBackBy: string | null
  finalReportId: string | null
  createdAt: string
  updatedAt: string
}

export interface FindingCategoryTable {
  id: string
  parentId: string | null
  code: string
  name: string
  description: string
  sortOrder: number
  active: number
  createdAt: string
  updatedAt: string
}

export interface FindingTable {
  id: string
  targetId: string
  roundId: string
  teamId: string
  unitId: string
  seq: number
  title: string
  description: string
  personsMatters: string
  categoryId: string
  severity: string
  source: string
  status: string
  createdBy: string | null
  confirmedBy: string | null
  confirmedAt: string | null
  fedBackAt: string | null
  recurrenceOfId?: string | null
  createdAt: string
  updatedAt: string
}

export interface FindingHistoryTable {
  id: string
  findingId: string
  action: string
  fromStatus: string | null
  toStatus: string
  actorId: string | null
  reason: string | null
  createdAt: string
}

export interface InspectionReportTable {
  id: string
  targetId: string
  version: number
  title: string
  body: string
  note: string
  createdBy: string | null
  createdAt: string
}

export interface InspectionTables {
  round: RoundTable
  team: TeamTable
  teamMember: TeamMemberTable
  target: TargetTable
  findingCategory: FindingCategoryTable
  finding: FindingTable
  findingHistory: FindingHistoryTable
  inspectionReport: InspectionReportTable
}

export interface MeetingTable {
  id: string
  unitId: string
  kind: string
  title: string
  heldOn: string
  location: string
  attendees: string
  sourceText: string
  text: string
  textFlags: string
  createdBy: string | null
  createdAt: string
  updatedAt: string
}

export interface MeetingAgendaItemTable {
  id: string
  meetingId: string
  seq: number
  title: string
  presenter: string
  notes: string
  reportName: string | null
  reportParams: string | null
  reportFileId: string | null
  reportAsOf: string | null
  createdAt: string
  updatedAt: string
}

export interface MeetingDirectiveTable {
  id: string
  meetingId: string
  seq: number
  title: string
  text: string
  spans: string
  timeExpression: string | null
  suggestions: string
  leadDepartmentId: string | null
  status: 'proposed' | 'kept' | 'dropped'
  taskId: string | null
  createdAt: string
  updatedAt: string
}

export interface TextOriginalTable {
  objectType: string
  objectId: string
  field: string
  original: string
  flags: string
  updatedAt: string
}

export interface TextBandTable {
  objectType: string
  bandKey: string
  objectId: string
}

/** The periods under which an object type's band keys are stored (similar.service). */
export interface TextBandPeriodTable {
  objectType: string
  period: string
}

export interface MeetingTables {
  textOriginal: TextOriginalTable
  textBand: TextBandTable
  textBandPeriod: TextBandPeriodTable
  meeting: MeetingTable
  meetingAgendaItem: MeetingAgendaItemTable
  meetingDirective: MeetingDirectiveTable
}
