// Text entering Duban is stored normalized; where that changed something or found a damaged
// run, the server keeps the original. This notice shows it: the damaged runs to fix by hand,
// and the original beside the stored text.
import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense } from 'react'
import type { TextOriginalDto } from '../../../common/text'
import { api } from '../api/client'

// The notice (Alert, Collapse) loads only for a record the server kept originals for.
const TextOriginalsNotice = lazy(() =>
  import('./TextOriginalsNotice').then((m) => ({ default: m.TextOriginalsNotice })),
)

type Props = {
  /** e.g. /api/findings/:id/text-originals */
  url: string
  /** The stored (normalized) value of each field, to mark the damaged runs in. */
  values: Record<string, string>
  /** i18n keys naming each field. */
  labels: Record<string, string>
}

export function TextOriginals({ url, values, labels }: Props) {
  const originals = useQuery({
    queryKey: ['text-originals', url],
    queryFn: () => api.get<TextOriginalDto[]>(url),
  })
  const rows = originals.data ?? []
  if (!rows.length) return null
  return (
    <Suspense fallback={null}>
      <TextOriginalsNotice rows={rows} values={values} labels={labels} />
    </Suspense>
  )
}
