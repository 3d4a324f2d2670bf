// Desktop benchmark (run by scripts/desktop-bench.sh, which prepares the
// village): for each run, start the app on the village in $XDG_DATA_HOME
// and measure
//  - cold start: from the app process's start (/proc/<pid>/stat) to the
//    household list's rows being in the page (polled through WebDriver
//    every 10 ms) and painted (two more animation frames): an upper bound
//    by about one poll and one frame. Also the CPU time the app's processes
//    had used by then (cpuToListMs): on a shared, busy machine the wall time
//    includes waiting for a core, the CPU time does not;
//  - memory: PSS of the app and every process it started (WebKitWebProcess,
//    WebKitNetworkProcess) from /proc/<pid>/smaps_rollup, 3 s after the list
//    showed, and again after searching jjl and opening 金家龙's page.
// Prints one JSON object on stdout.
//
// Usage: node ui/e2e-window/bench.mjs [--runs N]   (env: XDG_DATA_HOME, CUNWU_DESKTOP_BIN)

import { appBinary, appPids, cpuMs, openApp, openHousehold, processTree, screenshot, pss, startDriver, startedAt, uptime, waitFor } from './window.mjs'

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5
const binary = appBinary()
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const ROWS = `return [document.querySelectorAll('.el-table-v2__row').length,
  document.querySelector('[data-test=household-count]')?.textContent ?? '']`

function memory(pid) {
  const processes = processTree(pid).map(pss)
  const totalKiB = processes.reduce((sum, p) => sum + p.pssKiB, 0)
  return { totalMiB: Math.round(totalKiB / 102.4) / 10, processes }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const driver = await startDriver({ XDG_DATA_HOME: process.env.XDG_DATA_HOME })
const results = []
try {
  for (let i = 0; i < runs; i++) {
    const asked = Date.now()
    const app = await openApp(driver, binary)
    try {
      const [rows, count] = await waitFor('household rows', async () => {
        const seen = await app.exec(ROWS)
        return seen[0] > 0 ? seen : null
      }, { timeoutMs: 60_000, intervalMs: 10 })
      await app.painted()
      const now = uptime()
      const listedAt = Date.now()
      const [pid] = appPids(driver, binary)
      if (!pid) throw new Error(`no ${binary} process`)
      const cpuToListMs = processTree(pid).reduce((sum, p) => sum + cpuMs(p), 0)
      const startToListMs = Math.round((now - startedAt(pid)) * 1000)
      // Where the time went, from the page's own clock: process start → page
      // navigation start → DOMContentLoaded → rows painted.
      const processStart = listedAt - startToListMs
      const page = await app.exec(`const n = performance.getEntriesByType('navigation')[0]
        return { origin: performance.timeOrigin, dcl: n ? n.domContentLoadedEventEnd : null }`)
      const phases = {
        pageStartMs: Math.round(page.origin - processStart),
        domContentLoadedMs: page.dcl === null ? null : Math.round(page.origin + page.dcl - processStart),
      }
      await sleep(3000)
      const atList = memory(pid)
      await openHousehold(app, 'jjl', '金家龙')
      await sleep(2000)
      const atHousehold = memory(pid)
      results.push({ startToListMs, cpuToListMs, phases, sessionToListMs: listedAt - asked, rowsRendered: rows, count, pssAtList: atList, pssAtHousehold: atHousehold })
      process.stderr.write(`run ${i + 1}: list in ${startToListMs} ms, PSS ${atList.totalMiB} MiB (household page ${atHousehold.totalMiB} MiB)\n`)
    } catch (e) {
      await screenshot(app, driver.display, 'desktop-bench-failure').catch(() => {})
      throw e
    } finally {
      await app.end()
    }
    await waitFor('the app to exit', () => appPids(driver, binary).length === 0, { timeoutMs: 10_000 }).catch(() => {})
  }
} finally {
  driver.stop()
}

const starts = results.map((r) => r.startToListMs)
const pssList = results.map((r) => r.pssAtList.totalMiB)
const pssHousehold = results.map((r) => r.pssAtHousehold.totalMiB)
console.log(JSON.stringify({
  binary,
  runs: results.length,
  coldStartToListMs: { first: starts[0], median: median(starts), max: Math.max(...starts), targetBelow: 1500 },
  pssMiB: {
    listOpen: { median: median(pssList), max: Math.max(...pssList) },
    householdPageOpen: { median: median(pssHousehold), max: Math.max(...pssHousehold) },
    targetBelow: 350,
  },
  perRun: results,
}, null, 2))
