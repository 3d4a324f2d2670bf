// The intake grid used by keyboard alone: Enter moves across the cells,
// Enter on 单价 saves the row; the amount shown is the backend's, and a
// refusal is shown beside the cell it names.

import { describe, expect, it, vi } from 'vitest'
import type { DOMWrapper } from '@vue/test-utils'
import IntakeGrid from '../src/components/coop/IntakeGrid.vue'
import { demoBackend, flushPromises, mountWith } from './mount'

async function collectingLot() {
  const backend = demoBackend(60)
  const lots = await backend.coopLotList()
  const lot = lots.find((l) => l.phase === 'collecting')
  if (!lot) throw new Error('the mock has no lot buying')
  const households = await backend.householdList({ limit: 40 })
  return { backend, lot: lot.id, code: households[30].code, name: households[30].headName }
}

const cell = (w: { find: (s: string) => DOMWrapper<Element> }, name: string) =>
  w.find(`[data-cell=${name}] input, select[data-cell=${name}]`) as DOMWrapper<HTMLInputElement>

async function type(w: Parameters<typeof cell>[0], name: string, value: string) {
  const c = cell(w, name)
  expect(document.activeElement, `focus should be on ${name}`).toBe(c.element)
  await c.setValue(value)
  await c.trigger('keydown', { key: 'Enter' })
  await flushPromises()
}

describe('IntakeGrid', { timeout: 30_000 }, () => {
  it('moves cell to cell on Enter and saves the row on the last one', async () => {
    const { backend, lot, code, name } = await collectingLot()
    const intake = vi.spyOn(backend, 'coopLotIntake')
    const { wrapper } = await mountWith(IntakeGrid, { backend, props: { lot, lines: [], editable: true } })
    ;(cell(wrapper, 'household').element).focus()
    await type(wrapper, 'household', code)
    expect(wrapper.get('[data-test=intake-name]').text()).toBe(name)
    await type(wrapper, 'head', '2')
    await type(wrapper, 'weight', '109')
    await type(wrapper, 'unit', '斤')
    await type(wrapper, 'grade', '一等')
    expect(intake).not.toHaveBeenCalled()
    await type(wrapper, 'price', '14')
    expect(intake).toHaveBeenCalledWith(lot, {
      rows: [{ household: code, head: 2, weight: '109', weightUnit: '斤', price: '14', priceUnit: '斤', grade: '一等' }],
    })
    // 109 斤 × ¥14/斤 = ¥1,526.00, as the backend computed and posted it.
    expect(wrapper.get('[data-test=intake-saved]').text()).toMatch(/已记入凭证 \d{4}-\d{2} A-\d{4}，收购金额 ¥1,526\.00/)
    expect(wrapper.emitted('saved')).toHaveLength(1)
    // Ready for the next household: the same unit, grade and price, an empty household.
    expect(document.activeElement).toBe(cell(wrapper, 'household').element)
    expect(cell(wrapper, 'household').element.value).toBe('')
    expect(cell(wrapper, 'unit').element.value).toBe('斤')
    expect(cell(wrapper, 'price').element.value).toBe('14')
    const shown = await backend.coopLotShow(lot)
    expect(shown.state.members[code].amount).toBe(152_600)
  })

  it('shows the amount the backend returns, not one of its own', async () => {
    const { backend, lot, code } = await collectingLot()
    vi.spyOn(backend, 'coopLotIntake').mockResolvedValue({ lot, vouchers: [{ id: 'd#9', label: '2026-11 A-0009', summary: '收购', amount: 130_551 }] })
    const { wrapper } = await mountWith(IntakeGrid, { backend, props: { lot, lines: [], editable: true } })
    cell(wrapper, 'household').element.focus()
    await type(wrapper, 'household', code)
    await type(wrapper, 'head', '1')
    await type(wrapper, 'weight', '45')
    await type(wrapper, 'unit', 'kg')
    await type(wrapper, 'grade', '')
    await type(wrapper, 'price', '29')
    expect(wrapper.get('[data-test=intake-saved]').text()).toContain('2026-11 A-0009，收购金额 ¥1,305.51')
  })

  it('puts a refusal beside the cell it names and keeps the row', async () => {
    const { backend, lot, code } = await collectingLot()
    const { wrapper } = await mountWith(IntakeGrid, { backend, props: { lot, lines: [], editable: true } })
    cell(wrapper, 'household').element.focus()
    await type(wrapper, 'household', code)
    await type(wrapper, 'head', '1')
    await type(wrapper, 'weight', '0')
    await type(wrapper, 'unit', 'kg')
    await type(wrapper, 'grade', '')
    await type(wrapper, 'price', '28')
    expect(wrapper.get('[data-test=intake-error]').text()).toBe('重量：重量“0”必须大于零')
    expect(wrapper.get('[data-cell=weight]').classes()).toContain('bad')
    expect(document.activeElement).toBe(cell(wrapper, 'weight').element)
    expect(cell(wrapper, 'household').element.value).toBe(code)
    expect(wrapper.emitted('saved')).toBeUndefined()
  })

  it('names an unknown household beside its cell', async () => {
    const { backend, lot } = await collectingLot()
    const { wrapper } = await mountWith(IntakeGrid, { backend, props: { lot, lines: [], editable: true } })
    cell(wrapper, 'household').element.focus()
    await type(wrapper, 'household', '999999')
    expect(wrapper.get('[data-test=intake-name]').text()).toBe('找不到这户')
    for (const [name, value] of [['head', '1'], ['weight', '40'], ['unit', 'kg'], ['grade', ''], ['price', '28']]) await type(wrapper, name, value)
    expect(wrapper.get('[data-test=intake-error]').text()).toContain('999999')
    expect(wrapper.get('[data-cell=household]').classes()).toContain('bad')
  })

  it('has no entry row when the lot no longer buys', async () => {
    const { backend, lot } = await collectingLot()
    const { wrapper } = await mountWith(IntakeGrid, { backend, props: { lot, lines: [], editable: false } })
    expect(wrapper.find('[data-test=intake-entry]').exists()).toBe(false)
  })
})
