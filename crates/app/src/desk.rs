//! Use cases as the desktop app calls them: inputs and outputs in the
//! UI's shapes (camelCase DTOs from [`crate::view`]), one function per
//! Tauri command, so each command in `src-tauri` is a single line.

use crate::view::{self, AppInfo, HouseholdPage, HouseholdRow, HouseholdView, VisitView};
use crate::{demo, register_io, visits, Result};
use cunwu_core::household::HouseholdField;
use cunwu_core::Error;
pub use cunwu_store::HouseholdFilter;
use cunwu_store::Store;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// First start: the village and the user's own name, optionally a demo village.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitForm {
    /// 村名.
    pub village: String,
    /// 乡镇.
    pub township: Option<String>,
    /// The user's own name.
    pub user: String,
    /// Fill with this many demo households.
    pub demo_households: Option<usize>,
}

pub use crate::visits::VisitForm;

/// Set up the village (and the demo data when asked).
pub fn init(store: &mut Store, form: InitForm) -> Result<AppInfo> {
    store.init(&form.village, form.township.as_deref(), &form.user)?;
    if let Some(n) = form.demo_households.filter(|n| *n > 0) {
        if store
            .list_households(&HouseholdFilter {
                limit: Some(1),
                ..Default::default()
            })?
            .is_empty()
        {
            demo::create(store, n, 2021)?;
        }
    }
    Ok(view::app_info(store)?)
}

/// The household list.
pub fn household_list(store: &Store, filter: &HouseholdFilter) -> Result<Vec<HouseholdRow>> {
    Ok(store
        .list_households(filter)?
        .iter()
        .map(HouseholdRow::from)
        .collect())
}

/// The household page.
pub fn household_get(store: &Store, id: &str, reveal: bool) -> Result<HouseholdPage> {
    Ok(view::household_page(store, id, reveal)?)
}

fn field(name: &str) -> Result<HouseholdField> {
    Ok(HouseholdField::parse(name)
        .ok_or_else(|| Error::invalid("字段", format!("没有“{name}”这个字段")))?)
}

/// Add a household from `{key: value}`.
pub fn household_add(
    store: &mut Store,
    fields: &BTreeMap<String, String>,
) -> Result<HouseholdView> {
    let mut values = BTreeMap::new();
    for (k, v) in fields {
        values.insert(field(k)?, v.clone());
    }
    Ok(HouseholdView::new(&store.add_household(&values)?, false))
}

/// Edit one field of a household.
pub fn household_edit(
    store: &mut Store,
    id: &str,
    name: &str,
    value: &str,
) -> Result<HouseholdView> {
    Ok(HouseholdView::new(
        &store.edit_household(id, field(name)?, value)?,
        false,
    ))
}

/// Log a visit.
pub fn visit_add(store: &mut Store, household_id: &str, form: VisitForm) -> Result<VisitView> {
    Ok(VisitView::from(&visits::add(store, household_id, form)?))
}

/// Amend a visit.
pub fn visit_amend(store: &mut Store, visit_id: &str, form: VisitForm) -> Result<VisitView> {
    Ok(VisitView::from(&visits::amend(store, visit_id, form)?))
}

/// Import households from a spreadsheet.
pub fn import_households(
    store: &mut Store,
    path: &str,
    dry_run: bool,
) -> Result<register_io::ImportReport> {
    register_io::import_households(store, Path::new(path), dry_run)
}

/// Export households (public = 公示 variant).
pub fn export_households(store: &Store, path: &str, public: bool) -> Result<serde_json::Value> {
    let rows = register_io::export_households(store, Path::new(path), public)?;
    Ok(serde_json::json!({ "path": path, "rows": rows }))
}

/// Export the last year's visits.
pub fn export_visits(store: &Store, path: &str) -> Result<serde_json::Value> {
    let e = visits::export(store, Path::new(path), None, None)?;
    Ok(serde_json::json!({ "path": path, "rows": e.rows }))
}
