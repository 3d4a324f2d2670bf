//! The books (账簿): the chart with balances, hand-written vouchers and
//! red-ink reversals, journal, trial balance (summed in SQL), general
//! ledger, member account statements, month closing, cash counts and bank
//! statement balances, and verification of the hash chains.

use super::error::{CoopError, CoopResult};
use super::input::{self, SignForm};
use super::view::{AccountRow, AssertionView, MemberStatementView, Posted};
use super::Coop;
use chrono::NaiveDate;
use cunwu_ledger::assertion::{check_assertion, AssertionKind, BalanceAssertion};
use cunwu_ledger::report::{
    general_ledger, journal, member_statement, GeneralLedger, JournalEntry, TrialBalance,
};
use cunwu_ledger::{
    AccountCode, Line, Lot, Period, Role, Voucher, VoucherBody, VoucherId, VoucherSource,
};
use cunwu_store::ledger::VerifyReport;
use cunwu_store::Store;
use serde::Deserialize;

/// One line of a hand-written voucher.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineForm {
    /// Account code (a leaf).
    pub account: String,
    /// Debit in yuan (blank when credit).
    pub debit: Option<String>,
    /// Credit in yuan (blank when debit).
    pub credit: Option<String>,
    /// Line summary.
    #[serde(default)]
    pub memo: String,
}

/// A hand-written voucher.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostForm {
    /// Date; today when blank.
    pub date: Option<String>,
    /// 摘要.
    pub summary: String,
    /// Lines.
    pub lines: Vec<LineForm>,
    /// 附单据张数.
    #[serde(default)]
    pub attachments: u32,
    /// Who signs.
    #[serde(default)]
    pub sign: SignForm,
}

/// `[from, to]`, defaulting to this year up to today.
pub fn range(
    store: &Store,
    from: Option<&str>,
    to: Option<&str>,
) -> CoopResult<(NaiveDate, NaiveDate)> {
    let to = input::date_or_today(store, to)?;
    let from = match from.map(str::trim).filter(|f| !f.is_empty()) {
        Some(f) => cunwu_core::visit::parse_date(f)?,
        None => NaiveDate::from_ymd_opt(chrono::Datelike::year(&to), 1, 1).unwrap_or(to),
    };
    if from > to {
        return Err(CoopError::invalid(
            "日期",
            format!("开始日期 {from} 晚于结束日期 {to}"),
        ));
    }
    Ok((from, to))
}

fn amount(text: &Option<String>) -> CoopResult<cunwu_core::money::Fen> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Ok(cunwu_core::money::Fen::parse_yuan(t)?),
        None => Ok(cunwu_core::money::Fen::ZERO),
    }
}

impl Coop {
    /// The chart of accounts with balances.
    pub fn accounts(&mut self, store: &Store) -> CoopResult<Vec<AccountRow>> {
        self.ledger.refresh(store)?;
        let books = self.ledger.books();
        books
            .chart()
            .accounts()
            .map(|a| {
                Ok(AccountRow {
                    code: a.code.0.clone(),
                    name: a.name.clone(),
                    kind: a.kind.label(),
                    side: a.side.label(),
                    level: books.chart().level(&a.code),
                    leaf: a.leaf,
                    member: a.member.as_ref().map(|m| m.0.clone()),
                    closed: a.closed,
                    balance: books.balance(&a.code)?,
                })
            })
            .collect()
    }

    /// Post a hand-written voucher.
    pub fn post(&mut self, store: &mut Store, form: &PostForm) -> CoopResult<Posted> {
        self.ledger.refresh(store)?;
        let lines = form
            .lines
            .iter()
            .map(|l| {
                let code = AccountCode::new(l.account.trim());
                let mut line = Line::debit(code.clone(), amount(&l.debit)?);
                line.credit = amount(&l.credit)?;
                if let Some(a) = self.ledger.books().chart().get(&code) {
                    line.member = a.member.clone();
                }
                Ok(line.memo(l.memo.trim()))
            })
            .collect::<CoopResult<Vec<_>>>()?;
        let body = VoucherBody {
            date: input::date_or_today(store, form.date.as_deref())?,
            summary: form.summary.trim().to_string(),
            lines,
            signers: form.sign.signers(store, &self.ledger)?,
            attachments: form.attachments,
            reverses: None,
            source: VoucherSource::Manual,
        };
        let v = self.ledger.post(store, body)?;
        Ok(Posted::new(None, &[v]))
    }

    /// Find a voucher by `device#seq` or by its label (`2026-11 A-0003`).
    pub fn voucher(&mut self, store: &Store, key: &str) -> CoopResult<Voucher> {
        self.ledger.refresh(store)?;
        let books = self.ledger.books();
        let key = key.trim();
        let by_id = key.rsplit_once('#').and_then(|(d, s)| {
            s.parse().ok().and_then(|seq| {
                books.voucher(&VoucherId {
                    device: d.to_string(),
                    seq,
                })
            })
        });
        by_id
            .or_else(|| books.vouchers().iter().find(|v| v.label() == key))
            .cloned()
            .ok_or_else(|| {
                cunwu_ledger::LedgerError::UnknownVoucher {
                    id: key.to_string(),
                }
                .into()
            })
    }

    /// Reverse a voucher in red ink (红字冲销).
    pub fn reverse(
        &mut self,
        store: &mut Store,
        key: &str,
        date: Option<&str>,
        sign: &SignForm,
    ) -> CoopResult<Posted> {
        let v = self.voucher(store, key)?;
        let date = input::date_or_today(store, date)?;
        let signers = sign.signers(store, &self.ledger)?;
        let r = self.ledger.reverse(store, &v.id, date, signers)?;
        Ok(Posted::new(None, &[r]))
    }

    /// The journal (序时账) for `[from, to]`.
    pub fn journal(
        &mut self,
        store: &Store,
        from: NaiveDate,
        to: NaiveDate,
    ) -> CoopResult<Vec<JournalEntry>> {
        self.ledger.refresh(store)?;
        Ok(journal(self.ledger.books(), from, to))
    }

    /// The trial balance (试算平衡表) for `[from, to]`, summed in SQL.
    pub fn trial_balance(
        &mut self,
        store: &Store,
        from: NaiveDate,
        to: NaiveDate,
    ) -> CoopResult<TrialBalance> {
        Ok(self.ledger.trial_balance_sql(store, from, to)?)
    }

    /// An account's ledger (明细账) for `[from, to]`.
    pub fn general_ledger(
        &mut self,
        store: &Store,
        code: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> CoopResult<GeneralLedger> {
        self.ledger.refresh(store)?;
        Ok(general_ledger(
            self.ledger.books(),
            &AccountCode::new(code.trim()),
            from,
            to,
        )?)
    }

    /// A household's member account statement (成员账户).
    pub fn member_statement(
        &mut self,
        store: &Store,
        household: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> CoopResult<MemberStatementView> {
        self.ledger.refresh(store)?;
        let m = input::existing_member(store, &self.ledger, household)?;
        let lots: Vec<Lot> = self.ledger.lots().values().cloned().collect();
        let statement = member_statement(self.ledger.books(), &lots, &m.member, from, to)?;
        Ok(MemberStatementView {
            member: m.member.0,
            name: m.name,
            household_id: m.household_id,
            statement,
        })
    }

    /// Close a month (结账).
    pub fn close_period(&mut self, store: &mut Store, period: &str) -> CoopResult<()> {
        Ok(self.ledger.close_period(store, Period::parse(period)?)?)
    }

    /// Record a cash count or bank statement balance; returns it checked.
    pub fn assert_balance(
        &mut self,
        store: &mut Store,
        kind: &str,
        amount: &str,
        date: Option<&str>,
        by: Option<&str>,
    ) -> CoopResult<AssertionView> {
        self.ledger.refresh(store)?;
        let (kind, role) = match kind.trim() {
            "cash" | "现金" | "现金盘点" => (AssertionKind::CashCount, Role::Cash),
            "bank" | "银行" | "银行对账单" => (AssertionKind::BankStatement, Role::Bank),
            other => {
                return Err(CoopError::invalid(
                    "核对类别",
                    format!("“{other}”不是核对类别，请写 现金（cash）或 银行（bank）"),
                ))
            }
        };
        let counted = cunwu_core::money::Fen::parse_yuan(amount)?;
        if counted.0 < 0 {
            return Err(CoopError::invalid("金额", "盘点或对账单金额不能为负数"));
        }
        let by = match by.map(str::trim).filter(|b| !b.is_empty()) {
            Some(b) => b.to_string(),
            None => store.require_profile()?.user,
        };
        let a = BalanceAssertion {
            account: self.ledger.books().chart().by_role(role)?.code.clone(),
            date: input::date_or_today(store, date)?,
            amount: counted,
            kind,
            by,
        };
        self.ledger.assert_balance(store, a.clone())?;
        Ok(check_assertion(self.ledger.books(), &a)?.into())
    }

    /// Every cash count and bank statement balance, checked against the books now.
    pub fn assertions(&mut self, store: &Store) -> CoopResult<Vec<AssertionView>> {
        self.ledger.refresh(store)?;
        self.ledger
            .assertions()
            .iter()
            .map(|a| Ok(check_assertion(self.ledger.books(), a)?.into()))
            .collect()
    }

    /// Verify hash chains, rows against the log, numbering and balances.
    pub fn verify(&mut self, store: &Store) -> CoopResult<VerifyReport> {
        Ok(self.ledger.verify(store)?)
    }
}
