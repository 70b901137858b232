import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useMemo } from 'react'
import type { Permission, Role } from '../../../common/roles'
import { isApiError, setCsrfToken } from '../api/client'
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
  const roles = useMemo(() => new Set<string>((me?.user.roles ?? []).map((r) => r.role)), [me])
  /** Whether the user holds any of these roles (for menus that follow roles, not one permission). */
  const hasRole = useCallback((...wanted: Role[]) => wanted.some((r) => roles.has(r)), [roles])
  return { me, user: me?.user ?? null, can, hasRole, setMe, refresh }
}
