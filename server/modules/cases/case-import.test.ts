import { describe, expect, it } from 'vitest'
import { AppError } from '../../errors'
import { parseCaseText, splitSections } from './case-import'

const TEXT = [
  '检例第201号',
  '某公司虚开增值税专用发票案',
  '【关键词】虚开增值税专用发票　检察护企',
  '【要  旨】对没有骗取税款目的的开票行为，不以虚开增值税专用发票罪论处。',
  '一、基本案情',
  '某公司与他公司相互开具发票。',
  '未抵扣税款。',
  '二、检察机关履职情况',
  '检察机关依法作出不起诉决定。',
  '三、指导意义',
  '依法保护民营企业合法权益。',
  '【相关规定】',
  '1.《中华人民共和国刑法》第二百零五条',
  '类别：指导性案例',
].join('\n')

describe('reading a case document', () => {
  it('recognizes bracketed, numbered and colon headings and the title by its first paragraph', () => {
    const { fields, notes } = parseCaseText(TEXT)
    expect(fields).toMatchObject({
      kind: 'guiding',
      domain: 'criminal',
      title: '某公司虚开增值税专用发票案',
      keywords: ['虚开增值税专用发票', '检察护企'],
      facts: '某公司与他公司相互开具发票。\n未抵扣税款。',
      procuratorialWork: '检察机关依法作出不起诉决定。',
      relatedLaws: ['《中华人民共和国刑法》第二百零五条'],
    })
    expect(notes).toEqual(['文档未注明领域，暂按刑事案例导入，请核对'])
  })

  it('takes kind and domain given with the upload when the document does not say', () => {
    const { fields, notes } = parseCaseText(TEXT.replace('类别：指导性案例', ''), {
      kind: 'typical',
      domain: 'civil',
    })
    expect(fields).toMatchObject({ kind: 'typical', domain: 'civil' })
    expect(notes).toEqual([])
  })

  it('does not take a sentence that merely starts with a heading word for a heading', () => {
    const { sections } = splitSections('标题：甲案\n基本案情\n要旨不明确的问题在于……')
    expect(sections.get('facts')).toEqual(['要旨不明确的问题在于……'])
    expect(sections.has('gist')).toBe(false)
  })

  it('names every missing heading', () => {
    try {
      parseCaseText('某案\n基本案情\n事实')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(AppError)
      expect((e as AppError).code).toBe('docx_heading_missing')
      expect((e as AppError).details).toEqual({
        missing: ['关键词', '要旨', '检察机关履职过程', '指导意义', '相关规定'],
      })
    }
  })

  it('refuses an unrecognized domain and fields over their limits, naming them', () => {
    expect(() => parseCaseText(`${TEXT}\n领域：航天`)).toThrow(/领域/)
    const long = TEXT.replace('某公司虚开增值税专用发票案', '长'.repeat(201))
    try {
      parseCaseText(long)
      expect.unreachable()
    } catch (e) {
      expect((e as AppError).code).toBe('docx_field_invalid')
      expect((e as AppError).message).toContain('标题')
    }
  })
})
