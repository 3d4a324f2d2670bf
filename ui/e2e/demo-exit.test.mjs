// Browser test of leaving the demo village: open the demo, click the status
// bar's 示范村 mark, read where the demo's file will be kept, confirm, and
// land on first start; the real village 红旗村 is then set up and the
// status bar no longer says 示范村.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openBrowser, openDemoVillage, screenshot, serveApp } from './browser.mjs'

let server
before(async () => { server = await serveApp() })
after(async () => { await server?.close() })

test('open the demo, leave it, and set up 红旗村', async () => {
  const { page, errors, close } = await openBrowser()
  try {
    await openDemoVillage(page, server.url)
    const mark = page.locator('[data-test=status-demo]')
    assert.equal(await mark.innerText(), '示范村（演示数据，不同步）')
    await mark.click()

    const box = page.locator('.el-message-box')
    await box.waitFor()
    const text = await box.innerText()
    assert.match(text, /离开示范村，建立本村/)
    assert.match(text, /village-demo-\d{8}-\d{6}\.db/)
    assert.match(text, /\/home\/cunwu\/\.local\/share\/cunwu/)
    await screenshot(page, 'demo-exit-confirm')
    await box.getByRole('button', { name: '离开示范村' }).click()

    await page.getByText('欢迎使用村务').waitFor()
    await page.getByText(/示范村的数据已另存为 .*village-demo-/).first().waitFor()
    await page.locator('input[name=village]').fill('红旗村')
    await page.locator('input[name=user]').fill('张浩然')
    await page.locator('[data-test=create-village]').click()
    await page.locator('[data-test=household-count]').waitFor()
    assert.equal(await page.locator('[data-test=status-village]').innerText(), '村：红旗村')
    assert.equal(await page.locator('[data-test=status-demo]').count(), 0)
    await screenshot(page, 'demo-exit-real-village')
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})
