//! [`Ledger`]: the books in memory, folded from the change log in the
//! order every replica uses (HLC, device, counter), and kept up to date.
//!
//! On [`Ledger::open`] every ledger change is folded. [`Ledger::refresh`]
//! reads the changes that arrived since (by `ledger_change.arrival`): when
//! they all sort after the last one folded they are applied on top,
//! otherwise (a sync brought older facts, or a local write failed half
//! way) the fold starts again from scratch. A refused fact is kept in
//! [`Ledger::refused`] for a person; a refused voucher is quarantined by
//! the books and marked `live = 0` in the line table.

use super::error::BooksResult;
use super::settings::BooksSettings;
use crate::Store;
use cunwu_core::change::{entity, ChangeId};
use cunwu_ledger::assertion::BalanceAssertion;
use cunwu_ledger::{Books, Chart, LedgerFact, Lot, LotEvent, LotId, LotStep, MemberNo};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A household in the co-op's books under its member number (成员编号):
/// the household's 户编号 when it first traded with the co-op, kept even
/// if the 户编号 is edited later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoopMember {
    /// Member number.
    pub member: MemberNo,
    /// The register's household id.
    pub household_id: String,
    /// Household head's name when it joined.
    pub name: String,
}

/// A ledger change the fold refused, for a person to see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refused {
    /// The change.
    pub change: ChangeId,
    /// Its entity.
    pub entity: String,
    /// What it was, e.g. `凭证 2026-11 B-0003`.
    pub what: String,
    /// Stable code of the reason.
    pub code: String,
    /// Why, in Chinese.
    pub reason: String,
}

type Key = (i64, String, i64);

/// The co-op's books as this replica holds them.
pub struct Ledger {
    pub(super) settings: BooksSettings,
    pub(super) books: Books,
    pub(super) lots: BTreeMap<LotId, Lot>,
    orphans: Vec<LotEvent>,
    pub(super) assertions: Vec<(ChangeId, BalanceAssertion)>,
    pub(super) members: BTreeMap<MemberNo, CoopMember>,
    refused: Vec<Refused>,
    pub(super) quarantined: BTreeSet<ChangeId>,
    cursor: i64,
    last: Option<Key>,
    pub(super) dirty: bool,
    folded: usize,
}

struct Row {
    arrival: i64,
    key: Key,
    entity: String,
    value: String,
}

impl Ledger {
    /// Fold every ledger change of `store`.
    pub fn open(store: &Store) -> BooksResult<Ledger> {
        let settings = BooksSettings::read(&store.conn)?;
        let chart = Chart::from_template(settings.template)?;
        let mut l = Ledger {
            books: Books::new(chart, settings.ledger()),
            settings,
            lots: BTreeMap::new(),
            orphans: Vec::new(),
            assertions: Vec::new(),
            members: BTreeMap::new(),
            refused: Vec::new(),
            quarantined: BTreeSet::new(),
            cursor: 0,
            last: None,
            dirty: false,
            folded: 0,
        };
        let rows = read_rows(&store.conn, 0)?;
        l.fold(&store.conn, rows, true, store.device_id())?;
        Ok(l)
    }

    /// Bring the fold up to date with the change log (after a sync, or a
    /// write on another connection). Cheap when nothing arrived.
    pub fn refresh(&mut self, store: &Store) -> BooksResult<()> {
        let settings = BooksSettings::read(&store.conn)?;
        if self.dirty || settings.template != self.settings.template {
            *self = Ledger::open(store)?;
            return Ok(());
        }
        if settings != self.settings {
            self.books.set_settings(settings.ledger());
            self.settings = settings;
        }
        let rows = read_rows(&store.conn, self.cursor)?;
        if rows.is_empty() {
            return Ok(());
        }
        let in_order = match (&self.last, rows.first()) {
            (Some(last), Some(first)) => first.key > *last,
            _ => true,
        };
        if !in_order {
            *self = Ledger::open(store)?;
            return Ok(());
        }
        self.fold(&store.conn, rows, false, store.device_id())
    }

    fn fold(&mut self, conn: &Connection, rows: Vec<Row>, full: bool, me: &str) -> BooksResult<()> {
        if full {
            super::live_marks::rematerialize_if_flagged(conn)?;
        }
        let before = self.quarantined.len();
        let foreign = rows.iter().any(|r| r.key.1 != me);
        for r in rows {
            let change = ChangeId {
                device: r.key.1.clone(),
                counter: r.key.2 as u64,
            };
            self.cursor = self.cursor.max(r.arrival);
            self.folded += 1;
            if let Err((what, code, reason)) = self.apply_row(&change, &r.entity, &r.value) {
                if r.entity == entity::LEDGER_FACT && what.starts_with("凭证") {
                    self.quarantined.insert(change.clone());
                }
                self.refused.push(Refused {
                    change,
                    entity: r.entity,
                    what,
                    code: code.to_string(),
                    reason,
                });
            }
            self.last = Some(r.key);
        }
        if full || self.quarantined.len() != before {
            super::live_marks::write_live(conn, &self.quarantined, full)?;
        }
        if full || foreign {
            super::report_sql::mark_folded(conn)?;
        }
        Ok(())
    }

    /// Apply one change; `Err((what, code, reason))` when refused.
    fn apply_row(
        &mut self,
        change: &ChangeId,
        kind: &str,
        json: &str,
    ) -> Result<(), (String, &'static str, String)> {
        let unreadable = |what: &str| {
            (
                what.to_string(),
                "unreadable",
                "这条记录无法读取（可能来自更新版本的村务），已保留在变更日志中，请升级村务"
                    .to_string(),
            )
        };
        match kind {
            entity::LEDGER_FACT => {
                let f: LedgerFact =
                    serde_json::from_str(json).map_err(|_| unreadable("账务记录"))?;
                let what = match &f {
                    LedgerFact::VoucherPosted { voucher } => format!("凭证 {}", voucher.label()),
                    LedgerFact::AccountOpened { account } => {
                        format!("增设科目 {} {}", account.code, account.name)
                    }
                    LedgerFact::AccountClosed { code } => format!("停用科目 {code}"),
                    LedgerFact::PeriodClosed { period } => format!("结账 {period}"),
                };
                self.books
                    .apply(&f)
                    .map_err(|e| (what, e.code(), e.to_string()))
            }
            entity::LOT_EVENT => {
                let e: LotEvent = serde_json::from_str(json).map_err(|_| unreadable("批次记录"))?;
                self.apply_event(e)
                    .map_err(|err| ("批次记录".to_string(), err.code(), err.to_string()))
            }
            entity::LEDGER_ASSERTION => {
                let a: BalanceAssertion =
                    serde_json::from_str(json).map_err(|_| unreadable("盘点记录"))?;
                if !self.assertions.iter().any(|(c, _)| c == change) {
                    self.assertions.push((change.clone(), a));
                }
                Ok(())
            }
            entity::LEDGER_MEMBER => {
                let m: CoopMember =
                    serde_json::from_str(json).map_err(|_| unreadable("成员记录"))?;
                self.members.entry(m.member.clone()).or_insert(m);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn apply_event(&mut self, e: LotEvent) -> cunwu_ledger::Result<()> {
        if let LotStep::Opened { .. } = e.step {
            if let Some(lot) = self.lots.get_mut(&e.lot) {
                return lot.apply(&e);
            }
            let lot = Lot::from_opened(&e)?;
            let id = lot.id.clone();
            self.lots.insert(id.clone(), lot);
            let waiting: Vec<LotEvent> = self
                .orphans
                .iter()
                .filter(|o| o.lot == id)
                .cloned()
                .collect();
            self.orphans.retain(|o| o.lot != id);
            for o in waiting {
                self.apply_event(o)?;
            }
            return Ok(());
        }
        match self.lots.get_mut(&e.lot) {
            Some(lot) => lot.apply(&e),
            None => {
                self.orphans.push(e);
                Ok(())
            }
        }
    }

    /// After this device committed `changes` (whose vouchers, accounts and
    /// lot event the planner already applied in memory), take in `members`
    /// and `assertion` and move the cursor past them without reading them
    /// back. `Ok(false)` when anything else arrived meanwhile or they do
    /// not sort last: the caller then refreshes the usual way.
    pub(super) fn advance_local(
        &mut self,
        conn: &Connection,
        changes: &[cunwu_core::change::Change],
        members: &[CoopMember],
        assertion: Option<&BalanceAssertion>,
    ) -> BooksResult<bool> {
        let mut stmt = conn.prepare_cached(
            "SELECT arrival, hlc, device, counter FROM ledger_change WHERE arrival > ?1 ORDER BY arrival",
        )?;
        let arrived = stmt
            .query_map(params![self.cursor], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    (
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)?,
                    ),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let expected: Vec<Key> = changes
            .iter()
            .map(|c| (c.hlc.pack(), c.id.device.clone(), c.id.counter as i64))
            .collect();
        let keys: Vec<&Key> = arrived.iter().map(|(_, k)| k).collect();
        let sorted = expected.windows(2).all(|w| w[0] < w[1]);
        let after_last = match (&self.last, expected.first()) {
            (Some(last), Some(first)) => first > last,
            _ => true,
        };
        if !sorted || !after_last || keys != expected.iter().collect::<Vec<_>>() {
            return Ok(false);
        }
        for m in members {
            self.members
                .entry(m.member.clone())
                .or_insert_with(|| m.clone());
        }
        if let (Some(a), Some(c)) = (assertion, changes.last()) {
            self.assertions.push((c.id.clone(), a.clone()));
        }
        if let Some((arrival, key)) = arrived.into_iter().last() {
            self.cursor = arrival;
            self.last = Some(key);
        }
        self.folded += changes.len();
        Ok(true)
    }

    /// The books.
    pub fn books(&self) -> &Books {
        &self.books
    }
    /// The settings the books were folded with.
    pub fn settings(&self) -> &BooksSettings {
        &self.settings
    }
    /// Every lot, by id.
    pub fn lots(&self) -> &BTreeMap<LotId, Lot> {
        &self.lots
    }
    /// Members by number.
    pub fn members(&self) -> &BTreeMap<MemberNo, CoopMember> {
        &self.members
    }
    /// The member a household is in the books under, if any.
    pub fn member_of_household(&self, household_id: &str) -> Option<&CoopMember> {
        self.members
            .values()
            .find(|m| m.household_id == household_id)
    }
    /// Cash counts and bank statement balances, in fold order.
    pub fn assertions(&self) -> Vec<BalanceAssertion> {
        self.assertions.iter().map(|(_, a)| a.clone()).collect()
    }
    /// Changes the fold refused.
    pub fn refused(&self) -> &[Refused] {
        &self.refused
    }
    /// Ledger changes folded so far.
    pub fn folded(&self) -> usize {
        self.folded
    }
}

fn read_rows(conn: &Connection, after: i64) -> BooksResult<Vec<Row>> {
    // A full fold reads in the order index; catching up reads the few rows
    // past the cursor by rowid and sorts them (`+l.hlc` keeps SQLite from
    // scanning the whole order index for them).
    let sql = if after == 0 {
        concat!(
            "SELECT l.arrival, l.hlc, l.device, l.counter, l.entity, c.value FROM ledger_change l",
            crate::change_log::join_change!("JOIN", "l"),
            "ORDER BY l.hlc, l.device, l.counter"
        )
    } else {
        concat!(
            "SELECT l.arrival, l.hlc, l.device, l.counter, l.entity, c.value FROM ledger_change l",
            crate::change_log::join_change!("JOIN", "l"),
            "WHERE l.arrival > ?1 ORDER BY +l.hlc, l.device, l.counter"
        )
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = if after == 0 {
        stmt.query_map([], map_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    } else {
        stmt.query_map(params![after], map_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?
    };
    Ok(rows)
}

fn map_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        arrival: r.get(0)?,
        key: (r.get(1)?, r.get(2)?, r.get(3)?),
        entity: r.get(4)?,
        value: r.get(5)?,
    })
}
