//! The co-op commands' handle on the village's folded books: the books and
//! their lock order live in `cunwu_app::village::Village::with_books`; this
//! keeps the commands' `books.run(&app, …)` form.

use crate::state::{AppState, CmdResult};
use cunwu_app::coop::{Coop, CoopResult};

/// Managed marker for the co-op commands (no state of its own).
#[derive(Default)]
pub struct CoopState;

impl CoopState {
    /// Run a co-op use case with the store and the books.
    pub fn run<T>(
        &self,
        app: &AppState,
        f: impl FnOnce(&mut Coop, &mut cunwu_app::village::Store) -> CoopResult<T>,
    ) -> CmdResult<T> {
        app.with_books(f)
    }
}
