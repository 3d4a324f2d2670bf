// The status bar: village, user, pending changes, last sync (— when never).

import { describe, expect, it } from 'vitest'
import StatusBar from '../src/components/StatusBar.vue'
import { demoBackend, flushPromises, mountWith } from './mount'

describe('StatusBar', () => {
  it('shows village, user and a dash when never synced', async () => {
    const { wrapper } = await mountWith(StatusBar)
    expect(wrapper.get('[data-test=status-village]').text()).toBe('村：示范村')
    expect(wrapper.get('[data-test=status-user]').text()).toBe('当前用户：张浩然')
    expect(wrapper.get('[data-test=status-pending]').text()).toBe('待同步修改：0')
    expect(wrapper.get('[data-test=status-sync]').text()).toBe('上次同步：—')
  })

  it('counts changes after a refresh and formats the last sync', async () => {
    const backend = demoBackend()
    const { wrapper, session } = await mountWith(StatusBar, { backend })
    const [row] = await backend.householdList({})
    await backend.householdEdit(row.id, 'notes', '新备注')
    await session.refresh()
    await flushPromises()
    expect(wrapper.get('[data-test=status-pending]').text()).toBe('待同步修改：1')
    expect(wrapper.get('[data-test=status-pending]').classes()).toContain('pending')
    session.status = { village: '示范村', user: '张浩然', pendingChanges: 0, lastSync: '2026-11-29T02:05:00Z' }
    await flushPromises()
    expect(wrapper.get('[data-test=status-sync]').text()).toMatch(/^上次同步：2026-11-29 \d\d:05$/)
  })
})
