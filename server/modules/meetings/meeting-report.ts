// A report attached to an agenda item is frozen as generated: the Word file is stored
// (content-addressed, like any attachment) with the report's name, its parameters and the
// data's as-of time, so the meeting keeps what it heard even as the live data moves on.
import { REPORT_QUERIES, type ReportName } from '../../../common/reports'
import type { DB } from '../../db/database'
import { badRequest, forbidden, hidden } from '../../errors'
import type { Ctx } from '../access/context'
import type { FileStore } from '../files/file-store'
import { registerOwner } from '../files/file.policy'
import { keepGenerated } from '../files/file.service'
import { generateReport } from '../reports/reports.service'
import * as meetings from './meeting.service'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** Agenda items own their frozen reports: readable by whoever reads the meeting; attached only by generation. */
export function registerAgendaFiles() {
  registerOwner('meeting_agenda', {
    async canAttach() {
      throw forbidden('议题的报告由系统生成后附上')
    },
    async canRead(db, ctx, itemId) {
      const item = await db
        .selectFrom('meetingAgendaItem')
        .select('meetingId')
        .where('id', '=', itemId)
        .executeTakeFirst()
      if (!item) throw hidden('agenda_item')
      await meetings.get(db, ctx, item.meetingId)
    },
  })
}

export async function attachReport(
  db: DB,
  store: FileStore,
  ctx: Ctx,
  meetingId: string,
  itemId: string,
  input: { name: ReportName; params: Record<string, unknown> },
) {
  // Whoever reads the meeting and may generate this report attaches it (the inspection office
  // its reports, the supervision office the tasks' report …); the report's own scope applies.
  await meetings.get(db, ctx, meetingId)
  const item = await db
    .selectFrom('meetingAgendaItem')
    .select('id')
    .where('id', '=', itemId)
    .where('meetingId', '=', meetingId)
    .executeTakeFirst()
  if (!item) throw hidden('agenda_item')
  const parsed = REPORT_QUERIES[input.name].safeParse(input.params)
  if (!parsed.success) throw badRequest('validation_failed', '报告参数不正确', parsed.error.issues)
  const params = parsed.data as Record<string, unknown>
  const asOf =
    typeof params.asOf === 'string' ? `${params.asOf}T23:59:59.999+08:00` : new Date().toISOString()
  const { buffer, fileName } = await generateReport(db, ctx, input.name, parsed.data as never)
  const file = await keepGenerated(store, {
    ownerType: 'meeting_agenda',
    ownerId: itemId,
    name: fileName,
    mime: DOCX,
    bytes: buffer,
    by: ctx.actor!.id,
  })
  const fileId = file.id
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('storedFile').values(file).execute()
    await meetings.attachReport(trx, ctx, meetingId, itemId, { name: input.name, params, fileId, asOf })
  })
  return meetings.agenda(db, ctx, meetingId)
}
