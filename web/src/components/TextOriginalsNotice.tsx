// The notice TextOriginals shows when the server kept originals: the damaged runs marked in the
// stored text, and the originals behind a fold (Alert, Collapse), loaded only for such a record.
import { Alert, Collapse, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { TextOriginalDto } from '../../../common/text'

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

export function TextOriginalsNotice({
  rows,
  values,
  labels,
}: {
  rows: TextOriginalDto[]
  values: Record<string, string>
  labels: Record<string, string>
}) {
  const { t } = useTranslation()
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
