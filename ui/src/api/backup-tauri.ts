// The desktop implementation of `backend.backup`: each method is one Tauri
// command (src-tauri/src/commands/backup.rs).

import { invoke } from '@tauri-apps/api/core'
import { open } from '@tauri-apps/plugin-dialog'
import type { BackupBackend, BackupInfo, BackupStatus, RestoreReport } from './backup-types'

/** Command names, shared with the IPC mock of the browser tests. */
export const BACKUP_COMMANDS = {
  status: 'backup_status',
  backupNow: 'backup_now',
  restore: 'backup_restore',
} as const

const BACKUPS = [{ name: '村务备份', extensions: ['db'] }]

export class TauriBackup implements BackupBackend {
  status() { return invoke<BackupStatus>(BACKUP_COMMANDS.status) }
  backupNow(dir: string | null) { return invoke<BackupInfo>(BACKUP_COMMANDS.backupNow, { dir }) }
  restore(file: string) { return invoke<RestoreReport>(BACKUP_COMMANDS.restore, { file }) }
  async chooseBackupFolder() {
    const picked = await open({ multiple: false, directory: true })
    return typeof picked === 'string' ? picked : null
  }
  async chooseBackupFile() {
    const picked = await open({ multiple: false, directory: false, filters: BACKUPS })
    return typeof picked === 'string' ? picked : null
  }
}
