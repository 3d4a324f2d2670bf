// The co-op pages: the trial balance banner says plainly whether the books
// balance; a lot page pays a household and shows it paid; print opens the
// page the backend rendered.

import { describe, expect, it, vi } from 'vitest'
import BooksPage from '../src/pages/BooksPage.vue'
import LotPage from '../src/pages/LotPage.vue'
import { demoBackend, mountWith, settle } from './mount'

describe('BooksPage', { timeout: 30_000 }, () => {
  it('shows a balanced banner over the seeded books', async () => {
    const { wrapper } = await mountWith(BooksPage)
    await settle()
    expect(wrapper.get('[data-test=tb-banner]').text()).toContain('试算平衡：借方合计等于贷方合计')
    expect(wrapper.get('[data-test=tb-banner]').classes()).toContain('el-alert--success')
  })

  it('shows an unbalanced banner when the backend says the totals differ', async () => {
    const backend = demoBackend()
    const real = await backend.coopTrialBalance({})
    vi.spyOn(backend, 'coopTrialBalance').mockResolvedValue({ ...real, balanced: false })
    const { wrapper } = await mountWith(BooksPage, { backend })
    await settle()
    expect(wrapper.get('[data-test=tb-banner]').text()).toContain('试算不平衡')
    expect(wrapper.get('[data-test=tb-banner]').classes()).toContain('el-alert--error')
  })
})

describe('LotPage', { timeout: 30_000 }, () => {
  it('pays one household and shows it as paid, the others still unpaid', async () => {
    const backend = demoBackend()
    const [buying] = await backend.coopLotList()
    const { wrapper } = await mountWith(LotPage, { backend, props: { id: buying.id } })
    await settle()
    const statuses = () => wrapper.findAll('[data-test=payout-status]').map((s) => s.text())
    expect(statuses()).toEqual(['未付清', '未付清', '未付清'])
    const member = Object.keys((await backend.coopLotShow(buying.id)).state.members)[0]
    await wrapper.get(`[data-test=pay-${member}]`).trigger('click')
    await settle()
    expect(statuses()).toEqual(['已付清', '未付清', '未付清'])
    expect(wrapper.get('[data-test=pnl-owed]').text()).toBe('¥2,610.00')
  })

  it('opens the backend\'s receipt in the print view', async () => {
    const backend = demoBackend()
    const [buying] = await backend.coopLotList()
    const member = Object.keys((await backend.coopLotShow(buying.id)).state.members)[0]
    const { wrapper } = await mountWith(LotPage, { backend, props: { id: buying.id } })
    await settle()
    await wrapper.get(`[data-test=receipt-${member}]`).trigger('click')
    await settle()
    const frame = document.querySelector<HTMLIFrameElement>('[data-test=print-frame]')
    expect(frame?.getAttribute('srcdoc')).toContain('收购单 肉羊统一收购（第二批）')
  })

  it('shows a payout made twice offline and reverses it with one action', async () => {
    const backend = demoBackend()
    const [buying] = await backend.coopLotList()
    const real = await backend.coopLotShow(buying.id)
    const member = Object.keys(real.state.members)[0]
    const record = (seq: number, device: string) => ({
      key: { lot: buying.id, member, kind: 'purchase' }, amount: 130_500, date: '2026-11-20', device, voucher: { device, seq },
    })
    vi.spyOn(backend, 'coopLotShow').mockResolvedValue({ ...real, duplicates: [{ key: record(1, 'a').key, kept: record(1, 'a'), duplicates: [record(7, 'b')] }] })
    const fix = vi.spyOn(backend, 'coopFixDuplicate').mockResolvedValue({ lot: buying.id, vouchers: [] })
    const { wrapper } = await mountWith(LotPage, { backend, props: { id: buying.id } })
    await settle()
    expect(wrapper.get('[data-test=lot-duplicates]').text()).toContain(`农户 ${member}：已付 ¥1,305.00（2026-11-20），另有 1 笔重复付款共 ¥1,305.00`)
    await wrapper.get(`[data-test=fix-${member}]`).trigger('click')
    await settle()
    expect(fix).toHaveBeenCalledWith(buying.id, member, null)
  })
})
