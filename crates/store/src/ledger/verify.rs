//! `cunwu ledger verify`: what an auditor runs. Each device's vouchers,
//! read from the change log (the source of truth), must form an unbroken
//! hash chain; the materialized voucher and line rows the reports sum must
//! agree with the log, voucher by voucher; voucher numbers must run without
//! gaps; and the books must balance with every control account equal to
//! its sub-accounts.

use super::error::BooksResult;
use super::fold::Ledger;
use crate::Store;
use cunwu_core::change::{entity, ChangeId};
use cunwu_ledger::chain::{verify_chain, DeviceChain};
use cunwu_ledger::series::gaps;
use cunwu_ledger::{InvariantBreak, LedgerFact, Period, Voucher};
use rusqlite::params;
use serde::Serialize;
use std::collections::BTreeMap;

/// A materialized row that disagrees with the change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableMismatch {
    /// The change (device#counter) the rows belong to.
    pub change: String,
    /// What disagrees, in Chinese.
    pub message: String,
}

/// The verification report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReport {
    /// Vouchers read from the change log.
    pub vouchers: usize,
    /// Each device's chain.
    pub chains: Vec<DeviceChain>,
    /// Chain breaks, in Chinese.
    pub breaks: Vec<String>,
    /// Rows that disagree with the log.
    pub tables: Vec<TableMismatch>,
    /// Missing voucher numbers.
    pub gaps: Vec<String>,
    /// Broken invariants of the books.
    pub invariants: Vec<String>,
    /// Facts the ledger rules refused (kept for a person, not counted).
    pub quarantined: Vec<String>,
    /// True when the chains are unbroken, the tables agree with the log,
    /// numbers have no gaps and the books balance.
    pub intact: bool,
}

type LineRow = (i64, String, String, Option<String>, i64, i64, i64);
type HeadRow = (String, i64, String, i64, String, String, i64);

fn describe(b: &InvariantBreak) -> String {
    match b {
        InvariantBreak::TrialBalance { debit, credit } => {
            format!("试算不平衡：借方合计 {debit}，贷方合计 {credit}")
        }
        InvariantBreak::Control {
            code,
            control,
            children,
        } => format!(
            "科目 {code} 与其明细科目合计不符：总账 借{} 贷{}，明细合计 借{} 贷{}",
            control.debit, control.credit, children.debit, children.credit
        ),
        InvariantBreak::Overflow => "核对时金额超出范围".to_string(),
    }
}

type DayTotals = BTreeMap<(String, String), (i64, i64, i64)>;

fn day_rows(conn: &rusqlite::Connection, sql: &str) -> BooksResult<DayTotals> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?, r.get(4)?)))
        })?
        .collect::<rusqlite::Result<DayTotals>>()?;
    Ok(rows)
}

/// The day totals the trial balance reads must equal the live lines.
fn day_mismatches(conn: &rusqlite::Connection) -> BooksResult<Vec<TableMismatch>> {
    let want = day_rows(
        conn,
        "SELECT account, date, sum(debit), sum(credit), count(*) FROM ledger_line WHERE live = 1 GROUP BY account, date",
    )?;
    let have = day_rows(
        conn,
        "SELECT account, date, debit, credit, lines FROM ledger_day WHERE lines <> 0 OR debit <> 0 OR credit <> 0",
    )?;
    let keys: std::collections::BTreeSet<&(String, String)> =
        want.keys().chain(have.keys()).collect();
    Ok(keys
        .into_iter()
        .filter(|k| want.get(*k) != have.get(*k))
        .map(|(account, date)| TableMismatch {
            change: format!("{account} {date}"),
            message: format!("科目 {account} 在 {date} 的汇总数与分录合计不符：试算汇总表被改动"),
        })
        .collect())
}

impl Ledger {
    /// Verify the books held by `store` (see the module docs).
    pub fn verify(&mut self, store: &Store) -> BooksResult<VerifyReport> {
        self.refresh(store)?;
        let conn = &store.conn;
        let mut tables = Vec::new();
        let mut logged: Vec<(ChangeId, Voucher)> = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT device, counter, value FROM change_log WHERE entity = ?1 AND field IS NULL
                 AND village = coalesce((SELECT value FROM meta WHERE key = 'village'), village)",
            )?;
            let mut rows = stmt.query([entity::LEDGER_FACT])?;
            while let Some(r) = rows.next()? {
                let id = ChangeId {
                    device: r.get(0)?,
                    counter: r.get::<_, i64>(1)? as u64,
                };
                let json: String = r.get(2)?;
                match serde_json::from_str::<LedgerFact>(&json) {
                    Ok(LedgerFact::VoucherPosted { voucher }) => logged.push((id, voucher)),
                    Ok(_) => {}
                    Err(_) => tables.push(TableMismatch {
                        change: id.to_string(),
                        message: "变更日志中的账务记录无法读取：内容可能被改动".into(),
                    }),
                }
            }
        }
        let all: Vec<Voucher> = logged.iter().map(|(_, v)| v.clone()).collect();
        let chains = verify_chain(&all);
        let breaks = chains
            .iter()
            .filter_map(|c| c.first_break.as_ref().map(ToString::to_string))
            .collect();

        let mut heads: BTreeMap<ChangeId, HeadRow> = BTreeMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT device, counter, voucher_device, voucher_seq, series, number, date, summary, live FROM ledger_voucher",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id = ChangeId {
                    device: r.get(0)?,
                    counter: r.get::<_, i64>(1)? as u64,
                };
                heads.insert(
                    id,
                    (
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                    ),
                );
            }
        }
        let mut lines: BTreeMap<ChangeId, Vec<LineRow>> = BTreeMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT device, counter, line, date, account, member, debit, credit, live FROM ledger_line ORDER BY device, counter, line",
            )?;
            let mut rows = stmt.query(params![])?;
            while let Some(r) = rows.next()? {
                let id = ChangeId {
                    device: r.get(0)?,
                    counter: r.get::<_, i64>(1)? as u64,
                };
                lines.entry(id).or_default().push((
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ));
            }
        }
        for (id, v) in &logged {
            let label = v.label();
            let live = i64::from(!self.quarantined.contains(id));
            let date = v.body.date.to_string();
            match heads.remove(id) {
                None => tables.push(TableMismatch {
                    change: id.to_string(),
                    message: format!("凭证 {label} 在账簿表中缺失"),
                }),
                Some(h) => {
                    let want = (
                        v.id.device.clone(),
                        v.id.seq as i64,
                        v.series.clone(),
                        i64::from(v.number),
                        date.clone(),
                        v.body.summary.clone(),
                        live,
                    );
                    if h != want {
                        tables.push(TableMismatch {
                            change: id.to_string(),
                            message: format!("凭证 {label} 的账簿表记录（日期、编号、摘要或计入状态）与变更日志不符：账簿表被改动"),
                        });
                    }
                }
            }
            let want: Vec<LineRow> = v
                .body
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    (
                        i as i64 + 1,
                        date.clone(),
                        l.account.0.clone(),
                        l.member.as_ref().map(|m| m.0.clone()),
                        l.debit.0,
                        l.credit.0,
                        live,
                    )
                })
                .collect();
            if lines.remove(id).unwrap_or_default() != want {
                tables.push(TableMismatch {
                    change: id.to_string(),
                    message: format!(
                        "凭证 {label} 的分录在账簿表中与变更日志不符（科目、金额或计入状态被改动）"
                    ),
                });
            }
        }
        for id in heads.keys().chain(lines.keys()) {
            tables.push(TableMismatch {
                change: id.to_string(),
                message: "账簿表中有变更日志里没有的凭证或分录：账簿表被改动".into(),
            });
        }
        tables.extend(day_mismatches(conn)?);
        let mut numbers: BTreeMap<(String, Period), Vec<u32>> = BTreeMap::new();
        for v in &all {
            numbers
                .entry((v.series.clone(), v.period()))
                .or_default()
                .push(v.number);
        }
        let gaps = numbers
            .iter()
            .filter_map(|((series, period), n)| {
                let g = gaps(n.iter().copied());
                (!g.is_empty()).then(|| {
                    let list: Vec<String> = g.iter().map(|x| format!("{series}-{x:04}")).collect();
                    format!("{period} 凭证字“{series}”缺号：{}", list.join("、"))
                })
            })
            .collect::<Vec<_>>();
        let invariants: Vec<String> = self.books.check().iter().map(describe).collect();
        let quarantined = self
            .refused()
            .iter()
            .map(|r| format!("{}（{}）：{}", r.what, r.change, r.reason))
            .collect();
        let breaks: Vec<String> = breaks;
        let intact =
            breaks.is_empty() && tables.is_empty() && gaps.is_empty() && invariants.is_empty();
        Ok(VerifyReport {
            vouchers: all.len(),
            chains,
            breaks,
            tables,
            gaps,
            invariants,
            quarantined,
            intact,
        })
    }
}
