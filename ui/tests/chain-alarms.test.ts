// The hub's voucher chain alarms on the desktop: after 立即同步 or a
// background exchange they show on the 同步 page (which device, which
// vouchers, what is wrong, what to do) and as a red mark in the status bar
// linking to the 同步 page, until a person acknowledges them; acknowledged
// ones stay listed with who and when, and the hub telling them again does
// not raise them anew.

import { describe, expect, it } from 'vitest'
import SyncPage from '../src/pages/SyncPage.vue'
import StatusBar from '../src/components/StatusBar.vue'
import { MOCK_ENROLL_CODE } from '../src/api/mock/sync'
import { alteredSecondVoucher } from '../src/api/mock/chain-alarm'
import { flushPromises, mountWith, settle, villageBackend } from './mount'

const HUB = 'http://192.168.1.10:7700'

async function enrolledWithBrokenChain() {
  const backend = villageBackend()
  await backend.sync.enroll(HUB, MOCK_ENROLL_CODE)
  const device = (await backend.sync.status()).deviceId
  backend.sync.chainAlarms.hubFinds(alteredSecondVoucher(device))
  return { backend, device }
}

describe('chain alarms', () => {
  it('shows what 立即同步 brought on the 同步 page until someone acknowledges it', async () => {
    const { backend, device } = await enrolledWithBrokenChain()
    const { wrapper } = await mountWith(SyncPage, { backend })
    expect(wrapper.find('[data-test=chain-alarms]').exists()).toBe(false)
    await wrapper.get('[data-test=sync-now]').trigger('click')
    await settle()
    expect(wrapper.get('[data-test=sync-new-alarms]').text()).toBe('本次同步发现 1 处凭证链断开，请看上方的“凭证链告警”')
    const alarm = wrapper.get('[data-test=chain-alarm]')
    expect(alarm.get('h3').text()).toBe(`设备：本机（${device}） · 第 3 张凭证处`)
    expect(alarm.get('[data-test=chain-alarm-message]').text()).toBe(
      `设备“${device}”的凭证链在第2张与第3张之间断开：第2张凭证的内容（或第3张记录的链接）在记账后被改动`)
    expect(alarm.findAll('[data-test=chain-alarm-vouchers] li').map((li) => li.text())).toEqual([
      '第 2 张：2026-11 A-0002（现金收入）', '第 3 张：2026-11 A-0003（现金收入）',
    ])
    expect(wrapper.get('[data-test=chain-alarm-todo]').text()).toContain('请联系乡镇管理员核对凭证')

    await alarm.get('[data-test=chain-alarm-acknowledge]').trigger('click')
    await settle()
    expect(wrapper.find('[data-test=chain-alarm]').exists()).toBe(false)
    expect(wrapper.find('[data-test=chain-alarm-todo]').exists()).toBe(false)
    const done = wrapper.get('[data-test=chain-alarm-done]')
    expect(done.text()).toContain('在记账后被改动')
    expect(done.text()).toMatch(/已确认：张浩然 · \d{4}-\d\d-\d\d \d\d:\d\d/)

    // The hub tells it again at the next exchange: it stays acknowledged.
    await wrapper.get('[data-test=sync-now]').trigger('click')
    await settle()
    expect(wrapper.find('[data-test=sync-new-alarms]').exists()).toBe(false)
    expect(wrapper.find('[data-test=chain-alarm]').exists()).toBe(false)
    expect(wrapper.findAll('[data-test=chain-alarm-done]')).toHaveLength(1)
  })

  it('marks the status bar in red after a background exchange, linking to the 同步 page', async () => {
    const { backend, device } = await enrolledWithBrokenChain()
    const { wrapper, router } = await mountWith(StatusBar, { backend })
    expect(wrapper.find('[data-test=status-chain-alarm]').exists()).toBe(false)
    // What the background task does every few minutes: one exchange, then the change event.
    await backend.sync.syncNow()
    await flushPromises()
    const mark = wrapper.get('[data-test=status-chain-alarm]')
    expect(mark.text()).toBe('凭证链告警 1')
    expect(mark.classes()).toContain('alarm')
    expect(mark.attributes('href')).toBe('/sync')
    expect(mark.attributes('title')).toContain('联系乡镇管理员核对')
    await mark.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/sync')

    await backend.sync.acknowledgeChainAlarm(device, 3)
    await flushPromises()
    expect(wrapper.find('[data-test=status-chain-alarm]').exists()).toBe(false)
  })

  it('says so when the alarm to acknowledge is not there', async () => {
    const backend = villageBackend()
    await expect(backend.sync.acknowledgeChainAlarm('c0ffee0d15a7', 2)).rejects.toEqual({
      code: 'not_found', message: '找不到凭证链告警“设备 c0ffee0d15a7 第 2 张”，请检查后重试',
    })
  })
})
