// The mock backend keeps the commands' contract: the demo village, search as
// the Rust core matches, masking, the Chinese refusals, visits and amendments,
// import reports and the 公示 export.

import { describe, expect, it } from 'vitest'
import { MockBackend } from '../src/api/mock'
import { DEMO_IMPORT_PATH } from '../src/api/mock/sheet'
import { nameKeys } from '../src/api/mock/pinyin'
import { generateVillage } from '../src/api/mock/village'
import { validateField } from '../src/api/mock/validation'
import { TODAY, demoBackend } from './mount'

const big = () => new MockBackend({ today: () => TODAY, village: { name: '示范村', user: '张浩然', households: 3000 } })
const VISIT = { visitors: ['张浩然'], situation: '独居老人', difficulties: '', needs: '', followUp: '' }

describe('demo village', () => {
  it('is the same village every time for the same seed', () => {
    const a = generateVillage(500, TODAY)
    const b = generateVillage(500, TODAY)
    expect(a).toEqual(b)
    expect(generateVillage(500, TODAY, 7).households[0]).not.toEqual(a.households[0])
  })

  it('has 3000 households with valid ID numbers, pinyin for every name and 金家龙 in group 3', async () => {
    const v = generateVillage(3000, TODAY)
    expect(v.households).toHaveLength(3000)
    for (const h of v.households) {
      expect(h.keys.initials).toHaveLength([...h.fields.head_name].length)
      expect(validateField('head_id_number', h.fields.head_id_number)).toBe(h.fields.head_id_number)
      if (h.fields.phone) expect(validateField('phone', h.fields.phone)).toBe(h.fields.phone)
    }
    for (const m of v.members) expect(nameKeys(m.fields.name).initials).toHaveLength([...m.fields.name].length)
    const jin = v.households.filter((h) => h.fields.head_name === '金家龙')
    expect(jin.map((h) => [h.fields.group_no, h.fields.code])).toContainEqual(['3', '03018'])
    expect(v.visits.some((x) => x.amends !== null)).toBe(true)
  })
})

describe('household_list', () => {
  it('finds by pinyin initials, full pinyin, Chinese and 户编号', async () => {
    const b = big()
    for (const q of ['jjl', 'JJL', 'jinjialong', '家龙', '03018']) {
      const rows = await b.householdList({ query: q })
      expect(rows.map((r) => r.headName), q).toContain('金家龙')
      for (const r of rows) expect(r.groupNo).toBeGreaterThan(0)
    }
    expect((await b.householdList({ query: 'jjx' })).map((r) => r.headName)).not.toContain('金家龙')
    expect((await b.householdList({ query: '曾' })).every((r) => r.headName.includes('曾'))).toBe(true)
    const zeng = (await b.householdList({})).find((r) => r.headName.startsWith('曾'))
    if (zeng) expect((await b.householdList({ query: 'zeng' })).map((r) => r.id)).toContain(zeng.id)
  })

  it('filters by group, category, monitoring and days since the last visit', async () => {
    const b = big()
    const all = await b.householdList({})
    expect(all).toHaveLength(3000)
    expect((await b.householdList({ group: 3 })).every((r) => r.groupNo === 3)).toBe(true)
    const poor = await b.householdList({ category: '脱贫户' })
    expect(poor.length).toBeGreaterThan(0)
    expect(poor.every((r) => r.category === '脱贫户')).toBe(true)
    const monitored = await b.householdList({ monitoring: 'any' })
    expect(monitored.length).toBe(all.filter((r) => r.monitoring !== '').length)
    expect(monitored.length).toBeGreaterThan(0)
    const unstable = await b.householdList({ monitoring: '脱贫不稳定户' })
    expect(unstable.every((r) => r.monitoring === '脱贫不稳定户')).toBe(true)
    const stale = await b.householdList({ notVisitedDays: 90 })
    expect(stale.length).toBeGreaterThan(0)
    expect(stale.length).toBeLessThan(3000)
    // More than 90 days ago: 2026-08-30 or earlier as of 2026-11-29.
    expect(stale.every((r) => r.lastVisit === null || r.lastVisit <= '2026-08-30')).toBe(true)
    expect(all.filter((r) => r.lastVisit === null || r.lastVisit <= '2026-08-30')).toHaveLength(stale.length)
    expect(await b.householdList({ limit: 5 })).toHaveLength(5)
  })

  it('masks phones in rows and stays quick on 3000 households', async () => {
    const b = big()
    const rows = await b.householdList({})
    expect(rows.filter((r) => r.phone).every((r) => /^1\d\d\*{4}\d{4}$/.test(r.phone))).toBe(true)
    const start = performance.now()
    for (const q of ['j', 'jj', 'jjl', 'z', 'zh', '王']) await b.householdList({ query: q })
    expect(performance.now() - start).toBeLessThan(1000)
  })
})

describe('household_get and household_edit', () => {
  it('masks sensitive fields unless revealed', async () => {
    const b = demoBackend()
    const [row] = await b.householdList({})
    const masked = await b.householdGet(row.id, false)
    const shown = await b.householdGet(row.id, true)
    expect(masked.household.fields.head_id_number).toMatch(/^\d{6}\*{8}[\dX]{4}$/)
    expect(shown.household.fields.head_id_number).toMatch(/^\d{17}[\dX]$/)
    expect(masked.members[0].fields.id_number).toContain('****')
    expect(shown.members[0].fields.health).not.toBe('****')
    expect(masked.household.fields.code).toBe(shown.household.fields.code)
  })

  it('refuses an invalid phone with the Chinese message and the field label', async () => {
    const b = demoBackend()
    const [row] = await b.householdList({})
    await expect(b.householdEdit(row.id, 'phone', '1380013800')).rejects.toEqual({
      code: 'invalid', field: '联系电话', message: '联系电话：手机号应为以1开头的11位数字，现在是10位，请核对',
    })
    expect((await b.status()).pendingChanges).toBe(0)
    const saved = await b.householdEdit(row.id, '联系电话', '138 0013 8000')
    expect(saved.fields.phone).toBe('138****8000')
    expect((await b.status()).pendingChanges).toBe(1)
  })

  it('refuses a 户编号 already in use and an unknown household', async () => {
    const b = demoBackend()
    const [a, c] = await b.householdList({})
    await expect(b.householdEdit(c.id, 'code', a.code)).rejects.toMatchObject({ code: 'invalid', field: '户编号' })
    await expect(b.householdGet('nope', false)).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('visits', () => {
  it('records a visit dated today by default and shows it first', async () => {
    const b = demoBackend()
    const [row] = await b.householdList({})
    const v = await b.visitAdd(row.id, VISIT)
    expect(v).toMatchObject({ date: TODAY, recorder: '张浩然', amends: null, householdId: row.id })
    const detail = await b.householdGet(row.id, false)
    expect(detail.visits[0].id).toBe(v.id)
    expect(detail.household.lastVisit).toBe(TODAY)
  })

  it('refuses a future date, no visitor and an empty visit, naming the field', async () => {
    const b = demoBackend()
    const [row] = await b.householdList({})
    await expect(b.visitAdd(row.id, { ...VISIT, date: '2026-11-30' })).rejects.toMatchObject({ field: '走访日期' })
    await expect(b.visitAdd(row.id, { ...VISIT, visitors: [' '] })).rejects.toMatchObject({ field: '走访人', message: '走访人：至少填写一名走访人' })
    await expect(b.visitAdd(row.id, { ...VISIT, situation: '' })).rejects.toMatchObject({ field: '走访内容' })
  })

  it('amends by a new entry pointing at the original, also when amending an amendment', async () => {
    const b = demoBackend()
    const [row] = await b.householdList({})
    const v = await b.visitAdd(row.id, VISIT)
    const a1 = await b.visitAmend(v.id, { ...VISIT, situation: '独居老人，右腿骨折' })
    const a2 = await b.visitAmend(a1.id, { ...VISIT, situation: '独居老人，左腿骨折' })
    expect([a1.amends, a2.amends]).toEqual([v.id, v.id])
    const visits = (await b.householdGet(row.id, false)).visits
    expect(visits.find((x) => x.id === v.id)?.situation).toBe('独居老人')
  })
})

describe('import and export', () => {
  it('reports every bad row on a dry run and changes nothing', async () => {
    const b = big()
    const report = await b.importHouseholds(DEMO_IMPORT_PATH, true)
    expect(report).toMatchObject({ totalRows: 9, imported: 2, updated: 1, unchanged: 1, problemRows: 5, dryRun: true })
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([[6, '联系电话'], [7, '身份证号'], [8, '户属性'], [9, '村民小组'], [10, '户编号']])
    expect(report.problems[1].reason).toContain('最后一位应为4')
    expect(report.warnings).toEqual(['第1行的列“微信号”不认识，已忽略'])
    expect(await b.householdList({ query: '13001' })).toHaveLength(0)
  })

  it('refuses a file without a 户编号 column as a whole', async () => {
    const b = demoBackend()
    b.files.set('/x.csv', '姓名,电话\n张三,13800138000\n')
    await expect(b.importHouseholds('/x.csv', true)).rejects.toMatchObject({ code: 'rule' })
    await expect(b.importHouseholds('/none.csv', true)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('imports the good rows when asked', async () => {
    const b = big()
    await b.importHouseholds(DEMO_IMPORT_PATH, false)
    expect((await b.householdList({ query: '13001' })).map((r) => r.headName)).toEqual(['赵德福'])
    expect((await b.householdList({ query: 'zdf' })).map((r) => r.headName)).toContain('赵德福')
    const [h] = await b.householdList({ query: '01002' })
    expect(h.address).toBe('1组2号（新房）')
    expect((await b.importHouseholds(DEMO_IMPORT_PATH, true))).toMatchObject({ imported: 0, updated: 0, unchanged: 4 })
  })

  it('leaves ID numbers, phones and bank details out of the 公示 export', async () => {
    const b = demoBackend(20)
    const full = await b.exportHouseholds('/tmp/all.xlsx', false)
    const pub = await b.exportHouseholds('/tmp/public.xlsx', true)
    expect([full.rows, pub.rows]).toEqual([20, 20])
    expect(b.files.get('/tmp/all.xlsx')?.split('\n')[0]).toContain('身份证号')
    const header = b.files.get('/tmp/public.xlsx')?.split('\n')[0] ?? ''
    for (const col of ['身份证号', '联系电话', '开户行', '银行账号']) expect(header).not.toContain(col)
    expect(header).toContain('户主姓名')
  })
})

describe('first start', () => {
  it('asks for the village and the user, once', async () => {
    const b = new MockBackend({ today: () => TODAY })
    expect((await b.appInfo()).initialized).toBe(false)
    await expect(b.householdList({})).rejects.toMatchObject({ code: 'not_initialized' })
    await expect(b.appInit({ village: ' ', user: '张浩然' })).rejects.toMatchObject({ field: '村名' })
    const info = await b.appInit({ village: '红旗村', user: '张浩然' })
    expect(info).toMatchObject({ initialized: true, village: '红旗村', user: '张浩然', lastSync: null })
    expect(await b.householdList({})).toEqual([])
    await expect(b.appInit({ village: '红旗村', user: '张浩然' })).rejects.toMatchObject({ code: 'rule' })
  })
})
