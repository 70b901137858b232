import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { scoreDirectives } from './directive-score'
import { extractDirectives, suggestDepartments } from './directives'

const FIXTURES = path.join(import.meta.dirname, '..', 'test', 'fixtures')
const gold = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'directives.json'), 'utf8')) as Record<
  string,
  string[]
>
const read = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8')

describe('directives of a meeting', () => {
  it('finds what the 2024-07-09 meeting asked for, and not what it only assessed', () => {
    const { directives } = extractDirectives(read('meeting-2024-07-09.txt'))
    const s = scoreDirectives(directives, gold['meeting-2024-07-09.txt'])
    expect(s.missed).toEqual([])
    expect(s.extra).toEqual([])
    expect(directives.some((d) => /总体来看|總體來看|会议认为|會議認為/.test(d.text))).toBe(false)
  })

  it('splits enumerated items (一是…二是…) and carries the intro’s force to them', () => {
    const { directives } = extractDirectives(read('enumerated-meeting.txt'))
    const s = scoreDirectives(directives, gold['enumerated-meeting.txt'])
    expect(s.missed).toEqual([])
    expect(s.precision).toBeGreaterThanOrEqual(0.85)
  })

  it('keeps each directive’s span in the normalized text, a short title and its time expression', () => {
    const { normalized, directives } = extractDirectives(read('meeting-2024-07-09.txt'))
    for (const d of directives) expect(normalized.slice(d.start, d.end)).toBe(d.text)
    const urgent = directives.find((d) => d.text.includes('必須強化責任擔當'))!
    expect(urgent.timeExpression).toBe('下半年')
    expect(directives.find((d) => d.text.includes('巡視辦要會同'))!.title).toBe(
      '会同各巡视组进一步修改完善巡视报告',
    )
    const enumerated = extractDirectives(read('enumerated-meeting.txt')).directives
    expect(
      enumerated.find((d) => d.text.includes('檢察護企') || d.text.includes('检察护企'))!.timeExpression,
    ).toBe('上半年')
  })

  it('suggests the departments whose profile matches, with the words as the reason', () => {
    const profiles = [
      { id: 'a', name: '巡视工作领导小组办公室', text: '系统内巡视的组织协调、巡视整改督促、成果运用' },
      { id: 'b', name: '法律政策研究室', text: '司法解释、指导性案例和典型案例的编发' },
      { id: 'c', name: '第四检察厅', text: '经济犯罪检察 深入开展检察护企专项行动' },
    ]
    const [first] = suggestDepartments(
      '最高检巡视办要会同各巡视组进一步修改完善巡视报告，做好巡视整改',
      profiles,
    )
    expect(first.departmentId).toBe('a')
    expect(first.reasons).toEqual(expect.arrayContaining(['巡视整改']))
    expect(suggestDepartments('要加强指导性案例、典型案例的学习运用', profiles)[0].departmentId).toBe('b')
    expect(suggestDepartments('要认真落实检察护企专项行动', profiles)[0].departmentId).toBe('c')
  })
})
