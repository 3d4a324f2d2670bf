// Browser tests of import (a register with bad rows) and of the shipped
// build opened outside the desktop app.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openBrowser, openDemoVillage, screenshot, serveApp } from './browser.mjs'

let server
before(async () => { server = await serveApp() })
after(async () => { await server?.close() })

test('an import with bad rows lists them by row, column, value and reason', async () => {
  const { page, errors, close } = await openBrowser()
  try {
    await openDemoVillage(page, server.url)
    await page.getByRole('link', { name: '导入导出' }).click()
    await page.locator('[data-test=choose-file]').click()
    const table = page.locator('[data-test=import-problems]')
    await table.waitFor()
    const headers = await table.locator('thead th').allInnerTexts()
    assert.deepEqual(headers.map((h) => h.trim()), ['行号', '列', '内容', '原因'])
    const rows = (await table.locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()))
    assert.equal(rows.length, 5, JSON.stringify(rows))
    assert.deepEqual(rows.find((r) => r[1] === '联系电话'), ['6', '联系电话', '1381234000', '手机号应为以1开头的11位数字，现在是10位，请核对'])
    assert.ok(rows.some((r) => r[0] === '7' && r[1] === '身份证号' && r[3].includes('校验位')), JSON.stringify(rows))
    assert.ok(rows.some((r) => r[1] === '户属性' && r[2] === '贫困户'))
    assert.ok(rows.some((r) => r[1] === '村民小组' && r[2] === 'abc'))
    assert.ok(rows.some((r) => r[1] === '户编号' && r[3].includes('必须填写')))
    assert.match(await page.locator('[data-test=import-summary]').innerText(), /共 9 行：新增 2 户，更新 1 户，无变化 1 户/)
    await screenshot(page, 'import-report')
    await page.locator('[data-test=import-confirm]').click()
    await page.locator('[data-test=import-done]', { hasText: '新增 2 户，更新 1 户' }).waitFor()
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})

test('the shipped build outside the desktop app refuses instead of showing fake data', async () => {
  const { page, close } = await openBrowser({ mockIpc: false })
  try {
    await page.goto(server.url)
    await page.getByText('需要在“村务”桌面程序里打开').waitFor()
    await screenshot(page, 'no-backend')
    assert.equal(await page.getByText('欢迎使用村务').count(), 0)
  } finally {
    await close()
  }
})
