// First start: name the village and yourself, or open the demo village.

import { describe, expect, it, vi } from 'vitest'
import FirstStart from '../src/components/FirstStart.vue'
import { MockBackend } from '../src/api/mock'
import { TODAY, mountWith, settle } from './mount'

describe('FirstStart', () => {
  it('opens a demo village of 3000 households', async () => {
    const backend = new MockBackend({ today: () => TODAY })
    const init = vi.spyOn(backend, 'appInit')
    const { wrapper, session } = await mountWith(FirstStart, { backend })
    await wrapper.get('[data-test=open-demo]').trigger('click')
    await settle()
    expect(init).toHaveBeenCalledWith({ village: '示范村', user: '演示用户', demoHouseholds: 3000 })
    expect(session.info).toMatchObject({ initialized: true, village: '示范村' })
    expect(session.status?.village).toBe('示范村')
  })

  it('shows a refusal beside the field it names', async () => {
    const backend = new MockBackend({ today: () => TODAY })
    const { wrapper, session } = await mountWith(FirstStart, { backend })
    await wrapper.get('input[name=user]').setValue('张浩然')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.get('.el-form-item__error').text()).toBe('村名：必须填写，不能为空')
    expect(session.info?.initialized).toBe(false)
    await wrapper.get('input[name=village]').setValue('红旗村')
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(session.info).toMatchObject({ initialized: true, village: '红旗村', user: '张浩然' })
  })
})
