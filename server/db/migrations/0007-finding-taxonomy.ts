import type { Kysely } from 'kysely'

// The three top-level categories the 2024-07-09 meeting names, with their sub-categories.
// Frozen data: later changes to the taxonomy are made by the inspection office in the app.
const TAXONOMY: [string, string, [string, string][]][] = [
  [
    'T1',
    '学习贯彻习近平法治思想、加强党的创新理论武装不够深入',
    [
      ['T1.1', '理论学习制度落实不到位'],
      ['T1.2', '学用结合、以学促干不够'],
      ['T1.3', '意识形态工作责任落实不够有力'],
    ],
  ],
  [
    'T2',
    '依法履行法律监督职责不够有力',
    [
      ['T2.1', '“高质效办好每一个案件”落实不够'],
      ['T2.2', '敢于监督、善于监督不够'],
      ['T2.3', '自我监督、内部制约不够'],
    ],
  ],
  [
    'T3',
    '履行全面从严治检主体责任、落实“四责协同”机制不够到位',
    [
      ['T3.1', '主体责任和监督责任落实不到位'],
      ['T3.2', '干部队伍建设和选人用人问题'],
      ['T3.3', '落实中央八项规定精神不严格'],
      ['T3.4', '以往巡视、审计发现问题整改不到位'],
    ],
  ],
]

function uuidLike(code: string) {
  // Stable ids so every installation shares them; the variant and version digits are valid.
  const hex = Buffer.from(code.padEnd(8, '.')).toString('hex').slice(0, 12).padEnd(12, '0')
  return `0190c0de-0000-7000-8000-${hex}`
}

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString()
  let order = 0
  for (const [code, name, children] of TAXONOMY) {
    const parentId = uuidLike(code)
    await db
      .insertInto('finding_category')
      .values({
        id: parentId,
        parent_id: null,
        code,
        name,
        description: '',
        sort_order: order++,
        active: 1,
        created_at: now,
        updated_at: now,
      })
      .execute()
    for (const [childCode, childName] of children) {
      await db
        .insertInto('finding_category')
        .values({
          id: uuidLike(childCode),
          parent_id: parentId,
          code: childCode,
          name: childName,
          description: '',
          sort_order: order++,
          active: 1,
          created_at: now,
          updated_at: now,
        })
        .execute()
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('finding_category').execute()
}
