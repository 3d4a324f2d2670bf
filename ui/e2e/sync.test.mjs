// Browser tests of the 同步 page against the mock hub: a bad enrollment code
// is refused beside the field in Chinese, 立即同步 shows what moved and the
// status bar the last sync, and a conflict is resolved.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openBrowser, openDemoVillage, screenshot, serveApp } from './browser.mjs'

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
    await openDemoVillage(page, server.url)
    assert.equal(await page.locator('[data-test=status-sync]').innerText(), '上次同步：尚未同步')
    await page.getByRole('link', { name: '同步' }).click()

    await enroll(page, 'ABCD-EFGH-JK23')
    const codeError = page.locator('.el-form-item', { hasText: '登记码' }).locator('.el-form-item__error')
    await codeError.waitFor()
    assert.equal(await codeError.innerText(), '登记码：登记码不对或已经过期。请核对后重输，或向乡镇管理员要新的登记码')
    await screenshot(page, 'sync-bad-code')

    await enroll(page, 'demo-code-2026')
    await page.locator('[data-test=sync-enrolled]', { hasText: '已登记：村：示范村' }).waitFor()

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
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})
