// Names: camelCase in TypeScript, snake_case in the database, converted by the compiler on the
// way in and per result on the way out, on both engines.
import { CompiledQuery, Migrator, sql } from 'kysely'
import pg from 'pg'
import { configurePgConnection, containsText, PG_SESSION_SETTINGS, startsWith } from './dialect'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestEnv, engine, type TestEnv } from '../test/harness'
import { loadConfig } from '../config'
import { openDatabase } from './database'

let env: TestEnv
beforeAll(async () => {
  env = await createTestEnv()
})
afterAll(() => env.close())

describe('camelCase names', () => {
  it('writes snake_case identifiers, aliases and references in raw SQL included', () => {
    const q = env.db
      .selectFrom('finding as someAlias')
      .select(['someAlias.createdAt', sql.ref('someAlias.roundId').as('theRound')])
      .where('someAlias.severity', '=', 'x')
      .compile()
    expect(q.sql).toContain('"some_alias"."created_at"')
    expect(q.sql).toContain('"some_alias"."round_id" as "the_round"')
    expect(q.sql).toContain('"some_alias"."severity" =')
    expect(q.sql).not.toMatch(/[a-z][A-Z]/)
  })

  it('quotes an identifier that holds a quote', () => {
    expect(env.db.selectFrom('finding').select(sql.ref('a"b').as('c"D')).compile().sql).toContain(
      '"a""b" as "c""_d"',
    )
  })

  it('returns camelCase rows, the same for every row and for nested json objects', async () => {
    const json =
      engine === 'postgres'
        ? sql`json_build_object('inner_key', 1, 'list_of', json_build_array(json_build_object('deep_key', 2)))`
        : sql`'{"inner_key":1}'`
    const rows = await sql<
      Record<string, unknown>
    >`select ${sql.lit(1)} as first_column, null as second_column, ${json} as some_json
      union all select ${sql.lit(2)}, ${sql.lit('x')}, ${json}`.execute(env.db)
    expect(rows.rows.map((r) => Object.keys(r))).toEqual([
      ['firstColumn', 'secondColumn', 'someJson'],
      ['firstColumn', 'secondColumn', 'someJson'],
    ])
    expect(rows.rows.map((r) => [r.firstColumn, r.secondColumn])).toEqual([
      [1, null],
      [2, 'x'],
    ])
    if (engine === 'postgres')
      expect(rows.rows[0].someJson).toEqual({ innerKey: 1, listOf: [{ deepKey: 2 }] })
    else expect(rows.rows[0].someJson).toBe('{"inner_key":1}')
  })

  it('does not let a column named __proto__ change a row', async () => {
    const rows = await sql<Record<string, unknown>>`select 1 as "__proto__", 2 as plain_value`.execute(env.db)
    expect(Object.getPrototypeOf(rows.rows[0])).toBe(Object.prototype)
    expect(rows.rows[0].plainValue).toBe(2)
  })

  it('keeps the later of two columns of one name, as the drivers do', async () => {
    const rows = await sql<Record<string, unknown>>`select 1 as same_name, 2 as same_name`.execute(env.db)
    expect(rows.rows).toEqual([{ sameName: 2 }])
  })

  // (SQLite's statements iterate; Kysely streams PostgreSQL rows through a cursor Duban does not use)
  it.skipIf(engine === 'postgres')('streams camelCase rows', async () => {
    const seen: Record<string, unknown>[] = []
    for await (const row of env.db.selectFrom('unit').select(['code', 'createdAt']).limit(3).stream())
      seen.push(row)
    expect(seen.length).toBe(3)
    expect(seen.every((r) => Object.keys(r).join() === 'code,createdAt')).toBe(true)
  })

  // SQLite: a statement kept from before a schema change, changed by another connection
  it('reads the columns a table has now, when another connection has changed them', async () => {
    const other = openDatabase(env.config)
    try {
      await sql`create table shape_probe (first_col integer)`.execute(other)
      await sql`insert into shape_probe values (1)`.execute(other)
      const read = async () =>
        (await sql<Record<string, unknown>>`select * from shape_probe`.execute(env.db)).rows
      expect(await read()).toEqual([{ firstCol: 1 }])
      await sql`alter table shape_probe add column second_col text`.execute(other)
      expect(await read()).toEqual([{ firstCol: 1, secondCol: null }])
      await sql`alter table shape_probe add column third_col text`.execute(env.db)
      expect(await read()).toEqual([{ firstCol: 1, secondCol: null, thirdCol: null }])
    } finally {
      await sql`drop table if exists shape_probe`.execute(other)
      await other.destroy()
    }
  })

  it('returns results without rows unchanged', async () => {
    const r = await env.db.selectFrom('finding').select('id').where('id', '=', 'none').execute()
    expect(r).toEqual([])
  })
})

describe('migrations', () => {
  it('leave the schema untouched when one fails halfway', async () => {
    const migrator = new Migrator({
      db: env.db,
      migrationTableName: 'probe_migration',
      migrationLockTableName: 'probe_migration_lock',
      provider: {
        getMigrations: async () => ({
          '0001-probe': {
            async up(db) {
              await db.schema
                .createTable('txProbe')
                .addColumn('id', 'integer', (c) => c.primaryKey())
                .execute()
              await db.schema.alterTable('finding').addColumn('probeColumn', 'integer').execute()
              await db
                .insertInto('txProbe' as never)
                .values({ id: 1 } as never)
                .execute()
              throw new Error('killed halfway')
            },
          },
        }),
      },
    })
    const { error } = await migrator.migrateToLatest()
    expect(String(error)).toMatch(/killed halfway/)
    const tables = await env.db.introspection.getTables()
    expect(tables.map((t) => t.name)).not.toContain('tx_probe')
    const finding = tables.find((t) => t.name === 'finding')!
    expect(finding.columns.map((c) => c.name)).not.toContain('probe_column')
    const recorded = await sql`select count(*) as n from probe_migration`.execute(env.db)
    expect(Number((recorded.rows[0] as { n: number }).n)).toBe(0)
  })
})

describe.skipIf(engine !== 'postgres')('PostgreSQL sessions', () => {
  it('plan joins with the lower collapse limit, and named statements once for all values, on every connection', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await sql<{ joinCollapseLimit: string }>`show join_collapse_limit`.execute(env.db)
      expect(r.rows[0].joinCollapseLimit).toBe('6')
      const m = await sql<{ planCacheMode: string }>`show plan_cache_mode`.execute(env.db)
      expect(m.rows[0].planCacheMode).toBe('force_generic_plan')
    }
  })

  it('apply each setting the engine knows when it refuses another', async () => {
    const sent: string[] = []
    await configurePgConnection(async (statement) => {
      sent.push(statement)
      if (statement.includes('join_collapse_limit')) throw new Error('unrecognized configuration parameter')
    })
    expect(sent).toEqual([...PG_SESSION_SETTINGS])
  })

  it('set up each new connection before its first query, never beside it', async () => {
    // Counts the queries sent to a connection while another of its queries is still out.
    const query = pg.Client.prototype.query
    const out = new WeakMap<object, number>()
    let beside = 0
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const n = out.get(this) ?? 0
      if (n > 0) beside++
      out.set(this, n + 1)
      const settled = () => out.set(this, (out.get(this) ?? 1) - 1)
      const r = (query as (...a: unknown[]) => unknown).apply(this, args)
      if (r instanceof Promise) r.then(settled, settled)
      else settled()
      return r
    } as typeof query
    const db = openDatabase({ dataDir: env.dataDir, databaseUrl: env.databaseUrl })
    try {
      // ten at once: the pool opens a connection for each
      const limits = await Promise.all(
        Array.from({ length: 10 }, () =>
          sql<{ joinCollapseLimit: string }>`show join_collapse_limit`.execute(db),
        ),
      )
      expect(limits.map((r) => r.rows[0].joinCollapseLimit)).toEqual(Array(10).fill('6'))
      expect(beside).toBe(0)
    } finally {
      pg.Client.prototype.query = query
      await db.destroy()
    }
  })
  it('keep at most DATABASE_POOL_SIZE connections open, and ten when it is not set', async () => {
    // twelve queries at once, each holding its connection a moment: the pool opens what it may
    const backends = async (size?: number) => {
      const config = loadConfig({
        DATA_DIR: env.dataDir,
        DATABASE_URL: env.databaseUrl,
        ...(size && { DATABASE_POOL_SIZE: String(size) }),
      })
      const db = openDatabase(config)
      try {
        const rows = await Promise.all(
          Array.from({ length: 12 }, () =>
            sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(db),
          ),
        )
        return new Set(rows.map((r) => r.rows[0].pid)).size
      } finally {
        await db.destroy()
      }
    }
    expect(await backends(3)).toBe(3)
    expect(await backends()).toBe(10)
  })
})

describe('text matching', () => {
  const names = (where: (eb: any) => any) =>
    env.db
      .selectFrom('unit')
      .select('name')
      .where(where)
      .execute()
      .then((rows) => rows.map((r) => r.name))

  it('matches a substring regardless of case, and a prefix with case, on both engines', async () => {
    const { id } = await env.db.selectFrom('unit').select('id').orderBy('path').executeTakeFirstOrThrow()
    await env.db.updateTable('unit').set({ shortName: 'Beijing_Office%' }).where('id', '=', id).execute()
    const contains = (text: string) => names((eb) => containsText(env.db, eb.ref('shortName'), text))
    expect(await contains('ijing_off')).toHaveLength(1)
    expect(await contains('BEIJING_OFFICE%')).toHaveLength(1)
    expect(await contains('ijing%off')).toHaveLength(0)
    // A prefix compares in binary order, so on a column that does (codes are collate "C" on
    // PostgreSQL), whatever the database's locale.
    await env.db.updateTable('unit').set({ code: 'Bj_Off%' }).where('id', '=', id).execute()
    const prefix = (text: string) => names((eb) => startsWith(eb.ref('code'), text))
    expect(await prefix('Bj_')).toHaveLength(1)
    expect(await prefix('bj_')).toHaveLength(0)
    expect(await prefix('Bj%')).toHaveLength(0)
  })

  it('finds exactly the units whose path or code starts with a prefix', async () => {
    const units = await env.db.selectFrom('unit').select(['path', 'code']).orderBy('path').execute()
    const prefixes = new Set(['', '0', '1100', '9'])
    for (const u of [...units.slice(0, 12), ...units.slice(-4)])
      for (const text of [u.path, u.code])
        for (const n of [1, 3, 7, 8, 14, text.length]) prefixes.add(text.slice(0, n))
    for (const prefix of prefixes)
      for (const column of ['path', 'code'] as const) {
        const got = await env.db
          .selectFrom('unit')
          .select(column)
          .where((eb) => startsWith(eb.ref(column), prefix))
          .execute()
        const want = units.filter((u) => u[column].startsWith(prefix)).map((u) => u[column])
        expect(got.map((r) => r[column]).sort(), `${column} ${prefix}`).toEqual(want.sort())
      }
  })

  it('finds units under a path from the path index, on PostgreSQL in a plan for all paths', async () => {
    const { path } = await env.db.selectFrom('unit').select('path').orderBy('path').executeTakeFirstOrThrow()
    const q = env.db
      .selectFrom('unit')
      .select((eb) => eb.fn.countAll().as('n'))
      .where((eb) => startsWith(eb.ref('path'), path))
      .compile()
    const all = await env.db
      .selectFrom('unit')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number((await env.db.executeQuery<{ n: number }>(q)).rows[0].n)).toBe(Number(all.n))
    if (engine === 'sqlite') {
      const plan = await env.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
      )
      expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(
        /USING (COVERING )?INDEX unit_path_idx \(path>\? AND path<\?\)/,
      )
      return
    }
    // PostgreSQL plans a named statement once for all values: that plan, for any path, seeks
    // the path index (the table is small, so the planner is kept from reading it whole).
    const plan = await env.db.connection().execute(async (c) => {
      await sql`set enable_seqscan = off`.execute(c)
      await sql`set plan_cache_mode = force_generic_plan`.execute(c)
      await c.executeQuery(CompiledQuery.raw(`prepare under_path as ${q.sql}`))
      const values = sql.join(q.parameters.map((v) => sql.lit(v)))
      const out = await sql<Record<string, string>>`explain execute under_path(${values})`.execute(c)
      await sql`deallocate under_path`.execute(c)
      await sql`reset enable_seqscan`.execute(c)
      return out.rows.map((r) => Object.values(r)[0]).join('\n')
    })
    expect(plan).toMatch(/Index (Only )?Scan using unit_path_idx/)
    expect(plan).not.toMatch(/Seq Scan/)
  })
})
