// The 同步 page of a real (non-demo) village: enrollment with Chinese
// messages beside the fields, 立即同步 with what moved, the clock, USB
// bundles, and resolving a conflict; a demo village is refused enrollment
// and bundle export with the real backend's message.

import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import SyncPage from '../src/pages/SyncPage.vue'
import { DEMO_VILLAGE_REFUSAL, MOCK_ENROLL_CODE } from '../src/api/mock/sync'
import { demoBackend, mountWith, settle, villageBackend } from './mount'

const HUB = 'http://192.168.1.10:7700'

async function fill(wrapper: Awaited<ReturnType<typeof mountWith>>['wrapper'], hubUrl: string, code: string) {
  await wrapper.get('input[name=hubUrl]').setValue(hubUrl)
  await wrapper.get('input[name=code]').setValue(code)
  await wrapper.get('form').trigger('submit')
  await settle()
}

const fieldErrors = (wrapper: Awaited<ReturnType<typeof mountWith>>['wrapper']) =>
  wrapper.findAll('.el-form-item').map((item) => [item.get('label').text(), item.find('.el-form-item__error').exists() ? item.get('.el-form-item__error').text() : ''])

describe('SyncPage', () => {
  it('says beside the field what is wrong with the address or the code', async () => {
    const { wrapper } = await mountWith(SyncPage, { backend: villageBackend() })
    expect(wrapper.get('[data-test=sync-last]').text()).toBe('尚未同步')
    expect(wrapper.get('[data-test=sync-now]').attributes('disabled')).toBeDefined()
    await fill(wrapper, '192.168.1.10:7700', MOCK_ENROLL_CODE)
    expect(fieldErrors(wrapper)).toEqual([
      ['服务器地址', '服务器地址：“192.168.1.10:7700”不是服务器地址。请照管理员给的写，以 http:// 开头，例如 http://192.168.1.10:7700'],
      ['登记码', ''],
    ])
    await fill(wrapper, HUB, 'ABCD-EFGH-JK23')
    expect(fieldErrors(wrapper)).toEqual([
      ['服务器地址', ''],
      ['登记码', '登记码：登记码不对或已经过期。请核对后重输，或向乡镇管理员要新的登记码'],
    ])
    expect(wrapper.find('[data-test=sync-enrolled]').exists()).toBe(false)
  })

  it('enrolls, syncs now and shows what moved, the last sync and the clock', async () => {
    const backend = villageBackend()
    const [row] = await backend.householdList({})
    await backend.householdEdit(row.id, 'notes', '修过的备注')
    await backend.householdEdit(row.id, 'address', '新址 8 号')
    const { wrapper } = await mountWith(SyncPage, { backend })
    await fill(wrapper, HUB, MOCK_ENROLL_CODE.toLowerCase())
    expect(wrapper.get('[data-test=sync-enrolled]').text()).toContain('已登记：村：红旗村，工作队员')
    expect(wrapper.get('[data-test=sync-pending]').text()).toBe('2')
    expect(wrapper.get('[data-test=sync-clock]').text()).toBe('与服务器时钟一致')
    await wrapper.get('[data-test=sync-now]').trigger('click')
    await settle()
    expect(wrapper.get('[data-test=sync-result]').text()).toContain('同步完成：上传 2 条，下载 12 条')
    expect(wrapper.get('[data-test=sync-pending]').text()).toBe('0')
    expect(wrapper.get('[data-test=sync-last]').text()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d（刚刚）$/)
  })

  it('lists the changes the hub refused, each with its reason', async () => {
    const backend = villageBackend()
    await backend.sync.enroll(HUB, MOCK_ENROLL_CODE)
    backend.sync.refused.push({
      id: 'ab12#7', own: true, atMs: 0,
      message: '工作队员账号不能修改合作社账目（账目事项，变更 ab12#7）。请由会计或队长的电脑录入',
    })
    const { wrapper } = await mountWith(SyncPage, { backend })
    const box = wrapper.get('[data-test=sync-refused]').text()
    expect(box).toContain('服务器拒收了 1 条修改')
    expect(box).toContain('ab12#7')
    expect(box).toContain('请由会计或队长的电脑录入')
  })

  it('resolves a conflict by keeping one of its values', async () => {
    const backend = villageBackend()
    await backend.sync.enroll(HUB, MOCK_ENROLL_CODE)
    const { wrapper, session } = await mountWith(SyncPage, { backend })
    expect(wrapper.find('[data-test=no-conflicts]').exists()).toBe(true)
    await wrapper.get('[data-test=sync-now]').trigger('click')
    await settle()
    const conflict = wrapper.get('[data-test=conflict]')
    expect(conflict.get('h3').text()).toMatch(/^农户 .+（户编号 \d+）的“联系电话”$/)
    const values = conflict.findAll('[data-test=conflict-value]')
    expect(values.map((v) => v.text())).toEqual([
      expect.stringMatching(/^139\*\*\*\*9000李娜 · \d{4}-\d\d-\d\d \d\d:\d\d当前显示采用这个值$/),
      expect.stringMatching(/^\d{3}\*\*\*\*\d{4}张浩然 · .+采用这个值$/),
    ])
    await values[1].get('[data-test=conflict-keep]').trigger('click')
    await settle()
    expect(wrapper.find('[data-test=conflict]').exists()).toBe(false)
    expect(wrapper.find('[data-test=no-conflicts]').exists()).toBe(true)
    expect(document.body.textContent).toContain('已采用 张浩然 填的值，下次同步时会发到其他电脑')
    expect(session.status?.pendingChanges).toBe(1)
  })

  it('exports and imports USB bundles and says what they carried', async () => {
    const backend = villageBackend()
    const [row] = await backend.householdList({})
    await backend.householdEdit(row.id, 'notes', '带去乡镇')
    const { wrapper } = await mountWith(SyncPage, { backend })
    await wrapper.get('[data-test=bundle-export]').trigger('click')
    await settle()
    expect(wrapper.get('[data-test=bundle-done]').text()).toMatch(/^已导出 1 条修改到 \/演示\/U盘\/红旗村-\d{4}-\d\d-\d\d\.cunwu$/)
    await wrapper.get('[data-test=bundle-import]').trigger('click')
    await settle()
    expect(wrapper.get('[data-test=bundle-done]').text()).toBe('已导入：新 7 条，已有 0 条')
    await wrapper.get('[data-test=bundle-import]').trigger('click')
    await settle()
    expect(wrapper.get('[data-test=bundle-done]').text()).toBe('已导入：新 0 条，已有 7 条')
  })

  it('refuses to enroll a demo village, or export it, with the real backend\'s message', async () => {
    const backend = demoBackend()
    const { wrapper } = await mountWith(SyncPage, { backend })
    expect(wrapper.get('[data-test=sync-demo]').text()).toContain('示范村（演示数据，不同步）')
    await fill(wrapper, HUB, MOCK_ENROLL_CODE)
    expect(wrapper.get('[data-test=sync-enroll-error]').text()).toBe(DEMO_VILLAGE_REFUSAL.message)
    expect(DEMO_VILLAGE_REFUSAL.message).toMatch(/^这是示范村（演示数据），不能同步到乡镇服务器/)
    expect(fieldErrors(wrapper)).toEqual([['服务器地址', ''], ['登记码', '']])
    expect(wrapper.find('[data-test=sync-enrolled]').exists()).toBe(false)
    expect(wrapper.get('[data-test=sync-now]').attributes('disabled')).toBeDefined()
    // Address and code are still checked first, as the real backend does.
    await fill(wrapper, HUB, 'ABCD')
    expect(wrapper.find('[data-test=sync-enroll-error]').exists()).toBe(false)
    expect(fieldErrors(wrapper)[1][1]).toBe('登记码：登记码是 12 位字母和数字，例如 ABCD-EFGH-JK23，请核对后重输')
    await expect(backend.sync.enroll(HUB, MOCK_ENROLL_CODE)).rejects.toEqual(DEMO_VILLAGE_REFUSAL)
    await expect(backend.sync.bundleExport('/演示/U盘/示范村.cunwu')).rejects.toEqual(DEMO_VILLAGE_REFUSAL)
    expect((await backend.sync.status()).enrolled).toBe(false)
  })

  it('refuses a demo village in the very words of the Rust backend', () => {
    // Vitest runs in ui/ (npm --prefix ui test) or at the repository root.
    const file = ['../crates/sync/src/error.rs', 'crates/sync/src/error.rs'].map((f) => resolve(process.cwd(), f)).find(existsSync)
    const rust = readFileSync(file ?? 'crates/sync/src/error.rs', 'utf8')
    const m = /#\[error\("([^"]+)"\)\]\s*DemoVillage,/.exec(rust)
    expect(m?.[1]).toBe(DEMO_VILLAGE_REFUSAL.message)
    expect(rust).toContain('SyncError::DemoVillage => "demo_village"')
    expect(DEMO_VILLAGE_REFUSAL.code).toBe('demo_village')
  })
})
