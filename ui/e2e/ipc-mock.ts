// Injected into the page by the browser tests (Playwright addInitScript)
// before the app loads: it fakes Tauri's IPC with `mockIPC` and answers each
// command from the in-memory MockBackend. The app under test is the real
// production build, talking through api/tauri.ts exactly as in the desktop
// window; argument names are checked here, so a drift between tauri.ts and
// the command contract fails the tests.

import { mockIPC } from '@tauri-apps/api/mocks'
import { MockBackend } from '../src/api/mock'
import { COMMANDS } from '../src/api/tauri'
import { coopHandlers } from './coop-ipc'
import { needHandlers } from './need-ipc'
import type { AppInitInput, HouseholdFilter, VisitInput } from '../src/api/types'
import { syncHandlers, wantsBundle } from './ipc-mock-sync'

type Args = Record<string, unknown>

/** Calls seen, for tests that want to assert on them. */
const calls: { cmd: string; args: Args }[] = []
const backend = new MockBackend()

function arg<T>(args: Args, name: string): T {
  if (!(name in args)) throw { code: 'bad_args', message: `测试替身：命令缺少参数 ${name}（收到 ${Object.keys(args).join(', ')}）` }
  return args[name] as T
}

const handlers: Record<string, (a: Args) => unknown> = {
  [COMMANDS.appInfo]: () => backend.appInfo(),
  [COMMANDS.appInit]: (a) => backend.appInit({ village: arg(a, 'village'), user: arg(a, 'user'), township: a.township, demoHouseholds: a.demoHouseholds } as AppInitInput),
  [COMMANDS.status]: () => backend.status(),
  [COMMANDS.demoExitPlan]: () => backend.demoExitPlan(),
  [COMMANDS.demoLeave]: () => backend.demoLeave(),
  [COMMANDS.householdList]: (a) => backend.householdList(arg<HouseholdFilter>(a, 'filter')),
  [COMMANDS.householdGet]: (a) => backend.householdGet(arg(a, 'id'), arg(a, 'reveal')),
  [COMMANDS.householdAdd]: (a) => backend.householdAdd(arg(a, 'fields')),
  [COMMANDS.householdEdit]: (a) => backend.householdEdit(arg(a, 'id'), arg(a, 'field'), arg(a, 'value')),
  [COMMANDS.visitAdd]: (a) => backend.visitAdd(arg(a, 'householdId'), arg<VisitInput>(a, 'input')),
  [COMMANDS.visitAmend]: (a) => backend.visitAmend(arg(a, 'visitId'), arg<VisitInput>(a, 'input')),
  [COMMANDS.importHouseholds]: (a) => backend.importHouseholds(arg(a, 'path'), arg(a, 'dryRun')),
  [COMMANDS.exportHouseholds]: (a) => backend.exportHouseholds(arg(a, 'path'), arg(a, 'public')),
  [COMMANDS.exportVisits]: (a) => backend.exportVisits(arg(a, 'path')),
  ...coopHandlers(backend, arg),
  ...needHandlers(backend, arg),
  ...syncHandlers(backend, arg),
  // The file dialogs of tauri-plugin-dialog.
  'plugin:dialog|open': (a) => (wantsBundle(a) ? backend.sync.chooseBundleImportFile() : backend.chooseImportFile()),
  'plugin:dialog|save': (a) => {
    const options = arg<{ defaultPath?: string }>(a, 'options')
    if (wantsBundle(a)) return backend.sync.chooseBundleExportPath(options.defaultPath ?? 'bundle.cunwu')
    return backend.chooseExportPath(options.defaultPath ?? 'export.xlsx')
  },
}

// Events are mocked too, so the sync part can send `sync-changed` to the page.
mockIPC((cmd, payload) => {
  const args = (payload ?? {}) as Args
  calls.push({ cmd, args })
  const handler = handlers[cmd]
  if (!handler) return Promise.reject({ code: 'unknown_command', message: `测试替身：没有命令 ${cmd}` })
  try {
    return handler(args)
  } catch (e) {
    return Promise.reject(e)
  }
}, { shouldMockEvents: true })

Object.assign(window, { __cunwuIpc: { calls, backend } })
