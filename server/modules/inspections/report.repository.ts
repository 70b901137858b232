import type { DB } from '../../db/database'
import type { InspectionReportTable } from '../../db/schema'

export async function revisions(db: DB, targetId: string) {
  return db
    .selectFrom('inspectionReport')
    .leftJoin('appUser', 'appUser.id', 'inspectionReport.createdBy')
    .select([
      'inspectionReport.id',
      'inspectionReport.targetId',
      'inspectionReport.version',
      'inspectionReport.title',
      'inspectionReport.note',
      'inspectionReport.createdAt',
      'appUser.displayName as createdByName',
    ])
    .where('inspectionReport.targetId', '=', targetId)
    .orderBy('inspectionReport.version', 'desc')
    .execute()
}

export async function byVersion(db: DB, targetId: string, version: number) {
  return db
    .selectFrom('inspectionReport')
    .leftJoin('appUser', 'appUser.id', 'inspectionReport.createdBy')
    .selectAll('inspectionReport')
    .select('appUser.displayName as createdByName')
    .where('inspectionReport.targetId', '=', targetId)
    .where('inspectionReport.version', '=', version)
    .executeTakeFirst()
}

export async function byId(db: DB, id: string) {
  return db.selectFrom('inspectionReport').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function latestVersion(db: DB, targetId: string) {
  const r = await db
    .selectFrom('inspectionReport')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('targetId', '=', targetId)
    .executeTakeFirst()
  return Number(r?.v ?? 0)
}

export async function insert(db: DB, row: InspectionReportTable) {
  await db.insertInto('inspectionReport').values(row).execute()
}
