import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  FileWordOutlined,
  PlusOutlined,
} from '@ant-design/icons'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { Button, Empty, Form, Input, Popconfirm, Space, Table, Typography } from 'antd'
import { useFeedback } from '../../components/feedback'
import { useState, type HTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { filesApi } from '../../api/endpoints'
import { FormModal } from '../../components/FormModal'
import { errorText } from '../../lib/errors'
import { formatTime } from '../../lib/format'
import { meetingsApi, type AgendaItemDto, type MeetingDetailDto } from './api'
import { meetingKeys } from './labels'
import { AttachReportModal } from './AttachReportModal'
import { reportsApi } from '../reports/api'
import { Panel } from '../../components/Panel'

interface AgendaForm {
  title: string
  presenter?: string
  notes?: string
}

/** 议题: what the meeting heard, in order, each with the report frozen for it when one was attached. */
export function AgendaPanel({ meeting, manager }: { meeting: MeetingDetailDto; manager: boolean }) {
  const reports = useQuery({ queryKey: ['reports', 'available'], queryFn: reportsApi.available })
  const titles = new Map((reports.data ?? []).map((r) => [r.name as string, r.title]))
  const canAttach = (reports.data ?? []).length > 0
  const [attaching, setAttaching] = useState<AgendaItemDto | null>(null)
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()
  const key = meetingKeys.agenda(meeting.id)
  const agenda = useQuery({ queryKey: key, queryFn: () => meetingsApi.agenda(meeting.id) })
  const [editing, setEditing] = useState<AgendaItemDto | 'new' | null>(null)
  const [busy, setBusy] = useState(false)

  /** Stores the list the server answered, and refreshes the counts shown elsewhere. */
  const saved = async (items: AgendaItemDto[]) => {
    qc.setQueryData(key, items)
    await qc.invalidateQueries({ queryKey: meetingKeys.one(meeting.id) })
    await qc.invalidateQueries({ queryKey: meetingKeys.list })
  }

  const run = async (action: () => Promise<AgendaItemDto[]>, done?: string) => {
    setBusy(true)
    try {
      await saved(await action())
      if (done) message.success(done)
    } catch (e) {
      message.error(errorText(e, t))
    } finally {
      setBusy(false)
    }
  }

  const move = (index: number, by: -1 | 1) => {
    const ids = (agenda.data ?? []).map((a) => a.id)
    const target = index + by
    if (target < 0 || target >= ids.length) return
    ;[ids[index], ids[target]] = [ids[target], ids[index]]
    return run(() => meetingsApi.reorderAgenda(meeting.id, ids))
  }

  const submit = async (v: AgendaForm) => {
    const body = { title: v.title.trim(), presenter: v.presenter?.trim() ?? '', notes: v.notes?.trim() ?? '' }
    const items =
      editing === 'new' || !editing
        ? await meetingsApi.addAgendaItem(meeting.id, body)
        : await meetingsApi.updateAgendaItem(meeting.id, editing.id, body)
    await saved(items)
    message.success(t('common.saved'))
  }

  const count = agenda.data?.length ?? 0
  return (
    <Panel
      data-testid="agenda-panel"
      title={t('meetings.agenda.title')}
      extra={
        manager && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="agenda-add">
            {t('meetings.agenda.add')}
          </Button>
        )
      }
    >
      {agenda.isError ? (
        <Empty description={errorText(agenda.error, t)} />
      ) : (
        <Table<AgendaItemDto>
          rowKey="id"
          data-testid="agenda-table"
          loading={agenda.isFetching || busy}
          dataSource={agenda.data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={t('meetings.agenda.none')} /> }}
          onRow={(a) => ({ 'data-testid': `agenda-item-${a.seq}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('meetings.agenda.seq'), key: 'seq', width: 64, render: (_, _a, i) => i + 1 },
            {
              title: t('meetings.agenda.item'),
              key: 'title',
              render: (_, a) => (
                <Space orientation="vertical" size={2}>
                  <Typography.Text strong data-testid="agenda-title">
                    {a.title}
                  </Typography.Text>
                  {a.notes && <Typography.Text type="secondary">{a.notes}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: t('meetings.agenda.presenter'),
              dataIndex: 'presenter',
              key: 'presenter',
              width: 200,
              render: (p: string) => p || '—',
            },
            {
              title: t('meetings.agenda.report'),
              key: 'report',
              width: 260,
              render: (_, a) =>
                a.reportName ? (
                  <Space orientation="vertical" size={0} data-testid="agenda-report">
                    {a.reportFileId ? (
                      <a href={filesApi.downloadUrl(a.reportFileId)} download>
                        <FileWordOutlined /> {titles.get(a.reportName) ?? a.reportName}
                      </a>
                    ) : (
                      <span>
                        <FileWordOutlined /> {titles.get(a.reportName) ?? a.reportName}
                      </span>
                    )}
                    {a.reportAsOf && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('meetings.agenda.asOf', { time: formatTime(a.reportAsOf) })}
                      </Typography.Text>
                    )}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('meetings.agenda.noReport')}</Typography.Text>
                ),
            },
            {
              title: '',
              key: 'attach',
              width: 110,
              render: (_: unknown, a: AgendaItemDto) =>
                canAttach ? (
                  <Button
                    size="small"
                    icon={<FileWordOutlined />}
                    onClick={() => setAttaching(a)}
                    data-testid="agenda-attach"
                  >
                    {a.reportName ? t('meetings.agenda.reattach') : t('meetings.agenda.attach')}
                  </Button>
                ) : null,
            },
            ...(manager
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 190,
                    render: (_: unknown, a: AgendaItemDto, i: number) => (
                      <Space size={4}>
                        <Button
                          size="small"
                          icon={<ArrowUpOutlined />}
                          disabled={i === 0 || busy}
                          onClick={() => move(i, -1)}
                          aria-label={t('meetings.agenda.up')}
                          title={t('meetings.agenda.up')}
                          data-testid="agenda-up"
                        />
                        <Button
                          size="small"
                          icon={<ArrowDownOutlined />}
                          disabled={i === count - 1 || busy}
                          onClick={() => move(i, 1)}
                          aria-label={t('meetings.agenda.down')}
                          title={t('meetings.agenda.down')}
                          data-testid="agenda-down"
                        />
                        <Button
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => setEditing(a)}
                          aria-label={t('common.edit')}
                          title={t('common.edit')}
                          data-testid="agenda-edit"
                        />
                        <Popconfirm
                          title={t('common.confirmDelete', { name: a.title })}
                          onConfirm={() =>
                            run(() => meetingsApi.removeAgendaItem(meeting.id, a.id), t('common.deleted'))
                          }
                        >
                          <Button
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t('common.delete')}
                            title={t('common.delete')}
                            data-testid="agenda-remove"
                          />
                        </Popconfirm>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <AttachReportModal
        meetingId={meeting.id}
        heldOn={meeting.heldOn}
        item={attaching}
        onClose={() => setAttaching(null)}
        onAttached={async (items) => {
          await saved(items)
          message.success(t('meetings.agenda.attached'))
        }}
      />
      {manager && (
        <FormModal<AgendaForm>
          open={editing !== null}
          title={editing === 'new' ? t('meetings.agenda.add') : t('meetings.agenda.edit')}
          onClose={() => setEditing(null)}
          initialValues={
            editing && editing !== 'new'
              ? { title: editing.title, presenter: editing.presenter, notes: editing.notes }
              : {}
          }
          onSubmit={submit}
          testId="agenda-form"
        >
          <Form.Item
            label={t('meetings.agenda.item')}
            name="title"
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.requiredField', { field: t('meetings.agenda.item') }),
              },
            ]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label={t('meetings.agenda.presenter')} name="presenter">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label={t('meetings.agenda.notes')} name="notes">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </FormModal>
      )}
    </Panel>
  )
}
