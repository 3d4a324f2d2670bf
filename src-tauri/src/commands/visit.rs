//! The visit log.

use crate::state::{AppState, CmdResult};
use cunwu_app::desk::{self, VisitForm};
use cunwu_app::view::VisitView;
use tauri::State;

/// Log a visit.
#[tauri::command(async)]
pub fn visit_add(
    state: State<'_, AppState>,
    household_id: String,
    input: VisitForm,
) -> CmdResult<VisitView> {
    state.with(|s| desk::visit_add(s, &household_id, input))
}

/// Amend a visit.
#[tauri::command(async)]
pub fn visit_amend(
    state: State<'_, AppState>,
    visit_id: String,
    input: VisitForm,
) -> CmdResult<VisitView> {
    state.with(|s| desk::visit_amend(s, &visit_id, input))
}
