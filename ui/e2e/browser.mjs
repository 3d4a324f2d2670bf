// Harness of the browser tests: serve the production build with Vite's
// preview() on a free port, drive Debian's chromium with playwright-core,
// and fake Tauri's IPC by injecting dist-e2e/ipc-mock.js before the app
// loads (page.addInitScript). The app itself holds no test hooks.

import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { preview } from 'vite'

export const UI_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
export const ARTIFACTS = join(UI_DIR, 'artifacts')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--lang=zh-CN',
]

/** Serve ui/dist on 127.0.0.1 at a free port. */
export async function serveApp() {
  const server = await preview({
    root: UI_DIR,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  })
  const address = server.httpServer.address()
  if (!address || typeof address === 'string') throw new Error('preview server has no port')
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() }
}

/**
 * A fresh chromium (its own new --user-data-dir, so no remembered visitors
 * or language) with one page. `mockIpc: false` opens the app as a plain
 * browser would see it, without Tauri.
 */
export async function openBrowser({ mockIpc = true } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'cunwu-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1366, height: 860 },
    locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(10_000)
  const errors = []
  page.on('pageerror', (e) => errors.push(e))
  if (mockIpc) await page.addInitScript({ content: await readFile(join(UI_DIR, 'dist-e2e', 'ipc-mock.js'), 'utf8') })
  return {
    page,
    errors,
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

/** First start → open the demo village, then wait for the household list. */
export async function openDemoVillage(page, url) {
  await page.goto(url)
  await page.getByText('欢迎使用村务').waitFor()
  await page.locator('[data-test=open-demo]').click()
  await page.locator('[data-test=household-count]').filter({ hasText: /共 \d{4} 户/ }).waitFor()
}

/**
 * First start → set up a real village (not the demo, so it may enroll and
 * sync) and import its register from the mock's spreadsheet, as a team does
 * on its first day; then wait for the household list.
 */
export async function openRealVillage(page, url, { village = '红旗村', user = '张浩然' } = {}) {
  await page.goto(url)
  await page.getByText('欢迎使用村务').waitFor()
  await page.locator('input[name=village]').fill(village)
  await page.locator('input[name=user]').fill(user)
  await page.locator('[data-test=create-village]').click()
  await page.locator('[data-test=household-count]').waitFor()
  await page.getByRole('link', { name: '导入导出' }).click()
  await page.locator('[data-test=choose-file]').click()
  await page.locator('[data-test=import-confirm]').click()
  await page.locator('[data-test=import-done]').waitFor()
  await page.getByRole('link', { name: '农户', exact: true }).click()
  await page.locator('[data-test=household-count]').filter({ hasText: /共 [1-9]\d* 户/ }).waitFor()
}

/** Save a screenshot under ui/artifacts/ (gitignored). */
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path })
  return path
}
