// The visit form: today by default, remembered visitors, Ctrl+Enter saves,
// refusals beside the field they concern.

import { describe, expect, it, vi } from 'vitest'
import VisitForm from '../src/components/VisitForm.vue'
import { today } from '../src/calendar'
import { rememberVisitors } from '../src/state/visitors'
import { flushPromises, mountWith, settle } from './mount'

describe('VisitForm', () => {
  it('saves with Ctrl+Enter, dated today, with the last visitors', async () => {
    rememberVisitors(['程鹏', '王晓燕'])
    const save = vi.fn().mockResolvedValue(undefined)
    const { wrapper } = await mountWith(VisitForm, { props: { save, defaultVisitors: ['张浩然'] } })
    const situation = wrapper.get('[data-test=visit-situation]')
    await situation.setValue('独居老人，身体尚可')
    await situation.trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(save).toHaveBeenCalledWith({
      date: today(), visitors: ['程鹏', '王晓燕'], situation: '独居老人，身体尚可', difficulties: '', needs: '', followUp: '',
    }, [])
  })

  it('falls back to the user as visitor and does not save on a plain Enter', async () => {
    const save = vi.fn().mockResolvedValue(undefined)
    const { wrapper } = await mountWith(VisitForm, { props: { save, defaultVisitors: ['张浩然'] } })
    await wrapper.get('[data-test=visit-needs]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(save).not.toHaveBeenCalled()
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(save.mock.calls[0][0].visitors).toEqual(['张浩然'])
  })

  it('shows a refusal beside the field it names', async () => {
    const save = vi.fn().mockRejectedValue({ code: 'invalid', field: '走访人', message: '走访人：至少填写一名走访人' })
    const { wrapper } = await mountWith(VisitForm, { props: { save } })
    await wrapper.get('form').trigger('submit')
    await settle()
    const item = wrapper.findAll('.el-form-item').find((i) => i.text().startsWith('走访人'))
    expect(item?.get('.el-form-item__error').text()).toBe('走访人：至少填写一名走访人')
  })

  it('starts a correction from the visit it corrects', async () => {
    const save = vi.fn().mockResolvedValue(undefined)
    const initial = { date: '2026-10-01', visitors: ['刘建国'], situation: '旧的', difficulties: '缺劳力', needs: '', followUp: '' }
    const { wrapper } = await mountWith(VisitForm, { props: { save, initial } })
    await wrapper.get('[data-test=visit-situation]').setValue('更正后的')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(save).toHaveBeenCalledWith({ ...initial, situation: '更正后的' }, [])
  })

  it('records needs raised in the visit with it, keeps them when refused, clears them after saving', async () => {
    const save = vi.fn().mockRejectedValueOnce({ code: 'invalid', field: '诉求分类', message: '诉求分类：请从以下选择' }).mockResolvedValue(undefined)
    const { wrapper } = await mountWith(VisitForm, { props: { save, withNeeds: true, defaultVisitors: ['张浩然'] } })
    await wrapper.get('[data-test=visit-situation]').setValue('家里屋顶漏雨')
    await wrapper.get('[data-test=visit-need-add]').trigger('click')
    await settle()
    await wrapper.get('[data-test=visit-need-add]').trigger('click')
    await settle()
    expect(wrapper.findAll('[data-test=visit-need]')).toHaveLength(2)
    const texts = wrapper.findAll('[data-test=need-text]')
    await texts[0].setValue('申请危房改造')
    await texts[1].setValue('孙子上学交通补助')
    await wrapper.get('[data-test=visit-need-remove-1]').trigger('click')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(save.mock.calls[0][1]).toEqual([expect.objectContaining({ text: '申请危房改造', source: 'visit' })])
    expect(wrapper.text()).toContain('请从以下选择')
    expect((wrapper.get('[data-test=need-text]').element as HTMLTextAreaElement).value).toBe('申请危房改造')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(save).toHaveBeenCalledTimes(2)
    ;(wrapper.vm as unknown as { clearTexts: () => void }).clearTexts()
    await settle()
    expect(wrapper.findAll('[data-test=visit-need]')).toHaveLength(0)
  })

  it('offers no needs when correcting a visit', async () => {
    const { wrapper } = await mountWith(VisitForm, { props: { save: vi.fn() } })
    expect(wrapper.find('[data-test=visit-need-add]').exists()).toBe(false)
  })
})
