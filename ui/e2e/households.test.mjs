// Browser tests of the household register: pinyin search, and a refused
// phone number shown beside the field. Run with `npm run test:e2e`.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openBrowser, openDemoVillage, screenshot, serveApp } from './browser.mjs'

let server
before(async () => { server = await serveApp() })
after(async () => { await server?.close() })

test('searching by pinyin initials jjl finds 金家龙 of group 3', async () => {
  const { page, errors, close } = await openBrowser()
  try {
    await openDemoVillage(page, server.url)
    const search = page.locator('[data-test=household-search]')
    await search.fill('jjl')
    const row = page.locator('.el-table-v2__row', { hasText: '金家龙' })
    await row.waitFor()
    assert.match(await row.innerText(), /03018[\s\S]*金家龙[\s\S]*\b3\b/)
    const count = await page.locator('[data-test=household-count]').innerText()
    assert.ok(Number(count.match(/\d+/)?.[0]) < 100, `jjl should narrow the list, got ${count}`)
    await screenshot(page, 'search-jjl')
    // Keyboard: move to 金家龙 and open it with Enter.
    const names = await page.locator('.el-table-v2__row .name').allInnerTexts()
    for (let i = 0; i < names.indexOf('金家龙'); i++) await search.press('ArrowDown')
    await search.press('Enter')
    await page.locator('[data-test=household-title]', { hasText: '金家龙' }).waitFor()
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})

test('an invalid phone shows the Chinese message beside the field', async () => {
  const { page, errors, close } = await openBrowser()
  try {
    await openDemoVillage(page, server.url)
    await page.locator('[data-test=household-search]').fill('金家龙')
    await page.locator('.el-table-v2__row', { hasText: '金家龙' }).click()
    const phone = page.locator('.cw-profile-field[data-field=phone]')
    await phone.locator('[data-test=field-edit]').click()
    const input = phone.locator('[data-test=field-input]')
    await input.fill('1380013800')
    await input.press('Enter')
    const message = phone.locator('.el-form-item__error')
    await message.waitFor()
    assert.equal((await message.innerText()).trim(), '联系电话：手机号应为以1开头的11位数字，现在是10位，请核对')
    await screenshot(page, 'invalid-phone')
    // A valid number is taken, the message goes, the value shows masked, the status bar counts the change.
    await input.fill('13800138000')
    await input.press('Enter')
    await phone.locator('[data-test=field-value]', { hasText: '138****8000' }).waitFor()
    assert.equal(await phone.locator('.el-form-item__error').count(), 0)
    await page.locator('[data-test=status-pending]', { hasText: '1' }).waitFor()
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})
