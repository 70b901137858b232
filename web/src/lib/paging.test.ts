import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import zhCN from '../i18n/zh-CN'
import { paging } from './paging'

describe('list pagination', () => {
  it('shows the page asked for, the total in words and a size changer', async () => {
    const i18n = i18next.createInstance()
    await i18n.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN } } })
    const onChange = () => {}
    const p = paging(i18n.t, { page: 3, pageSize: 50, total: 1234, onChange })
    expect(p).toMatchObject({ current: 3, pageSize: 50, total: 1234, showSizeChanger: true, onChange })
    expect(p.showTotal(1234)).toBe('共 1234 条')
  })

  it('counts nothing before the list has loaded, and fixes the size where asked', () => {
    const t = ((key: string) => key) as never
    const p = paging(t, { page: 1, pageSize: 20, total: undefined, fixedSize: true })
    expect(p.total).toBe(0)
    expect(p.showSizeChanger).toBe(false)
    expect('onChange' in p).toBe(false)
  })
})
