// The import check as a table the user can fix the sheet from.

import { describe, expect, it } from 'vitest'
import ImportReport from '../src/components/ImportReport.vue'
import { mountWith } from './mount'

describe('ImportReport', () => {
  it('lists each problem by 行号, 列, 内容 and 原因', async () => {
    const report = {
      totalRows: 3, imported: 1, updated: 0, unchanged: 0, problemRows: 2, warnings: ['第1行的列“微信号”不认识，已忽略'],
      problems: [
        { row: 3, column: '联系电话', value: '1380013800', reason: '手机号应为以1开头的11位数字，现在是10位，请核对' },
        { row: 4, column: '户属性', value: '贫困户', reason: '“贫困户”不是可选值' },
      ],
    }
    const { wrapper } = await mountWith(ImportReport, { props: { report } })
    expect(wrapper.get('[data-test=import-summary]').text()).toBe('共 3 行：新增 1 户，更新 0 户，无变化 0 户')
    expect(wrapper.findAll('thead th').map((th) => th.text())).toEqual(['行号', '列', '内容', '原因'])
    const rows = wrapper.findAll('tbody tr').map((tr) => tr.findAll('td').map((td) => td.text()))
    expect(rows).toEqual([
      ['3', '联系电话', '1380013800', '手机号应为以1开头的11位数字，现在是10位，请核对'],
      ['4', '户属性', '贫困户', '“贫困户”不是可选值'],
    ])
    expect(wrapper.text()).toContain('微信号')
  })

  it('says when nothing is wrong', async () => {
    const report = { totalRows: 1, imported: 1, updated: 0, unchanged: 0, problems: [], warnings: [] }
    const { wrapper } = await mountWith(ImportReport, { props: { report } })
    expect(wrapper.text()).toContain('没有发现问题')
    expect(wrapper.find('[data-test=import-problems]').exists()).toBe(false)
  })
})
