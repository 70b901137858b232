import {
  ArrowLeftOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  SendOutlined,
} from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Table,
  Timeline,
  Typography,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { isApiError } from '../../api/client'
import {
  commonProblemsApi,
  unitsApi,
  type CommonProblemDetailDto,
  type CommonProblemStatus,
} from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { FindingPicker } from '../../components/FindingPicker'
import { FormModal } from '../../components/FormModal'
import { Loading } from '../../components/Loading'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { NotFoundPage } from '../ErrorPages'
import { StatusTag } from '../inspections/labels'
import { useSupremeUnit } from './commonProblems'
import { COMMON_PROBLEM_STATUS_LIST, CommonProblemStatusTag, SelfInspectionStatusTag } from './labels'
import { Panel } from '../../components/Panel'
import { DateField } from '../../components/DateField'
import { Result } from '../../components/LazyResult'

type Detail = CommonProblemDetailDto
type LinkedFinding = Detail['findings'][number]
type SelfInspectionRow = Detail['selfInspections'][number]

export default function CommonProblemPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const problem = useQuery({
    queryKey: ['common-problems', id],
    queryFn: () => commonProblemsApi.get(id),
  })
  if (problem.isPending) return <Loading />
  if (problem.isError) {
    if (isApiError(problem.error) && problem.error.status === 404) return <NotFoundPage />
    return <Result status="error" title={t('errors.loadFailed')} subTitle={errorText(problem.error, t)} />
  }
  return <ProblemView p={problem.data} />
}

function ProblemView({ p }: { p: Detail }) {
  const { t } = useTranslation()
  const { message, modal } = useFeedback()
  const { user, can } = useAuth()
  const qc = useQueryClient()
  const supreme = useSupremeUnit()
  // The detail carries no list of allowed actions: the office merges, assigns and pushes; the
  // owner of the assigned department (or the office) records the use of results. The server decides.
  const office = can('inspection.manage')
  const owner = !!user?.roles.some(
    (r) => r.role === 'department_owner' && !!p.departmentId && r.scopeId === p.departmentId,
  )
  const canAct = office || owner
  const [editing, setEditing] = useState(false)
  const [assigning, setAssigning] = useState(false)
  const [adding, setAdding] = useState(false)
  const [pushing, setPushing] = useState(false)
  const [actionForm] = Form.useForm<{ content: string }>()
  const [posting, setPosting] = useState(false)
  const [error, setError] = useState<unknown>(null)

  const save = (next: Detail) => {
    qc.setQueryData(['common-problems', p.id], next)
    return qc.invalidateQueries({ queryKey: ['common-problems'] })
  }
  const changeStatus = async (status: CommonProblemStatus) => {
    const ok = await modal.confirm({
      title: t('commonProblems.confirmStatus', { status: t(`commonProblemStatuses.${status}`) }),
    })
    if (!ok) return
    setError(null)
    try {
      await save(await commonProblemsApi.update(p.id, { status }))
      message.success(t('common.saved'))
    } catch (e) {
      setError(e)
    }
  }
  const removeFinding = async (f: LinkedFinding) => {
    setError(null)
    try {
      await save(await commonProblemsApi.removeFinding(p.id, f.id))
      message.success(t('commonProblems.findingRemoved'))
    } catch (e) {
      setError(e)
    }
  }
  const postAction = async (v: { content: string }) => {
    setPosting(true)
    setError(null)
    try {
      await save(await commonProblemsApi.addAction(p.id, v.content.trim()))
      actionForm.resetFields()
      message.success(t('commonProblems.actionPosted'))
    } catch (e) {
      setError(e)
    } finally {
      setPosting(false)
    }
  }

  return (
    <div data-testid="common-problem-page">
      <PageHeader
        title={`${t('commonProblems.detail')} · ${p.title}`}
        extra={
          <Link to="/rectification/common-problems">
            <Button icon={<ArrowLeftOutlined />}>{t('commonProblems.title')}</Button>
          </Link>
        }
      />
      {error !== null && (
        <Alert
          type="error"
          showIcon
          role="alert"
          closable={{ onClose: () => setError(null) }}
          data-testid="common-problem-error"
          title={errorText(error, t)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Panel
            style={{ marginBottom: 16 }}
            title={
              <Space>
                <CommonProblemStatusTag status={p.status} />
                <Typography.Text strong data-testid="common-problem-title">
                  {p.title}
                </Typography.Text>
              </Space>
            }
            extra={
              office && (
                <Space wrap>
                  <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="cp-edit">
                    {t('common.edit')}
                  </Button>
                  <Button onClick={() => setAssigning(true)} data-testid="cp-assign">
                    {t('commonProblems.assign')}
                  </Button>
                  <Select<CommonProblemStatus>
                    aria-label={t('commonProblems.status')}
                    value={p.status}
                    style={{ width: 110 }}
                    onChange={changeStatus}
                    options={COMMON_PROBLEM_STATUS_LIST.map((s) => ({
                      value: s,
                      label: t(`commonProblemStatuses.${s}`),
                    }))}
                    data-testid="cp-status"
                  />
                </Space>
              )
            }
          >
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
              <Descriptions.Item label={t('commonProblems.department')}>
                <span data-testid="cp-department">{p.departmentName ?? t('commonProblems.unassigned')}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('commonProblems.status')}>
                <CommonProblemStatusTag status={p.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('commonProblems.findingCount')}>{p.findingCount}</Descriptions.Item>
              <Descriptions.Item label={t('commonProblems.unitCount')}>{p.unitCount}</Descriptions.Item>
              <Descriptions.Item label={t('common.createdAt')}>{formatTime(p.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('commonProblems.description')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                  {p.description || '—'}
                </Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Panel>

          <Panel
            title={t('commonProblems.findings')}
            style={{ marginBottom: 16 }}
            data-testid="cp-findings"
            extra={
              office && (
                <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="cp-add-findings">
                  {t('commonProblems.addFindings')}
                </Button>
              )
            }
          >
            <Table<LinkedFinding>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={p.findings}
              onRow={() => ({ 'data-testid': 'cp-finding-row' }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty description={t('commonProblems.noFindings')} /> }}
              columns={[
                {
                  title: t('findings.titleField'),
                  key: 'title',
                  render: (_, f) => <Link to={`/inspections/findings/${f.id}`}>{f.title}</Link>,
                },
                { title: t('findings.unit'), dataIndex: 'unitName', key: 'unit', width: 170 },
                { title: t('findings.round'), dataIndex: 'roundName', key: 'round', width: 130 },
                {
                  title: t('findings.status'),
                  key: 'status',
                  width: 100,
                  render: (_, f) => <StatusTag status={f.status as never} />,
                },
                ...(office
                  ? [
                      {
                        title: t('common.actions'),
                        key: 'actions',
                        width: 90,
                        render: (_: unknown, f: LinkedFinding) => (
                          <Popconfirm
                            title={t('commonProblems.confirmRemove', { title: f.title.slice(0, 30) })}
                            description={
                              p.findings.length === 1 ? t('commonProblems.lastFinding') : undefined
                            }
                            onConfirm={() => removeFinding(f)}
                          >
                            <Button
                              type="link"
                              size="small"
                              danger
                              icon={<DeleteOutlined />}
                              data-testid="cp-remove-finding"
                            >
                              {t('commonProblems.remove')}
                            </Button>
                          </Popconfirm>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Panel>

          <Panel
            title={t('commonProblems.selfInspections')}
            data-testid="cp-self-inspections"
            extra={
              office && (
                <Button icon={<SendOutlined />} onClick={() => setPushing(true)} data-testid="cp-push">
                  {t('commonProblems.push')}
                </Button>
              )
            }
          >
            <Table<SelfInspectionRow>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={p.selfInspections}
              onRow={() => ({ 'data-testid': 'cp-self-inspection-row' }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: <Empty description={t('commonProblems.noSelfInspections')} /> }}
              columns={[
                { title: t('selfInspections.unit'), dataIndex: 'unitName', key: 'unit', width: 180 },
                { title: t('selfInspections.dueDate'), dataIndex: 'dueDate', key: 'due', width: 110 },
                {
                  title: t('selfInspections.status'),
                  key: 'status',
                  width: 90,
                  render: (_, s) => <SelfInspectionStatusTag status={s.status} />,
                },
                {
                  title: t('selfInspections.report'),
                  key: 'report',
                  render: (_, s) =>
                    s.report ? (
                      <Space orientation="vertical" size={0}>
                        <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{s.report}</Typography.Text>
                        <Typography.Text type="secondary">{formatTime(s.reportedAt)}</Typography.Text>
                      </Space>
                    ) : (
                      <Typography.Text type="secondary">—</Typography.Text>
                    ),
                },
              ]}
            />
          </Panel>
        </Col>

        <Col xs={24} lg={9}>
          <Panel title={t('commonProblems.actions')} data-testid="cp-actions">
            {p.actions.length === 0 ? (
              <Empty description={t('commonProblems.noActions')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                data-testid="cp-action-timeline"
                items={p.actions.map((a) => ({
                  color: 'blue',
                  content: (
                    <Space orientation="vertical" size={0} data-testid="cp-action">
                      <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{a.content}</Typography.Text>
                      <Typography.Text type="secondary">
                        {a.postedByName ?? '—'} · {formatTime(a.createdAt)}
                      </Typography.Text>
                    </Space>
                  ),
                }))}
              />
            )}
            {canAct ? (
              <Form<{ content: string }>
                form={actionForm}
                layout="vertical"
                onFinish={postAction}
                data-testid="cp-action-form"
              >
                <Form.Item
                  label={t('commonProblems.actionContent')}
                  name="content"
                  rules={[
                    {
                      required: true,
                      whitespace: true,
                      message: t('common.requiredField', { field: t('commonProblems.actionContent') }),
                    },
                  ]}
                >
                  <Input.TextArea
                    rows={4}
                    maxLength={10000}
                    placeholder={t('commonProblems.actionPlaceholder')}
                  />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={posting} data-testid="cp-action-submit">
                  {t('commonProblems.postAction')}
                </Button>
              </Form>
            ) : (
              <Typography.Text type="secondary">{t('commonProblems.actionsHint')}</Typography.Text>
            )}
          </Panel>
        </Col>
      </Row>

      <FormModal<{ title: string; description?: string }>
        open={editing}
        title={t('commonProblems.editTitle')}
        onClose={() => setEditing(false)}
        testId="cp-edit-form"
        width={640}
        initialValues={{ title: p.title, description: p.description }}
        onSubmit={async (v) => {
          await save(
            await commonProblemsApi.update(p.id, {
              title: v.title.trim(),
              description: v.description?.trim() ?? '',
            }),
          )
          message.success(t('common.saved'))
        }}
      >
        <Form.Item
          label={t('commonProblems.titleField')}
          name="title"
          rules={[
            {
              required: true,
              whitespace: true,
              max: 200,
              message: t('common.requiredField', { field: t('commonProblems.titleField') }),
            },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('commonProblems.description')} name="description">
          <Input.TextArea rows={4} maxLength={10000} />
        </Form.Item>
      </FormModal>

      <FormModal<{ departmentId: string | null }>
        open={assigning}
        title={t('commonProblems.assignTitle')}
        onClose={() => setAssigning(false)}
        okText={t('commonProblems.assign')}
        testId="cp-assign-form"
        initialValues={{ departmentId: p.departmentId }}
        onSubmit={async (v) => {
          await save(await commonProblemsApi.update(p.id, { departmentId: v.departmentId ?? null }))
          message.success(t('commonProblems.assigned'))
        }}
      >
        <Form.Item
          label={t('commonProblems.department')}
          name="departmentId"
          extra={t('commonProblems.departmentHint')}
        >
          <DepartmentSelect unitId={supreme.data?.id} aria-label={t('commonProblems.department')} />
        </Form.Item>
      </FormModal>

      <FormModal<{ findingIds: string[] }>
        open={adding}
        title={t('commonProblems.addFindingsTitle')}
        onClose={() => setAdding(false)}
        okText={t('commonProblems.addFindings')}
        testId="cp-add-findings-form"
        width={640}
        onSubmit={async (v) => {
          await save(await commonProblemsApi.addFindings(p.id, v.findingIds))
          message.success(t('commonProblems.findingsAdded'))
        }}
      >
        <Form.Item
          label={t('commonProblems.findings')}
          name="findingIds"
          rules={[
            { required: true, message: t('common.selectField', { field: t('commonProblems.findings') }) },
          ]}
        >
          <FindingPicker
            multiple
            exclude={p.findings.map((f) => f.id)}
            aria-label={t('commonProblems.findings')}
          />
        </Form.Item>
      </FormModal>

      <PushModal problem={p} open={pushing} onClose={() => setPushing(false)} onSaved={save} />
    </div>
  )
}

/** 推送自查: the problem goes to provincial procuratorates not inspected, to check themselves. */
function PushModal({
  problem,
  open,
  onClose,
  onSaved,
}: {
  problem: Detail
  open: boolean
  onClose: () => void
  onSaved: (next: Detail) => Promise<unknown>
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const units = useQuery({
    queryKey: ['units', { level: 'provincial', pageSize: 100 }],
    queryFn: () => unitsApi.list({ level: 'provincial', pageSize: 100 }),
    enabled: open,
    staleTime: 5 * 60_000,
  })
  const names = useMemo(
    () => new Map((units.data?.items ?? []).map((u) => [u.id, u.name] as const)),
    [units.data],
  )
  const pushed = new Set(problem.selfInspections.map((s) => s.unitId))

  return (
    <FormModal<{ unitIds: string[]; dueDate: Dayjs }>
      open={open}
      title={t('commonProblems.pushTitle')}
      onClose={onClose}
      okText={t('commonProblems.push')}
      testId="cp-push-form"
      width={640}
      initialValues={{ dueDate: dayjs().add(1, 'month') }}
      renderError={(e) => {
        if (!isApiError(e) || e.code !== 'unit_already_inspected') return undefined
        const ids = (e.details as { unitIds?: string[] } | undefined)?.unitIds ?? []
        return (
          <span data-testid="cp-push-inspected">
            {t('commonProblems.alreadyInspected', { units: ids.map((id) => names.get(id) ?? id).join('、') })}
          </span>
        )
      }}
      onSubmit={async (v) => {
        const next = await commonProblemsApi.push(problem.id, {
          unitIds: v.unitIds,
          dueDate: v.dueDate.format('YYYY-MM-DD'),
        })
        await onSaved(next)
        message.success(t('commonProblems.pushed', { count: v.unitIds.length }))
      }}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('commonProblems.pushHint')}
      </Typography.Paragraph>
      <Form.Item
        label={t('commonProblems.pushUnits')}
        name="unitIds"
        rules={[
          { required: true, message: t('common.selectField', { field: t('commonProblems.pushUnits') }) },
        ]}
      >
        <Select
          mode="multiple"
          aria-label={t('commonProblems.pushUnits')}
          loading={units.isFetching}
          showSearch={{ optionFilterProp: 'label' }}
          options={(units.data?.items ?? []).map((u) => ({
            value: u.id,
            label: u.name,
            disabled: pushed.has(u.id),
            title: pushed.has(u.id) ? t('commonProblems.alreadyPushed') : u.name,
          }))}
          data-testid="cp-push-units"
        />
      </Form.Item>
      <Form.Item
        label={t('selfInspections.dueDate')}
        name="dueDate"
        rules={[
          { required: true, message: t('common.selectField', { field: t('selfInspections.dueDate') }) },
        ]}
      >
        <DateField style={{ width: 200 }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
      </Form.Item>
    </FormModal>
  )
}
