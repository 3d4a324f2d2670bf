// The mock of `backend.backup`: backups are remembered in memory; a restore
// names the file and a new device id, as the Rust façade does. Files the
// mock knows as backups are those it made; anything else is refused with the
// façade's message.

import type { BackendError } from '../types'
import type { BackupBackend, BackupInfo, BackupStatus, RestoreReport } from '../backup-types'

/** The folder the mock keeps backups in. */
export const MOCK_BACKUP_DIR = '/home/村务/.local/share/cunwu/备份'

export interface MockBackupHost {
  village: () => string | null
  /** Set a new device id (a restore); returns the old one. */
  newDevice: () => [string, string]
  /** Answer like a real backend (latency, copies). */
  answer: <T>(f: () => T) => Promise<T>
}

export class MockBackup implements BackupBackend {
  private made: BackupInfo[] = []
  /** What the choosers answer next (tests set them). */
  nextFolder: string | null = '/media/U盘'
  nextFile: string | null = null
  /** Restores performed, by file. */
  readonly restored: string[] = []

  constructor(private readonly host: MockBackupHost) {}

  private write(dir: string, kind: string): BackupInfo {
    const now = Date.now()
    const stamp = new Date(now + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')
    const info: BackupInfo = { path: `${dir}/${this.host.village() ?? '村务'}-${kind}-${stamp}.db`, madeMs: now, bytes: 2_457_600, automatic: false }
    this.made.push(info)
    return info
  }

  status() {
    return this.host.answer((): BackupStatus => ({ last: this.made.at(-1) ?? null, folder: MOCK_BACKUP_DIR, keepDaily: 7 }))
  }
  backupNow(dir: string | null) { return this.host.answer(() => this.write(dir ?? MOCK_BACKUP_DIR, '备份')) }
  restore(file: string) {
    return this.host.answer((): RestoreReport => {
      if (!this.made.some((b) => b.path === file)) {
        throw { code: 'rule', message: `${file} 不是村务软件的村庄数据库（或已损坏），不能用来恢复。请选“备份”文件夹里的 .db 备份文件` } satisfies BackendError
      }
      const keptAside = this.write(MOCK_BACKUP_DIR, '恢复前')
      const [oldDevice, newDevice] = this.host.newDevice()
      this.restored.push(file)
      return { restoredFrom: file, keptAside, oldDevice, newDevice }
    })
  }
  async chooseBackupFolder() { return this.nextFolder }
  async chooseBackupFile() { return this.nextFile }
}
