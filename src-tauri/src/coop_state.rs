//! The co-op's books kept folded in memory next to the store, so the lot
//! and book screens do not re-read every voucher on each command. Every
//! façade use case refreshes the fold from the store first (changes from a
//! sync are seen); a database of another device (a different file opened
//! after a failed start) gets a fresh fold.

use crate::state::{internal, AppState, CmdResult};
use cunwu_app::coop::{Coop, CoopResult};
use cunwu_store::Store;
use std::sync::Mutex;

/// Managed state: the folded books and the device they belong to.
#[derive(Default)]
pub struct CoopState {
    books: Mutex<Option<(String, Coop)>>,
}

impl CoopState {
    /// Run a co-op use case with the store and the books; its error becomes
    /// `{code, message, field}`. The store's lock is taken first, always.
    pub fn run<T>(
        &self,
        app: &AppState,
        f: impl FnOnce(&mut Coop, &mut Store) -> CoopResult<T>,
    ) -> CmdResult<T> {
        app.with_store(|store| {
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

    /// Forget the folded books (the database was replaced). Called with
    /// the store's lock held, so the lock order stays store, then books.
    pub fn reset(&self) {
        let mut guard = self
            .books
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard = None;
    }
}
