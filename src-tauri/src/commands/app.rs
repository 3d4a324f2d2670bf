//! First start and the status bar.

use crate::state::{AppState, CmdResult};
use cunwu_app::desk::{self, InitForm};
use cunwu_app::view::{self, AppInfo};
use tauri::State;

/// The village, the user, pending changes.
#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    state.with(|s| Ok(view::app_info(s)?))
}

/// Set up the village (optionally a demo village).
#[tauri::command(async)]
pub fn app_init(
    state: State<'_, AppState>,
    village: String,
    township: Option<String>,
    user: String,
    demo_households: Option<usize>,
) -> CmdResult<AppInfo> {
    let form = InitForm {
        village,
        township,
        user,
        demo_households,
    };
    state.with(|s| desk::init(s, form))
}

/// The status bar's facts.
#[tauri::command(async)]
pub fn status(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    state.with(|s| Ok(view::app_info(s)?))
}
