//! The one village database, shared by every command behind a mutex, and the
//! conversion of every failure to the UI's `{code, message}`.
//!
//! The database is opened when the window starts. If it cannot be opened
//! (disk full, a newer database than this program, a locked file), the window
//! still opens: every command answers with the store's Chinese message, the
//! UI shows it with a 重试 button, and each retry tries to open it again.

use cunwu_core::clock::SystemClock;
use cunwu_core::error::WireError;
use cunwu_store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The day's automatic backup (at most one a day), on a connection of its
/// own on another thread, so a big village does not hold up the window.
fn daily_backup_in_background(path: &Path) {
    let path = path.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name("cunwu-backup".into())
        .spawn(move || {
            let made = open(&path).map_err(|e| e.message).and_then(|s| {
                cunwu_app::backup::daily_backup(&s, cunwu_app::backup::KEEP_DAILY)
                    .map_err(|e| e.to_string())
            });
            if let Err(e) = made {
                eprintln!("今天的自动备份没有做成：{e}");
            }
        });
    if let Err(e) = spawned {
        eprintln!("无法开始今天的自动备份：{e}");
    }
}

/// What commands return on failure.
pub type CmdResult<T> = Result<T, WireError>;

/// Managed state: where the database is, and the database once open.
pub struct AppState {
    path: PathBuf,
    store: Mutex<Option<Store>>,
}

fn open(path: &Path) -> CmdResult<Store> {
    Store::open(path, Arc::new(SystemClock)).map_err(|e| e.to_wire())
}

pub(crate) fn internal() -> WireError {
    WireError {
        code: "internal".into(),
        message: "程序内部出错，请关闭村务后重新打开".into(),
        field: None,
    }
}

impl AppState {
    /// The database at `$CUNWU_DB`, or the per-user default the CLI also
    /// uses; opened now when possible, else on the next command.
    pub fn open_default() -> AppState {
        let path = std::env::var_os("CUNWU_DB")
            .map(PathBuf::from)
            .unwrap_or_else(cunwu_app::location::default_db_path);
        let store = match open(&path) {
            Ok(store) => {
                daily_backup_in_background(&path);
                Some(store)
            }
            Err(e) => {
                eprintln!("无法打开村务数据库 {}：{}", path.display(), e.message);
                None
            }
        };
        AppState {
            path,
            store: Mutex::new(store),
        }
    }

    /// Run a use case with the store; its error becomes `{code, message}`.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> cunwu_app::Result<T>) -> CmdResult<T> {
        let mut guard = self.store.lock().map_err(|_| internal())?;
        if guard.is_none() {
            *guard = Some(open(&self.path)?);
        }
        let store = guard.as_mut().ok_or_else(internal)?;
        f(store).map_err(|e| e.to_wire())
    }

    /// Run `f` with the store's slot itself and the database's path, for
    /// the one use case that closes the store and opens another database
    /// in its place (leaving the demo village, see `demo_exit`).
    pub fn with_slot<T>(
        &self,
        f: impl FnOnce(&mut Option<Store>, &Path) -> CmdResult<T>,
    ) -> CmdResult<T> {
        let mut guard = self.store.lock().map_err(|_| internal())?;
        f(&mut guard, &self.path)
    }

    /// Where the village database is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run a use case with the store when the use case makes its own
    /// `{code, message}` (the co-op's books, see `coop_state`).
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> CmdResult<T>) -> CmdResult<T> {
        let mut guard = self.store.lock().map_err(|_| internal())?;
        if guard.is_none() {
            *guard = Some(open(&self.path)?);
        }
        let store = guard.as_mut().ok_or_else(internal)?;
        f(store)
    }
}

/// The sync façade borrows the store through this, one step at a time, so
/// it is never held while waiting for the hub.
impl cunwu_app::sync_desk::StoreLender for AppState {
    fn lend<T>(&self, f: impl FnOnce(&mut Store) -> cunwu_app::Result<T>) -> cunwu_app::Result<T> {
        // A panic elsewhere rolled its transaction back; the store is usable.
        let mut guard = self
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let store = match &mut *guard {
            Some(store) => store,
            slot @ None => slot.insert(Store::open(&self.path, Arc::new(SystemClock))?),
        };
        f(store)
    }
}
