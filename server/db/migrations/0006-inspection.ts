import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  await db.schema
    .createTable('round')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('organizer_unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('start_date', 'varchar(10)')
    .addColumn('end_date', 'varchar(10)')
    .addColumn('phase', 'varchar(16)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addUniqueConstraint('round_org_year_ordinal_uq', ['organizer_unit_id', 'year', 'ordinal'])
    .execute()

  await db.schema
    .createTable('team')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull().references('round.id'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addUniqueConstraint('team_round_name_uq', ['round_id', 'name'])
    .execute()

  await db.schema
    .createTable('team_member')
    .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('team.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('app_user.id'))
    .addColumn('position', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', t, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_member_pk', ['team_id', 'user_id'])
    .execute()
  await db.schema.createIndex('team_member_user_idx').on('team_member').column('user_id').execute()

  await db.schema
    .createTable('target')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull().references('round.id'))
    .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('team.id'))
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('onsite_start', 'varchar(10)')
    .addColumn('onsite_end', 'varchar(10)')
    .addColumn('feedback_date', 'varchar(10)')
    .addColumn('rectification_deadline', 'varchar(10)')
    .addColumn('fed_back_at', t)
    .addColumn('fed_back_by', 'varchar(36)')
    .addColumn('final_report_id', 'varchar(36)')
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addUniqueConstraint('target_round_unit_uq', ['round_id', 'unit_id'])
    .execute()
  await db.schema.createIndex('target_team_idx').on('target').column('team_id').execute()
  await db.schema.createIndex('target_unit_idx').on('target').column('unit_id').execute()

  await db.schema
    .createTable('finding_category')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('parent_id', 'varchar(36)', (c) => c.references('finding_category.id'))
    .addColumn('code', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('finding')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('target_id', 'varchar(36)', (c) => c.notNull().references('target.id'))
    .addColumn('round_id', 'varchar(36)', (c) => c.notNull().references('round.id'))
    .addColumn('team_id', 'varchar(36)', (c) => c.notNull().references('team.id'))
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('unit.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('persons_matters', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category_id', 'varchar(36)', (c) => c.notNull().references('finding_category.id'))
    .addColumn('severity', 'varchar(16)', (c) => c.notNull())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('confirmed_by', 'varchar(36)')
    .addColumn('confirmed_at', t)
    .addColumn('fed_back_at', t)
    .addColumn('created_at', t, (c) => c.notNull())
    .addColumn('updated_at', t, (c) => c.notNull())
    .addUniqueConstraint('finding_target_seq_uq', ['target_id', 'seq'])
    .execute()
  await db.schema
    .createIndex('finding_round_status_idx')
    .on('finding')
    .columns(['round_id', 'status'])
    .execute()
  await db.schema.createIndex('finding_unit_idx').on('finding').columns(['unit_id', 'status']).execute()
  await db.schema.createIndex('finding_team_idx').on('finding').column('team_id').execute()
  await db.schema.createIndex('finding_category_idx').on('finding').column('category_id').execute()

  await db.schema
    .createTable('finding_history')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('finding_id', 'varchar(36)', (c) => c.notNull().references('finding.id'))
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(24)')
    .addColumn('to_status', 'varchar(24)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('reason', 'text')
    .addColumn('created_at', t, (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('finding_history_finding_idx')
    .on('finding_history')
    .column('finding_id')
    .execute()

  await db.schema
    .createTable('inspection_report')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('target_id', 'varchar(36)', (c) => c.notNull().references('target.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('note', 'varchar(400)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', t, (c) => c.notNull())
    .addUniqueConstraint('inspection_report_version_uq', ['target_id', 'version'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'inspection_report',
    'finding_history',
    'finding',
    'finding_category',
    'target',
    'team_member',
    'team',
    'round',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
