import { useQueryClient } from '@tanstack/react-query'
import { Col, DatePicker, Form, Input, Row, Select } from 'antd'
import { useFeedback } from '../../components/feedback'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { FormModal } from '../../components/FormModal'
import { meetingPatch, meetingsApi, type MeetingDetailDto, type MeetingKind } from './api'
import { KIND_LIST, meetingKeys } from './labels'

interface MeetingForm {
  title: string
  kind: MeetingKind
  heldOn: Dayjs
  location?: string
  attendees?: string[]
}

/** Records a meeting (the office), or edits its facts when `meeting` is given. */
export function MeetingFormModal({
  open,
  meeting,
  onClose,
  onSaved,
}: {
  open: boolean
  meeting?: MeetingDetailDto
  onClose: () => void
  onSaved?: (m: MeetingDetailDto) => void
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const qc = useQueryClient()

  const initialValues: Partial<MeetingForm> = meeting
    ? {
        title: meeting.title,
        kind: meeting.kind,
        heldOn: dayjs(meeting.heldOn),
        location: meeting.location,
        attendees: meeting.attendees,
      }
    : { kind: 'party_group', heldOn: dayjs(), attendees: [] }

  const submit = async (v: MeetingForm) => {
    const body = {
      title: v.title.trim(),
      kind: v.kind,
      heldOn: v.heldOn.format('YYYY-MM-DD'),
      location: v.location?.trim() ?? '',
      attendees: (v.attendees ?? []).map((a) => a.trim()).filter(Boolean),
    }
    const saved = meeting
      ? await meetingsApi.update(meeting.id, meetingPatch(meeting, body))
      : await meetingsApi.create(body)
    message.success(meeting ? t('common.saved') : t('meetings.created'))
    qc.setQueryData(meetingKeys.one(saved.id), saved)
    await qc.invalidateQueries({ queryKey: meetingKeys.list })
    onSaved?.(saved)
  }

  return (
    <FormModal<MeetingForm>
      open={open}
      width={640}
      title={meeting ? t('meetings.editTitle') : t('meetings.createTitle')}
      onClose={onClose}
      initialValues={initialValues}
      onSubmit={submit}
      testId="meeting-form"
      okText={meeting ? t('common.save') : t('common.create')}
    >
      <Form.Item
        label={t('meetings.fields.title')}
        name="title"
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.requiredField', { field: t('meetings.fields.title') }),
          },
          { max: 200 },
        ]}
      >
        <Input maxLength={200} placeholder={t('meetings.titlePlaceholder')} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item label={t('meetings.fields.kind')} name="kind" rules={[{ required: true }]}>
            <Select options={KIND_LIST.map((k) => ({ value: k, label: t(`meetings.kinds.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            label={t('meetings.fields.heldOn')}
            name="heldOn"
            rules={[
              { required: true, message: t('common.selectField', { field: t('meetings.fields.heldOn') }) },
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('meetings.fields.location')} name="location">
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t('meetings.fields.attendees')} name="attendees" extra={t('meetings.attendeesHint')}>
        <Select mode="tags" tokenSeparators={['；', ';']} suffixIcon={null} notFoundContent={null} />
      </Form.Item>
    </FormModal>
  )
}
