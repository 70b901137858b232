import { EditOutlined, PlusOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  type TableProps,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ROUND_PHASES, type RoundPhase } from '../../../../common/workflows'
import { roundsApi, type RoundDto, type RoundQueryParams } from '../../api/endpoints'
import { useAuth } from '../../auth/auth'
import { FormModal } from '../../components/FormModal'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { dateRange, PhaseTag } from './labels'
import { Panel } from '../../components/Panel'

interface RoundForm {
  year: number
  ordinal: number
  name?: string
  range?: [Dayjs | null, Dayjs | null] | null
  description?: string
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null)

export default function RoundsPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const { can } = useAuth()
  const qc = useQueryClient()
  const manage = can('inspection.manage')
  const [filters, setFilters] = useState<RoundQueryParams>({ page: 1, pageSize: 20 })
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<RoundDto | null>(null)
  const update = (patch: Partial<RoundQueryParams>) =>
    setFilters((f) => ({ ...f, ...patch, page: 'page' in patch ? patch.page : 1 }))

  const list = useQuery({
    queryKey: ['rounds', filters],
    queryFn: () => roundsApi.list(filters),
    placeholderData: (prev) => prev,
  })
  const refresh = () => qc.invalidateQueries({ queryKey: ['rounds'] })

  const thisYear = dayjs().year()
  const years = Array.from({ length: 8 }, (_, i) => thisYear + 1 - i)

  const columns: TableProps<RoundDto>['columns'] = [
    {
      title: t('rounds.name'),
      key: 'name',
      render: (_, r) => (
        <Link to={`/inspections/rounds/${r.id}`} data-testid={`round-link-${r.name}`}>
          {r.name}
        </Link>
      ),
    },
    { title: t('rounds.phase'), key: 'phase', width: 100, render: (_, r) => <PhaseTag phase={r.phase} /> },
    { title: t('rounds.dates'), key: 'dates', render: (_, r) => dateRange(r.startDate, r.endDate) },
    { title: t('rounds.organizer'), dataIndex: 'organizerUnitName', key: 'organizer' },
    { title: t('rounds.teams'), dataIndex: 'teamCount', key: 'teams', width: 90 },
    { title: t('rounds.targets'), dataIndex: 'targetCount', key: 'targets', width: 110 },
    { title: t('rounds.findings'), dataIndex: 'findingCount', key: 'findings', width: 80 },
  ]
  if (manage)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, r) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
          {t('common.edit')}
        </Button>
      ),
    })

  return (
    <div data-testid="rounds-page">
      <PageHeader
        title={t('rounds.title')}
        extra={
          manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="round-create"
            >
              {t('rounds.createTitle')}
            </Button>
          )
        }
      />
      <Panel>
        <Space wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            aria-label={t('rounds.year')}
            placeholder={t('rounds.year')}
            style={{ width: 120 }}
            value={filters.year}
            onChange={(v: number | undefined) => update({ year: v })}
            options={years.map((y) => ({ value: y, label: String(y) }))}
          />
          <Select
            allowClear
            aria-label={t('rounds.phase')}
            placeholder={t('rounds.phase')}
            style={{ width: 140 }}
            value={filters.phase}
            onChange={(v: RoundPhase | undefined) => update({ phase: v })}
            options={ROUND_PHASES.map((p) => ({ value: p, label: t(`phases.${p}`) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('rounds.searchPlaceholder')}
            aria-label={t('rounds.searchPlaceholder')}
            enterButton={t('common.search')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 280 }}
          />
        </Space>
        {list.isError ? (
          <Empty description={errorText(list.error, t)} />
        ) : (
          <Table<RoundDto>
            rowKey="id"
            size="middle"
            data-testid="rounds-table"
            loading={list.isFetching}
            columns={columns}
            dataSource={list.data?.items ?? []}
            onChange={(p) => update({ page: p.current ?? 1, pageSize: p.pageSize ?? 20 })}
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (total) => t('common.total', { total }),
            }}
          />
        )}
      </Panel>

      <FormModal<RoundForm>
        open={creating}
        title={t('rounds.createTitle')}
        onClose={() => setCreating(false)}
        initialValues={{ year: thisYear, ordinal: 1 }}
        testId="round-create-form"
        onSubmit={async (v) => {
          await roundsApi.create({
            year: v.year,
            ordinal: v.ordinal,
            name: v.name?.trim() || undefined,
            startDate: day(v.range?.[0]),
            endDate: day(v.range?.[1]),
            description: v.description?.trim() || undefined,
          })
          message.success(t('common.created'))
          await refresh()
        }}
      >
        <Space size={16}>
          <Form.Item
            label={t('rounds.year')}
            name="year"
            rules={[{ required: true, message: t('common.requiredField', { field: t('rounds.year') }) }]}
          >
            <InputNumber min={2000} max={2100} precision={0} />
          </Form.Item>
          <Form.Item
            label={t('rounds.ordinal')}
            name="ordinal"
            rules={[{ required: true, message: t('common.requiredField', { field: t('rounds.ordinal') }) }]}
          >
            <InputNumber min={1} max={99} precision={0} />
          </Form.Item>
        </Space>
        <RoundFields nameOptional />
      </FormModal>

      <FormModal<RoundForm>
        open={editing !== null}
        title={t('rounds.editTitle')}
        onClose={() => setEditing(null)}
        initialValues={
          editing
            ? {
                name: editing.name,
                range: [
                  editing.startDate ? dayjs(editing.startDate) : null,
                  editing.endDate ? dayjs(editing.endDate) : null,
                ],
                description: editing.description,
              }
            : undefined
        }
        testId="round-edit-form"
        onSubmit={async (v) => {
          await roundsApi.update(editing!.id, {
            name: v.name?.trim() || undefined,
            startDate: day(v.range?.[0]),
            endDate: day(v.range?.[1]),
            description: v.description?.trim() ?? '',
          })
          message.success(t('common.saved'))
          await refresh()
        }}
      >
        <RoundFields />
      </FormModal>
    </div>
  )
}

function RoundFields({ nameOptional = false }: { nameOptional?: boolean }) {
  const { t } = useTranslation()
  return (
    <>
      <Form.Item
        label={t('rounds.name')}
        name="name"
        extra={nameOptional ? t('rounds.nameHint') : undefined}
        rules={[
          {
            required: !nameOptional,
            whitespace: true,
            max: 100,
            message: t('common.requiredField', { field: t('rounds.name') }),
          },
        ]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t('rounds.dates')} name="range">
        <DatePicker.RangePicker allowEmpty={[true, true]} />
      </Form.Item>
      <Form.Item label={t('rounds.description')} name="description" rules={[{ max: 2000 }]}>
        <Input.TextArea maxLength={2000} rows={3} />
      </Form.Item>
    </>
  )
}
