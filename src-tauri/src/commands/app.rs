//! First start and the status bar.

use crate::state::{AppState, CmdResult};
use cunwu_app::demo_exit::{DemoExit, DemoExitPlan};
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

/// Where leaving the demo village would keep its data (for the confirmation).
#[tauri::command(async)]
pub fn demo_exit_plan(state: State<'_, AppState>) -> CmdResult<DemoExitPlan> {
    Ok(state.demo_exit_plan())
}

/// 离开示范村，建立本村: set the demo aside, open an empty database.
#[tauri::command(async)]
pub fn demo_leave(
    state: State<'_, AppState>,
    gate: State<'_, cunwu_app::sync_desk::SyncGate>,
) -> CmdResult<DemoExit> {
    state.leave_demo(&gate)
}
