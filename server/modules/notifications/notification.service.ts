import { v7 as uuidv7 } from 'uuid'
import type { DB } from '../../db/database'
import { notFound } from '../../errors'
import type { Ctx } from '../access/context'
import { requireActor } from '../access/policy'
import { enqueue } from '../jobs/job-runner'

export type NewNotification = {
  userId: string
  kind: string
  title: string
  body: string
  link?: string | null
  dedupeKey: string
}

/**
 * Delivers in-app notifications once per (user, key), whichever instance tries first, and
 * queues one e-mail for each notification actually created when SMTP is configured.
 */
export async function notify(db: DB, items: NewNotification[], opts: { email: boolean }) {
  let created = 0
  for (const n of items) {
    const id = uuidv7()
    const inserted = await db
      .insertInto('notification')
      .values({
        id,
        userId: n.userId,
        kind: n.kind,
        title: n.title,
        body: n.body,
        link: n.link ?? null,
        dedupeKey: n.dedupeKey,
        readAt: null,
        createdAt: new Date().toISOString(),
      })
      .onConflict((oc) => oc.columns(['userId', 'dedupeKey']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) continue
    created++
    if (opts.email)
      await enqueue(db, { kind: 'email.send', payload: { notificationId: id }, dedupeKey: `email:${id}` })
  }
  return created
}

export async function list(db: DB, ctx: Ctx, q: { unread?: '1'; page: number; pageSize: number }) {
  const actor = requireActor(ctx)
  let base = db.selectFrom('notification').where('userId', '=', actor.id)
  if (q.unread) base = base.where('readAt', 'is', null)
  const [items, count, unread] = await Promise.all([
    base
      .selectAll()
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db
      .selectFrom('notification')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('userId', '=', actor.id)
      .where('readAt', 'is', null)
      .executeTakeFirstOrThrow(),
  ])
  return {
    items: items.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      readAt: n.readAt,
      createdAt: n.createdAt,
    })),
    total: Number(count.n),
    unread: Number(unread.n),
    page: q.page,
    pageSize: q.pageSize,
  }
}

export async function markRead(db: DB, ctx: Ctx, id: string | 'all') {
  const actor = requireActor(ctx)
  let q = db
    .updateTable('notification')
    .set({ readAt: new Date().toISOString() })
    .where('userId', '=', actor.id)
    .where('readAt', 'is', null)
  if (id !== 'all') q = q.where('id', '=', id)
  const r = await q.executeTakeFirst()
  if (id !== 'all' && Number(r.numUpdatedRows) === 0) {
    const mine = await db
      .selectFrom('notification')
      .select('id')
      .where('id', '=', id)
      .where('userId', '=', actor.id)
      .executeTakeFirst()
    if (!mine) throw notFound('notification')
  }
}
