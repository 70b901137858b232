import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons'
import { Alert, Button, Col, Descriptions, Form, Input, Row, Space, Tag, Typography } from 'antd'
import { useFeedback } from '../components/feedback'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { isApiError } from '../api/client'
import { authApi, type TotpSetup } from '../api/endpoints'
import { useAuth } from '../auth/auth'
import { PageHeader } from '../components/PageHeader'
import { errorText } from '../lib/errors'
import { Panel } from '../components/Panel'

const POLICY_RULES = ['length', 'classes', 'username', 'reused'] as const

interface PasswordForm {
  currentPassword: string
  newPassword: string
  confirmPassword: string
}

function PasswordCard() {
  const { t } = useTranslation()
  const { user, refresh } = useAuth()
  const { message } = useFeedback()
  const [form] = Form.useForm<PasswordForm>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const failed: string[] =
    isApiError(error) && error.code === 'password_policy'
      ? (((error.details as { rules?: unknown } | undefined)?.rules as string[] | undefined) ?? [])
      : []

  const submit = async (v: PasswordForm) => {
    setBusy(true)
    setError(null)
    try {
      await authApi.changePassword(v.currentPassword, v.newPassword)
      form.resetFields()
      message.success(t('account.passwordChanged'))
      await refresh()
    } catch (e) {
      setError(e)
      if (isApiError(e) && e.code === 'invalid_password') {
        form.setFields([{ name: 'currentPassword', errors: [t('account.invalidCurrent')] }])
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <Panel title={t('account.changePassword')} data-testid="password-card">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('account.policyTitle')}
        description={
          <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="password-policy">
            {POLICY_RULES.map((r) => (
              <li key={r} style={{ color: failed.includes(r) ? '#cf1322' : undefined }}>
                {failed.includes(r) ? <CloseCircleTwoTone twoToneColor="#cf1322" /> : null}{' '}
                {t(`account.policy.${r}`)}
              </li>
            ))}
          </ul>
        }
      />
      <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} data-testid="password-form">
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={user?.username ?? ''}
          readOnly
          hidden
        />
        <Form.Item
          label={t('account.currentPassword')}
          name="currentPassword"
          rules={[
            { required: true, message: t('common.requiredField', { field: t('account.currentPassword') }) },
          ]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label={t('account.newPassword')}
          name="newPassword"
          rules={[
            { required: true, message: t('common.requiredField', { field: t('account.newPassword') }) },
            { min: 10, message: t('account.policy.length') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={t('account.confirmPassword')}
          name="confirmPassword"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.requiredField', { field: t('account.confirmPassword') }) },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('account.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {error !== null && (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="password-error"
            style={{ marginBottom: 16 }}
            title={errorText(error, t)}
            description={
              failed.length > 0 ? (
                <div>
                  {t('account.policyFailed')}
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {failed.map((r) => (
                      <li key={r} data-testid={`policy-failed-${r}`}>
                        {t(`account.policy.${r}`, { defaultValue: r })}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : undefined
            }
          />
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('account.changePassword')}
        </Button>
      </Form>
    </Panel>
  )
}

function TotpCard() {
  const { t } = useTranslation()
  const { user, refresh } = useAuth()
  const { message } = useFeedback()
  const [setup, setSetup] = useState<TotpSetup | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [enableForm] = Form.useForm<{ otp: string }>()
  const [disableForm] = Form.useForm<{ password: string }>()
  const enabled = user?.totpEnabled ?? false

  const run = async (fn: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Panel
      title={t('account.totp')}
      extra={
        enabled ? (
          <Tag color="green" icon={<CheckCircleTwoTone twoToneColor="#52c41a" />}>
            {t('account.totpEnabled')}
          </Tag>
        ) : (
          <Tag>{t('account.totpDisabled')}</Tag>
        )
      }
      data-testid="totp-card"
    >
      <Typography.Paragraph type="secondary">{t('account.totpIntro')}</Typography.Paragraph>
      {error !== null && (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={errorText(error, t)} />
      )}
      {!enabled && !setup && (
        <Button
          type="primary"
          loading={busy}
          onClick={() =>
            run(async () => {
              setSetup(await authApi.totpSetup())
            })
          }
        >
          {t('account.totpSetup')}
        </Button>
      )}
      {!enabled && setup && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('account.totpScan')}</Typography.Text>
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('account.totpSecret')}>
              <Typography.Text code copyable data-testid="totp-secret">
                {setup.secret}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('account.totpUri')}>
              <Typography.Text copyable style={{ wordBreak: 'break-all' }} data-testid="totp-uri">
                {setup.uri}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Form
            form={enableForm}
            layout="inline"
            onFinish={(v) =>
              run(async () => {
                await authApi.totpEnable(v.otp)
                setSetup(null)
                enableForm.resetFields()
                message.success(t('account.totpEnabledOk'))
                await refresh()
              })
            }
          >
            <Form.Item
              name="otp"
              label={t('account.totpCode')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.otpFormat') }]}
            >
              <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" style={{ width: 140 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('account.totpEnable')}
            </Button>
          </Form>
        </Space>
      )}
      {enabled && (
        <Form
          form={disableForm}
          layout="vertical"
          onFinish={(v) =>
            run(async () => {
              await authApi.totpDisable(v.password)
              disableForm.resetFields()
              message.success(t('account.totpDisabledOk'))
              await refresh()
            })
          }
        >
          <Typography.Paragraph>{t('account.totpDisableHint')}</Typography.Paragraph>
          <Form.Item
            name="password"
            label={t('account.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password autoComplete="current-password" style={{ maxWidth: 320 }} />
          </Form.Item>
          <Button danger htmlType="submit" loading={busy}>
            {t('account.totpDisable')}
          </Button>
        </Form>
      )}
    </Panel>
  )
}

export default function AccountPage() {
  const { t } = useTranslation()
  const { user } = useAuth()
  if (!user) return null
  return (
    <div>
      <PageHeader title={t('account.title')} />
      {user.mustChangePassword && (
        <Alert
          type="warning"
          showIcon
          banner
          data-testid="must-change-banner"
          title={t('account.mustChange')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Panel title={t('account.profile')} style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('account.username')}>{user.username}</Descriptions.Item>
          <Descriptions.Item label={t('account.displayName')}>{user.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('account.unit')}>{user.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('account.department')}>{user.departmentName ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Panel>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <PasswordCard />
        </Col>
        <Col xs={24} lg={12}>
          <TotpCard />
        </Col>
      </Row>
    </div>
  )
}
