// Which backend the app talks to. Inside the desktop window it is always
// Tauri. The in-memory mock is only ever chosen in test mode (Vitest,
// `npm run dev:mock`) or on the dev server with `?mock`; a shipped build
// outside Tauri gets a backend that refuses with a clear message, so the
// app never silently runs on fake data.

import { inject, type InjectionKey } from 'vue'
import type { Backend } from './backend'
import type { BackendError } from './types'
import { TauriBackend } from './tauri'

export type { Backend } from './backend'
export * from './types'
export type * from './coop-types'
export * from './sync-types'
export type * from './backup-types'
export type * from './demo-exit-types'
export type * from './need-types'

export type BackendKind = 'tauri' | 'mock' | 'none'

export interface Environment {
  hasTauri: boolean
  mode: string
  dev: boolean
  search: string
}

export function backendKind(env: Environment): BackendKind {
  if (env.hasTauri) return 'tauri'
  if (env.mode === 'test') return 'mock'
  if (env.dev && new URLSearchParams(env.search).has('mock')) return 'mock'
  return 'none'
}

/** Rejects every call: the page was opened outside the desktop app. */
export function unavailableBackend(): Backend {
  const refuse = (): Promise<never> =>
    Promise.reject({ code: 'no_backend', message: '这个页面需要在“村务”桌面程序里打开，请从开始菜单或桌面图标启动村务' } satisfies BackendError)
  const refusing = <T extends object>() => new Proxy({} as T, { get: () => refuse })
  return new Proxy({} as Backend, { get: (_, key) => (key === 'sync' || key === 'backup' || key === 'needs' ? refusing() : refuse) })
}

export async function createBackend(env: Environment = {
  hasTauri: typeof window !== 'undefined' && window.__TAURI_INTERNALS__ !== undefined,
  mode: import.meta.env.MODE,
  dev: import.meta.env.DEV,
  search: typeof location !== 'undefined' ? location.search : '',
}): Promise<{ kind: BackendKind; backend: Backend }> {
  const kind = backendKind(env)
  if (kind === 'tauri') return { kind, backend: new TauriBackend() }
  // Statically false in a production build, so the mock is not even bundled.
  if (kind === 'mock' && (import.meta.env.MODE === 'test' || import.meta.env.DEV)) {
    const { MockBackend } = await import('./mock')
    return { kind, backend: new MockBackend({ latencyMs: import.meta.env.DEV ? 30 : 0 }) }
  }
  return { kind: 'none', backend: unavailableBackend() }
}

export const BACKEND: InjectionKey<Backend> = Symbol('backend')

/** The backend provided by the app (main.ts) or a test. */
export function useBackend(): Backend {
  const backend = inject(BACKEND)
  if (!backend) throw new Error('no backend provided')
  return backend
}
