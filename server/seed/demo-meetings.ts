// The party group meeting of 9 July 2024 (seed text in data/meeting-2024-07-09.txt): its four
// agenda items, the four reports it heard, and the directives read from its text, the first
// few kept by the office as a person would after review.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { DB } from '../db/database'
import type { Ctx } from '../modules/access/context'
import * as meetings from '../modules/meetings/meeting.service'
import { actorOf } from './demo-inspections'

export const DEMO_MEETING_TEXT = readFileSync(
  fileURLToPath(new URL('./data/meeting-2024-07-09.txt', import.meta.url)),
  'utf8',
)

export const DEMO_AGENDA = [
  ['听取第一轮系统内巡视整改进展情况的综合报告', '巡视工作领导小组办公室'],
  ['听取第二轮系统内巡视情况的综合报告', '巡视工作领导小组办公室'],
  ['听取最高检指导性案例、典型案例制发情况的报告', '法律政策研究室'],
  ['听取2024年度重点督办任务二季度落实情况的报告', '办公厅督查室'],
] as const

export async function seedDemoMeetings(db: DB, base: Ctx) {
  const ctx = { ...base, actor: await actorOf(db, 'ducha') }
  const meeting = await meetings.create(db, ctx, {
    kind: 'party_group',
    title: '最高人民检察院党组会',
    heldOn: '2024-07-09',
    location: '最高人民检察院',
    attendees: [
      '应勇（党组书记、检察长，主持）',
      '最高检党组成员',
      '巡视办、法律政策研究室、办公厅负责同志（列席）',
    ],
    text: DEMO_MEETING_TEXT,
  })
  for (const [title, presenter] of DEMO_AGENDA)
    await meetings.addAgendaItem(db, ctx, meeting.id, { title, presenter, notes: '' })
  const proposed = await meetings.propose(db, ctx, meeting.id)
  for (const d of proposed.slice(0, 3))
    await meetings.updateDirective(db, ctx, meeting.id, d.id, { status: 'kept' })
  return meeting.id
}
