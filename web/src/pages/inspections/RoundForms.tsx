import { DatePicker, Form, Input, InputNumber, Space } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { roundsApi, type RoundDto } from '../../api/endpoints'
import { useFeedback } from '../../components/feedback'
import { FormModal } from '../../components/FormModal'

interface RoundForm {
  year: number
  ordinal: number
  name?: string
  range?: [Dayjs | null, Dayjs | null] | null
  description?: string
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null)

/** The rounds page's dialogs: a new round, or `editing`'s name, dates and description. */
export default function RoundForms({
  creating,
  editing,
  onClose,
  refresh,
}: {
  creating: boolean
  editing: RoundDto | null
  onClose: () => void
  refresh: () => Promise<unknown>
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const thisYear = dayjs().year()
  return (
    <>
      <FormModal<RoundForm>
        open={creating}
        title={t('rounds.createTitle')}
        onClose={onClose}
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
        onClose={onClose}
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
    </>
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
