import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useLocation, useNavigate } from 'react-router'
import { isApiError } from '../api/client'
import { authApi, type LoginInput } from '../api/endpoints'
import { useAuth, useMe } from '../auth/auth'
import { LanguageSwitch } from '../components/LanguageSwitch'
import { usePageTitle } from '../lib/usePageTitle'
import { errorText } from '../lib/errors'

export default function LoginPage() {
  const { t } = useTranslation()
  usePageTitle(t('login.title'))
  const [form] = Form.useForm<LoginInput>()
  const { data: current } = useMe()
  const { setMe } = useAuth()
  const navigate = useNavigate()
  const location = useLocation()
  const from = (location.state as { from?: string } | null)?.from
  const [needOtp, setNeedOtp] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const otpRef = useRef<React.ComponentRef<typeof Input.OTP>>(null)

  useEffect(() => {
    if (needOtp) otpRef.current?.focus()
  }, [needOtp])

  if (current) return <Navigate to={from && from !== '/login' ? from : '/'} replace />

  const submit = async (values: LoginInput) => {
    setBusy(true)
    setError(null)
    try {
      const body: LoginInput = { username: values.username.trim(), password: values.password }
      if (needOtp && values.otp) body.otp = values.otp
      const me = await authApi.login(body)
      setMe(me)
      navigate(me.user.mustChangePassword ? '/account' : from && from !== '/login' ? from : '/', {
        replace: true,
      })
    } catch (e) {
      if (isApiError(e) && e.code === 'otp_required') {
        setNeedOtp(true)
        setError(t('login.otpRequired'))
      } else if (isApiError(e) && e.code === 'otp_invalid') {
        setNeedOtp(true)
        form.setFieldValue('otp', '')
        setError(e.message || t('login.otpInvalid'))
      } else if (isApiError(e) && e.code === 'login_failed') {
        setError(e.message || t('login.failed'))
      } else {
        setError(errorText(e, t))
      }
    } finally {
      setBusy(false)
    }
  }

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: '100%',
        padding: 24,
        background: 'linear-gradient(160deg, #fff1f0 0%, #f5f5f5 60%)',
      }}
    >
      <Flex justify="end" style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </Flex>
      <Card style={{ width: 400, maxWidth: '100%' }} data-testid="login-card">
        <Flex vertical align="center" style={{ marginBottom: 24 }}>
          <Typography.Title level={2} style={{ marginBottom: 4, color: '#a8071a' }}>
            {t('app.fullName')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
            {t('app.subtitle')}
          </Typography.Text>
        </Flex>
        <Form<LoginInput>
          form={form}
          layout="vertical"
          onFinish={submit}
          requiredMark={false}
          data-testid="login-form"
        >
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          {needOtp && (
            <Form.Item
              label={
                <span>
                  <SafetyOutlined /> {t('login.otp')}
                </span>
              }
              name="otp"
              extra={t('login.otpHint')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.otpFormat') }]}
            >
              <Input.OTP
                ref={otpRef}
                length={6}
                size="large"
                aria-label={t('login.otp')}
                data-testid="otp-input"
                formatter={(s) => s.replace(/\D/g, '')}
                onChange={(v) => {
                  if (/^\d{6}$/.test(v)) form.submit()
                }}
              />
            </Form.Item>
          )}
          {error && (
            <Alert
              type="error"
              showIcon
              title={error}
              role="alert"
              data-testid="login-error"
              style={{ marginBottom: 16 }}
            />
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
        {t('login.footer')}
      </Typography.Text>
    </Flex>
  )
}
