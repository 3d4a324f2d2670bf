// Backups of the village database as the screens see them: the DTOs of
// crates/app/src/backup.rs and the part of the backend seam that reaches
// them (`backend.backup`, src-tauri/src/commands/backup.rs).

/** One backup file. */
export interface BackupInfo {
  path: string
  /** When it was made, UTC ms. */
  madeMs: number
  bytes: number
  /** The daily automatic backup rather than one asked for. */
  automatic: boolean
}

/** The last backup and where backups go. */
export interface BackupStatus {
  last: BackupInfo | null
  /** The 备份 folder beside the database. */
  folder: string
  /** Automatic daily backups kept. */
  keepDaily: number
}

/** What a restore did. */
export interface RestoreReport {
  restoredFrom: string
  /** The database as it was before, kept as a backup. */
  keptAside: BackupInfo
  oldDevice: string
  /** The restored database's new device id (it never reuses the old one's ids). */
  newDevice: string
}

export interface BackupBackend {
  status(): Promise<BackupStatus>
  /** Back up now, into `dir` (e.g. a USB stick) or the 备份 folder. */
  backupNow(dir: string | null): Promise<BackupInfo>
  /** Restore the database from a backup file (ask the person first). */
  restore(file: string): Promise<RestoreReport>
  /** Ask for a folder to back up into; null when the user cancels. */
  chooseBackupFolder(): Promise<string | null>
  /** Ask for a backup file to restore from; null when the user cancels. */
  chooseBackupFile(): Promise<string | null>
}
