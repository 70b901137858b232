import { CheckOutlined, CloseOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Button,
  Empty,
  Form,
  Input,
  Popconfirm,
  Segmented,
  Space,
  Table,
  Typography,
  type TableProps,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import { lazy, useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { EXTENSION_STATUSES, type ExtensionStatus } from '../../../../common/workflows'
import { extensionsApi, type ExtensionDto, type ExtensionQueryParams } from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { FormModal } from '../../components/FormModal'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { ExtensionStatusTag } from './labels'
import { Deferred } from '../../components/Deferred'
import { Panel } from '../../components/Panel'
import { paging } from '../../lib/paging'

// The measure drawer (progress, evidence, extensions: Drawer, Form, Upload, Steps) loads when first opened.
const MeasureDrawer = lazy(() => import('./MeasureDrawer').then((m) => ({ default: m.MeasureDrawer })))

/** Deadline extension requests: the units see their own, the inspection office decides. */
export default function ExtensionsPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const { can } = useAuth()
  const qc = useQueryClient()
  const office = can('inspection.manage')
  const [filters, setFilters] = useState<ExtensionQueryParams>({
    status: office ? 'pending' : undefined,
    page: 1,
    pageSize: 20,
  })
  const [refusing, setRefusing] = useState<ExtensionDto | null>(null)
  const [open, setOpen] = useState<string | null>(null)

  const list = useQuery({
    queryKey: ['extensions', 'list', filters],
    queryFn: () => extensionsApi.list(filters),
    placeholderData: (prev) => prev,
  })
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['extensions'] })
    await qc.invalidateQueries({ queryKey: ['measures'] })
    await qc.invalidateQueries({ queryKey: ['plans'] })
  }
  const grant = async (x: ExtensionDto) => {
    try {
      await extensionsApi.decide(x.id, 'grant')
      message.success(t('extensions.granted'))
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }

  const columns: TableProps<ExtensionDto>['columns'] = [
    { title: t('extensions.unit'), dataIndex: 'unitName', key: 'unit', width: 170 },
    {
      title: t('extensions.measure'),
      key: 'measure',
      ellipsis: true,
      render: (_, x) => (
        <Typography.Link
          title={x.measureContent}
          onClick={(e) => {
            e.stopPropagation()
            setOpen(x.measureId)
          }}
        >
          {x.measureContent}
        </Typography.Link>
      ),
    },
    { title: t('extensions.currentDeadline'), dataIndex: 'currentDeadline', key: 'current', width: 110 },
    {
      title: t('extensions.requestedDeadline'),
      key: 'requested',
      width: 110,
      render: (_, x) => <Typography.Text strong>{x.requestedDeadline}</Typography.Text>,
    },
    {
      title: t('extensions.reason'),
      key: 'reason',
      width: 220,
      render: (_, x) => <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{x.reason}</Typography.Text>,
    },
    {
      title: t('extensions.requestedBy'),
      key: 'by',
      width: 170,
      render: (_, x) => (
        <Space orientation="vertical" size={0}>
          <span>{x.requestedByName ?? '—'}</span>
          <Typography.Text type="secondary">{formatTime(x.createdAt)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('extensions.status'),
      key: 'status',
      width: 200,
      render: (_, x) => (
        <Space orientation="vertical" size={0}>
          <ExtensionStatusTag status={x.status} />
          {x.decidedByName && (
            <Typography.Text type="secondary">
              {x.decidedByName} · {formatTime(x.decidedAt)}
            </Typography.Text>
          )}
          {x.decisionNote && <Typography.Text>{x.decisionNote}</Typography.Text>}
        </Space>
      ),
    },
    ...(office
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 200,
            render: (_: unknown, x: ExtensionDto) =>
              x.status === 'pending' && (
                <Space onClick={(e) => e.stopPropagation()}>
                  <Popconfirm
                    title={t('extensions.grant')}
                    description={t('extensions.confirmGrant', { date: x.requestedDeadline })}
                    onConfirm={() => grant(x)}
                  >
                    <Button
                      size="small"
                      type="primary"
                      icon={<CheckOutlined />}
                      data-testid="extension-grant"
                    >
                      {t('extensions.grant')}
                    </Button>
                  </Popconfirm>
                  <Button
                    size="small"
                    danger
                    icon={<CloseOutlined />}
                    onClick={() => setRefusing(x)}
                    data-testid="extension-refuse"
                  >
                    {t('extensions.refuse')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ]

  return (
    <div data-testid="extensions-page">
      <PageHeader title={t('extensions.title')} />
      <Panel>
        <Segmented<ExtensionStatus | 'all'>
          style={{ marginBottom: 16 }}
          value={filters.status ?? 'all'}
          onChange={(v) => setFilters((f) => ({ ...f, status: v === 'all' ? undefined : v, page: 1 }))}
          options={[
            { value: 'all', label: t('common.all') },
            ...EXTENSION_STATUSES.map((s) => ({ value: s, label: t(`extensionStatuses.${s}`) })),
          ]}
          data-testid="extension-status-filter"
        />
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<ExtensionDto>
            rowKey="id"
            size="middle"
            data-testid="extensions-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            scroll={{ x: 1200 }}
            onRow={() => ({ 'data-testid': 'extension-row' }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty description={t('extensions.none')} /> }}
            pagination={paging(t, {
              page: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total,
              onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
            })}
          />
        )}
      </Panel>

      <FormModal<{ note: string }>
        open={refusing !== null}
        title={t('extensions.refuseTitle')}
        onClose={() => setRefusing(null)}
        okText={t('extensions.refuse')}
        testId="extension-refuse-form"
        onSubmit={async (v) => {
          await extensionsApi.decide(refusing!.id, 'refuse', v.note.trim())
          message.success(t('extensions.refused'))
          await refresh()
        }}
      >
        <Form.Item
          label={t('extensions.note')}
          name="note"
          rules={[{ required: true, whitespace: true, max: 2000, message: t('extensions.noteRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} autoFocus />
        </Form.Item>
      </FormModal>
      <Deferred when={open !== null}>
        <MeasureDrawer measureId={open} onClose={() => setOpen(null)} />
      </Deferred>
    </div>
  )
}
