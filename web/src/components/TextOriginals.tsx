// Text entering Duban is stored normalized; where that changed something or found a damaged
// run, the server keeps the original. This notice shows it: the damaged runs to fix by hand,
// and the original beside the stored text.
import { useQuery } from '@tanstack/react-query'
import { Alert, Collapse, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { TextOriginalDto } from '../../../common/text'
import { api } from '../api/client'

type Props = {
  /** e.g. /api/findings/:id/text-originals */
  url: string
  /** The stored (normalized) value of each field, to mark the damaged runs in. */
  values: Record<string, string>
  /** i18n keys naming each field. */
  labels: Record<string, string>
}

function Marked({ text, flags }: { text: string; flags: TextOriginalDto['flags'] }) {
  const parts: React.ReactNode[] = []
  let at = 0
  for (const f of flags) {
    if (f.start < at) continue
    parts.push(text.slice(at, f.start))
    parts.push(
      <mark key={f.start} style={{ background: '#ffe58f', padding: 0 }}>
        {text.slice(f.start, f.end)}
      </mark>,
    )
    at = f.end
  }
  parts.push(text.slice(at))
  return <>{parts}</>
}

export function TextOriginals({ url, values, labels }: Props) {
  const { t } = useTranslation()
  const originals = useQuery({
    queryKey: ['text-originals', url],
    queryFn: () => api.get<TextOriginalDto[]>(url),
  })
  const rows = originals.data ?? []
  if (!rows.length) return null
  const damaged = rows.filter((r) => r.flags.length)
  return (
    <Alert
      type={damaged.length ? 'warning' : 'info'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="text-originals"
      title={damaged.length ? t('text.damagedTitle', { count: damaged.length }) : t('text.normalizedTitle')}
      description={
        <>
          {damaged.map((r) => (
            <Typography.Paragraph key={r.field} style={{ marginBottom: 4 }}>
              <Typography.Text strong>{t(labels[r.field] ?? r.field)}：</Typography.Text>
              <Marked text={values[r.field] ?? ''} flags={r.flags} />
            </Typography.Paragraph>
          ))}
          <Collapse
            size="small"
            ghost
            items={[
              {
                key: 'originals',
                label: t('text.showOriginals'),
                children: rows.map((r) => (
                  <Typography.Paragraph key={r.field} style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                    <Typography.Text strong>{t(labels[r.field] ?? r.field)}：</Typography.Text>
                    <span data-testid={`text-original-${r.field}`}>{r.original}</span>
                  </Typography.Paragraph>
                )),
              },
            ]}
          />
        </>
      }
    />
  )
}
