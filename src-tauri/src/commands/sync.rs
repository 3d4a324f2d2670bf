//! Sync with the township hub: status, enrollment, 立即同步, USB bundles,
//! conflicts and the hub's voucher chain alarms. Anything that may wait on the network runs on a blocking
//! thread (see `sync_task`), never the window's.

use crate::state::{AppState, CmdResult};
use crate::sync_task::{self, blocking};
use cunwu_app::sync_desk::bundle::{self, BundleExport, BundleImport};
use cunwu_app::sync_desk::conflict::{self, ConflictView};
use cunwu_app::sync_desk::{self, SyncGate, SyncOutcome, SyncView};
use tauri::{AppHandle, Manager, State};

/// Where syncing stands (no network).
#[tauri::command(async)]
pub fn sync_status(state: State<'_, AppState>, gate: State<'_, SyncGate>) -> CmdResult<SyncView> {
    state.with(|s| sync_desk::status(s, &gate))
}

/// Enroll this laptop with the hub at `hub_url` using a one-time `code`.
#[tauri::command]
pub async fn sync_enroll(app: AppHandle, hub_url: String, code: String) -> CmdResult<SyncView> {
    let view = blocking(app.clone(), move |a| {
        sync_desk::enroll(
            &*a.state::<AppState>(),
            &a.state::<SyncGate>(),
            &hub_url,
            &code,
        )
        .map_err(|e| e.to_wire())
    })
    .await;
    sync_task::changed(&app);
    view
}

/// One exchange with the hub now; what moved.
#[tauri::command]
pub async fn sync_now(app: AppHandle) -> CmdResult<SyncOutcome> {
    blocking(app, sync_task::exchange).await
}

/// Write a USB bundle for the township hub to `path`.
#[tauri::command(async)]
pub fn bundle_export(state: State<'_, AppState>, path: String) -> CmdResult<BundleExport> {
    bundle::export(&*state, &path).map_err(|e| e.to_wire())
}

/// Import a USB bundle file.
#[tauri::command(async)]
pub fn bundle_import(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> CmdResult<BundleImport> {
    let r = bundle::import(&*state, &path).map_err(|e| e.to_wire());
    sync_task::changed(&app);
    r
}

/// Fields edited on two laptops at once.
#[tauri::command(async)]
pub fn conflict_list(state: State<'_, AppState>) -> CmdResult<Vec<ConflictView>> {
    state.with(|s| conflict::list(s))
}

/// Settle a field on the value one change wrote; what is still in conflict.
#[tauri::command(async)]
pub fn conflict_resolve(
    app: AppHandle,
    state: State<'_, AppState>,
    entity: String,
    entity_id: String,
    field: String,
    change: String,
) -> CmdResult<Vec<ConflictView>> {
    let r = state.with(|s| conflict::resolve(s, &entity, &entity_id, &field, &change));
    sync_task::changed(&app);
    r
}

/// A person has taken a broken voucher chain up with the township; the
/// status after it (the alarm stays listed as acknowledged).
#[tauri::command(async)]
pub fn chain_alarm_acknowledge(
    app: AppHandle,
    state: State<'_, AppState>,
    gate: State<'_, SyncGate>,
    device: String,
    seq: u64,
) -> CmdResult<SyncView> {
    let r = state.with(|s| sync_desk::acknowledge_chain_alarm(s, &gate, &device, seq));
    sync_task::changed(&app);
    r
}
