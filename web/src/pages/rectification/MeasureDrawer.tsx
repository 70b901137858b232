import { BellOutlined, ClockCircleOutlined, PaperClipOutlined } from '@ant-design/icons'
import { useQuery } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Checkbox,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Progress,
  Slider,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
  Upload,
  type UploadFile,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import {
  extensionsApi,
  filesApi,
  measuresApi,
  type ExtensionDto,
  type MeasureDto,
  type ProgressDto,
} from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { FileLink } from '../../components/FileLink'
import { FormModal } from '../../components/FormModal'
import { Loading } from '../../components/Loading'
import { ACCEPTED_FILES, UploadButton } from '../../components/UploadButton'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { StatusTag } from '../inspections/labels'
import { ExtensionStatusTag, KindTag, MeasureStatusTag, Overdue } from './labels'
import { DateField } from '../../components/DateField'
import { useRectificationRefresh } from './refresh'

export { useRectificationRefresh }

/**
 * Whether to offer progress, evidence and extension forms: the inspected unit's leader or
 * liaison, or the owner of the responsible department, while the finding is being rectified.
 * The measure carries no list of allowed actions, so this reads the user's roles; the server
 * decides (and refuses) all the same.
 */
function usePoster(m: MeasureDto | undefined): boolean {
  const { user } = useAuth()
  if (!m || !user || m.findingStatus !== 'rectifying') return false
  return user.roles.some(
    (r) =>
      r.role === 'unit_leader' ||
      r.role === 'unit_liaison' ||
      (r.role === 'department_owner' && r.scopeId === m.departmentId),
  )
}

interface ProgressForm {
  content: string
  progress: number
  done: boolean
}

/** A measure: its details, its progress posts with their evidence, and (for the unit) new posts and extension requests. */
export function MeasureDrawer({ measureId, onClose }: { measureId: string | null; onClose: () => void }) {
  const { t } = useTranslation()
  const measure = useQuery({
    queryKey: ['measures', measureId],
    queryFn: () => measuresApi.get(measureId!),
    enabled: !!measureId,
  })
  return (
    <Drawer
      open={measureId !== null}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={
        measure.data
          ? `${t('measures.findingSeq', { seq: measure.data.findingSeq })} · ${measure.data.findingTitle}`
          : t('measures.detail')
      }
      data-testid="measure-drawer"
    >
      {measure.isPending ? (
        <Loading />
      ) : measure.isError ? (
        <Empty description={errorText(measure.error, t)} />
      ) : (
        <MeasureDetail m={measure.data} />
      )}
    </Drawer>
  )
}

function MeasureDetail({ m }: { m: MeasureDto }) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const refresh = useRectificationRefresh()
  const poster = usePoster(m)
  const { can } = useAuth()
  const office = can('inspection.manage')
  const [urging, setUrging] = useState(false)
  const [urged, setUrged] = useState<number | null>(null)
  const [form] = Form.useForm<ProgressForm>()
  const [files, setFiles] = useState<UploadFile[]>([])
  const [busy, setBusy] = useState(false)
  const [postError, setPostError] = useState<unknown>(null)
  const [extending, setExtending] = useState(false)
  const done = Form.useWatch('done', form)

  const progress = useQuery({
    queryKey: ['measures', m.id, 'progress'],
    queryFn: () => measuresApi.progress(m.id),
  })
  const extensions = useQuery({
    queryKey: ['extensions', { targetId: m.targetId, pageSize: 200 }],
    queryFn: () => extensionsApi.list({ targetId: m.targetId, pageSize: 200 }),
    select: (page) => page.items.filter((x) => x.measureId === m.id),
  })
  const pending = (extensions.data ?? []).some((x) => x.status === 'pending')

  const post = async (v: ProgressForm) => {
    setBusy(true)
    setPostError(null)
    try {
      const p = await measuresApi.postProgress(m.id, {
        content: v.content.trim(),
        progress: v.done ? 100 : v.progress,
        done: !!v.done,
      })
      // Evidence goes to the new post; a refused file leaves the post and is reported by name.
      let uploaded = 0
      for (const f of files) {
        try {
          await filesApi.upload('progress', p.id, f.originFileObj as File)
          uploaded++
        } catch (e) {
          message.error(t('progress.uploadFailed', { name: f.name, message: errorText(e, t) }))
        }
      }
      message.success(uploaded ? t('progress.postedWithFiles', { count: uploaded }) : t('progress.posted'))
      form.resetFields()
      form.setFieldsValue({ progress: v.done ? 100 : v.progress })
      setFiles([])
      await refresh()
    } catch (e) {
      setPostError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div data-testid="measure-detail">
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('measures.finding')} span={2}>
          <Space wrap>
            <Link to={`/inspections/findings/${m.findingId}`}>
              {t('measures.findingSeq', { seq: m.findingSeq })} · {m.findingTitle}
            </Link>
            <StatusTag status={m.findingStatus} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('measures.unit')}>{m.unitName}</Descriptions.Item>
        <Descriptions.Item label={t('measures.round')}>{m.roundName}</Descriptions.Item>
        <Descriptions.Item label={t('measures.content')} span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="measure-content">
            {m.content}
          </Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('measures.responsibleLeader')}>{m.responsibleLeader}</Descriptions.Item>
        <Descriptions.Item label={t('measures.department')}>{m.departmentName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('measures.deadline')}>
          <Space>
            <span data-testid="measure-deadline">{m.deadline}</span>
            <Overdue days={m.overdueWorkingDays} />
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('measures.kind')}>
          <KindTag kind={m.kind} />
        </Descriptions.Item>
        <Descriptions.Item label={t('measures.status')}>
          <Space>
            <MeasureStatusTag status={m.status} />
            {m.doneAt && <Typography.Text type="secondary">{formatTime(m.doneAt)}</Typography.Text>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('measures.evidence')}>
          {t('measures.evidenceCount', { count: m.evidenceCount })}
        </Descriptions.Item>
        <Descriptions.Item label={t('measures.progress')} span={2}>
          <Progress percent={m.progress} size="small" status={m.status === 'done' ? 'success' : 'active'} />
        </Descriptions.Item>
      </Descriptions>

      {office && m.status === 'open' && (
        <Flex align="center" gap={12} wrap style={{ marginTop: 16 }}>
          <Button icon={<BellOutlined />} onClick={() => setUrging(true)} data-testid="measure-urge">
            {t('urge.button')}
          </Button>
          {urged !== null && (
            <Typography.Text type={urged ? 'success' : 'warning'} data-testid="urge-result">
              {urged ? t('urge.sent', { count: urged }) : t('urge.nobody')}
            </Typography.Text>
          )}
        </Flex>
      )}

      {((poster && m.status === 'open') || (extensions.data?.length ?? 0) > 0) && (
        <>
          <Divider titlePlacement="start">{t('extensions.title')}</Divider>
          {poster && m.status === 'open' && (
            <Button
              icon={<ClockCircleOutlined />}
              onClick={() => setExtending(true)}
              disabled={pending}
              style={{ marginBottom: 12 }}
              data-testid="extension-request"
            >
              {t('extensions.request')}
            </Button>
          )}
          {(extensions.data?.length ?? 0) > 0 && <ExtensionMiniList items={extensions.data ?? []} />}
        </>
      )}

      <Divider titlePlacement="start">{t('progress.title')}</Divider>
      {progress.isError ? (
        <Empty description={errorText(progress.error, t)} />
      ) : progress.data && progress.data.length === 0 ? (
        <Empty description={t('progress.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          data-testid="progress-timeline"
          items={(progress.data ?? []).map((p) => ({
            color: p.marksDone ? 'green' : 'blue',
            content: <ProgressItem p={p} canAttach={poster} onChanged={refresh} />,
          }))}
        />
      )}

      {poster ? (
        <>
          <Divider titlePlacement="start">{t('progress.post')}</Divider>
          <Form<ProgressForm>
            form={form}
            layout="vertical"
            initialValues={{ progress: m.progress, done: false }}
            onFinish={post}
            data-testid="progress-form"
          >
            <Form.Item
              label={t('progress.content')}
              name="content"
              rules={[
                {
                  required: true,
                  whitespace: true,
                  message: t('common.requiredField', { field: t('progress.content') }),
                },
              ]}
            >
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
            <Form.Item label={t('progress.percent')} required>
              <Flex gap={16} align="center">
                <Form.Item name="progress" noStyle>
                  <Slider
                    min={0}
                    max={100}
                    step={5}
                    disabled={!!done}
                    style={{ flex: 1 }}
                    ariaLabelForHandle={t('progress.percent')}
                  />
                </Form.Item>
                <Form.Item name="progress" noStyle>
                  <InputNumber
                    min={0}
                    max={100}
                    suffix="%"
                    disabled={!!done}
                    aria-label={t('progress.percent')}
                    style={{ width: 100 }}
                  />
                </Form.Item>
              </Flex>
            </Form.Item>
            <Form.Item name="done" valuePropName="checked">
              <Checkbox data-testid="progress-done">{t('progress.markDone')}</Checkbox>
            </Form.Item>
            <Form.Item label={t('progress.evidence')} extra={t('progress.fileHint')}>
              <Upload
                multiple
                accept={ACCEPTED_FILES}
                fileList={files}
                beforeUpload={(file) => {
                  setFiles((list) => [...list, { uid: file.uid, name: file.name, originFileObj: file }])
                  return false
                }}
                onRemove={(f) => setFiles((list) => list.filter((x) => x.uid !== f.uid))}
                data-testid="progress-files"
              >
                <Button icon={<PaperClipOutlined />}>{t('progress.pickFiles')}</Button>
              </Upload>
            </Form.Item>
            {postError !== null && (
              <Alert
                type="error"
                showIcon
                role="alert"
                data-testid="form-error"
                title={errorText(postError, t)}
                style={{ marginBottom: 16 }}
              />
            )}
            <Button type="primary" htmlType="submit" loading={busy} data-testid="progress-submit">
              {t('progress.post')}
            </Button>
          </Form>
        </>
      ) : (
        m.findingStatus !== 'rectifying' &&
        m.status === 'open' && (
          <Typography.Text type="secondary">{t('progress.notRectifying')}</Typography.Text>
        )
      )}

      <FormModal<{ message?: string }>
        open={urging}
        title={t('urge.title')}
        onClose={() => setUrging(false)}
        okText={t('urge.submit')}
        testId="urge-form"
        onSubmit={async (v) => {
          const r = await measuresApi.urge(m.id, v.message?.trim())
          setUrged(r.recipients)
          if (r.recipients) message.success(t('urge.sent', { count: r.recipients }))
          else message.warning(t('urge.nobody'))
        }}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('urge.hint', { unit: m.unitName })}
        </Typography.Paragraph>
        <Form.Item label={t('urge.message')} name="message" extra={t('urge.messageHint')}>
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus placeholder={t('urge.placeholder')} />
        </Form.Item>
      </FormModal>

      <FormModal<{ requestedDeadline: Dayjs; reason: string }>
        open={extending}
        title={t('extensions.requestTitle')}
        onClose={() => setExtending(false)}
        okText={t('extensions.request')}
        testId="extension-form"
        onSubmit={async (v) => {
          await extensionsApi.create({
            measureId: m.id,
            requestedDeadline: v.requestedDeadline.format('YYYY-MM-DD'),
            reason: v.reason.trim(),
          })
          message.success(t('extensions.requested'))
          await refresh()
        }}
      >
        <Form.Item label={t('extensions.currentDeadline')}>
          <Typography.Text>{m.deadline}</Typography.Text>
        </Form.Item>
        <Form.Item
          label={t('extensions.requestedDeadline')}
          name="requestedDeadline"
          rules={[
            {
              required: true,
              message: t('common.selectField', { field: t('extensions.requestedDeadline') }),
            },
          ]}
          extra={t('extensions.laterThan', { date: m.deadline })}
        >
          <DateField disabledDate={(d) => !d.isAfter(dayjs(m.deadline), 'day')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          label={t('extensions.reason')}
          name="reason"
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.requiredField', { field: t('extensions.reason') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </div>
  )
}

function ProgressItem({
  p,
  canAttach,
  onChanged,
}: {
  p: ProgressDto
  canAttach: boolean
  onChanged: () => Promise<void>
}) {
  const { t } = useTranslation()
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="progress-item">
      <Space wrap>
        <Typography.Text strong>{p.progress}%</Typography.Text>
        {p.marksDone && <Tag color="green">{t('progress.marksDone')}</Tag>}
        <Typography.Text type="secondary">
          {p.postedByName ?? '—'} · {formatTime(p.createdAt)}
        </Typography.Text>
      </Space>
      <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{p.content}</Typography.Text>
      {p.evidence.map((f) => (
        <FileLink key={f.id} file={f} />
      ))}
      {canAttach && (
        <UploadButton
          ownerType="progress"
          ownerId={p.id}
          size="small"
          label={t('progress.addEvidence')}
          onUploaded={onChanged}
        />
      )}
    </Space>
  )
}

function ExtensionMiniList({ items }: { items: ExtensionDto[] }) {
  const { t } = useTranslation()
  return (
    <Table<ExtensionDto>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      data-testid="measure-extensions"
      columns={[
        { title: t('extensions.requestedDeadline'), dataIndex: 'requestedDeadline', key: 'to', width: 110 },
        { title: t('extensions.reason'), dataIndex: 'reason', key: 'reason' },
        {
          title: t('extensions.status'),
          key: 'status',
          width: 100,
          render: (_, x) => <ExtensionStatusTag status={x.status} />,
        },
        {
          title: t('extensions.note'),
          key: 'note',
          render: (_, x) => x.decisionNote ?? '—',
        },
      ]}
    />
  )
}
