import { Form, Input, Switch } from 'antd'
import { useTranslation } from 'react-i18next'
import { usersApi, type UserDto } from '../../api/endpoints'
import { DepartmentSelect } from '../../components/DepartmentSelect'
import { useFeedback } from '../../components/feedback'
import { FormModal } from '../../components/FormModal'
import { UnitSelect } from '../../components/UnitSelect'

interface CreateForm {
  username: string
  displayName: string
  unitId: string
  departmentId?: string | null
  password: string
}
interface EditForm {
  displayName: string
  departmentId?: string | null
  active: boolean
}

/** The users page's dialogs: a new user, `editing`'s details, or `resetting`'s password. */
export default function UserForms({
  creating,
  editing,
  resetting,
  seed,
  onClose,
  refresh,
}: {
  creating: boolean
  editing: UserDto | null
  resetting: UserDto | null
  seed: { id: string; name: string; code?: string }[]
  onClose: () => void
  refresh: () => Promise<unknown>
}) {
  const { t } = useTranslation()
  const { message } = useFeedback()
  const [createForm] = Form.useForm<CreateForm>()
  const createUnit = Form.useWatch('unitId', createForm)
  return (
    <>
      <FormModal<CreateForm>
        open={creating}
        form={createForm}
        title={t('users.createTitle')}
        onClose={onClose}
        initialValues={{ unitId: seed[0]?.id }}
        testId="user-create-form"
        onSubmit={async (v) => {
          await usersApi.create({
            username: v.username.trim(),
            displayName: v.displayName.trim(),
            unitId: v.unitId,
            departmentId: v.departmentId ?? null,
            password: v.password,
          })
          message.success(t('common.created'))
          await refresh()
        }}
      >
        <Form.Item
          label={t('users.username')}
          name="username"
          rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: t('users.usernameFormat') }]}
        >
          <Input maxLength={32} autoComplete="off" autoFocus />
        </Form.Item>
        <Form.Item
          label={t('users.displayName')}
          name="displayName"
          rules={[
            {
              required: true,
              whitespace: true,
              max: 100,
              message: t('common.requiredField', { field: t('users.displayName') }),
            },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label={t('users.unit')}
          name="unitId"
          rules={[{ required: true, message: t('common.selectField', { field: t('users.unit') }) }]}
        >
          <UnitSelect
            seed={seed}
            style={{ width: '100%' }}
            aria-label={t('users.unit')}
            onChange={() => createForm.setFieldValue('departmentId', null)}
          />
        </Form.Item>
        <Form.Item label={t('users.department')} name="departmentId">
          <DepartmentSelect unitId={createUnit} />
        </Form.Item>
        <Form.Item
          label={t('users.initialPassword')}
          name="password"
          extra={t('users.initialPasswordHint')}
          rules={[
            { required: true, message: t('common.requiredField', { field: t('users.initialPassword') }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </FormModal>

      <FormModal<EditForm>
        open={editing !== null}
        title={`${t('users.editTitle')} · ${editing?.username ?? ''}`}
        onClose={onClose}
        initialValues={{
          displayName: editing?.displayName,
          departmentId: editing?.departmentId ?? null,
          active: editing?.status === 'active',
        }}
        testId="user-edit-form"
        onSubmit={async (v) => {
          await usersApi.update(editing!.id, {
            displayName: v.displayName.trim(),
            departmentId: v.departmentId ?? null,
            status: v.active ? 'active' : 'disabled',
          })
          message.success(t('common.saved'))
          await refresh()
        }}
      >
        <Form.Item
          label={t('users.displayName')}
          name="displayName"
          rules={[
            {
              required: true,
              whitespace: true,
              max: 100,
              message: t('common.requiredField', { field: t('users.displayName') }),
            },
          ]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item label={t('users.department')} name="departmentId">
          <DepartmentSelect unitId={editing?.unitId} />
        </Form.Item>
        <Form.Item label={t('users.status')} name="active" valuePropName="checked">
          <Switch checkedChildren={t('users.statusActive')} unCheckedChildren={t('users.statusDisabled')} />
        </Form.Item>
      </FormModal>

      <FormModal<{ password: string }>
        open={resetting !== null}
        title={t('users.resetTitle', { name: resetting?.displayName ?? '' })}
        onClose={onClose}
        testId="user-reset-form"
        onSubmit={async (v) => {
          await usersApi.resetPassword(resetting!.id, v.password)
          message.success(t('users.resetOk'))
          await refresh()
        }}
      >
        <Form.Item
          label={t('users.newPassword')}
          name="password"
          extra={t('users.initialPasswordHint')}
          rules={[{ required: true, message: t('common.requiredField', { field: t('users.newPassword') }) }]}
        >
          <Input.Password autoComplete="new-password" autoFocus />
        </Form.Item>
      </FormModal>
    </>
  )
}
