// The window as a whole: refuses without a backend, first start when there is
// no village, navigation by Alt+number, Chinese first and English second.

import { describe, expect, it, vi } from 'vitest'
import App from '../src/App.vue'
import { unavailableBackend } from '../src/api'
import { MockBackend } from '../src/api/mock'
import { TODAY, demoBackend, mountWith, settle } from './mount'

describe('App', () => {
  it('says to open the desktop app when there is no backend', async () => {
    const { wrapper } = await mountWith(App, { backend: unavailableBackend() })
    expect(wrapper.text()).toContain('这个页面需要在“村务”桌面程序里打开')
    expect(wrapper.find('[data-test=open-demo]').exists()).toBe(false)
  })

  it('starts with first start when no village exists', async () => {
    const { wrapper } = await mountWith(App, { backend: new MockBackend({ today: () => TODAY }) })
    expect(wrapper.text()).toContain('欢迎使用村务')
    expect(wrapper.find('[data-test=open-demo]').exists()).toBe(true)
  })

  it('moves between screens with Alt+1..5', async () => {
    const { router } = await mountWith(App, { backend: demoBackend() })
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '2', altKey: true }))
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/visit'))
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '3', altKey: true }))
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/transfer'))
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '4', altKey: true }))
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/coop'), { timeout: 10_000 })
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '5', altKey: true }))
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/sync'), { timeout: 10_000 })
  }, 30_000) // the whole window, loading five screens: slow on a busy 2-core machine

  it('speaks Chinese first and switches to English and back, remembering the choice', async () => {
    const { wrapper } = await mountWith(App, { backend: demoBackend() })
    const nav = () => wrapper.findAll('nav a').map((a) => a.text())
    expect(nav()).toEqual(['农户', '走访', '导入导出', '合作社', '同步', '诉求'])
    expect(wrapper.get('[data-test=status-user]').text()).toBe('当前用户：张浩然')
    await wrapper.get('.cw-lang').trigger('click')
    await settle()
    expect(nav()).toEqual(['Households', 'Visit', 'Import / Export', 'Co-op', 'Sync', 'Needs'])
    expect(wrapper.get('[data-test=status-user]').text()).toBe('User: 张浩然')
    expect(localStorage.getItem('cunwu.locale')).toBe('en')
    await wrapper.get('.cw-lang').trigger('click')
    await settle()
    expect(nav()).toEqual(['农户', '走访', '导入导出', '合作社', '同步', '诉求'])
  })
})
