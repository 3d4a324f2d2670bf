// Browser test of quick visit entry: keyboard only, then the visit is in the
// household's timeline.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { openBrowser, openDemoVillage, screenshot, serveApp } from './browser.mjs'

let server
before(async () => { server = await serveApp() })
after(async () => { await server?.close() })

/** Press Tab until the focused element has this aria-label (at most `max` times). */
async function tabTo(page, label, max = 12) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))
    if (focused === label) return
  }
  throw new Error(`Tab never reached ${label}`)
}

test('a visit typed with the keyboard only appears in the household timeline', async () => {
  const { page, errors, close } = await openBrowser()
  try {
    await openDemoVillage(page, server.url)
    await page.keyboard.press('Alt+2')
    await page.getByRole('heading', { name: '记走访' }).waitFor()
    // The household picker has the focus: type full pinyin, Enter takes the first match.
    await page.keyboard.type('jinjialong')
    await page.locator('.cw-picker-popper .el-select-dropdown__item', { hasText: '金家龙' }).waitFor()
    await page.keyboard.press('Enter')
    await tabTo(page, '家庭情况')
    const marker = `老人腿脚不便，需要轮椅 ${Date.now()}`
    await page.keyboard.type(marker)
    await page.keyboard.press('Tab')
    await page.keyboard.type('出行困难')
    await page.keyboard.press('Control+Enter')
    await page.locator('.el-message--success', { hasText: '已保存金家龙家的走访记录' }).waitFor()
    await screenshot(page, 'visit-saved')
    await page.locator('[data-test=open-saved]').click()
    const entry = page.locator('[data-test=visit-timeline] .visit', { hasText: marker })
    await entry.waitFor()
    const text = await entry.innerText()
    assert.match(text, /困难问题：出行困难/)
    assert.match(text, /记录人：演示用户/)
    const today = await page.evaluate(() => new Date().toLocaleDateString('sv'))
    assert.match(await page.locator('.el-timeline-item', { hasText: marker }).innerText(), new RegExp(today))
    await entry.scrollIntoViewIfNeeded()
    await screenshot(page, 'visit-timeline')
    assert.deepEqual(errors, [])
  } finally {
    await close()
  }
})
