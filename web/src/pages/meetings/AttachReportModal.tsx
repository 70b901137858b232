// Generates one of the four reports and freezes it on an agenda item: the Word file as
// generated, with the data's as-of time. Offered only the reports this person may generate.
import { useQuery } from '@tanstack/react-query'
import { DatePicker, Form, InputNumber, Select, Space, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { FormModal } from '../../components/FormModal'
import { reportsApi, type ReportName } from '../reports/api'
import { meetingsApi, type AgendaItemDto } from './api'
import { RoundSelect } from '../../components/RoundSelect'

interface AttachForm {
  name: ReportName
  roundId?: string
  year?: number
  quarter?: number
  asOf?: Dayjs
}

const NEEDS_ROUND: ReportName[] = ['rectification-progress', 'inspection-round']
const NEEDS_YEAR: ReportName[] = ['case-issuing', 'task-quarter']
const HAS_AS_OF: ReportName[] = ['rectification-progress', 'task-quarter']

export function AttachReportModal({
  meetingId,
  heldOn,
  item,
  onClose,
  onAttached,
}: {
  meetingId: string
  heldOn: string
  item: AgendaItemDto | null
  onClose: () => void
  onAttached: (items: AgendaItemDto[]) => Promise<void>
}) {
  const { t } = useTranslation()
  const [form] = Form.useForm<AttachForm>()
  const name = Form.useWatch('name', form)
  const available = useQuery({ queryKey: ['reports', 'available'], queryFn: reportsApi.available })
  const year = Number(heldOn.slice(0, 4))
  return (
    <FormModal<AttachForm>
      open={item !== null}
      form={form}
      title={t('meetings.agenda.attachTitle', { item: item?.title ?? '' })}
      okText={t('meetings.agenda.attach')}
      onClose={onClose}
      testId="attach-report-form"
      initialValues={{ year, quarter: Math.max(1, Math.ceil(Number(heldOn.slice(5, 7)) / 3) - 1) }}
      onSubmit={async (v) => {
        const params: Record<string, string | number> = {}
        if (NEEDS_ROUND.includes(v.name) && v.roundId) params.roundId = v.roundId
        if (NEEDS_YEAR.includes(v.name) && v.year) params.year = v.year
        if (v.name === 'task-quarter' && v.quarter) params.quarter = v.quarter
        if (HAS_AS_OF.includes(v.name) && v.asOf) params.asOf = v.asOf.format('YYYY-MM-DD')
        await onAttached(await meetingsApi.attachReport(meetingId, item!.id, { name: v.name, params }))
      }}
    >
      <Typography.Paragraph type="secondary">{t('meetings.agenda.attachHelp')}</Typography.Paragraph>
      <Form.Item
        label={t('meetings.agenda.reportKind')}
        name="name"
        rules={[
          { required: true, message: t('common.selectField', { field: t('meetings.agenda.reportKind') }) },
        ]}
      >
        <Select
          aria-label={t('meetings.agenda.reportKind')}
          loading={available.isPending}
          options={(available.data ?? []).map((r) => ({ value: r.name, label: r.title }))}
          notFoundContent={t('meetings.agenda.noReports')}
        />
      </Form.Item>
      {name && NEEDS_ROUND.includes(name) && (
        <Form.Item
          label={t('meetings.agenda.round')}
          name="roundId"
          rules={[
            { required: true, message: t('common.selectField', { field: t('meetings.agenda.round') }) },
          ]}
        >
          <RoundSelect aria-label={t('meetings.agenda.round')} />
        </Form.Item>
      )}
      {name && NEEDS_YEAR.includes(name) && (
        <Space size={16}>
          <Form.Item label={t('meetings.agenda.year')} name="year" rules={[{ required: true }]}>
            <InputNumber aria-label={t('meetings.agenda.year')} min={2000} max={2100} />
          </Form.Item>
          {name === 'task-quarter' && (
            <Form.Item label={t('meetings.agenda.quarter')} name="quarter" rules={[{ required: true }]}>
              <InputNumber aria-label={t('meetings.agenda.quarter')} min={1} max={4} />
            </Form.Item>
          )}
        </Space>
      )}
      {name && HAS_AS_OF.includes(name) && (
        <Form.Item
          label={t('meetings.agenda.dataAsOf')}
          name="asOf"
          extra={t('meetings.agenda.dataAsOfHelp')}
        >
          <DatePicker aria-label={t('meetings.agenda.dataAsOf')} />
        </Form.Item>
      )}
    </FormModal>
  )
}
