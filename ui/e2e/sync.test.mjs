// Browser tests of the 同步 page against the mock hub. A real village (set
// up at first start, register imported): a bad enrollment code is refused
// beside the field in Chinese, 立即同步 shows what moved and the status bar
// the last sync, and a conflict is resolved; a broken voucher chain the hub
// reports shows on the page and as a red mark in the status bar until it is
// acknowledged. The demo village's 同步 page shows the refusal to enroll.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openBrowser, openDemoVillage, openRealVillage, screenshot, serveApp } from './browser.mjs'

let server
before(async () => { server = await serveApp() })
after(async () => { await server?.close() })

async function enroll(page, code) {
  await page.locator('input[name=hubUrl]').fill('http://192.168.1.10:7700')
  await page.locator('input[name=code]').fill(code)
  await page.locator('[data-test=sync-enroll]').click()
}

test('enroll with a bad code, then sync now and resolve the conflict it brought', async () => {
  const { page, errors, close } = await openBrowser()
  try {
    await openRealVillage(page, server.url)
    assert.equal(await page.locator('[data-test=status-demo]').count(), 0)
    assert.equal(await page.locator('[data-test=status-sync]').innerText(), '上次同步：尚未同步')
    await page.getByRole('link', { name: '同步' }).click()

    await enroll(page, 'ABCD-EFGH-JK23')
    const codeError = page.locator('.el-form-item', { hasText: '登记码' }).locator('.el-form-item__error')
    await codeError.waitFor()
    assert.equal(await codeError.innerText(), '登记码：登记码不对或已经过期。请核对后重输，或向乡镇管理员要新的登记码')
    await screenshot(page, 'sync-bad-code')

    await enroll(page, 'demo-code-2026')
    await page.locator('[data-test=sync-enrolled]', { hasText: '已登记：村：红旗村' }).waitFor()

    await page.locator('[data-test=sync-now]').click()
    const result = page.locator('[data-test=sync-result]')
    await result.waitFor()
    assert.match(await result.innerText(), /同步完成：上传 \d+ 条，下载 12 条/)
    await page.locator('[data-test=status-sync]', { hasText: '上次同步：刚刚' }).waitFor()

    const conflict = page.locator('[data-test=conflict]')
    await conflict.waitFor()
    assert.match(await conflict.locator('h3').innerText(), /^农户 .+（户编号 \d+）的“联系电话”$/)
    const values = conflict.locator('[data-test=conflict-value]')
    assert.equal(await values.count(), 2)
    assert.match(await values.nth(0).innerText(), /139\*\*\*\*9000\s+李娜 · \d{4}-\d\d-\d\d \d\d:\d\d\s+当前显示/)
    await screenshot(page, 'sync-conflict')
    await values.nth(1).locator('[data-test=conflict-keep]').click()
    await page.locator('[data-test=no-conflicts]').waitFor()
    await page.getByText('下次同步时会发到其他电脑').first().waitFor()
    assert.equal(await page.locator('[data-test=status-pending]').innerText(), '待同步修改：1')
    await screenshot(page, 'sync-resolved')

    await page.locator('[data-test=bundle-export]').click()
    await page.locator('[data-test=bundle-done]', { hasText: /^已导出 1 条修改到 \/演示\/U盘\/红旗村-/ }).waitFor()
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})

test('a broken voucher chain the hub reports shows on the page and in red in the status bar until acknowledged', async () => {
  const { page, errors, close } = await openBrowser()
  try {
    await openRealVillage(page, server.url)
    await page.getByRole('link', { name: '同步' }).click()
    await enroll(page, 'DEMO-CODE-2026')
    await page.locator('[data-test=sync-enrolled]').waitFor()
    // The pretend hub found this laptop's second voucher altered after posting.
    const device = await page.evaluate(async () => {
      const backend = window.__cunwuIpc.backend
      const id = (await backend.sync.status()).deviceId
      backend.sync.chainAlarms.hubFinds({
        device: id, seq: 3,
        message: `设备“${id}”的凭证链在第2张与第3张之间断开：第2张凭证的内容（或第3张记录的链接）在记账后被改动`,
        vouchers: [{ seq: 2, label: '2026-11 A-0002（现金收入）' }, { seq: 3, label: '2026-11 A-0003（现金收入）' }],
      })
      return id
    })
    await page.locator('[data-test=sync-now]').click()
    await page.locator('[data-test=sync-new-alarms]', { hasText: '本次同步发现 1 处凭证链断开' }).waitFor()
    const alarm = page.locator('[data-test=chain-alarm]')
    assert.equal(await alarm.locator('h3').innerText(), `设备：本机（${device}） · 第 3 张凭证处`)
    assert.match(await alarm.innerText(), /第 2 张：2026-11 A-0002（现金收入）/)
    assert.match(await page.locator('[data-test=chain-alarm-todo]').innerText(), /请联系乡镇管理员核对凭证/)
    const mark = page.locator('[data-test=status-chain-alarm]')
    assert.equal(await mark.innerText(), '凭证链告警 1')
    assert.equal(await mark.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(192, 57, 43)')
    await screenshot(page, 'sync-chain-alarm')

    // From another page, the red mark leads to the 同步 page.
    await page.getByRole('link', { name: '农户', exact: true }).click()
    await page.locator('[data-test=household-count]').waitFor()
    await mark.click()
    await page.locator('[data-test=chain-alarm-acknowledge]').click()
    await page.locator('[data-test=chain-alarm-done]', { hasText: /已确认：张浩然 · / }).waitFor()
    assert.equal(await mark.count(), 0)
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})

test("a demo village's 同步 page shows the refusal to enroll", async () => {
  const { page, errors, close } = await openBrowser()
  try {
    await openDemoVillage(page, server.url)
    await page.getByRole('link', { name: '同步' }).click()
    await page.locator('[data-test=sync-demo]').waitFor()
    await enroll(page, 'DEMO-CODE-2026')
    const refusal = page.locator('[data-test=sync-enroll-error]')
    await refusal.waitFor()
    assert.match(await refusal.innerText(), /^这是示范村（演示数据），不能同步到乡镇服务器或拷到别的电脑，以免演示数据混进真实台账。/)
    assert.equal(await page.locator('[data-test=sync-enrolled]').count(), 0)
    assert.equal(await page.locator('[data-test=sync-now]').isDisabled(), true)
    await screenshot(page, 'sync-demo-refused')
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})
