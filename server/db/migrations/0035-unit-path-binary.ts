import { sql, type Kysely } from 'kysely'
import { needsBinaryCollation } from '../dialect'

// A unit's subtree is the units whose path starts with its own (`startsWith` in dialect.ts),
// and every scoped list and count asks for one. PostgreSQL plans its named statements once for
// all values (plan_cache_mode), and such a plan cannot seek an index for a LIKE whose pattern
// is a value; nor, under a collation other than C, can any plan seek an ordinary index for a
// LIKE at all. So the prefix is written as a range, and unit paths and codes compare here in
// binary order, as SQLite compares them: the range is then a range of their indexes. Paths
// and codes are digits and slashes, so no order people read changes. CockroachDB compares
// strings bytewise already (and a collated column there cannot be compared with a plain
// value): it is left as it is (`needsBinaryCollation`).
export async function up(db: Kysely<any>): Promise<void> {
  if (!(await needsBinaryCollation(db))) return
  await sql`alter table unit alter column path type varchar(400) collate "C"`.execute(db)
  await sql`alter table unit alter column code type varchar(16) collate "C"`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(await needsBinaryCollation(db))) return
  await sql`alter table unit alter column path type varchar(400) collate "default"`.execute(db)
  await sql`alter table unit alter column code type varchar(16) collate "default"`.execute(db)
}
