import type { Kysely } from 'kysely'

function range(from: string, to: string, name: string) {
  const out: { date: string; kind: 'holiday'; name: string }[] = []
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    out.push({ date: d.toISOString().slice(0, 10), kind: 'holiday', name })
  }
  return out
}
const work = (date: string, name: string) => ({ date, kind: 'workday' as const, name: `${name}调休上班` })

/**
 * Statutory holidays and make-up working days as the State Council announced them for
 * 2024–2026. The inspection office maintains the calendar in the app from here on.
 */
export const CALENDAR_SEED: { date: string; kind: 'holiday' | 'workday'; name: string }[] = [
  // 2024
  ...range('2024-01-01', '2024-01-01', '元旦'),
  ...range('2024-02-10', '2024-02-17', '春节'),
  work('2024-02-04', '春节'),
  work('2024-02-18', '春节'),
  ...range('2024-04-04', '2024-04-06', '清明节'),
  work('2024-04-07', '清明节'),
  ...range('2024-05-01', '2024-05-05', '劳动节'),
  work('2024-04-28', '劳动节'),
  work('2024-05-11', '劳动节'),
  ...range('2024-06-10', '2024-06-10', '端午节'),
  ...range('2024-09-15', '2024-09-17', '中秋节'),
  work('2024-09-14', '中秋节'),
  ...range('2024-10-01', '2024-10-07', '国庆节'),
  work('2024-09-29', '国庆节'),
  work('2024-10-12', '国庆节'),
  // 2025
  ...range('2025-01-01', '2025-01-01', '元旦'),
  ...range('2025-01-28', '2025-02-04', '春节'),
  work('2025-01-26', '春节'),
  work('2025-02-08', '春节'),
  ...range('2025-04-04', '2025-04-06', '清明节'),
  ...range('2025-05-01', '2025-05-05', '劳动节'),
  work('2025-04-27', '劳动节'),
  ...range('2025-05-31', '2025-06-02', '端午节'),
  ...range('2025-10-01', '2025-10-08', '国庆节、中秋节'),
  work('2025-09-28', '国庆节'),
  work('2025-10-11', '国庆节'),
  // 2026
  ...range('2026-01-01', '2026-01-03', '元旦'),
  work('2026-01-04', '元旦'),
  ...range('2026-02-15', '2026-02-23', '春节'),
  work('2026-02-14', '春节'),
  work('2026-02-28', '春节'),
  ...range('2026-04-04', '2026-04-06', '清明节'),
  ...range('2026-05-01', '2026-05-05', '劳动节'),
  work('2026-05-09', '劳动节'),
  ...range('2026-06-19', '2026-06-21', '端午节'),
  ...range('2026-09-25', '2026-09-27', '中秋节'),
  ...range('2026-10-01', '2026-10-07', '国庆节'),
  work('2026-09-20', '国庆节'),
  work('2026-10-10', '国庆节'),
]

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString()
  const rows = CALENDAR_SEED.map((d) => ({ date: d.date, kind: d.kind, name: d.name, updated_at: now }))
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('calendar_day')
      .values(rows.slice(i, i + 100))
      .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('calendar_day').execute()
}
