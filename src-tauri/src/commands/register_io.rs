//! Import and export of the register and the visit log.

use crate::state::{AppState, CmdResult};
use cunwu_app::desk;
use cunwu_app::register_io::ImportReport;
use tauri::State;

/// Import households from .xlsx/.csv (`dry_run`: report only).
#[tauri::command(async)]
pub fn import_households(
    state: State<'_, AppState>,
    path: String,
    dry_run: bool,
) -> CmdResult<ImportReport> {
    state.with(|s| desk::import_households(s, &path, dry_run))
}

/// Export households (`public`: the 公示 variant).
#[tauri::command(async)]
pub fn export_households(
    state: State<'_, AppState>,
    path: String,
    public: bool,
) -> CmdResult<serde_json::Value> {
    state.with(|s| desk::export_households(s, &path, public))
}

/// Export the last year's visits.
#[tauri::command(async)]
pub fn export_visits(state: State<'_, AppState>, path: String) -> CmdResult<serde_json::Value> {
    state.with(|s| desk::export_visits(s, &path))
}
