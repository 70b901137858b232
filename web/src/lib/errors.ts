import type { TFunction } from 'i18next'
import { isApiError } from '../api/client'

/** Text for an error: the server's own message, with a local explanation for a few codes. */
export function errorText(e: unknown, t: TFunction): string {
  if (isApiError(e)) {
    if (e.code === 'network_error') return t('common.networkError')
    if (e.code === 'separation_of_duties') {
      const role = (e.details as { conflictingRole?: string } | undefined)?.conflictingRole
      const roleName = role ? t(`roles.${role}`, { defaultValue: role }) : ''
      return [t('grants.sodRefused'), role ? t('grants.conflicting', { role: roleName }) : '', e.message]
        .filter(Boolean)
        .join(' ')
    }
    return e.message || t('common.unknownError')
  }
  if (e instanceof Error && e.message) return e.message
  return t('common.unknownError')
}

export function errorCode(e: unknown): string | null {
  return isApiError(e) ? e.code : null
}
