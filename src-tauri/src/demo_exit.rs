//! Leaving the demo village in the window: the switch from the demo's
//! database to an empty one happens with the store's lock held and the
//! sync gate taken, so neither a command nor the background sync sees the
//! store mid-switch; the co-op's folded books of the demo are dropped.

use crate::coop_state::CoopState;
use crate::state::{AppState, CmdResult};
use cunwu_app::demo_exit::{self, DemoExit, DemoExitPlan};
use cunwu_app::sync_desk::SyncGate;
use cunwu_core::clock::{Clock, SystemClock};
use std::sync::Arc;

/// The folder and file name the demo would be kept under now.
pub fn plan(state: &AppState) -> DemoExitPlan {
    demo_exit::plan(state.path(), SystemClock.now_ms())
}

/// Set the demo aside and open an empty database (refused for a real village).
pub fn leave(state: &AppState, coop: &CoopState, gate: &SyncGate) -> CmdResult<DemoExit> {
    // No exchange may start while the database is being replaced.
    let _turn = gate.begin().map_err(|e| e.to_wire())?;
    state.with_slot(|slot, path| {
        let exit = demo_exit::leave(slot, path, Arc::new(SystemClock)).map_err(|e| e.to_wire())?;
        coop.reset();
        Ok(exit)
    })
}
