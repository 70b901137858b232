// The sign-in page. It uses no antd (plain elements styled like it, login.css) so the first visit
// downloads only React, the router, react-query and the Chinese texts; the shell brings antd.
import CloseCircleFilled from '@ant-design/icons-svg/es/asn/CloseCircleFilled'
import EyeInvisibleOutlined from '@ant-design/icons-svg/es/asn/EyeInvisibleOutlined'
import EyeOutlined from '@ant-design/icons-svg/es/asn/EyeOutlined'
import GlobalOutlined from '@ant-design/icons-svg/es/asn/GlobalOutlined'
import LockOutlined from '@ant-design/icons-svg/es/asn/LockOutlined'
import SafetyOutlined from '@ant-design/icons-svg/es/asn/SafetyOutlined'
import UserOutlined from '@ant-design/icons-svg/es/asn/UserOutlined'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useLocation, useNavigate } from 'react-router'
import { isApiError } from '../api/client'
import { authApi, type LoginInput } from '../api/endpoints'
import { useAuth, useMe } from '../auth/auth'
import { SvgIcon } from '../components/SvgIcon'
import { LANGUAGES, setLanguage, type Language } from '../i18n'
import { errorText } from '../lib/errors'
import { usePageTitle } from '../lib/usePageTitle'
import './login.css'

type Field = 'username' | 'password' | 'otp'

export default function LoginPage() {
  const { t, i18n } = useTranslation()
  usePageTitle(t('login.title'))
  const { data: current } = useMe()
  const { setMe } = useAuth()
  const navigate = useNavigate()
  const location = useLocation()
  const from = (location.state as { from?: string } | null)?.from
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [otp, setOtp] = useState('')
  const [showPassword, setShowPassword] = useState(false)
  const [invalid, setInvalid] = useState<Partial<Record<Field, string>>>({})
  const [needOtp, setNeedOtp] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const otpRef = useRef<HTMLInputElement>(null)
  const formRef = useRef<HTMLFormElement>(null)

  useEffect(() => {
    if (needOtp) otpRef.current?.focus()
  }, [needOtp])

  // Six digits typed (or pasted) sign in at once, as antd's OTP box did.
  useEffect(() => {
    if (needOtp && /^\d{6}$/.test(otp)) formRef.current?.requestSubmit()
  }, [otp, needOtp])

  if (current) return <Navigate to={from && from !== '/login' ? from : '/'} replace />

  const check = (): boolean => {
    const found: Partial<Record<Field, string>> = {}
    if (!username.trim()) found.username = t('login.usernameRequired')
    if (!password) found.password = t('login.passwordRequired')
    if (needOtp && !/^\d{6}$/.test(otp)) found.otp = t('login.otpFormat')
    setInvalid(found)
    return Object.keys(found).length === 0
  }

  const submit = async (e?: FormEvent) => {
    e?.preventDefault()
    if (busy || !check()) return
    setBusy(true)
    setError(null)
    try {
      const body: LoginInput = { username: username.trim(), password }
      if (needOtp && otp) body.otp = otp
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
        setOtp('')
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

  const language: Language = i18n.language === 'en-US' ? 'en-US' : 'zh-CN'
  const help = (field: Field, extra?: string) =>
    invalid[field] ? (
      <div id={`login-${field}-help`} className="login-help error" role="alert">
        {invalid[field]}
      </div>
    ) : extra ? (
      <div id={`login-${field}-help`} className="login-help">
        {extra}
      </div>
    ) : null

  return (
    <div className="login-page">
      <div className="login-lang">
        <SvgIcon icon={GlobalOutlined} />
        <select
          data-testid="language-switch"
          aria-label={t('app.language')}
          value={language}
          onChange={(e) => setLanguage(e.target.value as Language)}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`lang.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <main className="login-card" data-testid="login-card">
        <header>
          <h1>{t('app.fullName')}</h1>
          <p>{t('app.subtitle')}</p>
        </header>
        <form ref={formRef} noValidate onSubmit={submit} data-testid="login-form">
          <div className="login-field">
            <label htmlFor="login-username">{t('login.username')}</label>
            <div className={`login-input${invalid.username ? ' invalid' : ''}`}>
              <SvgIcon icon={UserOutlined} />
              <input
                id="login-username"
                name="username"
                autoComplete="username"
                autoFocus
                required
                aria-invalid={!!invalid.username}
                aria-describedby={invalid.username ? 'login-username-help' : undefined}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            </div>
            {help('username')}
          </div>
          <div className="login-field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <div className={`login-input${invalid.password ? ' invalid' : ''}`}>
              <SvgIcon icon={LockOutlined} />
              <input
                id="login-password"
                name="password"
                type={showPassword ? 'text' : 'password'}
                autoComplete="current-password"
                required
                aria-invalid={!!invalid.password}
                aria-describedby={invalid.password ? 'login-password-help' : undefined}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
              <button
                type="button"
                aria-label={showPassword ? t('login.hidePassword') : t('login.showPassword')}
                aria-pressed={showPassword}
                onClick={() => setShowPassword((v) => !v)}
              >
                <SvgIcon icon={showPassword ? EyeOutlined : EyeInvisibleOutlined} />
              </button>
            </div>
            {help('password')}
          </div>
          {needOtp && (
            <div className="login-field">
              <label htmlFor="login-otp">
                <SvgIcon icon={SafetyOutlined} /> {t('login.otp')}
              </label>
              <div
                className={`login-input login-otp${invalid.otp ? ' invalid' : ''}`}
                data-testid="otp-input"
              >
                <input
                  ref={otpRef}
                  id="login-otp"
                  name="otp"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  required
                  aria-invalid={!!invalid.otp}
                  aria-describedby="login-otp-help"
                  value={otp}
                  onChange={(e) => setOtp(e.target.value.replace(/\D/g, '').slice(0, 6))}
                />
              </div>
              {help('otp', t('login.otpHint'))}
            </div>
          )}
          {error && (
            <div className="login-alert" role="alert" data-testid="login-error">
              <SvgIcon icon={CloseCircleFilled} />
              <span>{error}</span>
            </div>
          )}
          <button
            type="submit"
            className="duban-button duban-button-primary login-submit"
            aria-busy={busy}
            disabled={busy}
          >
            {t('login.submit')}
          </button>
        </form>
      </main>
      <p className="login-footer">{t('login.footer')}</p>
    </div>
  )
}
