//! The co-op (合作社): pooled lots (统一收购、统一销售), the books (journal,
//! trial balance, member statements), duplicate payouts, print views and
//! Excel exports. Each command is one call of `cunwu_app::coop::Coop`.

use crate::coop_state::CoopState;
use crate::state::{AppState, CmdResult};
use cunwu_app::coop::ledger::report::JournalEntry;
use cunwu_app::coop::*;
use tauri::State;

type App<'a> = State<'a, AppState>;
type Books<'a> = State<'a, CoopState>;

/// Every lot, newest first.
#[tauri::command(async)]
pub fn coop_lot_list(app: App<'_>, books: Books<'_>) -> CmdResult<Vec<LotSummary>> {
    books.run(&app, |c, s| c.lot_list(s))
}

/// A lot's page.
#[tauri::command(async)]
pub fn coop_lot_show(app: App<'_>, books: Books<'_>, lot: String) -> CmdResult<LotView> {
    books.run(&app, |c, s| c.lot_show(s, &lot))
}

/// Open a lot on this device.
#[tauri::command(async)]
pub fn coop_lot_open(app: App<'_>, books: Books<'_>, form: LotForm) -> CmdResult<LotSummary> {
    books.run(&app, |c, s| c.lot_open(s, &form, &SignForm::default()))
}

/// V1 收购: one or more intake rows.
#[tauri::command(async)]
pub fn coop_lot_intake(
    app: App<'_>,
    books: Books<'_>,
    lot: String,
    form: IntakeForm,
) -> CmdResult<Posted> {
    books.run(&app, |c, s| c.lot_intake(s, &lot, &form))
}

/// V2 投入加工.
#[tauri::command(async)]
pub fn coop_lot_process(
    app: App<'_>,
    books: Books<'_>,
    lot: String,
    form: StepForm,
) -> CmdResult<Posted> {
    books.run(&app, |c, s| c.lot_process(s, &lot, &form))
}

/// V3 加工费用.
#[tauri::command(async)]
pub fn coop_lot_cost(
    app: App<'_>,
    books: Books<'_>,
    lot: String,
    form: CostForm,
) -> CmdResult<Posted> {
    books.run(&app, |c, s| c.lot_cost(s, &lot, &form))
}

/// V4 完工入库.
#[tauri::command(async)]
pub fn coop_lot_finish(
    app: App<'_>,
    books: Books<'_>,
    lot: String,
    form: FinishForm,
) -> CmdResult<Posted> {
    books.run(&app, |c, s| c.lot_finish(s, &lot, &form))
}

/// V5 销售.
#[tauri::command(async)]
pub fn coop_lot_sale(
    app: App<'_>,
    books: Books<'_>,
    lot: String,
    form: SaleForm,
) -> CmdResult<Posted> {
    books.run(&app, |c, s| c.lot_sale(s, &lot, &form))
}

/// V6 付款到户.
#[tauri::command(async)]
pub fn coop_lot_payout(
    app: App<'_>,
    books: Books<'_>,
    lot: String,
    form: PayoutForm,
) -> CmdResult<Posted> {
    books.run(&app, |c, s| c.lot_payout(s, &lot, &form))
}

/// Close a settled lot.
#[tauri::command(async)]
pub fn coop_lot_close(
    app: App<'_>,
    books: Books<'_>,
    lot: String,
    form: StepForm,
) -> CmdResult<LotSummary> {
    books.run(&app, |c, s| c.lot_close(s, &lot, &form))
}

/// The journal (序时账).
#[tauri::command(async)]
pub fn coop_journal(
    app: App<'_>,
    books: Books<'_>,
    period: PeriodForm,
) -> CmdResult<Vec<JournalEntry>> {
    books.run(&app, |c, s| {
        let (from, to) = period.days(s)?;
        c.journal(s, from, to)
    })
}

/// The trial balance (试算平衡表) and whether it balances.
#[tauri::command(async)]
pub fn coop_trial_balance(
    app: App<'_>,
    books: Books<'_>,
    period: PeriodForm,
) -> CmdResult<TrialBalanceView> {
    books.run(&app, |c, s| {
        let (from, to) = period.days(s)?;
        Ok(c.trial_balance(s, from, to)?.into())
    })
}

/// A household's member account (成员账户).
#[tauri::command(async)]
pub fn coop_member_statement(
    app: App<'_>,
    books: Books<'_>,
    household: String,
    period: PeriodForm,
) -> CmdResult<MemberStatementView> {
    books.run(&app, |c, s| {
        let (from, to) = period.days(s)?;
        c.member_statement(s, &household, from, to)
    })
}

/// Payouts made twice offline, waiting for a person.
#[tauri::command(async)]
pub fn coop_duplicates(app: App<'_>, books: Books<'_>) -> CmdResult<Vec<DuplicateView>> {
    books.run(&app, |c, s| c.duplicates(s))
}

/// Reverse a flagged duplicate payout in red ink.
#[tauri::command(async)]
pub fn coop_fix_duplicate(
    app: App<'_>,
    books: Books<'_>,
    lot: String,
    household: String,
    voucher: Option<String>,
) -> CmdResult<Posted> {
    books.run(&app, |c, s| {
        let sign = SignForm::default();
        c.fix_duplicate(s, &lot, &household, voucher.as_deref(), None, &sign)
    })
}

/// A household's 收购单 in a lot, as A4 HTML.
#[tauri::command(async)]
pub fn coop_print_receipt(
    app: App<'_>,
    books: Books<'_>,
    lot: String,
    household: String,
) -> CmdResult<String> {
    books.run(&app, |c, s| c.receipt_html(s, &lot, &household))
}

/// A lot's statement (批次结算表), as A4 HTML.
#[tauri::command(async)]
pub fn coop_print_lot(app: App<'_>, books: Books<'_>, lot: String) -> CmdResult<String> {
    books.run(&app, |c, s| c.lot_statement_html(s, &lot))
}

/// A member account statement, as A4 HTML.
#[tauri::command(async)]
pub fn coop_print_statement(
    app: App<'_>,
    books: Books<'_>,
    household: String,
    period: PeriodForm,
) -> CmdResult<String> {
    books.run(&app, |c, s| {
        let (from, to) = period.days(s)?;
        c.statement_html(s, &household, from, to)
    })
}

/// Save a report as Excel at the path the user chose; returns the rows written.
#[tauri::command(async)]
pub fn coop_export(
    app: App<'_>,
    books: Books<'_>,
    form: ExportForm,
    path: String,
) -> CmdResult<usize> {
    books.run(&app, |c, s| {
        let (from, to) = form.period.days(s)?;
        c.export(s, &form.kind()?, from, to, std::path::Path::new(&path))
    })
}
