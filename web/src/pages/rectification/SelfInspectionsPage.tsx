import { EditOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Form, Input, Space, Table, Typography, type TableProps } from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs from 'dayjs'
import { useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { selfInspectionsApi, type SelfInspectionDto } from '../../api/endpoints'
import { FormModal } from '../../components/FormModal'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { SelfInspectionStatusTag } from './labels'
import { Panel } from '../../components/Panel'

/** 自查任务: common problems the inspection office pushed to this unit, and the unit's report on each. */
export default function SelfInspectionsPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [reporting, setReporting] = useState<SelfInspectionDto | null>(null)
  const list = useQuery({ queryKey: ['self-inspections'], queryFn: () => selfInspectionsApi.mine() })
  const today = dayjs().format('YYYY-MM-DD')

  const columns: TableProps<SelfInspectionDto>['columns'] = [
    {
      title: t('selfInspections.problem'),
      key: 'problem',
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{s.title}</Typography.Text>
          {s.description && (
            <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
              {s.description}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('selfInspections.unit'), dataIndex: 'unitName', key: 'unit', width: 170 },
    {
      title: t('selfInspections.dueDate'),
      key: 'due',
      width: 120,
      render: (_, s) =>
        s.status === 'pushed' && s.dueDate < today ? (
          <Typography.Text type="danger">{s.dueDate}</Typography.Text>
        ) : (
          s.dueDate
        ),
    },
    {
      title: t('selfInspections.status'),
      key: 'status',
      width: 90,
      render: (_, s) => <SelfInspectionStatusTag status={s.status} />,
    },
    {
      title: t('selfInspections.report'),
      key: 'report',
      width: 320,
      render: (_, s) =>
        s.report ? (
          <Space orientation="vertical" size={0}>
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }} data-testid="self-inspection-report">
              {s.report}
            </Typography.Text>
            <Typography.Text type="secondary">{formatTime(s.reportedAt)}</Typography.Text>
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, s) => (
        <Button
          size="small"
          type={s.status === 'pushed' ? 'primary' : 'default'}
          icon={<EditOutlined />}
          onClick={() => setReporting(s)}
          data-testid="self-inspection-report-open"
        >
          {s.status === 'pushed' ? t('selfInspections.report') : t('selfInspections.revise')}
        </Button>
      ),
    },
  ]

  return (
    <div data-testid="self-inspections-page">
      <PageHeader title={t('selfInspections.title')} />
      <Panel>
        <Typography.Paragraph type="secondary">{t('selfInspections.hint')}</Typography.Paragraph>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<SelfInspectionDto>
            rowKey="id"
            size="middle"
            data-testid="self-inspections-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data ?? []}
            pagination={false}
            onRow={() => ({ 'data-testid': 'self-inspection-row' }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty description={t('selfInspections.none')} /> }}
          />
        )}
      </Panel>
      <FormModal<{ report: string }>
        open={reporting !== null}
        title={reporting ? `${t('selfInspections.reportTitle')} · ${reporting.title}` : ''}
        onClose={() => setReporting(null)}
        okText={t('selfInspections.submit')}
        width={640}
        testId="self-inspection-form"
        initialValues={{ report: reporting?.report ?? '' }}
        onSubmit={async (v) => {
          await selfInspectionsApi.report(reporting!.id, v.report.trim())
          message.success(t('selfInspections.reported'))
          await qc.invalidateQueries({ queryKey: ['self-inspections'] })
        }}
      >
        <Form.Item
          label={t('selfInspections.report')}
          name="report"
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.requiredField', { field: t('selfInspections.report') }),
            },
          ]}
          extra={t('selfInspections.reportHint')}
        >
          <Input.TextArea rows={8} maxLength={10000} showCount autoFocus />
        </Form.Item>
      </FormModal>
    </div>
  )
}
