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
    })
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
    expect(save).toHaveBeenCalledWith({ ...initial, situation: '更正后的' })
  })
})
