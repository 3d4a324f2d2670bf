//! Sync in the background: right after start and then every few minutes,
//! when this laptop is enrolled, one exchange with the township hub on its
//! own thread (never the window's). A failure only updates the status (no
//! dialog); every start and end of an exchange tells the window through the
//! `sync-changed` event so the status bar refreshes.

use crate::state::{AppState, CmdResult};
use cunwu_app::sync_desk::{self, SyncGate, SyncOutcome, BACKGROUND_INTERVAL_SECS};
use cunwu_core::error::WireError;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};

/// The event the window listens to.
pub const SYNC_CHANGED: &str = "sync-changed";

/// Tell the window that the sync status may have changed.
pub fn changed(app: &AppHandle) {
    // A window that is closing misses one refresh; nothing to do about it.
    let _ = app.emit(SYNC_CHANGED, ());
}

/// One exchange now (the 立即同步 button), with the window told when it
/// starts and ends.
pub fn exchange(app: &AppHandle) -> CmdResult<SyncOutcome> {
    let (state, gate) = (app.state::<AppState>(), app.state::<SyncGate>());
    let result = sync_desk::sync_now(&*state, &gate, || changed(app));
    restored(app, &result);
    changed(app);
    result.map_err(|e| e.to_wire())
}

/// Run `f` on a blocking thread of Tauri's runtime, off the window's thread.
pub async fn blocking<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&AppHandle) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(move || f(&app))
        .await
        .map_err(|_| WireError {
            code: "internal".into(),
            message: "程序内部出错，请关闭村务后重新打开".into(),
            field: None,
        })?
}

/// A database found restored from a copy was rebuilt under a new device
/// identity: the co-op's folded books are folded again from it.
fn restored(app: &AppHandle, result: &cunwu_app::Result<SyncOutcome>) {
    if matches!(result, Ok(o) if o.restored_notice.is_some()) {
        app.state::<AppState>().drop_books();
    }
}

/// Start the background loop (called once, from setup).
pub fn start(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("cunwu-sync".into())
        .spawn(move || loop {
            let (state, gate) = (app.state::<AppState>(), app.state::<SyncGate>());
            match sync_desk::background_round(&*state, &gate, || changed(&app)) {
                None => {}
                Some(Ok(o)) => {
                    restored(&app, &Ok(o));
                    changed(&app)
                }
                Some(Err(e)) => {
                    eprintln!("后台同步未完成：{}", e.to_wire().message);
                    changed(&app);
                }
            }
            std::thread::sleep(Duration::from_secs(BACKGROUND_INTERVAL_SECS));
        });
    if let Err(e) = spawned {
        eprintln!("无法启动后台同步：{e}。可以在“同步”页手动同步");
    }
}
