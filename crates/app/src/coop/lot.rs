//! Pooled lots (统一收购、统一销售): open, intake from households, processing,
//! costs, finished goods, sales, payouts to households, closing; each step
//! posts its vouchers exactly as DOMAIN.md's worked example (V1–V6).

use super::error::{CoopError, CoopResult};
pub use super::forms::{
    CostForm, FinishForm, IntakeForm, IntakeRow, LotForm, PayoutForm, SaleForm, StepForm,
};
use super::input::{self, member_for, SignForm};
use super::view::{EventView, LotSummary, LotView, Posted};
use super::Coop;
use cunwu_ledger::payout::{find_duplicate_payouts, payout_records};
use cunwu_ledger::report::journal;
use cunwu_ledger::{
    CostItem, IntakeInput, LedgerFact, Lot, LotContext, LotPlan, PayoutKind, PayoutRequest,
    Recorded,
};
use cunwu_store::{CoopMember, Store};

fn kind(text: Option<&str>) -> CoopResult<PayoutKind> {
    match text.map(str::trim).unwrap_or("") {
        "" | "purchase" | "收购款" => Ok(PayoutKind::Purchase),
        "advance" | "预付款" | "预付" => Ok(PayoutKind::Advance),
        other => Err(CoopError::invalid(
            "付款类别",
            format!("“{other}”不是付款类别，请写 收购款 或 预付款"),
        )),
    }
}

fn vouchers(rec: &Recorded) -> Vec<cunwu_ledger::Voucher> {
    rec.facts
        .iter()
        .filter_map(|f| match f {
            LedgerFact::VoucherPosted { voucher } => Some(voucher.clone()),
            _ => None,
        })
        .collect()
}

impl Coop {
    fn ctx(&mut self, store: &Store, step: &StepForm) -> CoopResult<LotContext> {
        self.ledger.refresh(store)?;
        let date = input::date_or_today(store, step.date.as_deref())?;
        let signers = step.sign.signers(store, &self.ledger)?;
        Ok(self.ledger.context(store, date, signers)?)
    }

    fn step<F>(
        &mut self,
        store: &mut Store,
        lot: &str,
        members: Vec<CoopMember>,
        ctx: &LotContext,
        plan: F,
    ) -> CoopResult<Posted>
    where
        F: FnOnce(&Lot, &cunwu_ledger::Books, &LotContext) -> cunwu_ledger::Result<LotPlan>,
    {
        let rec = self.ledger.record_step(store, lot, members, ctx, plan)?;
        Ok(Posted::new(Some(lot.trim().to_string()), &vouchers(&rec)))
    }

    /// Open a lot on this device (which will own it).
    pub fn lot_open(
        &mut self,
        store: &mut Store,
        form: &LotForm,
        sign: &SignForm,
    ) -> CoopResult<LotSummary> {
        self.ledger.refresh(store)?;
        let date = input::date_or_today(store, form.date.as_deref())?;
        let signers = sign.signers(store, &self.ledger)?;
        let id = self
            .ledger
            .open_lot(store, &form.name, &form.product, date, signers)?;
        self.lot_summary(store, &id.0)
    }

    /// V1 收购: deliveries from households of the register.
    pub fn lot_intake(
        &mut self,
        store: &mut Store,
        lot: &str,
        form: &IntakeForm,
    ) -> CoopResult<Posted> {
        let ctx = self.ctx(store, &form.step)?;
        let mut members = Vec::new();
        let mut inputs = Vec::new();
        let many = form.rows.len() > 1;
        for (i, r) in form.rows.iter().enumerate() {
            let row = |e: CoopError| {
                if many {
                    CoopError::rule(format!("第{}行（{}）：{e}", i + 1, r.household))
                } else {
                    e
                }
            };
            let (m, new) = member_for(store, &self.ledger, &r.household).map_err(row)?;
            let wu = input::unit(r.weight_unit.as_deref()).map_err(row)?;
            let pu = input::unit(r.price_unit.as_deref()).map_err(row)?;
            inputs.push(IntakeInput {
                member: m.member.clone(),
                name: m.name.clone(),
                head: r.head,
                weight: input::weight(&r.weight, wu).map_err(row)?,
                grade: r.grade.trim().to_string(),
                price: input::price(&r.price, pu).map_err(row)?,
            });
            if new && !members.contains(&m) {
                members.push(m);
            }
        }
        self.step(store, lot, members, &ctx, |l, b, c| {
            l.plan_intake(b, c, inputs)
        })
    }

    /// V2 投入加工: all raw stock into processing.
    pub fn lot_process(
        &mut self,
        store: &mut Store,
        lot: &str,
        form: &StepForm,
    ) -> CoopResult<Posted> {
        let ctx = self.ctx(store, form)?;
        self.step(store, lot, Vec::new(), &ctx, |l, b, c| {
            l.plan_processing(b, c)
        })
    }

    /// V3 费用: 屠宰/包装/运输 … paid from cash or bank.
    pub fn lot_cost(
        &mut self,
        store: &mut Store,
        lot: &str,
        form: &CostForm,
    ) -> CoopResult<Posted> {
        let ctx = self.ctx(store, &form.step)?;
        let items = form
            .items
            .iter()
            .map(|(item, amount)| {
                Ok(CostItem {
                    item: item.trim().to_string(),
                    amount: input::money(amount, "费用金额")?,
                })
            })
            .collect::<CoopResult<Vec<_>>>()?;
        let from = input::pay_from(&form.from)?;
        self.step(store, lot, Vec::new(), &ctx, |l, b, c| {
            l.plan_cost(b, c, items, from)
        })
    }

    /// V4 完工入库.
    pub fn lot_finish(
        &mut self,
        store: &mut Store,
        lot: &str,
        form: &FinishForm,
    ) -> CoopResult<Posted> {
        let ctx = self.ctx(store, &form.step)?;
        let output = input::weight(&form.output, input::unit(form.unit.as_deref())?)?;
        let product = form.product.clone();
        self.step(store, lot, Vec::new(), &ctx, |l, b, c| {
            l.plan_finish(b, c, &product, output)
        })
    }

    /// V5a 销售 and V5b 结转成本.
    pub fn lot_sale(
        &mut self,
        store: &mut Store,
        lot: &str,
        form: &SaleForm,
    ) -> CoopResult<Posted> {
        let ctx = self.ctx(store, &form.step)?;
        let unit = input::unit(form.unit.as_deref())?;
        let quantity = input::weight(&form.quantity, unit)?;
        let price = input::price(&form.price, unit)?;
        let into = input::pay_from(&form.into)?;
        let buyer = form.buyer.clone();
        self.step(store, lot, Vec::new(), &ctx, |l, b, c| {
            l.plan_sale(b, c, &buyer, quantity, price, into)
        })
    }

    /// V6 付款到户: the households named, or every household still owed.
    pub fn lot_payout(
        &mut self,
        store: &mut Store,
        lot: &str,
        form: &PayoutForm,
    ) -> CoopResult<Posted> {
        let ctx = self.ctx(store, &form.step)?;
        let kind = kind(form.kind.as_deref())?;
        let from = input::pay_from(&form.from)?;
        let amount = match form
            .amount
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            Some(a) if form.households.len() == 1 => Some(input::money(a, "付款金额")?),
            Some(_) => return Err(CoopError::invalid("付款金额", "指定金额时只能选一户")),
            None => None,
        };
        let mut requests = Vec::new();
        if form.households.is_empty() {
            let l = self.ledger.lot(lot)?;
            let s = l.state(self.ledger.books())?;
            for (no, m) in &s.members {
                if m.owed.0 > 0 {
                    requests.push(PayoutRequest {
                        member: no.clone(),
                        kind,
                        amount: None,
                    });
                }
            }
            if requests.is_empty() {
                return Err(CoopError::rule(format!("批次“{}”没有待付款的农户", l.name)));
            }
        } else {
            for h in &form.households {
                let m = input::existing_member(store, &self.ledger, h)?;
                requests.push(PayoutRequest {
                    member: m.member,
                    kind,
                    amount,
                });
            }
        }
        self.step(store, lot, Vec::new(), &ctx, |l, b, c| {
            l.plan_payout(b, c, requests, from)
        })
    }

    /// Close the lot: only when every household is paid exactly and no
    /// stock or production cost is left.
    pub fn lot_close(
        &mut self,
        store: &mut Store,
        lot: &str,
        form: &StepForm,
    ) -> CoopResult<LotSummary> {
        let ctx = self.ctx(store, form)?;
        self.step(store, lot, Vec::new(), &ctx, |l, b, c| l.plan_close(b, c))?;
        self.lot_summary(store, lot)
    }

    fn summary_of(&self, store: &Store, l: &Lot) -> CoopResult<LotSummary> {
        let books = self.ledger.books();
        let s = l.state(books)?;
        let dups = find_duplicate_payouts(&payout_records(l, books))
            .iter()
            .map(|d| d.duplicates.len())
            .sum();
        Ok(LotSummary::new(l, &s, store.device_id(), dups))
    }

    /// One lot's summary.
    pub fn lot_summary(&mut self, store: &Store, lot: &str) -> CoopResult<LotSummary> {
        self.ledger.refresh(store)?;
        let l = self.ledger.lot(lot)?;
        self.summary_of(store, l)
    }

    /// Every lot, newest first.
    pub fn lot_list(&mut self, store: &Store) -> CoopResult<Vec<LotSummary>> {
        self.ledger.refresh(store)?;
        let mut out = self
            .ledger
            .lots()
            .values()
            .map(|l| self.summary_of(store, l))
            .collect::<CoopResult<Vec<_>>>()?;
        out.sort_by(|a, b| (&b.opened_on, &b.id).cmp(&(&a.opened_on, &a.id)));
        Ok(out)
    }

    /// A lot's page: state, events, vouchers, duplicates, what blocks closing.
    pub fn lot_show(&mut self, store: &Store, lot: &str) -> CoopResult<LotView> {
        self.ledger.refresh(store)?;
        let books = self.ledger.books();
        let l = self.ledger.lot(lot)?;
        let ids: Vec<_> = books.lot_vouchers(&l.id).map(|v| v.id.clone()).collect();
        let vouchers = journal(books, chrono::NaiveDate::MIN, chrono::NaiveDate::MAX)
            .into_iter()
            .filter(|j| ids.contains(&j.id))
            .collect();
        Ok(LotView {
            summary: self.summary_of(store, l)?,
            state: l.state(books)?,
            unsettled: l.unsettled(books)?,
            events: l.events.iter().map(|e| EventView::new(e, books)).collect(),
            vouchers,
            duplicates: find_duplicate_payouts(&payout_records(l, books)),
        })
    }
}
