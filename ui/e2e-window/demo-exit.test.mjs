// Real-window test of leaving the demo village in the built desktop app:
// open the demo, click the status bar's 示范村 mark, confirm, and the window
// shows first start while the demo's database is kept beside the normal one
// as village-demo-YYYYMMDD-HHMMSS.db; then 红旗村 is set up and the status
// bar no longer says 示范村. Run: node --test ui/e2e-window/demo-exit.test.mjs

import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { openApp, screenshot, startDriver } from './window.mjs'

test('the desktop window: open the demo, leave it, set up 红旗村', { timeout: 600_000 }, async () => {
  const data = await mkdtemp(join(tmpdir(), 'cunwu-demo-exit-'))
  const driver = await startDriver({ XDG_DATA_HOME: data })
  let app
  try {
    app = await openApp(driver)
    await app.waitForText('欢迎使用村务', 60_000)
    await app.click(await app.find('[data-test=open-demo]'))
    await app.waitFor('[data-test=household-count]', '共 3000 户', 240_000)

    await app.click(await app.find('[data-test=status-demo]'))
    const box = await app.waitFor('.el-message-box', '离开示范村，建立本村')
    assert.match(await app.textOf(box), /village-demo-\d{8}-\d{6}\.db/)
    assert.ok((await app.textOf(box)).includes(join(data, 'cunwu')), 'the confirmation says where')
    await screenshot(app, driver.display, 'desktop-demo-exit-confirm')
    await app.click(await app.find('.el-message-box__btns .el-button--primary'))
    await app.waitForText('欢迎使用村务', 60_000)

    const files = await readdir(join(data, 'cunwu'))
    assert.ok(files.includes('village.db'), files.join(', '))
    assert.equal(files.filter((f) => /^village-demo-\d{8}-\d{6}\.db$/.test(f)).length, 1, files.join(', '))
    assert.ok(!files.some((f) => /^village-demo-.*-(wal|shm)$/.test(f)), files.join(', '))

    await app.type(await app.find('input[name=village]'), '红旗村')
    await app.type(await app.find('input[name=user]'), '张浩然')
    await app.click(await app.find('[data-test=create-village]'))
    await app.waitFor('[data-test=status-village]', '村：红旗村', 30_000)
    assert.equal(await app.exec('return document.querySelectorAll("[data-test=status-demo]").length'), 0)
    await screenshot(app, driver.display, 'desktop-demo-exit-real-village')
  } finally {
    await app?.end()
    await driver.stop()
    await rm(data, { recursive: true, force: true })
  }
})
