//! Reports summed in SQL over the materialized day totals (`ledger_day`:
//! live lines per account and day), without folding the books: what keeps
//! the trial balance over 100,000 vouchers fast.
//!
//! The sums are exact when the quarantine marks (`live`) are current: every
//! ledger change that arrived since the last fold was made on this device
//! (local postings are checked before they are written, so none is ever
//! quarantined). Otherwise the books are folded first, which writes them.

use super::error::BooksResult;
use super::fold::Ledger;
use super::settings::BooksSettings;
use crate::device::{meta_get, meta_set};
use crate::Store;
use chrono::NaiveDate;
use cunwu_core::money::Fen;
use cunwu_ledger::report::{trial_balance_from_leaves, TrialBalance};
use cunwu_ledger::{AccountCode, Chart, MemberNo, NewAccount, Totals};
use rusqlite::{params, Connection};

const FOLDED_KEY: &str = "ledger.folded_arrival";

/// Leaf totals before `from` and within `[from, to]`, from the day totals
/// of live lines.
type Leaves = Vec<(AccountCode, Totals)>;

fn leaf_totals(conn: &Connection, from: NaiveDate, to: NaiveDate) -> BooksResult<(Leaves, Leaves)> {
    let mut stmt = conn.prepare_cached(
        "SELECT account,
                sum(CASE WHEN date < ?1 THEN debit ELSE 0 END), sum(CASE WHEN date < ?1 THEN credit ELSE 0 END),
                sum(CASE WHEN date >= ?1 THEN debit ELSE 0 END), sum(CASE WHEN date >= ?1 THEN credit ELSE 0 END),
                sum(CASE WHEN date < ?1 THEN lines ELSE 0 END), sum(CASE WHEN date >= ?1 THEN lines ELSE 0 END)
         FROM ledger_day WHERE date <= ?2 GROUP BY account",
    )?;
    let mut before = Vec::new();
    let mut during = Vec::new();
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    while let Some(r) = rows.next()? {
        let code = AccountCode(r.get(0)?);
        let fen = |i: usize| r.get::<_, i64>(i).map(Fen);
        let (nb, nd): (i64, i64) = (r.get(5)?, r.get(6)?);
        if nb > 0 {
            before.push((
                code.clone(),
                Totals {
                    debit: fen(1)?,
                    credit: fen(2)?,
                },
            ));
        }
        if nd > 0 {
            during.push((
                code,
                Totals {
                    debit: fen(3)?,
                    credit: fen(4)?,
                },
            ));
        }
    }
    Ok((before, during))
}

/// The chart as the tables hold it: the template and every sub-account opened.
pub(crate) fn chart_from_tables(conn: &Connection, settings: &BooksSettings) -> BooksResult<Chart> {
    let mut chart = Chart::from_template(settings.template)?;
    let mut stmt =
        conn.prepare_cached("SELECT code, name, parent, member FROM ledger_account ORDER BY code")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(NewAccount {
                code: AccountCode(r.get(0)?),
                name: r.get(1)?,
                parent: AccountCode(r.get(2)?),
                member: r.get::<_, Option<String>>(3)?.map(MemberNo),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for a in rows {
        // A sub-account the fold refused takes no live postings; skip it here too.
        let _ = chart.add(&a);
    }
    Ok(chart)
}

/// True when the `live` marks cover every ledger change held.
fn marks_current(store: &Store) -> BooksResult<bool> {
    let folded: i64 = meta_get(&store.conn, FOLDED_KEY)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Ok(!store
        .conn
        .prepare_cached("SELECT 1 FROM ledger_change WHERE arrival > ?1 AND device <> ?2 LIMIT 1")?
        .exists(params![folded, store.device_id()])?)
}

/// Record that the marks are current up to the last change held.
pub(crate) fn mark_folded(conn: &Connection) -> BooksResult<()> {
    let max: i64 = conn.query_row(
        "SELECT coalesce(max(arrival), 0) FROM ledger_change",
        [],
        |r| r.get(0),
    )?;
    let old: Option<String> = meta_get(conn, FOLDED_KEY)?;
    if old.as_deref() != Some(max.to_string().as_str()) {
        meta_set(conn, FOLDED_KEY, &max.to_string())?;
    }
    Ok(())
}

/// The trial balance for `[from, to]` summed in SQL. Folds the books first
/// only when synced changes have not been folded yet.
pub fn trial_balance_from_store(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
) -> BooksResult<TrialBalance> {
    if !marks_current(store)? {
        Ledger::open(store)?;
    }
    let settings = BooksSettings::read(&store.conn)?;
    let chart = chart_from_tables(&store.conn, &settings)?;
    let (before, during) = leaf_totals(&store.conn, from, to)?;
    Ok(trial_balance_from_leaves(&chart, from, to, before, during)?)
}

impl Ledger {
    /// The trial balance summed in SQL over the store's lines (the books
    /// are refreshed first, so the quarantine marks are current).
    pub fn trial_balance_sql(
        &mut self,
        store: &Store,
        from: NaiveDate,
        to: NaiveDate,
    ) -> BooksResult<TrialBalance> {
        self.refresh(store)?;
        let (before, during) = leaf_totals(&store.conn, from, to)?;
        Ok(trial_balance_from_leaves(
            self.books.chart(),
            from,
            to,
            before,
            during,
        )?)
    }
}
