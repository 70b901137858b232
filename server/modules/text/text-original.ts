// Text entering Duban is stored normalized (server/text/normalize.ts); where that changed
// anything or found a damaged run, the text as it arrived is kept here with the flags, so a
// person can compare and fix it. Written in the same transaction as the object itself.
import type { DB } from '../../db/database'
import { normalizeText, type TextFlag } from '../../text/normalize'

export type TextOriginal = { field: string; original: string; flags: TextFlag[] }

/** Normalizes the named string fields present in `input`; returns the values to store and what to keep. */
export function cleanFields<T extends Record<string, unknown>>(
  input: T,
  fields: readonly (keyof T & string)[],
): { values: T; originals: TextOriginal[]; touched: string[] } {
  const values = { ...input }
  const originals: TextOriginal[] = []
  const touched: string[] = []
  for (const field of fields) {
    const v = input[field]
    if (typeof v !== 'string') continue
    touched.push(field)
    const n = normalizeText(v)
    ;(values as Record<string, unknown>)[field] = n.normalized
    if (n.normalized !== v || n.flags.length) originals.push({ field, original: v, flags: n.flags })
  }
  return { values, originals, touched }
}

/**
 * Records the originals of the fields just written: a field written clean drops its old
 * original, a field normalized or flagged replaces it.
 */
export async function keepOriginals(
  trx: DB,
  objectType: string,
  objectId: string,
  written: { originals: TextOriginal[]; touched: string[] },
) {
  if (!written.touched.length) return
  await trx
    .deleteFrom('textOriginal')
    .where('objectType', '=', objectType)
    .where('objectId', '=', objectId)
    .where('field', 'in', written.touched)
    .execute()
  if (!written.originals.length) return
  const now = new Date().toISOString()
  await trx
    .insertInto('textOriginal')
    .values(
      written.originals.map((o) => ({
        objectType,
        objectId,
        field: o.field,
        original: o.original,
        flags: JSON.stringify(o.flags),
        updatedAt: now,
      })),
    )
    .execute()
}

/** Many objects' originals at once (an import); rows must be new objects. */
export async function insertOriginals(
  trx: DB,
  objectType: string,
  rows: { objectId: string; originals: TextOriginal[] }[],
) {
  const now = new Date().toISOString()
  const values = rows.flatMap((r) =>
    r.originals.map((o) => ({
      objectType,
      objectId: r.objectId,
      field: o.field,
      original: o.original,
      flags: JSON.stringify(o.flags),
      updatedAt: now,
    })),
  )
  for (let i = 0; i < values.length; i += 200)
    await trx
      .insertInto('textOriginal')
      .values(values.slice(i, i + 200))
      .execute()
}

/** The kept originals of one object; the caller has already checked that the actor may read it. */
export async function originalsOf(db: DB, objectType: string, objectId: string) {
  const rows = await db
    .selectFrom('textOriginal')
    .select(['field', 'original', 'flags', 'updatedAt'])
    .where('objectType', '=', objectType)
    .where('objectId', '=', objectId)
    .orderBy('field')
    .execute()
  return rows.map((r) => ({ ...r, flags: JSON.parse(r.flags) as TextFlag[] }))
}
