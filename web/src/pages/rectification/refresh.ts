import { useQueryClient } from '@tanstack/react-query'

/** Reloads what a change to a plan, a measure or an extension shows elsewhere. */
export function useRectificationRefresh() {
  const qc = useQueryClient()
  return async () => {
    await Promise.all([
      qc.invalidateQueries({ queryKey: ['plans'] }),
      qc.invalidateQueries({ queryKey: ['measures'] }),
      qc.invalidateQueries({ queryKey: ['findings'] }),
      qc.invalidateQueries({ queryKey: ['targets'] }),
      qc.invalidateQueries({ queryKey: ['extensions'] }),
    ])
  }
}
