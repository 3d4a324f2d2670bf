//! The open village: one handle owning the database (opened when first
//! possible), the co-op's books folded in memory beside it, and the order
//! their locks are taken in, so a front end that keeps a village open (the
//! desktop window) holds no business state of its own. Every failure comes
//! out as one shape, `{code, message, field}` ([`WireError`]).
//!
//! If the database cannot be opened (disk full, a newer database than this
//! program, a locked file), the handle still exists: every use case answers
//! with the store's Chinese message, and each later call tries to open it
//! again.

use crate::coop::{Coop, CoopResult};
use crate::demo_exit::{self, DemoExit, DemoExitPlan};
use crate::sync_desk::{StoreLender, SyncGate};
use crate::Result;
use cunwu_core::clock::{Clock, SystemClock};
use cunwu_core::error::WireError;
pub use cunwu_store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// What a use case run through the handle returns on failure.
pub type VillageResult<T> = std::result::Result<T, WireError>;

/// The village database and what is kept beside it.
pub struct Village {
    path: PathBuf,
    store: Mutex<Option<Store>>,
    /// The folded books and the device they belong to (a database of
    /// another device, opened after a failed start, gets a fresh fold).
    books: Mutex<Option<(String, Coop)>>,
}

/// The error for a broken lock: a panic elsewhere, not the user's doing.
pub fn internal() -> WireError {
    WireError {
        code: "internal".into(),
        message: "程序内部出错，请关闭村务后重新打开".into(),
        field: None,
    }
}

fn open(path: &Path) -> std::result::Result<Store, cunwu_store::Error> {
    Store::open(path, Arc::new(SystemClock))
}

impl Village {
    /// The village at `path`, opened now when possible; the error that
    /// kept it closed comes back beside it.
    pub fn open_at(path: PathBuf) -> (Village, Option<WireError>) {
        let (store, error) = match open(&path) {
            Ok(store) => (Some(store), None),
            Err(e) => (None, Some(e.to_wire())),
        };
        let village = Village {
            path,
            store: Mutex::new(store),
            books: Mutex::new(None),
        };
        (village, error)
    }

    /// The database at `$CUNWU_DB`, or the per-user default the CLI also
    /// uses (see [`crate::location`]).
    pub fn open_default() -> (Village, Option<WireError>) {
        let path = std::env::var_os("CUNWU_DB")
            .map(PathBuf::from)
            .unwrap_or_else(crate::location::default_db_path);
        Village::open_at(path)
    }

    /// Where the village database is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run a use case with the store; its own `{code, message, field}`
    /// comes back as it is.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> VillageResult<T>,
    ) -> VillageResult<T> {
        let mut guard = self.store.lock().map_err(|_| internal())?;
        if guard.is_none() {
            *guard = Some(open(&self.path).map_err(|e| e.to_wire())?);
        }
        let store = guard.as_mut().ok_or_else(internal)?;
        f(store)
    }

    /// Run a use case with the store.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> VillageResult<T> {
        self.with_store(|s| f(s).map_err(|e| e.to_wire()))
    }

    /// Run a co-op use case with the store and the folded books (refreshed
    /// by the use case itself). **Lock order:** the store's lock first,
    /// then the books', always — here and in [`Village::leave_demo`].
    pub fn with_books<T>(
        &self,
        f: impl FnOnce(&mut Coop, &mut Store) -> CoopResult<T>,
    ) -> VillageResult<T> {
        self.with_store(|store| {
            let mut guard = self.books.lock().map_err(|_| internal())?;
            let device = store.device_id().to_string();
            if !matches!(&*guard, Some((d, _)) if *d == device) {
                let coop = Coop::open(store).map_err(|e| e.to_wire())?;
                *guard = Some((device, coop));
            }
            let (_, coop) = guard.as_mut().ok_or_else(internal)?;
            f(coop, store).map_err(|e| e.to_wire())
        })
    }

    /// Drop the folded books, to be folded again from the database at the
    /// next co-op step (after a restore or a new device identity).
    pub fn drop_books(&self) {
        *self.books.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The folder and file name the demo would be kept under now.
    pub fn demo_exit_plan(&self) -> DemoExitPlan {
        demo_exit::plan(&self.path, SystemClock.now_ms())
    }

    /// Set the demo aside and open an empty database (refused for a real
    /// village). No exchange may start meanwhile (`gate` is taken), nor any
    /// use case (the store's lock is held); the demo's folded books are
    /// dropped.
    pub fn leave_demo(&self, gate: &SyncGate) -> VillageResult<DemoExit> {
        let _turn = gate.begin().map_err(|e| e.to_wire())?;
        let mut slot = self.store.lock().map_err(|_| internal())?;
        let exit = demo_exit::leave(&mut slot, &self.path, Arc::new(SystemClock))
            .map_err(|e| e.to_wire())?;
        *self.books.lock().unwrap_or_else(PoisonError::into_inner) = None;
        Ok(exit)
    }
}

/// The sync façade borrows the store through this, one step at a time, so
/// it is never held while waiting for the hub.
impl StoreLender for Village {
    fn lend<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        // A panic elsewhere rolled its transaction back; the store is usable.
        let mut guard = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let store = match &mut *guard {
            Some(store) => store,
            slot @ None => slot.insert(open(&self.path)?),
        };
        f(store)
    }
}
