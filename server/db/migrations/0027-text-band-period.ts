import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // A finding's band keys move under the period of its id (the UUIDv7's first four hex digits,
  // about 50 days): "018f:12.x3k9" instead of "12.x3k9". Band keys are hashes, so a finding's 32
  // keys landed on 32 leaves anywhere in text_band's primary key; once that outgrew the page
  // cache every key cost a page read and a page written to the WAL, more as the table grew.
  // Under its period a finding writes only where the findings of the same weeks went
  // (similar.service). The periods present are listed for lookups.
  await db.schema
    .createTable('text_band_period')
    .addColumn('object_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('period', 'varchar(4)', (c) => c.notNull())
    .addPrimaryKeyConstraint('text_band_period_pk', ['object_type', 'period'])
    .execute()
  const period = sql`case when substr(object_id, 15, 1) = '7' then substr(object_id, 1, 4) else '----' end`
  await db
    .updateTable('text_band')
    .set({ band_key: sql`${period} || ':' || band_key` })
    .where('object_type', '=', 'finding')
    .execute()
  await db
    .insertInto('text_band_period')
    .columns(['object_type', 'period'])
    .expression(
      db
        .selectFrom('text_band')
        .select(['object_type', sql`substr(band_key, 1, 4)`.as('period')])
        .distinct()
        .where('object_type', '=', 'finding'),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('text_band')
    .set({ band_key: sql`substr(band_key, 6)` })
    .where('object_type', '=', 'finding')
    .execute()
  await db.schema.dropTable('text_band_period').execute()
}
