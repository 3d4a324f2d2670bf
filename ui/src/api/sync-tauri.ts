// The desktop implementation of `backend.sync`: each method is one Tauri
// command (src-tauri/src/commands/sync.rs); the background task's
// `sync-changed` event arrives through Tauri's event API.

import { invoke } from '@tauri-apps/api/core'
import { listen } from '@tauri-apps/api/event'
import { open, save } from '@tauri-apps/plugin-dialog'
import type { BundleExport, BundleImport, Conflict, SyncBackend, SyncOutcome, SyncView } from './sync-types'

/** Command names, shared with the IPC mock of the browser tests. */
export const SYNC_COMMANDS = {
  status: 'sync_status',
  enroll: 'sync_enroll',
  syncNow: 'sync_now',
  bundleExport: 'bundle_export',
  bundleImport: 'bundle_import',
  conflictList: 'conflict_list',
  conflictResolve: 'conflict_resolve',
  acknowledgeChainAlarm: 'chain_alarm_acknowledge',
} as const

/** The event the backend emits when the sync status may have changed. */
export const SYNC_CHANGED = 'sync-changed'

const BUNDLES = [{ name: '村务同步包', extensions: ['cunwu'] }]

export class TauriSync implements SyncBackend {
  status() { return invoke<SyncView>(SYNC_COMMANDS.status) }
  enroll(hubUrl: string, code: string) { return invoke<SyncView>(SYNC_COMMANDS.enroll, { hubUrl, code }) }
  syncNow() { return invoke<SyncOutcome>(SYNC_COMMANDS.syncNow) }
  bundleExport(path: string) { return invoke<BundleExport>(SYNC_COMMANDS.bundleExport, { path }) }
  bundleImport(path: string) { return invoke<BundleImport>(SYNC_COMMANDS.bundleImport, { path }) }
  conflictList() { return invoke<Conflict[]>(SYNC_COMMANDS.conflictList) }
  conflictResolve(entity: string, entityId: string, field: string, change: string) {
    return invoke<Conflict[]>(SYNC_COMMANDS.conflictResolve, { entity, entityId, field, change })
  }
  acknowledgeChainAlarm(device: string, seq: number) {
    return invoke<SyncView>(SYNC_COMMANDS.acknowledgeChainAlarm, { device, seq })
  }
  async chooseBundleExportPath(suggestedName: string) {
    return (await save({ defaultPath: suggestedName, filters: BUNDLES })) ?? null
  }
  async chooseBundleImportFile() {
    const picked = await open({ multiple: false, directory: false, filters: BUNDLES })
    return typeof picked === 'string' ? picked : null
  }
  onChanged(listener: () => void) { return listen(SYNC_CHANGED, () => listener()) }
}
