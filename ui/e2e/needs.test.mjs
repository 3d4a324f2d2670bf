// Browser test of needs (诉求) on a 1366×705 window: a visit records a need
// in the same step, the household page shows it, the 诉求 page (Alt+6) lists
// it with the status counts, and the need page walks it to 已销号 with the
// buttons the backend offers; the 回执 slip is rendered to an image
// (artifacts/need-receipt.png). Every primary button is on screen and no
// visible text is under 16 px.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openBrowser, openDemoVillage, screenshot, serveApp } from './browser.mjs'

let server
before(async () => { server = await serveApp() })
after(async () => { await server?.close() })

/** Visible text elements whose font is under 16 px (their text, to report). */
async function smallText(page) {
  return page.evaluate(() => [...document.querySelectorAll('.cw-page *, .el-overlay *, .el-message *')].filter((el) => {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
    if (!own) return false
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.height === 0) return false
    return parseFloat(getComputedStyle(el).fontSize) < 16
  }).map((el) => `${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 30)}`))
}

/** Whether the element is wholly inside the window. */
async function onScreen(locator) {
  const box = await locator.boundingBox()
  const size = locator.page().viewportSize()
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width
}

test('a need recorded on a visit is walked to 已销号 and its 回执 printed', async () => {
  const { page, errors, close } = await openBrowser()
  try {
    await page.setViewportSize({ width: 1366, height: 705 })
    await openDemoVillage(page, server.url)
    await page.keyboard.press('Alt+2')
    await page.getByRole('heading', { name: '记走访' }).waitFor()
    await page.keyboard.type('jinjialong')
    await page.locator('.cw-picker-popper .el-select-dropdown__item', { hasText: '金家龙' }).waitFor()
    await page.keyboard.press('Enter')
    await page.locator('[data-test=visit-situation]').fill('屋顶漏雨，老人独居')
    await page.locator('[data-test=visit-need-add]').click()
    // The new need's text field has the focus.
    await page.waitForFunction(() => document.activeElement?.id === 'need-0-text')
    const ask = `希望申请危房改造 ${Date.now()}`
    await page.keyboard.type(ask)
    await page.keyboard.press('Control+Enter')
    await page.locator('.el-message--success', { hasText: '已保存金家龙家的走访记录' }).waitFor()
    assert.equal(await page.locator('[data-test=visit-need]').count(), 0, 'the form is cleared for the next household')

    await page.locator('[data-test=open-saved]').click()
    const mine = page.locator('[data-test=household-need]', { hasText: ask })
    await mine.waitFor()
    assert.match(await mine.innerText(), /已收集/)

    await page.keyboard.press('Alt+6')
    await page.getByRole('heading', { name: '诉求' }).waitFor()
    await page.locator('[data-test=need-list]').getByText(ask).waitFor()
    assert.match(await page.locator('[data-test=count-collected]').innerText(), /^2\s*已收集$/)
    for (const b of ['need-new', 'need-export', 'need-export-public', 'count-overdue']) {
      assert.ok(await onScreen(page.locator(`[data-test=${b}]`)), `${b} is on screen`)
    }
    assert.deepEqual(await smallText(page), [])
    await screenshot(page, 'needs-list')

    await page.locator('[data-test=need-list] tr', { hasText: ask }).locator('[data-test=need-link]').click()
    await page.locator('[data-test=need-text]', { hasText: ask }).waitFor()
    const status = page.locator('.head [data-test=need-status]')
    const take = async (key, fill) => {
      const button = page.locator(`[data-test=step-${key}]`)
      assert.ok(await onScreen(button), `${key} button on screen`)
      await button.click()
      await page.locator('[data-test=step-form]').waitFor()
      await fill?.()
      await page.locator('[data-test=step-save]').click()
      await page.locator('[data-test=step-form]').waitFor({ state: 'hidden' })
    }
    await take('register')
    assert.equal(await status.innerText(), '已登记')
    await take('claim', async () => {
      await page.locator('[data-test=step-owner]').click()
      await page.locator('.el-select-dropdown__item', { hasText: '李秀英' }).click()
      await page.locator('[data-test=step-promised]').fill('2099-12-31')
    })
    assert.equal(await status.innerText(), '已领办')
    assert.equal(await page.locator('[data-test=need-owner]').innerText(), '李秀英')
    await take('done', () => page.locator('[data-test=step-note]').fill('补助已批，屋顶已修好'))
    await take('feedback', () => page.locator('[data-test=step-result]').getByText('满意', { exact: true }).click())
    await take('close')
    assert.equal(await status.innerText(), '已销号')
    const steps = await page.locator('[data-test=timeline-step]').allInnerTexts()
    assert.deepEqual(steps.map((s) => s.match(/→ (\S+)/)?.[1]), ['已登记', '已领办', '已落实', '已反馈', '已销号'])
    assert.match(steps[2], /补助已批，屋顶已修好/)
    assert.deepEqual(await smallText(page), [])
    await screenshot(page, 'need-closed')

    await page.locator('[data-test=print-receipt]').click()
    const frame = page.locator('[data-test=print-frame]')
    await frame.waitFor()
    const html = await frame.getAttribute('srcdoc')
    assert.ok(await onScreen(page.locator('[data-test=print-now]')), 'print button on screen')
    const slip = await page.context().newPage()
    await slip.setViewportSize({ width: 560, height: 794 }) // A5 at 96 dpi
    await slip.setContent(html)
    const text = await slip.locator('body').innerText()
    for (const s of ['群众诉求受理回执', ask, '李秀英', '2099-12-31', '0738-1234567', '查询码']) assert.ok(text.includes(s), `回执 shows ${s}`)
    assert.match(await slip.locator('[data-test=receipt-code]').innerText(), /^[A-Z]{2}-[A-Z0-9]{3}-\d+-[A-Z0-9]$/)
    await screenshot(slip, 'need-receipt')
    await slip.close()
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})
