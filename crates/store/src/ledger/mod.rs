//! The co-op's books in the store. Ledger facts, lot events, balance
//! assertions and member numbers are append-only facts in the change log
//! (entities `ledger_fact`, `lot_event`, `ledger_assertion`,
//! `ledger_member`), synced by union like every fact.
//!
//! - [`rows`] materializes them as they arrive (local or foreign): each
//!   voucher into `ledger_voucher` and `ledger_line`, so reports that sum
//!   (the trial balance) are SQL aggregates; every ledger change is queued
//!   in `ledger_change` by arrival.
//! - [`Ledger`] keeps the books in memory: the fold of every ledger change
//!   in the change log's order (HLC, device, counter) that
//!   [`cunwu_ledger::Books::replay`] requires, built on open and brought up
//!   to date by [`Ledger::refresh`]: changes that sort after everything
//!   folded are applied on top; a sync that brings older changes rebuilds
//!   the fold from scratch, so every replica accepts and refuses the same
//!   facts. The fold marks refused (quarantined) vouchers `live = 0` in
//!   the line table, so SQL sums never count them.
//! - Every user action is one [`Store::commit_local`](crate::Store::commit_local)
//!   transaction: the ledger plans and checks it in memory, then its facts
//!   are written together or not at all.

mod error;
mod fold;
mod live_marks;
mod report_sql;
pub(crate) mod rows;
mod settings;
mod verify;
mod write;

pub use error::{BooksError, BooksResult};
pub use fold::{CoopMember, Ledger, Refused};
pub use report_sql::trial_balance_from_store;
pub use settings::BooksSettings;
pub use verify::{TableMismatch, VerifyReport};
