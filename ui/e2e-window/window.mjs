// Harness of the real-window tests: the built desktop app (target/debug or
// target/release cunwu-desktop, with ui/dist embedded) in a private Xvfb
// display, driven through tauri-driver → WebKitWebDriver with Node's own
// fetch as the W3C WebDriver client. Every process started here is killed
// when the test ends, passes or fails (and on Ctrl+C).

import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const ARTIFACTS = join(REPO, 'artifacts')
/** The W3C WebDriver key of an element reference. */
export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'
const TAURI_DRIVER = process.env.TAURI_DRIVER ?? findTauriDriver()
const NATIVE_DRIVER = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver'

function findTauriDriver() {
  const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin', 'tauri-driver')
  return existsSync(cargoBin) ? cargoBin : 'tauri-driver'
}

/** The app binary: $CUNWU_DESKTOP_BIN, else debug/cunwu-desktop in $CARGO_TARGET_DIR or target/. */
export function appBinary() {
  const targetDir = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(REPO, 'target')
  const bin = process.env.CUNWU_DESKTOP_BIN ?? join(targetDir, 'debug', 'cunwu-desktop')
  if (!existsSync(bin)) throw new Error(`${bin} is missing: build it with scripts/desktop-build.sh`)
  return realpathSync(bin)
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Poll `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor(what, check, { timeoutMs = 15_000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs
  let last
  for (;;) {
    try {
      const value = await check()
      if (value) return value
    } catch (e) {
      last = e
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`)
    await sleep(intervalMs)
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Processes to kill at the end, as process groups (each started detached). */
const started = new Set()
function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}
function killAll() {
  for (const child of started) killGroup(child)
  started.clear()
}
process.on('exit', killAll)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll()
    process.exit(130)
  })
}

function start(cmd, args, options = {}) {
  const child = spawn(cmd, args, { detached: true, ...options })
  started.add(child)
  child.on('exit', () => started.delete(child))
  return child
}

/** Start Xvfb on a free display (it tells us which through -displayfd). */
async function startXvfb() {
  const xvfb = start('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  xvfb.stderr.on('data', (d) => { stderr += d })
  const display = await new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start: ${stderr}`)), 10_000)
    xvfb.stdio[3].on('data', (d) => {
      out += d
      if (out.includes('\n')) {
        clearTimeout(timer)
        resolve(`:${out.trim()}`)
      }
    })
    xvfb.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Xvfb exited with ${code}: ${stderr}`))
    })
  })
  return { xvfb, display }
}

/**
 * Xvfb and tauri-driver, ready for sessions. `env` is the app's environment
 * (XDG_DATA_HOME, CUNWU_DB): tauri-driver passes its own to WebKitWebDriver,
 * which starts the app.
 */
export async function startDriver(env) {
  const { xvfb, display } = await startXvfb()
  const port = await freePort()
  const nativePort = await freePort()
  const driverLog = []
  const driver = start(TAURI_DRIVER, ['--port', String(port), '--native-port', String(nativePort), '--native-driver', NATIVE_DRIVER], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, DISPLAY: display, LANG: 'zh_CN.UTF-8', TZ: process.env.TZ ?? 'Asia/Shanghai' },
  })
  driver.stdout.on('data', (d) => driverLog.push(String(d)))
  driver.stderr.on('data', (d) => driverLog.push(String(d)))
  const url = `http://127.0.0.1:${port}`
  await waitFor('tauri-driver to listen', async () => (await fetch(`${url}/status`)).ok, { timeoutMs: 15_000, intervalMs: 100 })
  return {
    url,
    display,
    pid: driver.pid,
    log: () => driverLog.join(''),
    stop() {
      killGroup(driver)
      killGroup(xvfb)
    },
  }
}

async function call(url, method, path, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const json = await res.json().catch(() => ({}))
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${json?.value?.error ?? ''} ${json?.value?.message ?? ''}`)
  return json.value
}

/** A WebDriver session: the app is started by creating it and closed by `end()`. */
export async function openApp(driver, binary = appBinary()) {
  const created = await call(driver.url, 'POST', '/session', {
    capabilities: { alwaysMatch: { 'tauri:options': { application: binary } } },
  })
  const base = `/session/${created.sessionId}`
  const wd = (method, path, body) => call(driver.url, method, `${base}${path}`, body)
  const session = {
    id: created.sessionId,
    /** Run a script in the page; `return` gives its value. */
    exec: (script, ...args) => wd('POST', '/execute/sync', { script, args }),
    /** Run an async script; it calls `arguments[arguments.length - 1](value)` to finish. */
    execAsync: (script, ...args) => wd('POST', '/execute/async', { script, args }),
    /** Resolve after the page has produced two more frames (what is in the DOM is painted). */
    painted: () => session.execAsync('const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)))'),
    /** The page's visible text. */
    text: () => session.exec('return document.body.innerText'),
    async find(css) {
      const found = await wd('POST', '/element', { using: 'css selector', value: css })
      return found[ELEMENT]
    },
    /** Wait until `css` matches an element whose text includes `text` (if given); return its id. */
    async waitFor(css, text = '', timeoutMs = 15_000) {
      const id = await waitFor(`${css} “${text}”`, async () => {
        const all = await wd('POST', '/elements', { using: 'css selector', value: css })
        for (const el of all) {
          const t = await wd('GET', `/element/${el[ELEMENT]}/text`)
          if (t.includes(text)) return el[ELEMENT]
        }
        return null
      }, { timeoutMs })
      return id
    },
    /** Wait until the page text includes `text`. */
    waitForText: (text, timeoutMs = 15_000) =>
      waitFor(`page text “${text}”`, async () => (await session.text()).includes(text), { timeoutMs }),
    click: (el) => wd('POST', `/element/${el}/click`, {}),
    type: (el, text) => wd('POST', `/element/${el}/value`, { text }),
    textOf: (el) => wd('GET', `/element/${el}/text`),
    /** Press keys on whatever has the focus; `mods` are held (e.g. ['Control']). */
    async press(key, mods = []) {
      const code = { Control: '\uE009', Alt: '\uE00A', Shift: '\uE008', Enter: '\uE007', Tab: '\uE004' }
      const k = (name) => code[name] ?? name
      const actions = [
        ...mods.map((m) => ({ type: 'keyDown', value: k(m) })),
        { type: 'keyDown', value: k(key) },
        { type: 'keyUp', value: k(key) },
        ...[...mods].reverse().map((m) => ({ type: 'keyUp', value: k(m) })),
      ]
      await wd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] })
      await wd('DELETE', '/actions')
    },
    /** Type text into whatever has the focus. */
    async typeKeys(text) {
      const actions = [...text].flatMap((c) => [{ type: 'keyDown', value: c }, { type: 'keyUp', value: c }])
      await wd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] })
    },
    async end() {
      await wd('DELETE', '').catch(() => {})
    },
  }
  return session
}

/**
 * On the 农户 list: type `query` in the search box, wait until the list has
 * settled on its result (the count unchanged for half a second: each typed
 * letter starts a search), then open the row of `name`.
 */
export async function openHousehold(app, query, name) {
  const search = await app.find('[data-test=household-search]')
  await app.click(search)
  await app.type(search, query)
  const count = () => app.exec('return document.querySelector("[data-test=household-count]")?.textContent ?? ""')
  let last = await count()
  let since = Date.now()
  await waitFor(`the list to settle on “${query}”`, async () => {
    const now = await count()
    if (now !== last) {
      last = now
      since = Date.now()
    }
    return Date.now() - since >= 500
  })
  await app.click(await app.waitFor('.el-table-v2__row', name))
  await app.waitFor('[data-test=household-title]', name)
}

/** The app processes (executable `binary`) this driver started. */
export function appPids(driver, binary) {
  return processTree(driver.pid).filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/exe`) === binary
    } catch {
      return false // gone
    }
  })
}

/** `pid` and all its descendants. */
export function processTree(pid) {
  const children = new Map()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (!children.has(ppid)) children.set(ppid, [])
      children.get(ppid).push(Number(entry))
    } catch {
      // Gone.
    }
  }
  const tree = []
  const queue = [pid]
  while (queue.length) {
    const p = queue.shift()
    tree.push(p)
    queue.push(...(children.get(p) ?? []))
  }
  return tree
}

/** Process name (comm) and proportional set size in KiB, from /proc. */
export function pss(pid) {
  const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim()
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
  const kib = Number(rollup.match(/^Pss:\s+(\d+) kB/m)?.[1] ?? 0)
  return { pid, comm, pssKiB: kib }
}

/** Seconds since boot when `pid` started (10 ms resolution) and now. */
export function startedAt(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19])
  return ticks / 100
}
/** CPU time (user + system) `pid` has used so far, in ms. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}
export function uptime() {
  return Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0])
}

/**
 * Screenshot of the app's X window (found by its title, else the whole
 * screen) with ImageMagick's `import`, once the page has painted what its DOM
 * holds: the X window lags the DOM by a frame or more, and a capture taken
 * too early is blank or shows the previous screen. Retried while blank.
 */
export async function screenshot(app, display, name, title = '村务') {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = join(ARTIFACTS, `${name}.png`)
  const env = { ...process.env, DISPLAY: display }
  let window = 'root'
  try {
    const tree = execFileSync('xwininfo', ['-root', '-tree'], { env, encoding: 'utf8' })
    const line = tree.split('\n').find((l) => l.includes(`"${title}"`) && /\d+x\d+\+/.test(l))
    window = line?.trim().split(/\s+/)[0] ?? 'root'
  } catch {
    // xwininfo missing or failed: take the whole screen.
  }
  await app?.painted().catch(() => {})
  for (let attempt = 0; attempt < 10; attempt++) {
    await sleep(400)
    execFileSync('import', ['-window', window, path], { env })
    const colors = Number(execFileSync('convert', [path, '-format', '%k', 'info:'], { encoding: 'utf8' }))
    if (colors > 16) break
  }
  return path
}
