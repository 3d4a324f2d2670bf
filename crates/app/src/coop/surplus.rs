//! Year-end surplus return by volume (盈余返还): preview the split, then
//! in one action close the year's income accounts into 本年盈余 and
//! 盈余分配 and post the reserve and the per-member return to 应付盈余返还;
//! finally pay what each member is owed.
//!
//! Volume is each member's live intake weight in the year's lots (grams),
//! the co-op's statute's usual measure; the split is the ledger's
//! deterministic largest-remainder rule.

use super::error::{CoopError, CoopResult};
use super::input::{self, SignForm};
use super::view::Posted;
use super::Coop;
use chrono::{Datelike, NaiveDate};
use cunwu_core::money::Fen;
use cunwu_ledger::closing::{year_end_closing, year_surplus};
use cunwu_ledger::surplus::{plan_surplus, volumes_by_weight, SurplusPlan, SurplusTerms};
use cunwu_ledger::{Line, Lot, PayFrom, Role, VoucherBody, VoucherSource};
use cunwu_store::Store;

impl Coop {
    /// The split for `year` at the given reserve and return percentages,
    /// written nowhere.
    pub fn surplus_preview(
        &mut self,
        store: &Store,
        year: i32,
        reserve: &str,
        ret: &str,
    ) -> CoopResult<SurplusPlan> {
        self.ledger.refresh(store)?;
        let terms = SurplusTerms {
            surplus: year_surplus(self.ledger.books(), year)?,
            reserve_bp: input::percent_bp(reserve, "公积金提取比例")?,
            return_bp: input::percent_bp(ret, "按交易量返还比例")?,
        };
        let lots: Vec<Lot> = self.ledger.lots().values().cloned().collect();
        let volumes = volumes_by_weight(&lots, self.ledger.books(), year)?;
        if volumes.iter().all(|v| v.volume == 0) {
            return Err(CoopError::rule(format!(
                "{year}年没有成员交售记录，无法按交易量返还"
            )));
        }
        Ok(plan_surplus(year, terms, &volumes)?)
    }

    fn surplus_done(&self, year: i32) -> bool {
        let books = self.ledger.books();
        books.vouchers().iter().any(|v| {
            v.body.source == VoucherSource::Surplus { year }
                && !v.is_reversal()
                && !books.is_reversed(&v.id)
        })
    }

    /// Year end in one action: close the year's income accounts, then post
    /// the reserve and the return per member (dated `date`, default Dec 31).
    pub fn surplus_distribute(
        &mut self,
        store: &mut Store,
        year: i32,
        reserve: &str,
        ret: &str,
        date: Option<&str>,
        sign: &SignForm,
    ) -> CoopResult<(SurplusPlan, Posted)> {
        let plan = self.surplus_preview(store, year, reserve, ret)?;
        if self.surplus_done(year) {
            return Err(CoopError::rule(format!(
                "{year}年度的盈余已经分配过，不能重复分配；如需更正，请先红字冲销原分配凭证"
            )));
        }
        let date = match date.map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => cunwu_core::visit::parse_date(d)?,
            None => NaiveDate::from_ymd_opt(year, 12, 31)
                .ok_or_else(|| CoopError::invalid("年度", "年度不对"))?,
        };
        if date.year() != year {
            return Err(CoopError::invalid(
                "日期",
                format!("分配日期应在{year}年内，通常是{year}-12-31"),
            ));
        }
        let signers = sign.signers(store, &self.ledger)?;
        let mut bodies = year_end_closing(self.ledger.books(), year, date, &signers)?;
        let (accounts, dist) = plan.vouchers(self.ledger.books().chart(), date, &signers)?;
        let accounts: Vec<_> = accounts
            .into_iter()
            .map(|mut a| {
                if let Some(m) = a.member.as_ref().and_then(|m| self.ledger.members().get(m)) {
                    a.name.clone_from(&m.name);
                }
                a
            })
            .collect();
        bodies.extend(dist);
        let posted = self.ledger.commit(store, &accounts, bodies)?;
        Ok((plan, Posted::new(None, &posted)))
    }

    /// Pay every member what 应付盈余返还 still owes them for `year`.
    pub fn surplus_pay(
        &mut self,
        store: &mut Store,
        year: i32,
        from: &str,
        date: Option<&str>,
        sign: &SignForm,
    ) -> CoopResult<Posted> {
        self.ledger.refresh(store)?;
        let from: PayFrom = input::pay_from(from)?;
        let books = self.ledger.books();
        let chart = books.chart();
        let payable = chart.by_role(Role::SurplusReturnPayable)?.code.clone();
        let mut lines = Vec::new();
        let mut total = Fen::ZERO;
        for a in chart.children(&payable) {
            let owed = books.balance(&a.code)?;
            if owed.0 > 0 {
                total = total.checked_add(owed)?;
                let mut line = Line::debit(a.code.clone(), owed).memo(a.name.clone());
                line.member = a.member.clone();
                lines.push(line);
            }
        }
        if lines.is_empty() {
            return Err(CoopError::rule("没有待支付的盈余返还".to_string()));
        }
        lines.push(Line::credit(
            chart.by_role(from.role())?.code.clone(),
            total,
        ));
        let body = VoucherBody {
            date: input::date_or_today(store, date)?,
            summary: format!("支付{year}年度盈余返还"),
            lines,
            signers: sign.signers(store, &self.ledger)?,
            attachments: 0,
            reverses: None,
            source: VoucherSource::Surplus { year },
        };
        let v = self.ledger.post(store, body)?;
        Ok(Posted::new(None, &[v]))
    }
}
