// Leaving the demo village from the window: the status bar's 示范村 mark and
// the 同步 page ask first (saying where the demo's file is kept), cancelling
// keeps the demo, confirming takes the window to first start; a real
// village is refused by the backend and keeps its data.

import { afterEach, describe, expect, it } from 'vitest'
import App from '../src/App.vue'
import StatusBar from '../src/components/StatusBar.vue'
import SyncPage from '../src/pages/SyncPage.vue'
import { MockBackend } from '../src/api/mock'
import { MOCK_DATA_DIR } from '../src/api/mock/demo-exit'
import { leaveDemo } from '../src/state/demo-exit'
import { createSession } from '../src/state/session'
import { createAppI18n } from '../src/i18n'
import { demoBackend, mountWith, settle, villageBackend } from './mount'

const box = () => document.body.querySelector('.el-message-box')
const boxButton = (primary: boolean) =>
  [...document.body.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button')]
    .find((b) => b.classList.contains('el-button--primary') === primary)

afterEach(() => { document.body.innerHTML = '' })

describe('离开示范村，建立本村', () => {
  it('asks first, saying the demo is kept as a file and where; cancelling keeps the demo', async () => {
    const backend = demoBackend()
    const { wrapper, session } = await mountWith(StatusBar, { backend })
    await wrapper.get('[data-test=status-demo]').trigger('click')
    await settle()
    const text = box()?.textContent ?? ''
    expect(text).toContain('离开示范村，建立本村')
    expect(text).toContain(MOCK_DATA_DIR)
    expect(text).toMatch(/village-demo-\d{8}-\d{6}\.db/)
    expect(text).toContain('不会删除')
    boxButton(false)?.click()
    await settle()
    expect(session.info?.demo).toBe(true)
    expect((await backend.appInfo()).initialized).toBe(true)
    expect((await backend.householdList({})).length).toBeGreaterThan(0)
  })

  it('confirming on the 同步 page leaves the demo and the window shows first start', async () => {
    const backend = demoBackend()
    const { wrapper, session } = await mountWith(SyncPage, { backend })
    expect(wrapper.get('[data-test=sync-demo]').text()).toContain('正式使用请在新的数据库里建立真实的村')
    await wrapper.get('[data-test=sync-demo-exit]').trigger('click')
    await settle()
    expect(box()).not.toBeNull()
    boxButton(true)?.click()
    await settle()
    expect(session.info?.initialized).toBe(false)
    expect(session.status?.demo).toBe(false)
    expect(document.body.textContent).toContain('示范村的数据已另存为')
    const info = await backend.appInfo()
    expect(info).toMatchObject({ initialized: false, demo: false, village: null })
    // The empty village is then set up for real.
    const real = await backend.appInit({ village: '红旗村', user: '张浩然' })
    expect(real).toMatchObject({ initialized: true, demo: false, village: '红旗村' })
    expect(await backend.householdList({})).toHaveLength(0)
  })

  it('the whole window goes from the demo to first start', async () => {
    const { wrapper } = await mountWith(App, { backend: demoBackend() })
    await settle()
    await wrapper.get('[data-test=status-demo]').trigger('click')
    await settle()
    boxButton(true)?.click()
    await settle()
    expect(wrapper.find('[data-test=status-demo]').exists()).toBe(false)
    expect(wrapper.find('input[name=village]').exists()).toBe(true)
  })

  it('a real village is refused with a Chinese message and keeps its data', async () => {
    const backend = villageBackend()
    await expect(backend.demoLeave()).rejects.toMatchObject({ code: 'not_demo', message: expect.stringContaining('不是示范村') })
    const session = createSession(backend)
    await session.load()
    const { global } = createAppI18n('zh-CN')
    const left = leaveDemo({ ...backend, demoExitPlan: () => backend.demoExitPlan(), demoLeave: () => backend.demoLeave() } as MockBackend, session, global.t)
    await settle()
    boxButton(true)?.click()
    await settle()
    expect(box()?.textContent).toContain('不是示范村')
    boxButton(true)?.click()
    expect(await left).toBe(false)
    expect(session.info).toMatchObject({ initialized: true, village: '红旗村' })
    expect((await backend.householdList({})).length).toBe(60)
  })

  it('the status bar of a real village has no 示范村 mark to click', async () => {
    const real = new MockBackend()
    await real.appInit({ village: '红旗村', user: '张浩然' })
    const { wrapper } = await mountWith(StatusBar, { backend: real })
    expect(wrapper.find('[data-test=status-demo]').exists()).toBe(false)
  })
})
