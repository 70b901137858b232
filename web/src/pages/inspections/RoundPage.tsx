import {
  ArrowLeftOutlined,
  ArrowRightOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  RollbackOutlined,
} from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Button,
  Descriptions,
  Empty,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Tooltip,
  type TableProps,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { actionsFrom, FINDING_STATUSES, ROUND_PHASES, ROUND_WORKFLOW } from '../../../../common/workflows'
import { isApiError } from '../../api/client'
import {
  roundsApi,
  targetsApi,
  teamsApi,
  type RoundDto,
  type RoundSummaryRow,
  type TargetDto,
  type TeamDto,
  type UserLookup,
} from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { FormModal } from '../../components/FormModal'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { UnitSelect } from '../../components/UnitSelect'
import { UserPicker } from '../../components/UserPicker'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { NotFoundPage } from '../ErrorPages'
import { dateRange, PhaseTag, STATUS_COLORS } from './labels'
import { useTaxonomy } from './taxonomy'
import { Panel } from '../../components/Panel'
import { DateField, RangeField } from '../../components/DateField'
import { Result } from '../../components/LazyResult'

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null)
const dayOf = (s: string | null | undefined) => (s ? dayjs(s) : null)

export default function RoundPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const { can } = useAuth()
  const manage = can('inspection.manage')
  const round = useQuery({ queryKey: ['rounds', id], queryFn: () => roundsApi.get(id) })

  if (round.isPending) return <Loading />
  if (round.isError) {
    if (isApiError(round.error) && round.error.status === 404) return <NotFoundPage />
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(round.error, t)} />
  }
  const r = round.data
  return (
    <div data-testid="round-page">
      <PageHeader
        title={r.name}
        extra={
          <Link to="/inspections/rounds">
            <Button icon={<ArrowLeftOutlined />}>{t('findings.back')}</Button>
          </Link>
        }
      />
      <Panel style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('rounds.organizer')}>{r.organizerUnitName}</Descriptions.Item>
          <Descriptions.Item label={t('rounds.dates')}>{dateRange(r.startDate, r.endDate)}</Descriptions.Item>
          <Descriptions.Item label={t('rounds.phase')}>
            <PhaseTag phase={r.phase} />
          </Descriptions.Item>
          {r.description && (
            <Descriptions.Item label={t('rounds.description')} span={3}>
              {r.description}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Panel>
      <PhaseCard round={r} manage={manage} />
      <TeamsCard round={r} manage={manage} />
      <TargetsCard round={r} manage={manage} />
    </div>
  )
}

function PhaseCard({ round, manage }: { round: RoundDto; manage: boolean }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [reverting, setReverting] = useState(false)
  const index = ROUND_PHASES.indexOf(round.phase)
  const allowed = actionsFrom(ROUND_WORKFLOW, round.phase, ['inspection_office'])
  const next = ROUND_PHASES[index + 1]
  const prev = ROUND_PHASES[index - 1]

  const advance = async () => {
    try {
      const r = await roundsApi.transition(round.id, 'advance')
      message.success(t('rounds.advanced', { phase: t(`phases.${r.phase}`) }))
      await qc.invalidateQueries({ queryKey: ['rounds'] })
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  return (
    <Panel
      title={t('rounds.phaseSteps')}
      style={{ marginBottom: 16 }}
      data-testid="phase-card"
      extra={
        manage && (
          <Space>
            {allowed.includes('revert') && prev && (
              <Button
                icon={<RollbackOutlined />}
                onClick={() => setReverting(true)}
                data-testid="phase-revert"
              >
                {t('rounds.revert')}
              </Button>
            )}
            {allowed.includes('advance') && next && (
              <Popconfirm
                title={t('rounds.advanceTo', { phase: t(`phases.${next}`) })}
                description={t('rounds.confirmAdvance', { phase: t(`phases.${next}`) })}
                onConfirm={advance}
              >
                <Button type="primary" icon={<ArrowRightOutlined />} data-testid="phase-advance">
                  {t('rounds.advance')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      <Steps
        current={index}
        size="small"
        data-testid="phase-steps"
        items={ROUND_PHASES.map((p) => ({ title: t(`phases.${p}`) }))}
      />
      {prev && (
        <FormModal<{ reason: string }>
          open={reverting}
          title={t('rounds.revertTitle', { phase: t(`phases.${prev}`) })}
          onClose={() => setReverting(false)}
          okText={t('rounds.revert')}
          testId="phase-revert-form"
          onSubmit={async (v) => {
            const r = await roundsApi.transition(round.id, 'revert', v.reason.trim())
            message.success(t('rounds.reverted', { phase: t(`phases.${r.phase}`) }))
            await qc.invalidateQueries({ queryKey: ['rounds'] })
          }}
        >
          <Form.Item
            label={t('rounds.reason')}
            name="reason"
            rules={[{ required: true, whitespace: true, max: 2000, message: t('rounds.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} autoFocus />
          </Form.Item>
        </FormModal>
      )}
    </Panel>
  )
}

interface TeamForm {
  name: string
  leaderId: string
  memberIds?: string[]
}

function TeamsCard({ round, manage }: { round: RoundDto; manage: boolean }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<TeamDto | null>(null)
  const teams = useQuery({
    queryKey: ['rounds', round.id, 'teams'],
    queryFn: () => roundsApi.teams(round.id),
  })
  const refresh = () => qc.invalidateQueries({ queryKey: ['rounds'] })

  // People are found with the user lookup; this round's staff label the pickers' current values.
  const known = useMemo<UserLookup[]>(() => {
    const map = new Map<string, UserLookup>()
    for (const team of teams.data ?? [])
      for (const m of team.members)
        map.set(m.userId, {
          id: m.userId,
          username: m.username,
          displayName: m.displayName,
          unitName: m.unitName,
        })
    return [...map.values()]
  }, [teams.data])

  const remove = async (team: TeamDto) => {
    try {
      await teamsApi.remove(team.id)
      message.success(t('common.deleted'))
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const columns: TableProps<TeamDto>['columns'] = [
    { title: t('teams.name'), dataIndex: 'name', key: 'name', width: 160 },
    {
      title: t('teams.leader'),
      key: 'leader',
      render: (_, team) =>
        team.members
          .filter((m) => m.position === 'leader')
          .map((m) => m.displayName)
          .join('、'),
    },
    {
      title: t('teams.members'),
      key: 'members',
      render: (_, team) => (
        <Space size={[0, 4]} wrap>
          {team.members
            .filter((m) => m.position === 'member')
            .map((m) => (
              <Tag key={m.userId}>{m.displayName}</Tag>
            ))}
        </Space>
      ),
    },
    { title: t('teams.targetCount'), dataIndex: 'targetCount', key: 'targetCount', width: 120 },
  ]
  if (manage)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, team) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(team)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('common.confirmDelete', { name: team.name })}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(team)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    })

  const fields = (
    <>
      <Form.Item
        label={t('teams.name')}
        name="name"
        rules={[
          {
            required: true,
            whitespace: true,
            max: 100,
            message: t('common.requiredField', { field: t('teams.name') }),
          },
        ]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        label={t('teams.leader')}
        name="leaderId"
        rules={[{ required: true, message: t('common.selectField', { field: t('teams.leader') }) }]}
      >
        <UserPicker known={known} aria-label={t('teams.leader')} />
      </Form.Item>
      <Form.Item label={t('teams.members')} name="memberIds">
        <UserPicker multiple known={known} aria-label={t('teams.members')} />
      </Form.Item>
    </>
  )

  return (
    <Panel
      title={t('teams.title')}
      style={{ marginBottom: 16 }}
      data-testid="teams-card"
      extra={
        manage && (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="team-create">
            {t('teams.createTitle')}
          </Button>
        )
      }
    >
      <Table<TeamDto>
        rowKey="id"
        size="small"
        data-testid="teams-table"
        loading={teams.isFetching}
        columns={columns}
        dataSource={teams.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('teams.none')} /> }}
      />
      <FormModal<TeamForm>
        open={creating}
        title={t('teams.createTitle')}
        onClose={() => setCreating(false)}
        testId="team-create-form"
        onSubmit={async (v) => {
          await roundsApi.createTeam(round.id, {
            name: v.name.trim(),
            leaderId: v.leaderId,
            memberIds: v.memberIds ?? [],
          })
          message.success(t('common.created'))
          await refresh()
        }}
      >
        {fields}
      </FormModal>
      <FormModal<TeamForm>
        open={editing !== null}
        title={t('teams.editTitle')}
        onClose={() => setEditing(null)}
        testId="team-edit-form"
        initialValues={
          editing
            ? {
                name: editing.name,
                leaderId: editing.members.find((m) => m.position === 'leader')?.userId,
                memberIds: editing.members.filter((m) => m.position === 'member').map((m) => m.userId),
              }
            : undefined
        }
        onSubmit={async (v) => {
          await teamsApi.update(editing!.id, {
            name: v.name.trim(),
            leaderId: v.leaderId,
            memberIds: v.memberIds ?? [],
          })
          message.success(t('common.saved'))
          await refresh()
        }}
      >
        {fields}
      </FormModal>
    </Panel>
  )
}

interface TargetForm {
  unitId?: string
  teamId: string
  onsite?: [Dayjs | null, Dayjs | null] | null
  feedbackDate?: Dayjs | null
  rectificationDeadline?: Dayjs | null
}

function TargetsCard({ round, manage }: { round: RoundDto; manage: boolean }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const taxonomy = useTaxonomy()
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<TargetDto | null>(null)
  const targets = useQuery({
    queryKey: ['targets', { roundId: round.id }],
    queryFn: () => targetsApi.list({ roundId: round.id, pageSize: 200 }),
  })
  const summary = useQuery({
    queryKey: ['rounds', round.id, 'summary'],
    queryFn: () => roundsApi.summary(round.id),
  })
  const teams = useQuery({
    queryKey: ['rounds', round.id, 'teams'],
    queryFn: () => roundsApi.teams(round.id),
  })
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['targets'] })
    await qc.invalidateQueries({ queryKey: ['rounds'] })
  }

  // Counts by top-level category: the summary counts sub-categories, rolled up here.
  const counts = useMemo(() => {
    const map = new Map<
      string,
      { byStatus: Record<string, number>; byTop: Record<string, number>; total: number }
    >()
    for (const row of (summary.data ?? []) as RoundSummaryRow[]) {
      const byTop: Record<string, number> = {}
      for (const [catId, n] of Object.entries(row.byCategory)) {
        const top = taxonomy.topOf(catId)?.id ?? catId
        byTop[top] = (byTop[top] ?? 0) + n
      }
      map.set(row.targetId, { byStatus: row.byStatus, byTop, total: row.total })
    }
    return map
  }, [summary.data, taxonomy])

  const remove = async (target: TargetDto) => {
    try {
      await targetsApi.remove(target.id)
      message.success(t('common.deleted'))
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const count = (n: number | undefined) => (n ? n : <span style={{ color: '#bbb' }}>0</span>)
  const columns: TableProps<TargetDto>['columns'] = [
    {
      title: t('targets.unit'),
      key: 'unit',
      fixed: 'left',
      width: 210,
      render: (_, target) => (
        <Space size={4} wrap>
          <Link to={`/inspections/targets/${target.id}`} data-testid={`target-link-${target.unitName}`}>
            {target.unitName}
          </Link>
          {target.fedBackAt && (
            <Tooltip title={t('targets.fedBackAt', { time: formatTime(target.fedBackAt) })}>
              <Tag color="purple">{t('phases.feedback')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('targets.team'),
      key: 'team',
      width: 110,
      render: (_, target) => (
        <Tooltip title={`${t('targets.onsite')}：${dateRange(target.onsiteStart, target.onsiteEnd)}`}>
          {target.teamName}
        </Tooltip>
      ),
    },
    {
      title: t('targets.byStatus'),
      key: 'byStatus',
      children: FINDING_STATUSES.map((s) => ({
        title: <Tag color={STATUS_COLORS[s]}>{t(`findingStatuses.${s}`)}</Tag>,
        key: `status-${s}`,
        width: 64,
        align: 'center' as const,
        render: (_: unknown, target: TargetDto) => (
          <span data-testid={`count-${s}`}>{count(counts.get(target.id)?.byStatus[s])}</span>
        ),
      })),
    },
    {
      title: t('targets.byCategory'),
      key: 'byCategory',
      children: taxonomy.tops.map((c) => ({
        title: (
          <Tooltip title={c.name}>
            <span>{c.code}</span>
          </Tooltip>
        ),
        key: `cat-${c.id}`,
        width: 52,
        align: 'center' as const,
        render: (_: unknown, target: TargetDto) => (
          <span data-testid={`count-${c.code}`}>{count(counts.get(target.id)?.byTop[c.id])}</span>
        ),
      })),
    },
    {
      title: t('targets.total'),
      key: 'total',
      width: 60,
      align: 'center',
      render: (_, target) => <strong data-testid="count-total">{counts.get(target.id)?.total ?? 0}</strong>,
    },
  ]
  if (manage)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, target) => (
        <Space size={0}>
          <Tooltip title={t('common.edit')}>
            <Button
              type="text"
              size="small"
              icon={<EditOutlined />}
              aria-label={t('common.edit')}
              onClick={() => setEditing(target)}
            />
          </Tooltip>
          <Popconfirm
            title={t('common.confirmDelete', { name: target.unitName })}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(target)}
          >
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={t('common.delete')}
            />
          </Popconfirm>
        </Space>
      ),
    })

  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))
  const dateFields = (
    <>
      <Form.Item
        label={t('targets.team')}
        name="teamId"
        rules={[{ required: true, message: t('common.selectField', { field: t('targets.team') }) }]}
      >
        <Select aria-label={t('targets.team')} options={teamOptions} />
      </Form.Item>
      <Form.Item label={t('targets.onsite')} name="onsite">
        <RangeField allowEmpty={[true, true]} />
      </Form.Item>
      <Space size={16}>
        <Form.Item label={t('targets.feedbackDate')} name="feedbackDate">
          <DateField />
        </Form.Item>
        <Form.Item label={t('targets.rectificationDeadline')} name="rectificationDeadline">
          <DateField />
        </Form.Item>
      </Space>
    </>
  )
  const dates = (v: TargetForm) => ({
    onsiteStart: day(v.onsite?.[0]),
    onsiteEnd: day(v.onsite?.[1]),
    feedbackDate: day(v.feedbackDate),
    rectificationDeadline: day(v.rectificationDeadline),
  })

  return (
    <Panel
      title={t('targets.title')}
      data-testid="targets-card"
      extra={
        manage && (
          <Button
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            disabled={teamOptions.length === 0}
            data-testid="target-create"
          >
            {t('targets.createTitle')}
          </Button>
        )
      }
    >
      {targets.isError ? (
        <Empty description={errorText(targets.error, t)} />
      ) : (
        <Table<TargetDto>
          rowKey="id"
          size="small"
          bordered
          data-testid="targets-table"
          loading={targets.isFetching || summary.isFetching}
          columns={columns}
          dataSource={targets.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(target) =>
            ({ 'data-testid': `target-row-${target.unitName}` }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: <Empty description={t('targets.none')} /> }}
        />
      )}
      <FormModal<TargetForm>
        open={creating}
        title={t('targets.createTitle')}
        onClose={() => setCreating(false)}
        testId="target-create-form"
        onSubmit={async (v) => {
          await targetsApi.create({ roundId: round.id, unitId: v.unitId!, teamId: v.teamId, ...dates(v) })
          message.success(t('common.created'))
          await refresh()
        }}
      >
        <Form.Item
          label={t('targets.unit')}
          name="unitId"
          rules={[{ required: true, message: t('common.selectField', { field: t('targets.unit') }) }]}
        >
          <UnitSelect aria-label={t('targets.unit')} style={{ width: '100%' }} />
        </Form.Item>
        {dateFields}
      </FormModal>
      <FormModal<TargetForm>
        open={editing !== null}
        title={`${t('targets.editTitle')} · ${editing?.unitName ?? ''}`}
        onClose={() => setEditing(null)}
        testId="target-edit-form"
        initialValues={
          editing
            ? {
                teamId: editing.teamId,
                onsite: [dayOf(editing.onsiteStart), dayOf(editing.onsiteEnd)],
                feedbackDate: dayOf(editing.feedbackDate),
                rectificationDeadline: dayOf(editing.rectificationDeadline),
              }
            : undefined
        }
        onSubmit={async (v) => {
          await targetsApi.update(editing!.id, { teamId: v.teamId, ...dates(v) })
          message.success(t('common.saved'))
          await refresh()
        }}
      >
        {dateFields}
      </FormModal>
    </Panel>
  )
}
