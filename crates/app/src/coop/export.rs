//! Excel exports of the books (.xlsx, or .csv by extension) through
//! `cunwu_sheet::write_table`: journal (序时账), trial balance (试算平衡表),
//! an account's ledger (明细账) and a member's statement (成员账户).
//! Amounts are written in yuan with two decimals and no separators, so
//! Excel can convert them to numbers.

use super::error::CoopResult;
use super::Coop;
use chrono::NaiveDate;
use cunwu_core::money::Fen;
use cunwu_ledger::report::direction;
use cunwu_sheet::write_table;
use cunwu_store::Store;
use std::path::Path;

/// Which report to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportKind {
    /// 序时账.
    Journal,
    /// 试算平衡表.
    TrialBalance,
    /// 明细账 of one account (a control account includes its sub-accounts).
    Ledger {
        /// Account code.
        account: String,
    },
    /// 成员账户 of one household.
    Statement {
        /// 户编号 or member number.
        household: String,
    },
}

/// `1344000.00`, `-0.05`.
pub fn yuan(f: Fen) -> String {
    let abs = f.0.unsigned_abs();
    format!(
        "{}{}.{:02}",
        if f.0 < 0 { "-" } else { "" },
        abs / 100,
        abs % 100
    )
}

fn blank_zero(f: Fen) -> String {
    if f.0 == 0 {
        String::new()
    } else {
        yuan(f)
    }
}

impl Coop {
    /// Export `kind` for `[from, to]` to `out`; returns the data rows written.
    pub fn export(
        &mut self,
        store: &Store,
        kind: &ExportKind,
        from: NaiveDate,
        to: NaiveDate,
        out: &Path,
    ) -> CoopResult<usize> {
        let (sheet, headers, rows): (&str, Vec<&str>, Vec<Vec<String>>) = match kind {
            ExportKind::Journal => {
                let mut rows = Vec::new();
                for j in self.journal(store, from, to)? {
                    for (l, name) in &j.lines {
                        rows.push(vec![
                            j.date.to_string(),
                            j.label.clone(),
                            if l.memo.is_empty() {
                                j.summary.clone()
                            } else {
                                l.memo.clone()
                            },
                            l.account.0.clone(),
                            name.clone(),
                            blank_zero(l.debit),
                            blank_zero(l.credit),
                            l.member.as_ref().map(|m| m.0.clone()).unwrap_or_default(),
                            if j.reversal {
                                "红字冲销".into()
                            } else if j.reversed {
                                "已冲销".into()
                            } else {
                                String::new()
                            },
                        ]);
                    }
                }
                (
                    "序时账",
                    vec![
                        "日期",
                        "凭证号",
                        "摘要",
                        "科目编码",
                        "科目名称",
                        "借方金额",
                        "贷方金额",
                        "成员编号",
                        "备注",
                    ],
                    rows,
                )
            }
            ExportKind::TrialBalance => {
                let tb = self.trial_balance(store, from, to)?;
                let rows = tb
                    .rows
                    .iter()
                    .chain(std::iter::once(&tb.total))
                    .map(|r| {
                        vec![
                            r.code.0.clone(),
                            format!("{}{}", "　".repeat(r.level.saturating_sub(1)), r.name),
                            blank_zero(r.opening.debit),
                            blank_zero(r.opening.credit),
                            blank_zero(r.period.debit),
                            blank_zero(r.period.credit),
                            blank_zero(r.closing.debit),
                            blank_zero(r.closing.credit),
                        ]
                    })
                    .collect();
                (
                    "试算平衡表",
                    vec![
                        "科目编码",
                        "科目名称",
                        "期初借方",
                        "期初贷方",
                        "本期借方",
                        "本期贷方",
                        "期末借方",
                        "期末贷方",
                    ],
                    rows,
                )
            }
            ExportKind::Ledger { account } => {
                let gl = self.general_ledger(store, account, from, to)?;
                let (d, b) = direction(gl.opening);
                let mut rows = vec![vec![
                    from.to_string(),
                    String::new(),
                    "期初余额".into(),
                    String::new(),
                    String::new(),
                    d.into(),
                    yuan(b),
                ]];
                for r in &gl.rows {
                    let (d, b) = direction(r.balance);
                    rows.push(vec![
                        r.date.to_string(),
                        r.voucher.clone(),
                        r.summary.clone(),
                        blank_zero(r.debit),
                        blank_zero(r.credit),
                        d.into(),
                        yuan(b),
                    ]);
                }
                let (d, b) = direction(gl.closing);
                rows.push(vec![
                    to.to_string(),
                    String::new(),
                    "本期合计".into(),
                    yuan(gl.period.debit),
                    yuan(gl.period.credit),
                    d.into(),
                    yuan(b),
                ]);
                (
                    "明细账",
                    vec!["日期", "凭证号", "摘要", "借方", "贷方", "借或贷", "余额"],
                    rows,
                )
            }
            ExportKind::Statement { household } => {
                let v = self.member_statement(store, household, from, to)?;
                let rows = v
                    .statement
                    .rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.date.to_string(),
                            r.voucher.clone(),
                            r.account.0.clone(),
                            r.account_name.clone(),
                            r.summary.clone(),
                            blank_zero(r.debit),
                            blank_zero(r.credit),
                            yuan(r.balance),
                        ]
                    })
                    .collect();
                (
                    "成员账户",
                    vec![
                        "日期",
                        "凭证号",
                        "科目",
                        "科目名称",
                        "摘要",
                        "借方",
                        "贷方",
                        "余额（社欠成员为正）",
                    ],
                    rows,
                )
            }
        };
        write_table(out, sheet, &headers, &rows)?;
        Ok(rows.len())
    }
}
