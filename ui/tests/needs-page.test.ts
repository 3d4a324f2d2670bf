// The 诉求 pages: the list shows the count of each status and flags overdue
// needs; filters go to the backend as a query; a need page shows a button for
// exactly the steps the backend allows, records a step through the backend
// and shows the timeline it answers; the 回执 slip carries code, text, owner,
// promised date and the township's phone.

import { describe, expect, it, vi } from 'vitest'
import NeedsPage from '../src/pages/NeedsPage.vue'
import NeedPage from '../src/pages/NeedPage.vue'
import { receiptHtml } from '../src/components/need/receipt'
import { demoBackend, mountWith, settle } from './mount'

describe('NeedsPage', { timeout: 30_000 }, () => {
  it('shows the status counts, the village on every row and the overdue flag', async () => {
    const { wrapper } = await mountWith(NeedsPage)
    await settle()
    expect(wrapper.get('[data-test=count-collected]').text()).toBe('1已收集')
    expect(wrapper.get('[data-test=count-claimed]').text()).toBe('1已领办')
    expect(wrapper.get('[data-test=count-overdue]').text()).toBe('1逾期')
    const villages = wrapper.findAll('[data-test=need-village]').map((v) => v.text())
    expect(villages).toEqual(['示范村', '示范村', '示范村'])
    expect(wrapper.findAll('[data-test=need-overdue]')).toHaveLength(1)
  })

  it('sends the chosen status and overdue filter to the backend and shows its answer', async () => {
    const backend = demoBackend()
    const list = vi.spyOn(backend.needs, 'list')
    const { wrapper } = await mountWith(NeedsPage, { backend })
    await settle()
    await wrapper.get('[data-test=count-claimed]').trigger('click')
    await settle()
    expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ status: 'claimed', overdue: false }))
    expect(wrapper.findAll('[data-test=need-status]').map((s) => s.text())).toEqual(['已领办'])
    await wrapper.get('[data-test=count-overdue]').trigger('click')
    await settle()
    expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ status: 'claimed', overdue: true }))
  })

  it('exports the filtered list and the 公示 variant through the backend', async () => {
    const backend = demoBackend()
    vi.spyOn(backend, 'chooseExportPath').mockResolvedValue('/tmp/诉求.xlsx')
    const { wrapper } = await mountWith(NeedsPage, { backend })
    await settle()
    await wrapper.get('[data-test=count-collected]').trigger('click')
    await settle()
    await wrapper.get('[data-test=need-export-public]').trigger('click')
    await settle()
    expect(backend.needs.lastExport).toEqual({ path: '/tmp/诉求.xlsx', query: expect.objectContaining({ status: 'collected' }), isPublic: true })
  })

  it('keeps what was typed in the new-need form when the backend refuses it', async () => {
    const backend = demoBackend()
    vi.spyOn(backend.needs, 'add').mockRejectedValue({ code: 'invalid', field: '诉求分类', message: '诉求分类：“”不是诉求分类，请从以下选择：产业' })
    const { wrapper } = await mountWith(NeedsPage, { backend })
    await settle()
    await wrapper.get('[data-test=need-new]').trigger('click')
    await settle()
    const text = document.querySelector('[data-test=need-text]') as HTMLTextAreaElement
    text.value = '村口的桥栏杆断了'
    text.dispatchEvent(new Event('input'))
    await settle()
    ;(document.querySelector('[data-test=need-save]') as HTMLButtonElement).click()
    await settle()
    expect(document.querySelector('[data-test=need-error]')?.textContent).toContain('请从以下选择')
    expect((document.querySelector('[data-test=need-text]') as HTMLTextAreaElement).value).toBe('村口的桥栏杆断了')
    wrapper.unmount()
  })
})

describe('NeedPage', { timeout: 30_000 }, () => {
  it('shows one button per step the backend allows, records a claim and shows the new timeline', async () => {
    const backend = demoBackend()
    const { rows } = await backend.needs.list({})
    const first = rows.find((r) => r.status.key === 'collected')!
    await backend.needs.step(first.id, { step: 'register', note: '' })
    const allowed = (await backend.needs.show(first.id)).allowedSteps.map((s) => s.label)
    const step = vi.spyOn(backend.needs, 'step')
    const { wrapper } = await mountWith(NeedPage, { backend, props: { id: first.id } })
    await settle()
    expect(wrapper.findAll('[data-test=step-buttons] button').map((b) => b.text())).toEqual(allowed)
    await wrapper.get('[data-test=step-claim]').trigger('click')
    await settle()
    const promised = document.querySelector('[data-test=step-promised]') as HTMLInputElement
    promised.value = '2026-12-20'
    promised.dispatchEvent(new Event('input'))
    ;(document.querySelector('[data-test=step-form]') as HTMLFormElement).dispatchEvent(new Event('submit'))
    await settle()
    expect(step).toHaveBeenLastCalledWith(first.id, expect.objectContaining({ step: 'claim', promised: '2026-12-20' }))
    expect(wrapper.get('[data-test=need-status]').text()).toBe('已领办')
    expect(wrapper.findAll('[data-test=timeline-step]').map((s) => s.text())).toEqual([
      expect.stringContaining('登记'), expect.stringContaining('领办'),
    ])
    wrapper.unmount()
  })

  it('shows the backend’s refusal of a step in the dialog and keeps the note typed', async () => {
    const backend = demoBackend()
    const { rows } = await backend.needs.list({})
    const need = rows.find((r) => r.status.key === 'fed_back')!
    vi.spyOn(backend.needs, 'step').mockRejectedValue({ code: 'rule', message: '这条诉求现在是“已落实”，不能销号。销号前要先回访群众并记录反馈结果。' })
    const { wrapper } = await mountWith(NeedPage, { backend, props: { id: need.id } })
    await settle()
    await wrapper.get('[data-test=step-close]').trigger('click')
    await settle()
    const note = document.querySelector('[data-test=step-note]') as HTMLTextAreaElement
    note.value = '群众签字确认'
    note.dispatchEvent(new Event('input'))
    ;(document.querySelector('[data-test=step-form]') as HTMLFormElement).dispatchEvent(new Event('submit'))
    await settle()
    expect(document.querySelector('[data-test=step-error]')?.textContent).toContain('销号前要先回访群众')
    expect((document.querySelector('[data-test=step-note]') as HTMLTextAreaElement).value).toBe('群众签字确认')
    wrapper.unmount()
  })
})

describe('回执', () => {
  it('carries the code, what was asked, owner, promised date and phone, escaped', () => {
    const html = receiptHtml({ code: 'WZ-K7M-12-H', village: '网周村', township: '城关镇', requester: '张三', text: '修路<script>', createdOn: '2026-11-29', owner: '王建国', promised: '2026-12-20', phone: '0738-1234567' })
    for (const s of ['WZ-K7M-12-H', '城关镇网周村', '修路&lt;script&gt;', '王建国', '2026-12-20', '0738-1234567', 'size: A5']) expect(html).toContain(s)
    expect(html).not.toContain('<script>')
  })
})
