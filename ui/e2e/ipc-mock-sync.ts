// The sync part of the browser tests' IPC mock: each sync command answered
// from the MockBackend's pretend hub, its changes sent to the page as the
// real `sync-changed` event, and the file dialogs answering with a USB
// bundle when the page asks for one.

import { emit } from '@tauri-apps/api/event'
import type { MockBackend } from '../src/api/mock'
import { SYNC_CHANGED, SYNC_COMMANDS } from '../src/api/sync-tauri'
import { BACKUP_COMMANDS } from '../src/api/backup-tauri'

type Args = Record<string, unknown>
type Arg = <T>(args: Args, name: string) => T

export function syncHandlers(backend: MockBackend, arg: Arg): Record<string, (a: Args) => unknown> {
  void backend.sync.onChanged(() => { void emit(SYNC_CHANGED) })
  return {
    [SYNC_COMMANDS.status]: () => backend.sync.status(),
    [SYNC_COMMANDS.enroll]: (a) => backend.sync.enroll(arg(a, 'hubUrl'), arg(a, 'code')),
    [SYNC_COMMANDS.syncNow]: () => backend.sync.syncNow(),
    [SYNC_COMMANDS.bundleExport]: (a) => backend.sync.bundleExport(arg(a, 'path')),
    [SYNC_COMMANDS.bundleImport]: (a) => backend.sync.bundleImport(arg(a, 'path')),
    [SYNC_COMMANDS.conflictList]: () => backend.sync.conflictList(),
    [SYNC_COMMANDS.conflictResolve]: (a) =>
      backend.sync.conflictResolve(arg(a, 'entity'), arg(a, 'entityId'), arg(a, 'field'), arg(a, 'change')),
    [SYNC_COMMANDS.acknowledgeChainAlarm]: (a) => backend.sync.acknowledgeChainAlarm(arg(a, 'device'), arg(a, 'seq')),
    [BACKUP_COMMANDS.status]: () => backend.backup.status(),
    [BACKUP_COMMANDS.backupNow]: (a) => backend.backup.backupNow(arg(a, 'dir')),
    [BACKUP_COMMANDS.restore]: (a) => backend.backup.restore(arg(a, 'file')),
  }
}

/** Is the dialog asking for a USB bundle (a `.cunwu` file)? */
export function wantsBundle(args: Args): boolean {
  const options = (args.options ?? {}) as { filters?: { extensions: string[] }[] }
  return (options.filters ?? []).some((f) => f.extensions.includes('cunwu'))
}
