import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'
import type { Permission } from '../../../common/roles'
import { api, isApiError, setCsrfToken } from '../api/client'
import { authApi, type MeDto } from '../api/endpoints'

export const ME_KEY = ['auth', 'me'] as const

/** The signed-in user, or null when there is no session. */
export async function fetchMe(): Promise<MeDto | null> {
  try {
    const me = await authApi.me()
    setCsrfToken(me.csrfToken)
    return me
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null
    throw e
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false })
}

export function useAuth() {
  const { data } = useMe()
  const queryClient = useQueryClient()
  const me = data ?? null
  const permissions = useMemo(() => new Set(me?.permissions ?? []), [me])
  const can = useCallback((p: Permission | string) => permissions.has(p), [permissions])
  const setMe = useCallback(
    (next: MeDto | null) => {
      setCsrfToken(next?.csrfToken ?? null)
      queryClient.setQueryData(ME_KEY, next)
    },
    [queryClient],
  )
  const refresh = useCallback(() => queryClient.invalidateQueries({ queryKey: ME_KEY }), [queryClient])
  return { me, user: me?.user ?? null, can, setMe, refresh }
}

/**
 * Whether the user works in inspections. `inspection.read` answers it; team staff whose
 * `/api/auth/me` carries no roles (team membership is not a role grant, and the server's
 * `me` lists grants only) are found by asking for one round, which the server lets them see.
 * Accounts holding any role without `inspection.read` are not asked, so no denial is logged.
 */
export function useInspectionAccess(): { allowed: boolean; pending: boolean } {
  const { me, can } = useAuth()
  const direct = can('inspection.read')
  const probe = useQuery({
    queryKey: ['auth', 'inspection-probe', me?.user.id],
    queryFn: async () => {
      try {
        await api.get('/api/rounds', { pageSize: 1 })
        return true
      } catch (e) {
        if (isApiError(e) && e.status === 403) return false
        throw e
      }
    },
    enabled: !!me && !direct && me.user.roles.length === 0,
    staleTime: 5 * 60_000,
    retry: false,
  })
  if (direct) return { allowed: true, pending: false }
  if (!me || me.user.roles.length > 0) return { allowed: false, pending: false }
  return { allowed: probe.data === true, pending: probe.isPending }
}
