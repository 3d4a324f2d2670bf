// The status bar: village, user, pending changes, and syncing — "尚未同步",
// "上次同步：10 分钟前", an indicator while an exchange runs, and a mark
// when the last one failed.

import { describe, expect, it } from 'vitest'
import StatusBar from '../src/components/StatusBar.vue'
import { MockBackend } from '../src/api/mock'
import { MOCK_ENROLL_CODE } from '../src/api/mock/sync'
import { syncStateFor } from '../src/state/sync'
import { demoBackend, flushPromises, mountWith, villageBackend } from './mount'

describe('StatusBar', () => {
  it('shows village, user and 尚未同步 when never synced', async () => {
    const { wrapper } = await mountWith(StatusBar)
    expect(wrapper.get('[data-test=status-village]').text()).toBe('村：示范村')
    expect(wrapper.get('[data-test=status-user]').text()).toBe('当前用户：张浩然')
    expect(wrapper.get('[data-test=status-pending]').text()).toBe('待同步修改：0')
    expect(wrapper.get('[data-test=status-sync]').text()).toBe('上次同步：尚未同步')
    expect(wrapper.find('[data-test=status-syncing]').exists()).toBe(false)
  })

  it('marks a demo village as never syncing, and only a demo village', async () => {
    const { wrapper } = await mountWith(StatusBar)
    expect(wrapper.get('[data-test=status-demo]').text()).toBe('示范村（演示数据，不同步）')
    const real = new MockBackend()
    await real.appInit({ village: '红旗村', user: '张浩然' })
    const { wrapper: plain } = await mountWith(StatusBar, { backend: real })
    expect(plain.get('[data-test=status-village]').text()).toBe('村：红旗村')
    expect(plain.find('[data-test=status-demo]').exists()).toBe(false)
  })

  it('counts changes, and after a sync says how long ago it was', async () => {
    const backend = villageBackend()
    const { wrapper, session } = await mountWith(StatusBar, { backend })
    const [row] = await backend.householdList({})
    await backend.householdEdit(row.id, 'notes', '新备注')
    await session.refresh()
    await flushPromises()
    expect(wrapper.get('[data-test=status-pending]').text()).toBe('待同步修改：1')
    expect(wrapper.get('[data-test=status-pending]').classes()).toContain('pending')

    await backend.sync.enroll('http://192.168.1.10:7700', MOCK_ENROLL_CODE)
    await backend.sync.syncNow()
    await flushPromises()
    // The backend's change event refreshed both the sync figures and the pending count.
    expect(wrapper.get('[data-test=status-pending]').text()).toBe('待同步修改：0')
    expect(wrapper.get('[data-test=status-sync]').text()).toBe('上次同步：刚刚')
    const state = syncStateFor(backend)
    state.now = (state.view?.lastSyncMs ?? 0) + 10 * 60_000 + 5_000
    await flushPromises()
    expect(wrapper.get('[data-test=status-sync]').text()).toBe('上次同步：10 分钟前')
    state.now += 3 * 3_600_000
    await flushPromises()
    expect(wrapper.get('[data-test=status-sync]').text()).toBe('上次同步：3 小时前')
  })

  it('shows an indicator while syncing and a mark when the last sync failed', async () => {
    const backend = demoBackend()
    const { wrapper } = await mountWith(StatusBar, { backend })
    const state = syncStateFor(backend)
    expect(state.view).not.toBeNull()
    state.view = { ...state.view!, syncing: true }
    await flushPromises()
    expect(wrapper.get('[data-test=status-syncing]').text()).toBe('正在同步…')
    expect(wrapper.find('[data-test=status-sync]').exists()).toBe(false)
    const message = '连不上乡镇服务器：connection refused。请检查网络后再试，也可以用U盘数据包同步'
    state.view = { ...state.view!, syncing: false, lastError: { code: 'network', message, atMs: 0 } }
    await flushPromises()
    const mark = wrapper.get('[data-test=status-sync-error]')
    expect(mark.text()).toBe('同步未成功')
    expect(mark.attributes('title')).toContain('连不上乡镇服务器')
    expect(wrapper.get('[data-test=status-sync]').text()).toBe('上次同步：尚未同步')
  })
})
