// Where syncing stands, shared by the status bar and the sync page: one
// reactive copy per backend, refreshed whenever the backend says the status
// may have changed (the background task's event) and after the page's own
// actions; `now` ticks so "10 分钟前" stays true.

import { reactive } from 'vue'
import type { Backend, SyncView } from '../api'

const TICK_MS = 30_000

export interface SyncState {
  view: SyncView | null
  /** The clock relative times are measured against, UTC ms. */
  now: number
  refresh(): Promise<void>
  /** Follow the backend's changes; returns the stop. */
  follow(onChange?: () => void): () => void
}

const states = new WeakMap<Backend, SyncState>()

export function syncStateFor(backend: Backend, clock: () => number = Date.now): SyncState {
  const known = states.get(backend)
  if (known) return known
  const state: SyncState = reactive({
    view: null,
    now: clock(),
    async refresh() {
      try {
        state.view = await backend.sync.status()
      } catch {
        // Keep the last figures; the page's own action reports its error.
      }
      state.now = clock()
    },
    follow(onChange?: () => void) {
      let stopped = false
      let unlisten: (() => void) | null = null
      const timer = setInterval(() => { state.now = clock() }, TICK_MS)
      backend.sync.onChanged(() => {
        void state.refresh()
        onChange?.()
      }).then((u) => { if (stopped) u(); else unlisten = u }, () => { /* no events: the page still refreshes itself */ })
      void state.refresh()
      return () => {
        stopped = true
        clearInterval(timer)
        unlisten?.()
      }
    },
  }) as SyncState
  states.set(backend, state)
  return state
}

/** "刚刚" / "10 分钟前" / "3 小时前" / "2 天前" as i18n key and count. */
export function sinceKey(thenMs: number, nowMs: number): { key: string; n: number } {
  const minutes = Math.floor(Math.max(0, nowMs - thenMs) / 60_000)
  if (minutes < 1) return { key: 'syncStatus.justNow', n: 0 }
  if (minutes < 60) return { key: 'syncStatus.minutesAgo', n: minutes }
  if (minutes < 60 * 24) return { key: 'syncStatus.hoursAgo', n: Math.floor(minutes / 60) }
  return { key: 'syncStatus.daysAgo', n: Math.floor(minutes / (60 * 24)) }
}

/** How far apart the clocks are, as an i18n key with its amount (same wording as `cunwu sync status`). */
export function clockOffsetKeys(offsetMs: number): { key: string; amountKey: string; n: number } {
  const secs = Math.floor(Math.abs(offsetMs) / 1000)
  const [amountKey, n] = secs >= 86_400 ? ['sync.days', Math.floor(secs / 86_400)]
    : secs >= 3600 ? ['sync.hours', Math.floor(secs / 3600)]
      : secs >= 60 ? ['sync.minutes', Math.floor(secs / 60)] : ['sync.seconds', secs]
  const key = Math.abs(offsetMs) < 60_000 ? 'sync.clockSame' : offsetMs < 0 ? 'sync.clockAhead' : 'sync.clockBehind'
  return { key, amountKey: amountKey as string, n: n as number }
}
