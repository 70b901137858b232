import {
  AimOutlined,
  CheckOutlined,
  ClockCircleOutlined,
  CloseOutlined,
  DeleteOutlined,
  MergeCellsOutlined,
  PlusOutlined,
  SendOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Button,
  Checkbox,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Row,
  Segmented,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useAuth } from '../../auth/auth'
import { FormModal } from '../../components/FormModal'
import { errorText } from '../../lib/errors'
import { meetingsApi, type DirectiveDto, type DirectiveStatus, type MeetingDetailDto } from './api'
import { DirectiveTaskModal } from './DirectiveTaskModal'
import {
  DIRECTIVE_STATUS_LIST,
  DirectiveStatusTag,
  MarkedText,
  meetingKeys,
  useMeetingDepartments,
} from './labels'
import { FlagsWarning } from './TextPanel'
import { Panel } from '../../components/Panel'

type Option = { value: string; label: string }
type Filter = DirectiveStatus | 'all'

interface DirectiveForm {
  title: string
  text: string
  timeExpression?: string
  leadDepartmentId?: string
}

/**
 * 决策部署: the directives read from the meeting text, reviewed one by one — kept or dropped,
 * edited, merged, given a lead department — beside the text they came from; a kept one
 * becomes a key supervised task.
 */
export function DirectivesPanel({ meeting, manager }: { meeting: MeetingDetailDto; manager: boolean }) {
  const { t } = useTranslation()
  const { can } = useAuth()
  const canTask = manager && can('task.manage')
  const { message } = useFeedback()
  const qc = useQueryClient()
  const key = meetingKeys.directives(meeting.id)
  const directives = useQuery({ queryKey: key, queryFn: () => meetingsApi.directives(meeting.id) })
  const departments = useMeetingDepartments(meeting.unitId)
  const [filter, setFilter] = useState<Filter>('all')
  const [selected, setSelected] = useState<string | null>(null)
  const [checked, setChecked] = useState<string[]>([])
  const [adding, setAdding] = useState(false)
  const [converting, setConverting] = useState<DirectiveDto | null>(null)
  const [busy, setBusy] = useState(false)
  const paneRef = useRef<HTMLDivElement>(null)
  const spanRef = useRef<HTMLElement>(null)

  const all = directives.data ?? []
  const current = all.find((d) => d.id === selected) ?? null
  const shown = filter === 'all' ? all : all.filter((d) => d.status === filter)
  const counts = Object.fromEntries(
    DIRECTIVE_STATUS_LIST.map((s) => [s, all.filter((d) => d.status === s).length]),
  ) as Record<DirectiveStatus, number>
  const mergeable = checked.filter((id) => all.some((d) => d.id === id))

  // The selected directive's first span, scrolled to a third of the way down the text pane.
  const spansKey = current ? `${current.id}:${JSON.stringify(current.spans)}` : ''
  useEffect(() => {
    const pane = paneRef.current
    const mark = spanRef.current
    if (!pane || !mark || !spansKey) return
    const offset = mark.getBoundingClientRect().top - pane.getBoundingClientRect().top
    pane.scrollTo({ top: pane.scrollTop + offset - pane.clientHeight / 3, behavior: 'smooth' })
  }, [spansKey])

  const saved = async (list: DirectiveDto[]) => {
    qc.setQueryData(key, list)
    setChecked((ids) => ids.filter((id) => list.some((d) => d.id === id)))
    await qc.invalidateQueries({ queryKey: meetingKeys.one(meeting.id) })
    await qc.invalidateQueries({ queryKey: meetingKeys.list })
  }

  const run = async (action: () => Promise<DirectiveDto[]>, done?: string) => {
    setBusy(true)
    try {
      const list = await action()
      await saved(list)
      if (done) message.success(done)
      return list
    } catch (e) {
      message.error(errorText(e, t))
      return null
    } finally {
      setBusy(false)
    }
  }

  const propose = async () => {
    const list = await run(() => meetingsApi.propose(meeting.id))
    if (list) message.success(t('meetings.directives.proposed', { count: list.length }))
  }

  const merge = async () => {
    const list = await run(() => meetingsApi.merge(meeting.id, mergeable), t('meetings.directives.merged'))
    if (list) {
      const first = list.find((d) => mergeable.includes(d.id))
      if (first) setSelected(first.id)
      setChecked([])
    }
  }

  const add = async (v: DirectiveForm) => {
    const list = await meetingsApi.addDirective(meeting.id, {
      title: v.title.trim(),
      text: v.text.trim(),
      timeExpression: v.timeExpression?.trim() || null,
      leadDepartmentId: v.leadDepartmentId ?? null,
    })
    await saved(list)
    message.success(t('meetings.directives.added'))
    const last = list[list.length - 1]
    if (last) setSelected(last.id)
  }

  const update = (d: DirectiveDto, body: Parameters<typeof meetingsApi.updateDirective>[2], done?: string) =>
    run(() => meetingsApi.updateDirective(meeting.id, d.id, body), done)

  const noText = !meeting.text.trim()
  const proposeButton = (
    <Button
      type="primary"
      icon={<ThunderboltOutlined />}
      loading={busy}
      disabled={noText}
      onClick={all.length ? undefined : propose}
      data-testid="directives-propose"
    >
      {t('meetings.directives.propose')}
    </Button>
  )

  return (
    <div data-testid="directives-panel">
      <Flex wrap gap={8} justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          aria-label={t('meetings.directives.filter')}
          options={(['all', ...DIRECTIVE_STATUS_LIST] as Filter[]).map((s) => ({
            value: s,
            label: (
              <span data-testid={`directives-filter-${s}`}>
                {s === 'all' ? t('common.all') : t(`meetings.directiveStatuses.${s}`)} (
                {s === 'all' ? all.length : counts[s]})
              </span>
            ),
          }))}
        />
        {manager && (
          <Space wrap>
            {noText ? (
              <Tooltip title={t('meetings.directives.needText')}>{proposeButton}</Tooltip>
            ) : all.length ? (
              <Popconfirm
                title={t('meetings.directives.propose')}
                description={t('meetings.directives.proposeReplace')}
                onConfirm={propose}
              >
                {proposeButton}
              </Popconfirm>
            ) : (
              proposeButton
            )}
            <Popconfirm
              title={t('meetings.directives.mergeConfirm', { count: mergeable.length })}
              description={t('meetings.directives.mergeHint')}
              onConfirm={merge}
              disabled={mergeable.length < 2}
            >
              <Button
                icon={<MergeCellsOutlined />}
                disabled={mergeable.length < 2 || busy}
                data-testid="directives-merge"
              >
                {t('meetings.directives.merge', { count: mergeable.length })}
              </Button>
            </Popconfirm>
            <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="directives-add">
              {t('meetings.directives.add')}
            </Button>
          </Space>
        )}
      </Flex>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Panel
            size="small"
            title={t('meetings.text.title')}
            extra={
              current && (
                <Typography.Text
                  type="secondary"
                  ellipsis
                  style={{ maxWidth: 280 }}
                  data-testid="directives-text-current"
                >
                  #{current.seq} {current.title}
                </Typography.Text>
              )
            }
            style={{ position: 'sticky', top: 16 }}
            data-testid="directives-text"
          >
            <FlagsWarning meeting={meeting} />
            {current && !current.spans.length && (
              <Typography.Paragraph type="secondary">
                {t('meetings.directives.notInText')}
              </Typography.Paragraph>
            )}
            {meeting.text ? (
              <div
                ref={paneRef}
                tabIndex={0}
                aria-label={t('meetings.text.title')}
                style={{
                  whiteSpace: 'pre-wrap',
                  lineHeight: 1.9,
                  maxHeight: 'calc(100vh - 260px)',
                  minHeight: 240,
                  overflowY: 'auto',
                  paddingRight: 8,
                }}
              >
                <MarkedText
                  text={meeting.text}
                  flags={meeting.textFlags}
                  spans={current?.spans ?? []}
                  spanRef={spanRef}
                />
              </div>
            ) : (
              <Empty description={t('meetings.text.none')} />
            )}
          </Panel>
        </Col>
        <Col xs={24} lg={14}>
          {directives.isError ? (
            <Empty description={errorText(directives.error, t)} />
          ) : !shown.length ? (
            <Panel loading={directives.isPending}>
              <Empty
                description={
                  all.length ? t('meetings.directives.noneMatching') : t('meetings.directives.none')
                }
              />
            </Panel>
          ) : (
            <Flex vertical gap={12} data-testid="directives-list">
              {shown.map((d) => (
                <DirectiveCard
                  key={d.id}
                  d={d}
                  selected={d.id === selected}
                  checked={checked.includes(d.id)}
                  manager={manager}
                  canTask={canTask}
                  busy={busy}
                  departments={departments.data ?? []}
                  onSelect={() => setSelected(d.id)}
                  onCheck={(on) => setChecked((ids) => (on ? [...ids, d.id] : ids.filter((x) => x !== d.id)))}
                  onUpdate={(body, done) => update(d, body, done)}
                  onRemove={() =>
                    run(() => meetingsApi.removeDirective(meeting.id, d.id), t('common.deleted'))
                  }
                  onConvert={() => setConverting(d)}
                />
              ))}
            </Flex>
          )}
        </Col>
      </Row>
      {manager && (
        <FormModal<DirectiveForm>
          open={adding}
          width={640}
          title={t('meetings.directives.add')}
          onClose={() => setAdding(false)}
          onSubmit={add}
          testId="directive-form"
          okText={t('common.create')}
        >
          <Form.Item
            label={t('meetings.directives.fields.title')}
            name="title"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.requiredField', { field: t('meetings.directives.fields.title') }),
              },
            ]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            label={t('meetings.directives.fields.text')}
            name="text"
            extra={t('meetings.directives.textHint')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.requiredField', { field: t('meetings.directives.fields.text') }),
              },
            ]}
          >
            <Input.TextArea rows={4} maxLength={10_000} />
          </Form.Item>
          <Row gutter={16}>
            <Col span={10}>
              <Form.Item label={t('meetings.directives.fields.time')} name="timeExpression">
                <Input maxLength={50} placeholder={t('meetings.directives.timePlaceholder')} />
              </Form.Item>
            </Col>
            <Col span={14}>
              <Form.Item label={t('meetings.directives.fields.lead')} name="leadDepartmentId">
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={departments.data ?? []}
                />
              </Form.Item>
            </Col>
          </Row>
        </FormModal>
      )}
      {converting && (
        <DirectiveTaskModal
          meeting={meeting}
          directive={converting}
          departments={departments.data ?? []}
          onClose={() => setConverting(null)}
        />
      )}
    </div>
  )
}

function DirectiveCard({
  d,
  selected,
  checked,
  manager,
  canTask,
  busy,
  departments,
  onSelect,
  onCheck,
  onUpdate,
  onRemove,
  onConvert,
}: {
  d: DirectiveDto
  selected: boolean
  checked: boolean
  manager: boolean
  canTask: boolean
  busy: boolean
  departments: Option[]
  onSelect: () => void
  onCheck: (on: boolean) => void
  onUpdate: (body: Parameters<typeof meetingsApi.updateDirective>[2], done?: string) => unknown
  onRemove: () => unknown
  onConvert: () => void
}) {
  const { t } = useTranslation()
  const hasTask = !!d.taskId
  const editable = manager && !hasTask
  const leadOptions =
    d.leadDepartmentId && !departments.some((o) => o.value === d.leadDepartmentId)
      ? [...departments, { value: d.leadDepartmentId, label: d.leadDepartmentName ?? d.leadDepartmentId }]
      : departments
  return (
    <Panel
      size="small"
      data-testid="directive-card"
      data-directive-id={d.id}
      data-status={d.status}
      data-selected={selected || undefined}
      onClick={onSelect}
      onFocusCapture={onSelect}
      style={{
        borderColor: selected ? '#a8071a' : undefined,
        boxShadow: selected ? '0 0 0 1px #a8071a' : undefined,
        opacity: d.status === 'dropped' ? 0.65 : 1,
      }}
    >
      <Flex gap={8} align="flex-start">
        {manager && (
          <Checkbox
            checked={checked}
            onChange={(e) => onCheck(e.target.checked)}
            aria-label={t('meetings.directives.pick', { seq: d.seq })}
            data-testid="directive-check"
            style={{ marginTop: 2 }}
          />
        )}
        <Flex vertical gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text type="secondary">#{d.seq}</Typography.Text>
            <Typography.Text
              strong
              data-testid="directive-title"
              editable={
                editable
                  ? {
                      tooltip: t('meetings.directives.editTitle'),
                      maxLength: 200,
                      onChange: (title) => {
                        const v = title.trim()
                        if (v && v !== d.title) void onUpdate({ title: v }, t('common.saved'))
                      },
                    }
                  : false
              }
            >
              {d.title}
            </Typography.Text>
            <DirectiveStatusTag status={d.status} />
            {d.timeExpression && (
              <Tag icon={<ClockCircleOutlined />} color="orange" data-testid="directive-time">
                {d.timeExpression}
              </Tag>
            )}
            <Button
              size="small"
              type="text"
              icon={<AimOutlined />}
              onClick={onSelect}
              aria-label={t('meetings.directives.locate')}
              title={t('meetings.directives.locate')}
              data-testid="directive-locate"
            />
          </Flex>
          <Typography.Paragraph
            style={{ marginBottom: 0 }}
            data-testid="directive-text"
            editable={
              editable
                ? {
                    tooltip: t('meetings.directives.editText'),
                    autoSize: { minRows: 2, maxRows: 8 },
                    onChange: (text) => {
                      const v = text.trim()
                      if (v && v !== d.text) void onUpdate({ text: v }, t('common.saved'))
                    },
                  }
                : false
            }
          >
            {d.text}
          </Typography.Paragraph>
          {d.suggestions.length > 0 && (
            <Flex gap={4} vertical data-testid="directive-suggestions">
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('meetings.directives.suggested')}
              </Typography.Text>
              {d.suggestions.slice(0, 3).map((s) => (
                <Flex key={s.departmentId} gap={6} align="center" wrap data-testid="directive-suggestion">
                  {editable && s.departmentId !== d.leadDepartmentId ? (
                    <Button
                      size="small"
                      type="link"
                      style={{ padding: 0 }}
                      onClick={() => onUpdate({ leadDepartmentId: s.departmentId })}
                      title={t('meetings.directives.useSuggestion')}
                    >
                      {s.departmentName}
                    </Button>
                  ) : (
                    <Typography.Text strong={s.departmentId === d.leadDepartmentId}>
                      {s.departmentName}
                    </Typography.Text>
                  )}
                  <Tooltip title={t('meetings.directives.scoreTip')}>
                    <Tag color="geekblue" data-testid="suggestion-score">
                      {t('meetings.directives.score', { score: s.score.toFixed(1) })}
                    </Tag>
                  </Tooltip>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('meetings.directives.reasons', { words: s.reasons.join('、') })}
                  </Typography.Text>
                </Flex>
              ))}
            </Flex>
          )}
          <Flex gap={8} align="center" wrap>
            <Typography.Text type="secondary">{t('meetings.directives.fields.lead')}</Typography.Text>
            {editable ? (
              <Select
                size="small"
                allowClear
                style={{ minWidth: 220 }}
                value={d.leadDepartmentId ?? undefined}
                placeholder={t('meetings.directives.noLead')}
                aria-label={t('meetings.directives.fields.lead')}
                showSearch={{ optionFilterProp: 'label' }}
                options={leadOptions}
                onChange={(v: string | undefined) => onUpdate({ leadDepartmentId: v ?? null })}
                data-testid="directive-lead"
              />
            ) : (
              <Typography.Text data-testid="directive-lead-name">
                {d.leadDepartmentName ?? t('meetings.directives.noLead')}
              </Typography.Text>
            )}
          </Flex>
          <Flex gap={8} align="center" wrap>
            {hasTask && (
              <Link to={`/tasks/${d.taskId}`} data-testid="directive-task-link">
                <Tag color="success" icon={<SendOutlined />}>
                  {t('meetings.directives.taskLink', { code: d.taskCode ?? '' })}
                </Tag>
              </Link>
            )}
            {editable && d.status !== 'kept' && (
              <Button
                size="small"
                icon={<CheckOutlined />}
                disabled={busy}
                onClick={() => onUpdate({ status: 'kept' }, t('meetings.directives.keptOk'))}
                data-testid="directive-keep"
              >
                {t('meetings.directives.keep')}
              </Button>
            )}
            {editable && d.status !== 'dropped' && (
              <Button
                size="small"
                icon={<CloseOutlined />}
                disabled={busy}
                onClick={() => onUpdate({ status: 'dropped' }, t('meetings.directives.droppedOk'))}
                data-testid="directive-drop"
              >
                {t('meetings.directives.drop')}
              </Button>
            )}
            {editable && (
              <Popconfirm
                title={t('common.confirmDelete', { name: d.title })}
                description={t('common.irreversible')}
                onConfirm={() => onRemove()}
              >
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  disabled={busy}
                  data-testid="directive-remove"
                >
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            )}
            {canTask && !hasTask && d.status === 'kept' && (
              <Button
                size="small"
                type="primary"
                icon={<SendOutlined />}
                onClick={onConvert}
                data-testid="directive-to-task"
              >
                {t('meetings.directives.toTask')}
              </Button>
            )}
          </Flex>
        </Flex>
      </Flex>
    </Panel>
  )
}
