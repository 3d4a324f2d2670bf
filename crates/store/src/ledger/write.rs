//! Writing to the books: every user action is planned and checked in
//! memory by the ledger, then its facts (vouchers, sub-accounts, the lot
//! event, new members, a balance assertion) go into one
//! [`Store::commit_local`] transaction, all or nothing. If the database
//! refuses, the in-memory fold is rebuilt from the log before its next use.

use super::error::{BooksError, BooksResult};
use super::fold::{CoopMember, Ledger};
use crate::{Draft, Store};
use chrono::{Datelike, NaiveDate};
use cunwu_core::change::entity;
use cunwu_ledger::assertion::BalanceAssertion;
use cunwu_ledger::{
    open_lot, record, DeviceSeries, LedgerError, LedgerFact, Lot, LotContext, LotEvent, LotId,
    LotPlan, NewAccount, Period, Recorded, Signers, Voucher, VoucherBody,
};

/// Everything one user action writes.
#[derive(Debug, Default)]
struct Action {
    members: Vec<CoopMember>,
    facts: Vec<LedgerFact>,
    events: Vec<LotEvent>,
    assertion: Option<BalanceAssertion>,
}

fn to_json<T: serde::Serialize>(v: &T) -> BooksResult<serde_json::Value> {
    serde_json::to_value(v)
        .map_err(|e| BooksError::rule(format!("账务记录无法保存（{e}），请联系技术支持")))
}

fn vouchers(facts: &[LedgerFact]) -> Vec<Voucher> {
    facts
        .iter()
        .filter_map(|f| match f {
            LedgerFact::VoucherPosted { voucher } => Some(voucher.clone()),
            _ => None,
        })
        .collect()
}

impl Ledger {
    /// This device and its voucher series.
    pub fn device(&self, store: &Store) -> BooksResult<DeviceSeries> {
        Ok(DeviceSeries::new(
            store.device_id(),
            store.voucher_series()?,
        )?)
    }

    /// The context of a lot step made now on this device: the HLC stamp
    /// its first change will carry.
    pub fn context(
        &self,
        store: &Store,
        date: NaiveDate,
        signers: Signers,
    ) -> BooksResult<LotContext> {
        Ok(LotContext {
            device: self.device(store)?,
            hlc: store.hlc().tick(store.now_ms()),
            date,
            signers,
        })
    }

    fn persist(&mut self, store: &mut Store, action: Action) -> BooksResult<()> {
        let members = action
            .members
            .iter()
            .map(|m| Ok((format!("member:{}", m.member), to_json(m)?)))
            .collect::<BooksResult<Vec<_>>>()?;
        let facts = action
            .facts
            .iter()
            .map(|f| Ok((f.entity_id(), to_json(f)?)))
            .collect::<BooksResult<Vec<_>>>()?;
        let events = action
            .events
            .iter()
            .map(|e| Ok((e.lot.clone(), to_json(e)?)))
            .collect::<BooksResult<Vec<_>>>()?;
        let assertion = action.assertion.as_ref().map(to_json).transpose()?;
        if members.is_empty() && facts.is_empty() && events.is_empty() && assertion.is_none() {
            return Ok(());
        }
        // Lot event and assertion ids are minted inside the write lock
        // (another process may be writing to the same file).
        let make = |store: &Store| -> crate::Result<Vec<Draft>> {
            let mut drafts = Vec::new();
            for (id, v) in &members {
                drafts.push(Draft::insert(entity::LEDGER_MEMBER, id, v.clone()));
            }
            for (id, v) in &facts {
                drafts.push(Draft::insert(entity::LEDGER_FACT, id, v.clone()));
            }
            for (lot, v) in &events {
                let id = format!("lot:{lot}:{}", store.entity_id_after(drafts.len()));
                drafts.push(Draft::insert(entity::LOT_EVENT, &id, v.clone()));
            }
            if let Some(v) = &assertion {
                let id = store.entity_id_after(drafts.len());
                drafts.push(Draft::insert(entity::LEDGER_ASSERTION, &id, v.clone()));
            }
            Ok(drafts)
        };
        let changes = match store.commit_local_with(make) {
            Ok(c) => c,
            Err(e) => {
                self.dirty = true;
                return Err(e.into());
            }
        };
        if !self.advance_local(
            store.conn(),
            &changes,
            &action.members,
            action.assertion.as_ref(),
        )? {
            self.refresh(store)?;
        }
        Ok(())
    }

    /// Post a hand-written voucher.
    pub fn post(&mut self, store: &mut Store, body: VoucherBody) -> BooksResult<Voucher> {
        self.refresh(store)?;
        let dev = self.device(store)?;
        let v = self.books.post(body, &dev)?;
        let facts = vec![LedgerFact::VoucherPosted { voucher: v.clone() }];
        self.persist(
            store,
            Action {
                facts,
                ..Default::default()
            },
        )?;
        Ok(v)
    }

    /// Open `accounts` and post `bodies` as one action (year-end closing,
    /// the surplus return, its payment).
    pub fn commit(
        &mut self,
        store: &mut Store,
        accounts: &[NewAccount],
        bodies: Vec<VoucherBody>,
    ) -> BooksResult<Vec<Voucher>> {
        self.refresh(store)?;
        let dev = self.device(store)?;
        let facts = self.books.commit(accounts, bodies, &dev)?;
        let out = vouchers(&facts);
        self.persist(
            store,
            Action {
                facts,
                ..Default::default()
            },
        )?;
        Ok(out)
    }

    /// Post the red-ink reversal of voucher `id` (any device's).
    pub fn reverse(
        &mut self,
        store: &mut Store,
        id: &cunwu_ledger::VoucherId,
        date: NaiveDate,
        signers: Signers,
    ) -> BooksResult<Voucher> {
        self.refresh(store)?;
        let body = self.books.reversal(id, date, signers)?;
        self.post(store, body)
    }

    /// Close a month (结账): later postings dated in it are refused.
    pub fn close_period(&mut self, store: &mut Store, period: Period) -> BooksResult<()> {
        self.refresh(store)?;
        if self.books.is_closed(period) {
            return Err(LedgerError::PeriodClosed {
                period: period.to_string(),
            }
            .into());
        }
        let fact = self.books.close_period(period);
        self.persist(
            store,
            Action {
                facts: vec![fact],
                ..Default::default()
            },
        )
    }

    /// Record a cash count or bank statement balance.
    pub fn assert_balance(&mut self, store: &mut Store, a: BalanceAssertion) -> BooksResult<()> {
        self.refresh(store)?;
        self.books.chart().require(&a.account)?;
        self.persist(
            store,
            Action {
                assertion: Some(a),
                ..Default::default()
            },
        )
    }

    /// The next lot id of this device's series in `year`: `A-2026-003`.
    pub fn next_lot_id(&self, store: &Store, year: i32) -> BooksResult<LotId> {
        let prefix = format!("{}-{year}-", store.voucher_series()?);
        let n = self
            .lots
            .keys()
            .filter_map(|id| {
                id.0.strip_prefix(&prefix)
                    .and_then(|s| s.parse::<u32>().ok())
            })
            .max()
            .unwrap_or(0);
        Ok(LotId(format!("{prefix}{:03}", n + 1)))
    }

    /// Open a lot on this device, which will own it.
    pub fn open_lot(
        &mut self,
        store: &mut Store,
        name: &str,
        raw_product: &str,
        date: NaiveDate,
        signers: Signers,
    ) -> BooksResult<LotId> {
        self.refresh(store)?;
        let id = self.next_lot_id(store, date.year())?;
        let ctx = self.context(store, date, signers)?;
        let (lot, rec) = open_lot(&mut self.books, id.clone(), name, raw_product, &ctx)?;
        self.lots.insert(id.clone(), lot);
        let action = Action {
            facts: rec.facts,
            events: rec.event.into_iter().collect(),
            ..Default::default()
        };
        self.persist(store, action)?;
        Ok(id)
    }

    /// A lot by id, or a Chinese error.
    pub fn lot(&self, id: &str) -> BooksResult<&Lot> {
        self.lots.get(&LotId(id.trim().to_string())).ok_or_else(|| {
            cunwu_core::Error::not_found(
                "批次",
                format!("{id}（用 cunwu coop lot list 查看批次编号）"),
            )
            .into()
        })
    }

    /// Record a lot step: `plan` is made against the lot and books as they
    /// stand, then carried out and written with any `members` new to the
    /// books, as one action.
    pub fn record_step<F>(
        &mut self,
        store: &mut Store,
        lot: &str,
        members: Vec<CoopMember>,
        ctx: &LotContext,
        plan: F,
    ) -> BooksResult<Recorded>
    where
        F: FnOnce(&Lot, &cunwu_ledger::Books, &LotContext) -> cunwu_ledger::Result<LotPlan>,
    {
        self.refresh(store)?;
        let id = self.lot(lot)?.id.clone();
        let lot = self
            .lots
            .get_mut(&id)
            .ok_or_else(|| BooksError::rule("批次不存在"))?;
        let plan = plan(lot, &self.books, ctx)?;
        let rec = record(&mut self.books, lot, plan, &ctx.device)?;
        let members: Vec<CoopMember> = members
            .into_iter()
            .filter(|m| !self.members.contains_key(&m.member))
            .collect();
        let action = Action {
            members,
            facts: rec.facts.clone(),
            events: rec.event.clone().into_iter().collect(),
            assertion: None,
        };
        self.persist(store, action)?;
        Ok(rec)
    }
}
