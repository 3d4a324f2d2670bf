//! Materializing ledger facts as they arrive (through the one path local
//! and foreign changes share): the arrival queue the fold reads, voucher
//! and line rows for SQL reports, sub-accounts, members and lots.
//!
//! A fact this version cannot read stays in the change log (and syncs);
//! the fold reports it as refused.

use crate::Result;
use cunwu_core::change::{entity, Change};
use cunwu_core::entity_kind::{kind_of, Book, Shape};
use cunwu_ledger::{LedgerFact, LotEvent, LotStep, Voucher, VoucherSource};
use rusqlite::{params, Connection};
use serde::Deserialize;

/// Add a live line to its account's day total (SQLite refuses an integer
/// overflow, so a total never wraps).
pub(crate) const DAY_ADD: &str = "INSERT INTO ledger_day (account, date, debit, credit, lines) VALUES (?1, ?2, ?3, ?4, 1)
     ON CONFLICT (account, date) DO UPDATE SET debit = debit + excluded.debit, credit = credit + excluded.credit, lines = lines + 1";

/// True for a fact of the co-op's books (as declared in the entity table).
pub fn is_ledger_fact(c: &Change) -> bool {
    c.field.is_none()
        && kind_of(&c.entity).is_some_and(|k| k.book == Book::CoopMoney && k.shape == Shape::Fact)
}

/// Materialize `c` when it is a ledger fact; `Ok(false)` otherwise.
pub(crate) fn materialize(conn: &Connection, c: &Change) -> Result<bool> {
    if !is_ledger_fact(c) {
        return Ok(false);
    }
    if !crate::field_heads::of_own_books(crate::field_heads::own_village(conn)?.as_deref(), c) {
        // Another village's co-op: kept in the log, not in these books.
        return Ok(true);
    }
    conn.prepare_cached(
        "INSERT INTO ledger_change (device, counter, hlc, entity) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        c.id.device,
        c.id.counter as i64,
        c.hlc.pack(),
        c.entity
    ])?;
    write_rows(conn, c)?;
    Ok(true)
}

/// The derived rows of one ledger fact (idempotent).
pub(crate) fn write_rows(conn: &Connection, c: &Change) -> Result<()> {
    match c.entity.as_str() {
        entity::LEDGER_FACT => match LedgerFact::deserialize(&c.value) {
            Ok(LedgerFact::VoucherPosted { voucher }) => write_voucher(conn, c, &voucher)?,
            Ok(LedgerFact::AccountOpened { account }) => {
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO ledger_account (code, name, parent, member) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![
                    account.code.as_str(),
                    account.name,
                    account.parent.as_str(),
                    account.member.as_ref().map(|m| m.as_str())
                ])?;
            }
            _ => {}
        },
        entity::LOT_EVENT => {
            if let Ok(e) = LotEvent::deserialize(&c.value) {
                if let LotStep::Opened {
                    name, raw_product, ..
                } = &e.step
                {
                    conn.prepare_cached(
                        "INSERT OR IGNORE INTO coop_lot (id, name, owner, opened_on, raw_product) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![e.lot.0, name, e.device, e.date.to_string(), raw_product])?;
                }
            }
        }
        entity::LEDGER_MEMBER => {
            if let Ok(m) = super::CoopMember::deserialize(&c.value) {
                conn.prepare_cached(
                    "INSERT OR IGNORE INTO ledger_member (member, household_id, name) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![m.member.as_str(), m.household_id, m.name])?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn source_label(s: &VoucherSource) -> (&'static str, Option<&str>) {
    match s {
        VoucherSource::Manual => ("manual", None),
        VoucherSource::Lot { lot } => ("lot", Some(lot.0.as_str())),
        VoucherSource::Surplus { .. } => ("surplus", None),
        VoucherSource::Closing { .. } => ("closing", None),
    }
}

fn write_voucher(conn: &Connection, c: &Change, v: &Voucher) -> Result<()> {
    let (source, lot) = source_label(&v.body.source);
    let date = v.body.date.to_string();
    let s = &v.body.signers;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO ledger_voucher (device, counter, voucher_device, voucher_seq, series, number, date, summary, reverses, source, lot, handler, approver, accountant, cashier, prev_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        c.id.device,
        c.id.counter as i64,
        v.id.device,
        v.id.seq as i64,
        v.series,
        v.number,
        date,
        v.body.summary,
        v.body.reverses.as_ref().map(|r| r.to_string()),
        source,
        lot,
        s.handler,
        s.approver,
        s.accountant,
        s.cashier,
        v.prev_hash,
    ])?;
    let mut line = conn.prepare_cached(
        "INSERT OR IGNORE INTO ledger_line (device, counter, line, date, account, member, debit, credit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut day = conn.prepare_cached(DAY_ADD)?;
    for (i, l) in v.body.lines.iter().enumerate() {
        let fresh = line.execute(params![
            c.id.device,
            c.id.counter as i64,
            i as i64 + 1,
            date,
            l.account.as_str(),
            l.member.as_ref().map(|m| m.as_str()),
            l.debit.0,
            l.credit.0,
        ])?;
        if fresh == 1 {
            day.execute(params![l.account.as_str(), date, l.debit.0, l.credit.0])?;
        }
    }
    Ok(())
}
