import { CalculatorOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Calendar,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { calendarApi, type CalendarDay } from '../../api/endpoints'
import { FormModal } from '../../components/FormModal'
import { PageHeader } from '../../components/PageHeader'
import { errorText } from '../../lib/errors'
import { Panel } from '../../components/Panel'

type Kind = CalendarDay['kind']
const KIND_COLORS: Record<Kind, string> = { holiday: 'red', workday: 'blue' }
const KINDS = Object.keys(KIND_COLORS) as Kind[]

function KindTag({ kind }: { kind: Kind }) {
  const { t } = useTranslation()
  return <Tag color={KIND_COLORS[kind]}>{t(`calendar.${kind}`)}</Tag>
}

interface DayForm {
  date: Dayjs
  kind: Kind
  name: string
}

/** 工作日历: the holidays and make-up workdays deadlines and overdue days are counted with. */
export default function CalendarPage() {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const [year, setYear] = useState(() => dayjs().year())
  const [view, setView] = useState<'list' | 'month'>('list')
  const [month, setMonth] = useState<Dayjs>(() => dayjs())
  const [editing, setEditing] = useState<CalendarDay | 'new' | null>(null)

  const days = useQuery({ queryKey: ['calendar', year], queryFn: () => calendarApi.year(year) })
  const byDate = useMemo(() => new Map((days.data ?? []).map((d) => [d.date, d])), [days.data])
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['calendar'] })
    // Overdue working days depend on the calendar.
    await qc.invalidateQueries({ queryKey: ['measures'] })
    await qc.invalidateQueries({ queryKey: ['plans'] })
  }
  const remove = async (d: CalendarDay) => {
    try {
      await calendarApi.remove(d.date)
      message.success(t('common.deleted'))
      await refresh()
    } catch (e) {
      message.error(errorText(e, t))
    }
  }
  const years = Array.from({ length: 7 }, (_, i) => dayjs().year() - 3 + i)

  const columns: TableProps<CalendarDay>['columns'] = [
    { title: t('calendar.date'), dataIndex: 'date', key: 'date', width: 130 },
    {
      title: t('calendar.weekday'),
      key: 'weekday',
      width: 100,
      render: (_, d) => dayjs(d.date).format('dddd'),
    },
    { title: t('calendar.kind'), key: 'kind', width: 120, render: (_, d) => <KindTag kind={d.kind} /> },
    { title: t('calendar.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 180,
      render: (_, d) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(d)}
            data-testid="calendar-edit"
          >
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('calendar.confirmDelete', { date: d.date, name: d.name })}
            onConfirm={() => remove(d)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid="calendar-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ]

  return (
    <div data-testid="calendar-page">
      <PageHeader
        title={t('calendar.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="calendar-add"
          >
            {t('calendar.add')}
          </Button>
        }
      />
      <Alert type="info" showIcon title={t('calendar.hint')} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Panel
            style={{ marginBottom: 16 }}
            title={
              <Space>
                <Select
                  aria-label={t('calendar.year')}
                  value={year}
                  onChange={(y: number) => {
                    setYear(y)
                    setMonth((m) => m.year(y))
                  }}
                  options={years.map((y) => ({ value: y, label: `${y}` }))}
                  style={{ width: 110 }}
                  data-testid="calendar-year"
                />
                <Segmented<'list' | 'month'>
                  value={view}
                  onChange={setView}
                  options={[
                    { value: 'list', label: t('calendar.list') },
                    { value: 'month', label: t('calendar.month') },
                  ]}
                />
              </Space>
            }
          >
            {days.isError ? (
              <Empty description={errorText(days.error, t)} />
            ) : view === 'list' ? (
              <Table<CalendarDay>
                rowKey="date"
                size="small"
                loading={days.isFetching}
                columns={columns}
                dataSource={days.data ?? []}
                pagination={false}
                data-testid="calendar-table"
                locale={{ emptyText: <Empty description={t('calendar.none')} /> }}
              />
            ) : (
              <Calendar
                value={month}
                onPanelChange={(d) => {
                  setMonth(d)
                  if (d.year() !== year) setYear(d.year())
                }}
                onSelect={(d, info) => {
                  setMonth(d)
                  if (info.source !== 'date') return
                  if (d.year() !== year) setYear(d.year())
                  const known = byDate.get(d.format('YYYY-MM-DD'))
                  setEditing(known ?? { date: d.format('YYYY-MM-DD'), kind: 'holiday', name: '' })
                }}
                cellRender={(d, info) => {
                  if (info.type !== 'date') return info.originNode
                  const day = byDate.get(d.format('YYYY-MM-DD'))
                  return day ? (
                    <div title={day.name}>
                      <KindTag kind={day.kind} />
                      <Typography.Text style={{ fontSize: 12 }}>{day.name}</Typography.Text>
                    </div>
                  ) : null
                }}
              />
            )}
          </Panel>
        </Col>
        <Col xs={24} xl={8}>
          <WorkingDaysCalculator />
        </Col>
      </Row>

      <FormModal<DayForm>
        open={editing !== null}
        title={
          editing === 'new' || !editing?.name
            ? t('calendar.createTitle')
            : t('calendar.editTitle', { date: editing.date })
        }
        onClose={() => setEditing(null)}
        testId="calendar-form"
        initialValues={
          editing && editing !== 'new'
            ? { date: dayjs(editing.date), kind: editing.kind, name: editing.name }
            : { kind: 'holiday' }
        }
        onSubmit={async (v) => {
          await calendarApi.put(v.date.format('YYYY-MM-DD'), { kind: v.kind, name: v.name.trim() })
          message.success(t('common.saved'))
          if (v.date.year() !== year) setYear(v.date.year())
          await refresh()
        }}
      >
        <Form.Item
          label={t('calendar.date')}
          name="date"
          rules={[{ required: true, message: t('common.selectField', { field: t('calendar.date') }) }]}
        >
          <DatePicker disabled={editing !== 'new' && !!editing?.name} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label={t('calendar.kind')} name="kind" rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={KINDS.map((k) => ({ value: k, label: t(`calendar.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('calendar.name')}
          name="name"
          rules={[
            {
              required: true,
              whitespace: true,
              max: 50,
              message: t('common.requiredField', { field: t('calendar.name') }),
            },
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
      </FormModal>
    </div>
  )
}

/** 工作日推算: the date a number of working days from a start date, by the server's calendar. */
function WorkingDaysCalculator() {
  const { t } = useTranslation()
  const [from, setFrom] = useState<Dayjs | null>(() => dayjs())
  const [count, setCount] = useState<number | null>(15)
  const [result, setResult] = useState<{ from: string; days: number; date: string } | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const compute = async () => {
    if (!from || count === null) return
    setBusy(true)
    setError(null)
    try {
      setResult(await calendarApi.workingDays(from.format('YYYY-MM-DD'), count))
    } catch (e) {
      setResult(null)
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Panel title={t('calendar.calculator')} data-testid="working-days">
      <Form layout="vertical" onFinish={compute}>
        <Form.Item label={t('calendar.from')}>
          <DatePicker
            value={from}
            onChange={setFrom}
            style={{ width: '100%' }}
            aria-label={t('calendar.from')}
          />
        </Form.Item>
        <Form.Item label={t('calendar.days')} extra={t('calendar.daysHint')}>
          <InputNumber
            value={count}
            onChange={(v) => setCount(v)}
            min={-3650}
            max={3650}
            precision={0}
            style={{ width: '100%' }}
            aria-label={t('calendar.days')}
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<CalculatorOutlined />}
          loading={busy}
          disabled={!from || count === null}
          data-testid="working-days-compute"
        >
          {t('calendar.compute')}
        </Button>
      </Form>
      {result && (
        <Alert
          type="success"
          style={{ marginTop: 16 }}
          data-testid="working-days-result"
          title={t('calendar.result', result)}
          description={dayjs(result.date).format('dddd')}
        />
      )}
      {error !== null && (
        <Alert type="error" role="alert" style={{ marginTop: 16 }} title={errorText(error, t)} />
      )}
    </Panel>
  )
}
