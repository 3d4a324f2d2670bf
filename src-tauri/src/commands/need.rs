//! Needs (诉求) and the people who claim them: each command one call to
//! `cunwu_app::needs` / `cunwu_app::people`.

use crate::state::{AppState, CmdResult};
use cunwu_app::needs::{
    self, NeedForm, NeedList, NeedPage, NeedQuery, NeedRowView, NeedVocabulary, Receipt, StepForm,
    Tracking, VisitWithNeeds, VisitWithNeedsView,
};
use cunwu_app::people::{self, PersonForm, PersonView};
use tauri::State;

/// Categories, kinds, statuses and sources for the forms.
#[tauri::command]
pub fn need_vocabulary() -> NeedVocabulary {
    needs::vocabulary()
}

/// The filtered list with the count of each status.
#[tauri::command(async)]
pub fn need_list(state: State<'_, AppState>, query: NeedQuery) -> CmdResult<NeedList> {
    state.with(|s| needs::list(s, &query))
}

/// One need's page: timeline and the steps allowed now.
#[tauri::command(async)]
pub fn need_show(state: State<'_, AppState>, key: String) -> CmdResult<NeedPage> {
    state.with(|s| needs::show(s, &key, false))
}

/// Record a new need.
#[tauri::command(async)]
pub fn need_add(state: State<'_, AppState>, form: NeedForm) -> CmdResult<NeedPage> {
    state.with(|s| needs::add(s, &form))
}

/// Take one step of a need's life.
#[tauri::command(async)]
pub fn need_step(state: State<'_, AppState>, key: String, form: StepForm) -> CmdResult<NeedPage> {
    state.with(|s| needs::step(s, &key, &form))
}

/// Find needs by tracking code.
#[tauri::command(async)]
pub fn need_track(state: State<'_, AppState>, code: String) -> CmdResult<Vec<Tracking>> {
    state.with(|s| needs::track(s, &code))
}

/// The 回执 slip's content.
#[tauri::command(async)]
pub fn need_receipt(state: State<'_, AppState>, key: String) -> CmdResult<Receipt> {
    state.with(|s| needs::receipt(s, &key))
}

/// A household's needs with their status.
#[tauri::command(async)]
pub fn need_of_household(
    state: State<'_, AppState>,
    household_id: String,
) -> CmdResult<Vec<NeedRowView>> {
    state.with(|s| needs::of_household(s, &household_id))
}

/// Log a visit and the needs raised in it, in one step.
#[tauri::command(async)]
pub fn visit_add_with_needs(
    state: State<'_, AppState>,
    household_id: String,
    input: VisitWithNeeds,
) -> CmdResult<VisitWithNeedsView> {
    state.with(|s| needs::visit_add(s, &household_id, input))
}

/// Export the filtered list (`public`: the 公示 variant); returns the row count.
#[tauri::command(async)]
pub fn need_export(
    state: State<'_, AppState>,
    path: String,
    query: NeedQuery,
    public: bool,
) -> CmdResult<usize> {
    state.with(|s| needs::export(s, &path, &query, public))
}

/// The people who may claim needs.
#[tauri::command(async)]
pub fn person_list(state: State<'_, AppState>) -> CmdResult<Vec<PersonView>> {
    state.with(|s| people::list(s, false))
}

/// Add a person.
#[tauri::command(async)]
pub fn person_add(state: State<'_, AppState>, form: PersonForm) -> CmdResult<PersonView> {
    state.with(|s| people::add(s, &form))
}

/// Edit one field of a person.
#[tauri::command(async)]
pub fn person_edit(
    state: State<'_, AppState>,
    person_id: String,
    field: String,
    value: String,
) -> CmdResult<PersonView> {
    state.with(|s| people::edit(s, &person_id, &field, &value))
}
