import type { Kysely } from 'kysely'
import { timeType } from '../dialect'

// The checklist as it stood when it was a constant; frozen here, edited in the table after.
const SEED = [
  {
    key: 'typicality',
    name: '典型性',
    max: 30,
    description: '案情在同类案件中具有代表性，回应司法实践中的突出问题',
  },
  {
    key: 'rule',
    name: '提炼的司法规则',
    max: 30,
    description: '要旨准确提炼法律适用规则，对办理类案有指导作用',
  },
  {
    key: 'completeness',
    name: '要素完整性',
    max: 20,
    description: '标题、关键词、要旨、基本案情、检察履职过程、指导意义、相关规定齐备',
  },
  { key: 'writing', name: '文字表达', max: 20, description: '表述准确、简洁、规范，符合案例编写体例' },
]

export async function up(db: Kysely<any>): Promise<void> {
  const t = timeType(db)
  await db.schema
    .createTable('case_review_criterion')
    .addColumn('key', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('max_score', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', t, (c) => c.notNull())
    .execute()
  const now = new Date().toISOString()
  await db
    .insertInto('case_review_criterion')
    .values(
      SEED.map((c, i) => ({
        key: c.key,
        name: c.name,
        max_score: c.max,
        description: c.description,
        sort_order: i + 1,
        active: 1,
        updated_at: now,
      })),
    )
    .execute()

  // Each scored review keeps the checklist it was scored on, so earlier rounds stay comparable.
  await db.schema.alterTable('case_review').addColumn('criteria', 'text').execute()
  await db
    .updateTable('case_review')
    .set({ criteria: JSON.stringify(SEED.map(({ key, name, max }) => ({ key, name, max }))) })
    .where('action', 'in', ['return', 'pass'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_review').dropColumn('criteria').execute()
  await db.schema.dropTable('case_review_criterion').execute()
}
