//! Backups from the window: the last backup and where they go, 立即备份
//! (to the 备份 folder or a chosen one, e.g. a USB stick), and restoring
//! from a backup file — with the sync gate taken so no exchange runs while
//! the database is replaced, and the co-op's folded books dropped after.

use crate::state::{AppState, CmdResult};
use crate::sync_task;
use cunwu_app::backup::{self, BackupInfo, BackupStatus, RestoreReport};
use cunwu_app::sync_desk::SyncGate;
use std::path::Path;
use tauri::{AppHandle, State};

/// The last backup and the default folder.
#[tauri::command(async)]
pub fn backup_status(state: State<'_, AppState>) -> CmdResult<BackupStatus> {
    state.with(|s| backup::status(s))
}

/// Back up now, into `dir` or the default folder.
#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>, dir: Option<String>) -> CmdResult<BackupInfo> {
    state.with(|s| backup::backup_to(s, dir.as_deref().map(Path::new)))
}

/// Restore the database from the backup `file` (the window asked first).
#[tauri::command(async)]
pub fn backup_restore(
    app: AppHandle,
    state: State<'_, AppState>,
    gate: State<'_, SyncGate>,
    file: String,
) -> CmdResult<RestoreReport> {
    let _turn = gate.begin().map_err(|e| e.to_wire())?;
    let r = state.with(|s| backup::restore(s, Path::new(&file), None));
    state.drop_books();
    sync_task::changed(&app);
    r
}
