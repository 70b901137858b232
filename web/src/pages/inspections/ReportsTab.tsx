import {
  DiffOutlined,
  EditOutlined,
  EyeOutlined,
  FileTextOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Button,
  Col,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Space,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState, type CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import {
  reportsApi,
  type ReportCompareDto,
  type ReportRevisionDto,
  type TargetDto,
} from '../../api/endpoints'
import { FormModal } from '../../components/FormModal'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'

interface DraftForm {
  title: string
  body: string
  note?: string
}

const paper: CSSProperties = {
  whiteSpace: 'pre-wrap',
  fontFamily: 'inherit',
  lineHeight: 1.9,
  border: '1px solid #f0f0f0',
  borderRadius: 6,
  padding: 16,
  maxHeight: '62vh',
  overflow: 'auto',
  margin: 0,
}

/** A target's inspection report: revisions, drafting, side-by-side comparison, the final one. */
export function ReportsTab({
  target,
  canWrite,
  office,
}: {
  target: TargetDto
  canWrite: boolean
  office: boolean
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const key = ['targets', target.id, 'reports']
  const list = useQuery({ queryKey: key, queryFn: () => reportsApi.list(target.id) })
  const [selected, setSelected] = useState<number[]>([])
  const [viewing, setViewing] = useState<number | null>(null)
  const [draft, setDraft] = useState<DraftForm | null>(null)
  const [compare, setCompare] = useState<[number, number] | null>(null)
  const [loadingDraft, setLoadingDraft] = useState(false)

  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: key })
    await qc.invalidateQueries({ queryKey: ['targets', target.id] })
  }
  const startDraft = async (from: () => Promise<{ title: string; body?: string }>, note: string) => {
    setLoadingDraft(true)
    try {
      const d = await from()
      setDraft({ title: d.title, body: d.body ?? '', note })
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setLoadingDraft(false)
    }
  }
  const markFinal = async (r: ReportRevisionDto) => {
    try {
      await reportsApi.markFinal(target.id, r.version)
      message.success(t('reports.finalOk'))
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const revisions = list.data ?? []
  const latest = revisions[0]
  const editable = canWrite && !target.fedBackAt
  const columns: TableProps<ReportRevisionDto>['columns'] = [
    {
      title: t('reports.version'),
      key: 'version',
      width: 110,
      render: (_, r) => (
        <Space size={4}>
          {t('reports.versionN', { n: r.version })}
          {r.isFinal && (
            <Tag color="red" data-testid={`report-is-final-${r.version}`}>
              {t('reports.final')}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('reports.titleField'), dataIndex: 'title', key: 'title', ellipsis: true },
    { title: t('reports.note'), dataIndex: 'note', key: 'note', ellipsis: true },
    { title: t('reports.createdBy'), key: 'createdBy', width: 180, render: (_, r) => r.createdByName ?? '—' },
    {
      title: t('reports.createdAt'),
      key: 'createdAt',
      width: 170,
      render: (_, r) => formatTime(r.createdAt),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, r) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            onClick={() => setViewing(r.version)}
            data-testid={`report-view-${r.version}`}
          >
            {t('reports.view')}
          </Button>
          {office && !r.isFinal && !target.fedBackAt && (
            <Popconfirm title={t('reports.confirmFinal', { n: r.version })} onConfirm={() => markFinal(r)}>
              <Button
                type="link"
                size="small"
                icon={<SafetyCertificateOutlined />}
                data-testid={`report-final-${r.version}`}
              >
                {t('reports.markFinal')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ]

  return (
    <div data-testid="reports-tab">
      <Space wrap style={{ marginBottom: 16 }}>
        {editable && (
          <>
            <Button
              icon={<FileTextOutlined />}
              loading={loadingDraft}
              onClick={() => startDraft(() => reportsApi.compose(target.id), '')}
              data-testid="report-compose"
            >
              {t('reports.compose')}
            </Button>
            {latest && (
              <Button
                icon={<EditOutlined />}
                loading={loadingDraft}
                onClick={() => startDraft(() => reportsApi.get(target.id, latest.version), '')}
                data-testid="report-revise"
              >
                {t('reports.fromLatest')}
              </Button>
            )}
          </>
        )}
        <Button
          icon={<DiffOutlined />}
          disabled={selected.length !== 2}
          onClick={() => {
            const [a, b] = [...selected].sort((x, y) => x - y)
            setCompare([a, b])
          }}
          data-testid="report-compare"
        >
          {t('reports.compare')}
        </Button>
        <Typography.Text type="secondary">{t('reports.compareHint')}</Typography.Text>
      </Space>
      {list.isError ? (
        <Empty description={errorText(list.error, t)} />
      ) : (
        <Table<ReportRevisionDto>
          rowKey="version"
          size="middle"
          data-testid="reports-table"
          loading={list.isFetching}
          columns={columns}
          dataSource={revisions}
          pagination={false}
          locale={{ emptyText: <Empty description={t('reports.none')} /> }}
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected((keys as number[]).slice(-2)),
            getCheckboxProps: (r) => ({ 'aria-label': t('reports.versionN', { n: r.version }) }),
          }}
        />
      )}

      <ViewModal targetId={target.id} version={viewing} onClose={() => setViewing(null)} />
      <CompareModal targetId={target.id} pair={compare} onClose={() => setCompare(null)} />
      <FormModal<DraftForm>
        open={draft !== null}
        title={t('reports.composeTitle')}
        onClose={() => setDraft(null)}
        width={900}
        initialValues={draft ?? undefined}
        testId="report-draft-form"
        onSubmit={async (v) => {
          const r = await reportsApi.create(target.id, {
            title: v.title.trim(),
            body: v.body,
            note: v.note?.trim() || undefined,
          })
          message.success(t('reports.saved', { n: r.version }))
          setSelected([])
          await refresh()
        }}
      >
        <Form.Item
          label={t('reports.titleField')}
          name="title"
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.requiredField', { field: t('reports.titleField') }),
            },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          label={t('reports.body')}
          name="body"
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.requiredField', { field: t('reports.body') }),
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 12, maxRows: 24 }} data-testid="report-body" />
        </Form.Item>
        <Form.Item label={t('reports.note')} name="note">
          <Input maxLength={400} data-testid="report-note" />
        </Form.Item>
      </FormModal>
    </div>
  )
}

function ViewModal({
  targetId,
  version,
  onClose,
}: {
  targetId: string
  version: number | null
  onClose: () => void
}) {
  const { t } = useTranslation()
  const r = useQuery({
    queryKey: ['targets', targetId, 'reports', version],
    queryFn: () => reportsApi.get(targetId, version!),
    enabled: version !== null,
  })
  return (
    <Modal
      open={version !== null}
      title={version !== null ? `${t('reports.versionN', { n: version })} · ${r.data?.title ?? ''}` : ''}
      onCancel={onClose}
      footer={null}
      width={860}
    >
      {r.isError ? (
        <Empty description={errorText(r.error, t)} />
      ) : (
        <pre style={paper} data-testid="report-body-view">
          {r.data?.body ?? t('app.loading')}
        </pre>
      )}
    </Modal>
  )
}

const ADDED: CSSProperties = { background: '#d9f7be', color: '#135200' }
const REMOVED: CSSProperties = { background: '#ffccc7', color: '#a8071a', textDecoration: 'line-through' }

function CompareModal({
  targetId,
  pair,
  onClose,
}: {
  targetId: string
  pair: [number, number] | null
  onClose: () => void
}) {
  const { t } = useTranslation()
  const r = useQuery({
    queryKey: ['targets', targetId, 'reports', 'compare', pair],
    queryFn: () => reportsApi.compare(targetId, pair![0], pair![1]),
    enabled: pair !== null,
  })
  const d: ReportCompareDto | undefined = r.data
  return (
    <Modal
      open={pair !== null}
      title={pair ? t('reports.compareTitle', { a: pair[0], b: pair[1] }) : ''}
      onCancel={onClose}
      footer={null}
      width="92vw"
      style={{ top: 24 }}
    >
      {r.isError ? (
        <Empty description={errorText(r.error, t)} />
      ) : !d ? (
        <Typography.Text>{t('app.loading')}</Typography.Text>
      ) : (
        <Row gutter={16} data-testid="report-compare-view">
          <Col span={12}>
            <Typography.Title level={5}>
              {t('reports.versionN', { n: d.a.version })} · {d.a.title}{' '}
              <Tag color="red">{t('reports.removed')}</Tag>
            </Typography.Title>
            <pre style={paper} data-testid="compare-left">
              {d.parts.map((p, i) =>
                p.kind === 'same' ? (
                  <span key={i}>{p.text}</span>
                ) : p.kind === 'removed' ? (
                  <del key={i} style={REMOVED} data-testid="diff-removed">
                    {p.text}
                  </del>
                ) : null,
              )}
            </pre>
          </Col>
          <Col span={12}>
            <Typography.Title level={5}>
              {t('reports.versionN', { n: d.b.version })} · {d.b.title}{' '}
              <Tag color="green">{t('reports.added')}</Tag>
            </Typography.Title>
            <pre style={paper} data-testid="compare-right">
              {d.parts.map((p, i) =>
                p.kind === 'same' ? (
                  <span key={i}>{p.text}</span>
                ) : p.kind === 'added' ? (
                  <ins key={i} style={ADDED} data-testid="diff-added">
                    {p.text}
                  </ins>
                ) : null,
              )}
            </pre>
          </Col>
        </Row>
      )}
    </Modal>
  )
}
