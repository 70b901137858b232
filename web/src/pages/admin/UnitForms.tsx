import { Form, Input } from 'antd'
import { useTranslation } from 'react-i18next'
import { unitsApi, type CreateUnitInput, type UnitDto, type UpdateUnitInput } from '../../api/endpoints'
import { useFeedback } from '../../components/feedback'
import { FormModal } from '../../components/FormModal'

/** The units page's dialogs: a child unit under `creating`, or `editing`'s names. */
export default function UnitForms({
  creating,
  editing,
  onClose,
  onCreated,
  refreshAround,
}: {
  creating: UnitDto | null
  editing: UnitDto | null
  onClose: () => void
  onCreated: (parentId: string) => void
  refreshAround: (parentId: string | null) => Promise<void>
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  return (
    <>
      <FormModal<CreateUnitInput>
        open={creating !== null}
        title={t('units.createTitle', { parent: creating?.name ?? '' })}
        onClose={onClose}
        testId="unit-create-form"
        onSubmit={async (v) => {
          const parent = creating!
          await unitsApi.create({
            code: v.code.trim(),
            name: v.name.trim(),
            shortName: v.shortName?.trim() || undefined,
            parentId: parent.id,
          })
          message.success(t('common.created'))
          onCreated(parent.id)
          await refreshAround(parent.id)
        }}
      >
        <Form.Item
          label={t('units.code')}
          name="code"
          extra={t('units.codeFormat')}
          rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/, message: t('units.codeFormat') }]}
        >
          <Input maxLength={9} inputMode="numeric" autoFocus />
        </Form.Item>
        <Form.Item
          label={t('units.name')}
          name="name"
          rules={[
            {
              required: true,
              whitespace: true,
              max: 100,
              message: t('common.requiredField', { field: t('units.name') }),
            },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('units.shortName')} name="shortName" rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
      </FormModal>

      <FormModal<{ name: string; shortName?: string }>
        open={editing !== null}
        title={t('units.editTitle')}
        onClose={onClose}
        initialValues={{ name: editing?.name, shortName: editing?.shortName ?? undefined }}
        testId="unit-edit-form"
        onSubmit={async (v) => {
          const u = editing!
          const body: UpdateUnitInput = {
            name: v.name.trim(),
            shortName: v.shortName?.trim() ? v.shortName.trim() : null,
          }
          await unitsApi.update(u.id, body)
          message.success(t('common.saved'))
          await refreshAround(u.parentId)
        }}
      >
        <Form.Item
          label={t('units.name')}
          name="name"
          rules={[
            {
              required: true,
              whitespace: true,
              max: 100,
              message: t('common.requiredField', { field: t('units.name') }),
            },
          ]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item label={t('units.shortName')} name="shortName" rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
      </FormModal>
    </>
  )
}
