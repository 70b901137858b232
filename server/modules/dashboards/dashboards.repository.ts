// The few rows the dashboards read besides what the reports and module services already give.
import type { DB } from '../../db/database'
import { listTargets } from '../inspections/inspection.repository'
import type { Scopes } from '../inspections/inspection.policy'

export async function unitName(db: DB, unitId: string) {
  const u = await db.selectFrom('unit').select(['id', 'name']).where('id', '=', unitId).executeTakeFirst()
  return u ?? null
}

/** Targets the person sees through their unit roles only (their own unit's, once handed over). */
export async function ownUnitTargets(db: DB, s: Scopes) {
  const { items } = await listTargets(
    db,
    { office: [], teams: [], leader: [], unit: s.unit },
    {},
    { limit: 500, offset: 0 },
  )
  return items
}

/**
 * Published cases counted as the case statistics count "issued" (published, and published or
 * submitted in the year), by kind. Published cases are open to everyone who reads cases.
 */
export async function publishedCases(db: DB, year: number) {
  // A range, not LIKE: the columns are timestamptz on PostgreSQL.
  const from = `${year}-01-01T00:00:00.000Z`
  const to = `${year + 1}-01-01T00:00:00.000Z`
  return db
    .selectFrom('legalCase as c')
    .innerJoin('unit as u', 'u.id', 'c.sourceUnitId')
    .where('c.status', '=', 'published')
    .where((eb) =>
      eb.or([
        eb.and([eb('c.publishedAt', '>=', from), eb('c.publishedAt', '<', to)]),
        eb.and([eb('c.submittedAt', '>=', from), eb('c.submittedAt', '<', to)]),
      ]),
    )
    .select('c.kind')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy('c.kind')
    .execute()
}
