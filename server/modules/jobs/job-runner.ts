import crypto from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import type { DB } from '../../db/database'
import { skipLocked } from '../../db/dialect'

export type JobHandler = (db: DB, payload: any) => Promise<void>

const LEASE_MS = 60_000
const MAX_ATTEMPTS = 5

/** Adds a job; with a dedupe key, a second enqueue of the same key (from any instance) is a no-op. */
export async function enqueue(
  db: DB,
  job: { kind: string; payload?: unknown; runAt?: string; dedupeKey?: string },
) {
  const now = new Date().toISOString()
  const q = db.insertInto('job').values({
    id: uuidv7(),
    kind: job.kind,
    payload: JSON.stringify(job.payload ?? {}),
    runAt: job.runAt ?? now,
    status: 'pending',
    attempts: 0,
    leaseUntil: null,
    lockedBy: null,
    lastError: null,
    dedupeKey: job.dedupeKey ?? null,
    createdAt: now,
    updatedAt: now,
  })
  await (job.dedupeKey ? q.onConflict((oc) => oc.column('dedupeKey').doNothing()) : q).execute()
}

/**
 * Polls the job table: claims due jobs under a lease (skipping rows another instance holds),
 * runs their handlers, and marks them done — or retries with backoff, then failed.
 */
export class JobRunner {
  readonly worker = `${process.pid}-${crypto.randomBytes(3).toString('hex')}`
  private timer: NodeJS.Timeout | null = null
  private running: Promise<number> | null = null

  constructor(
    private readonly db: DB,
    private readonly handlers: Record<string, JobHandler>,
    private readonly beforeTick: (db: DB) => Promise<void> = async () => {},
  ) {}

  private async claim(limit: number) {
    return this.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString()
      const due = await skipLocked(
        trx,
        trx
          .selectFrom('job')
          .select(['id', 'kind', 'payload', 'attempts'])
          .where('runAt', '<=', now)
          .where((eb) =>
            eb.or([
              eb('status', '=', 'pending'),
              eb.and([eb('status', '=', 'running'), eb('leaseUntil', '<', now)]),
            ]),
          )
          .orderBy('runAt')
          .limit(limit),
      ).execute()
      if (due.length === 0) return []
      const leaseUntil = new Date(Date.now() + LEASE_MS).toISOString()
      await trx
        .updateTable('job')
        .set((eb) => ({
          status: 'running',
          leaseUntil,
          lockedBy: this.worker,
          attempts: eb('attempts', '+', 1),
          updatedAt: now,
        }))
        .where(
          'id',
          'in',
          due.map((j) => j.id),
        )
        .execute()
      return due
    })
  }

  /** One pass: runs the scheduled hook, then every due job. Returns how many jobs ran. */
  async tick(limit = 50): Promise<number> {
    await this.beforeTick(this.db)
    const jobs = await this.claim(limit)
    for (const job of jobs) {
      const handler = this.handlers[job.kind]
      try {
        if (!handler) throw new Error(`no handler for ${job.kind}`)
        await handler(this.db, JSON.parse(job.payload))
        await this.db
          .updateTable('job')
          .set({ status: 'done', leaseUntil: null, updatedAt: new Date().toISOString() })
          .where('id', '=', job.id)
          .where('lockedBy', '=', this.worker)
          .execute()
      } catch (err) {
        const attempts = job.attempts + 1
        const failed = attempts >= MAX_ATTEMPTS
        await this.db
          .updateTable('job')
          .set({
            status: failed ? 'failed' : 'pending',
            leaseUntil: null,
            lastError: String((err as Error).message ?? err).slice(0, 1000),
            runAt: new Date(Date.now() + 2 ** attempts * 30_000).toISOString(),
            updatedAt: new Date().toISOString(),
          })
          .where('id', '=', job.id)
          .execute()
      }
    }
    return jobs.length
  }

  start(intervalMs: number, onError: (err: unknown) => void) {
    const run = async () => {
      if (this.running) return
      this.running = this.tick()
      try {
        await this.running
      } catch (err) {
        onError(err)
      } finally {
        this.running = null
      }
    }
    this.timer = setInterval(run, intervalMs)
    this.timer.unref()
    void run()
  }

  async stop() {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running?.catch(() => {})
  }
}
