// The session: who is using the app, in which village, and the status bar's
// figures. Screens call `refresh()` after anything that changes data.

import { inject, reactive, type InjectionKey } from 'vue'
import type { AppInfo, Backend, BackendError, Status } from '../api'
import { isBackendError } from '../api'
import { discardPrefetchedHouseholds } from './startup'

export interface Session {
  info: AppInfo | null
  status: Status | null
  /** Set when the backend could not be reached at all. */
  error: BackendError | null
  load(): Promise<void>
  refresh(): Promise<void>
  setInfo(info: AppInfo): void
}

export function createSession(backend: Backend): Session {
  const session: Session = reactive({
    info: null,
    status: null,
    error: null,
    async load() {
      try {
        session.setInfo(await backend.appInfo())
        session.error = null
      } catch (e) {
        session.error = isBackendError(e) ? e : { code: 'unknown', message: String(e) }
      }
    },
    async refresh() {
      try {
        session.status = await backend.status()
      } catch {
        // The status bar keeps its last figures; the action itself reports its own error.
      }
    },
    setInfo(info: AppInfo) {
      if (!info.initialized) discardPrefetchedHouseholds()
      session.info = info
      session.status = { village: info.village, user: info.user, pendingChanges: info.pendingChanges, lastSync: info.lastSync, demo: info.demo }
    },
  })
  return session
}

export const SESSION: InjectionKey<Session> = Symbol('session')

export function useSession(): Session {
  const session = inject(SESSION)
  if (!session) throw new Error('no session provided')
  return session
}
