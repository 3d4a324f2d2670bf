//! The co-op's use cases (合作社账务): pooled lots (统一收购、统一销售),
//! the books (vouchers, journal, trial balance, ledgers, member
//! statements, verification, balance assertions), the year-end surplus
//! return, duplicate payouts made offline and their one-action fix,
//! printable receipts and statements, and Excel exports. The CLI, the
//! desktop app and the tests all call these.
//!
//! A [`Coop`] holds the books folded in memory ([`cunwu_store::Ledger`]);
//! every call brings it up to date with the store first, so changes that
//! arrived by sync are seen. Every refusal is a Chinese message and
//! nothing is written.
//!
//! Members of the co-op are households of the register. A household's
//! member number (成员编号) is its 户编号 when it first trades with the
//! co-op; it is recorded as a fact and kept even if the 户编号 is edited
//! later, so its member accounts (`114.<no>`, `221.<no>`) never move.

mod amount_words;
mod books;
pub mod demo;
mod duplicate;
mod error;
mod export;
mod forms;
pub mod input;
mod lot;
pub mod print;
mod print_lot;
mod report_forms;
mod surplus;
mod view;

pub use books::{range, LineForm, PostForm};
pub use duplicate::DuplicateView;
pub use error::{CoopError, CoopResult};
pub use export::ExportKind;
pub use input::SignForm;
pub use lot::{
    CostForm, FinishForm, IntakeForm, IntakeRow, LotForm, PayoutForm, SaleForm, StepForm,
};
pub use report_forms::{ExportForm, PeriodForm, TrialBalanceView};
pub use view::{AccountRow, AssertionView, LotSummary, LotView, MemberStatementView, Posted};

/// The pure ledger crate, for front ends that need its report types.
pub use cunwu_ledger as ledger;

use cunwu_store::{Ledger, Store};

/// The co-op's books, open on a store.
pub struct Coop {
    ledger: Ledger,
}

impl Coop {
    /// Fold the books held by `store`.
    pub fn open(store: &Store) -> CoopResult<Coop> {
        Ok(Coop {
            ledger: Ledger::open(store)?,
        })
    }

    /// The books as folded (refreshed by every use case).
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Bring the books up to date with the store (after a sync).
    pub fn refresh(&mut self, store: &Store) -> CoopResult<()> {
        Ok(self.ledger.refresh(store)?)
    }
}
