// Browser test of the co-op: open 合作社, open the sheep lot that is still
// buying, enter a delivery with the keyboard only, see the amount the
// backend computed, and find the trial balance still balanced.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openBrowser, openDemoVillage, screenshot, serveApp } from './browser.mjs'

let server
before(async () => { server = await serveApp() })
after(async () => { await server?.close() })

test('an intake row typed with the keyboard only is posted and the books still balance', async () => {
  const { page, errors, close } = await openBrowser()
  try {
    await openDemoVillage(page, server.url)
    await page.keyboard.press('Alt+4')
    await page.getByRole('heading', { name: '合作社 · 统一收购批次' }).waitFor()
    const list = page.locator('[data-test=lot-list]')
    await list.getByText('已结束').waitFor()
    assert.match(await list.innerText(), /肉羊统一收购（第一批）[\s\S]*¥13,440\.00[\s\S]*¥2,280\.00/)
    await page.getByRole('link', { name: '肉羊统一收购（第二批）' }).click()
    await page.locator('[data-test=lot-title]', { hasText: '肉羊统一收购（第二批）' }).waitFor()
    assert.equal(await page.locator('[data-test=intake-line]').count(), 3)

    // The household cell has the focus; from here on, the keyboard only.
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === '户编号')
    for (const [text, key] of [['03018', 'Enter'], ['2', 'Tab'], ['109', 'Enter']]) {
      await page.keyboard.type(text)
      await page.keyboard.press(key)
    }
    await page.keyboard.press('ArrowDown') // 单位: kg → 斤
    await page.keyboard.press('Enter')
    await page.keyboard.type('一等')
    await page.keyboard.press('Enter')
    await page.keyboard.type('14')
    await page.keyboard.press('Enter')

    await page.locator('[data-test=intake-saved]', { hasText: '收购金额 ¥1,526.00' }).waitFor()
    await page.locator('[data-test=intake-line]').nth(3).waitFor()
    const row = await page.locator('[data-test=intake-line]').nth(3).innerText()
    assert.match(row, /03018\s+金家龙\s+2\s+109 斤[\s\S]*¥14\.00\/斤\s+¥1,526\.00/)
    assert.equal(await page.locator('[data-test=pnl-purchase]').innerText(), '¥5,441.00')
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), '户编号')
    assert.match(await page.locator('[data-test=payout-table]').innerText(), /03018[\s\S]*未付清/)
    await screenshot(page, 'coop-lot')

    await page.getByRole('link', { name: '返回合作社' }).click()
    await page.locator('[data-test=open-books]').click()
    const banner = page.locator('[data-test=tb-banner]')
    await banner.waitFor()
    assert.match(await banner.innerText(), /试算平衡：借方合计等于贷方合计/)
    assert.match(await page.locator('[data-test=tb-table]').innerText(), /114\s+成员往来[\s\S]*¥5,441\.00/)
    await screenshot(page, 'coop-books')
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})
