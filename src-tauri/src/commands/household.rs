//! The household register.

use crate::state::{AppState, CmdResult};
use cunwu_app::desk;
use cunwu_app::desk::HouseholdFilter;
use cunwu_app::view::{HouseholdPage, HouseholdRow, HouseholdView};
use std::collections::BTreeMap;
use tauri::State;

/// Search and filter households.
#[tauri::command(async)]
pub fn household_list(
    state: State<'_, AppState>,
    filter: HouseholdFilter,
) -> CmdResult<Vec<HouseholdRow>> {
    state.with(|s| desk::household_list(s, &filter))
}

/// One household's page.
#[tauri::command(async)]
pub fn household_get(
    state: State<'_, AppState>,
    id: String,
    reveal: bool,
) -> CmdResult<HouseholdPage> {
    state.with(|s| desk::household_get(s, &id, reveal))
}

/// Add a household.
#[tauri::command(async)]
pub fn household_add(
    state: State<'_, AppState>,
    fields: BTreeMap<String, String>,
) -> CmdResult<HouseholdView> {
    state.with(|s| desk::household_add(s, &fields))
}

/// Edit one field.
#[tauri::command(async)]
pub fn household_edit(
    state: State<'_, AppState>,
    id: String,
    field: String,
    value: String,
) -> CmdResult<HouseholdView> {
    state.with(|s| desk::household_edit(s, &id, &field, &value))
}
