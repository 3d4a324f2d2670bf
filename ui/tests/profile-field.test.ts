// Editing a household field in place: the refusal appears beside the field,
// Enter saves, Esc cancels, masked values are not put in the edit box.

import { describe, expect, it, vi } from 'vitest'
import ProfileField from '../src/components/ProfileField.vue'
import { flushPromises, mountWith, settle } from './mount'

const REFUSAL = { code: 'invalid', field: '联系电话', message: '联系电话：手机号应为以1开头的11位数字，现在是10位，请核对' }

async function editPhone(save: (v: string) => Promise<void>, masked = false) {
  const { wrapper } = await mountWith(ProfileField, { props: { field: 'phone', label: '联系电话', value: masked ? '138****8000' : '13800138000', masked, save } })
  await wrapper.get('[data-test=field-edit]').trigger('click')
  await flushPromises()
  return wrapper
}

describe('ProfileField', () => {
  it('shows the backend message right under the field and keeps the editor open', async () => {
    const save = vi.fn().mockRejectedValue(REFUSAL)
    const wrapper = await editPhone(save)
    const input = wrapper.get('input')
    await input.setValue('1380013800')
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(save).toHaveBeenCalledWith('1380013800')
    expect(wrapper.get('.el-form-item__error').text()).toBe(REFUSAL.message)
    expect(wrapper.find('[data-test=field-input]').exists()).toBe(true)
  })

  it('closes the editor when the value is accepted', async () => {
    const save = vi.fn().mockResolvedValue(undefined)
    const wrapper = await editPhone(save)
    await wrapper.get('input').setValue('13900139000')
    await wrapper.get('[data-test=field-save]').trigger('click')
    await flushPromises()
    expect(save).toHaveBeenCalledWith('13900139000')
    expect(wrapper.find('.el-form-item__error').exists()).toBe(false)
    expect(wrapper.find('[data-test=field-value]').exists()).toBe(true)
  })

  it('cancels with Esc without saving', async () => {
    const save = vi.fn()
    const wrapper = await editPhone(save)
    await wrapper.get('input').trigger('keydown', { key: 'Escape' })
    await flushPromises()
    expect(save).not.toHaveBeenCalled()
    expect(wrapper.get('[data-test=field-value]').text()).toBe('13800138000')
  })

  it('starts from an empty box when the value is masked', async () => {
    const wrapper = await editPhone(vi.fn(), true)
    expect((wrapper.get('input').element as HTMLInputElement).value).toBe('')
    expect(wrapper.get('input').attributes('placeholder')).toBe('请输入新的联系电话')
  })
})
