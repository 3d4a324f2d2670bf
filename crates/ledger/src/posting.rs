//! Posting (过账): the rules a voucher must pass to enter the books, and the
//! one write path for a user action ([`Books::commit`]): open the
//! sub-accounts it needs and post its vouchers, all or nothing.
//!
//! Integrity rules hold for every voucher, local or synced: balanced,
//! leaf and open accounts, open period, unique id and number, a reversal
//! that exactly negates an original not yet reversed. Policy rules (会计 ≠
//! 出纳) are the co-op's settings and are checked when a voucher is made
//! here ([`Books::post`]), not when a synced one is replayed.

use crate::account::{AccountCode, NewAccount, Role};
use crate::books::Books;
use crate::chain::GENESIS;
use crate::error::{LedgerError, Result};
use crate::fact::LedgerFact;
use crate::series::{next_number, DeviceSeries};
use crate::voucher::{Line, Signers, Voucher, VoucherBody, VoucherId};
use chrono::NaiveDate;

impl Books {
    /// Open a sub-account. `Ok(false)` when an identical one exists.
    pub(crate) fn open_account(&mut self, new: &NewAccount) -> Result<bool> {
        if let Some(parent) = self.chart.get(&new.parent) {
            if parent.leaf && self.totals.contains_key(&parent.code) {
                return Err(LedgerError::Chart(format!(
                    "科目“{} {}”已有发生额，不能再增设明细科目",
                    parent.code, parent.name
                )));
            }
        }
        self.chart.add(new)
    }

    /// Close an account: a leaf with a zero balance.
    pub(crate) fn close_account(&mut self, code: &AccountCode) -> Result<()> {
        let a = self.chart.require(code)?;
        if !a.leaf {
            return Err(LedgerError::NotLeaf {
                code: a.code.0.clone(),
                name: a.name.clone(),
            });
        }
        if self.totals(code).net()?.0 != 0 {
            return Err(LedgerError::Chart(format!(
                "科目“{} {}”还有余额，结清后才能停用",
                a.code, a.name
            )));
        }
        self.chart.set_closed(code)
    }

    /// Apply a posted voucher after the integrity rules. The same voucher
    /// twice is a no-op (`Ok(false)`).
    ///
    /// A voucher made on another device that the rules refuse (posted into
    /// a month closed here, a second reversal of one original, a forged
    /// copy) is still a fact that device recorded: with `keep_refused` it is
    /// kept in quarantine ([`Books::quarantined`]) for a person to see, and
    /// its sequence number, chain link and voucher number stay taken, so no
    /// later voucher reuses them. Local posting passes `false`: a refused
    /// input leaves no trace.
    pub(crate) fn apply_voucher(&mut self, v: &Voucher, keep_refused: bool) -> Result<bool> {
        if let Some((_, e)) = self.quarantine.iter().find(|(q, _)| q == v) {
            return Err(e.clone());
        }
        match self.admit(v) {
            Ok(false) => Ok(false),
            Ok(true) => {
                self.insert(v.clone())?;
                Ok(true)
            }
            Err(e) => {
                if keep_refused {
                    self.quarantine_voucher(v, e.clone());
                }
                Err(e)
            }
        }
    }

    /// The integrity rules for a posted voucher: `Ok(false)` when the books
    /// already hold it.
    fn admit(&self, v: &Voucher) -> Result<bool> {
        if let Some(existing) = self.voucher(&v.id) {
            return if existing == v {
                Ok(false)
            } else {
                Err(LedgerError::DuplicateVoucher {
                    id: v.id.to_string(),
                    detail: "同一凭证编号出现了不同的内容".into(),
                })
            };
        }
        if self.quarantine.iter().any(|(q, _)| q.id == v.id) {
            return Err(LedgerError::DuplicateVoucher {
                id: v.id.to_string(),
                detail: "同一凭证编号出现了不同的内容".into(),
            });
        }
        if let Some(owner) = self.series_owner.get(&v.series) {
            if *owner != v.id.device {
                return Err(LedgerError::DuplicateVoucher {
                    id: v.label(),
                    detail: format!("凭证字“{}”属于设备“{}”", v.series, owner),
                });
            }
        }
        if v.number == 0
            || self
                .number_set(&v.series, v.period())
                .is_some_and(|s| s.contains(&v.number))
        {
            return Err(LedgerError::DuplicateVoucher {
                id: v.label(),
                detail: "这个月的这个凭证号已经用过".into(),
            });
        }
        self.check_body(&v.body)?;
        Ok(true)
    }

    /// Integrity rules on a voucher body against the books.
    pub(crate) fn check_body(&self, body: &VoucherBody) -> Result<()> {
        body.check_shape()?;
        let period = body.period();
        if self.is_closed(period) {
            return Err(LedgerError::PeriodClosed {
                period: period.to_string(),
            });
        }
        for (i, l) in body.lines.iter().enumerate() {
            let a = self.postable(&l.account)?;
            if let (Some(am), Some(lm)) = (&a.member, &l.member) {
                if am != lm {
                    return Err(LedgerError::MemberMismatch {
                        line: i + 1,
                        account_member: am.0.clone(),
                        line_member: lm.0.clone(),
                    });
                }
            }
        }
        if let Some(orig_id) = &body.reverses {
            let orig = self
                .voucher(orig_id)
                .ok_or_else(|| LedgerError::UnknownVoucher {
                    id: orig_id.to_string(),
                })?;
            if orig.is_reversal() {
                return Err(LedgerError::ReverseOfReversal {
                    id: orig_id.to_string(),
                });
            }
            if let Some(by) = self.reversed_by(orig_id) {
                return Err(LedgerError::AlreadyReversed {
                    original: orig.label(),
                    by: self
                        .voucher(by)
                        .map(Voucher::label)
                        .unwrap_or_else(|| by.to_string()),
                });
            }
            let negated: Vec<Line> = orig
                .body
                .lines
                .iter()
                .map(Line::negated)
                .collect::<Result<_>>()?;
            if negated != body.lines || orig.body.source != body.source {
                return Err(LedgerError::ReversalMismatch {
                    original: orig.label(),
                });
            }
        }
        Ok(())
    }

    /// The co-op's policy on a voucher made on this device.
    pub(crate) fn check_policy(&self, body: &VoucherBody) -> Result<()> {
        if !self.settings.separate_cashier {
            return Ok(());
        }
        let s = &body.signers;
        let money: Vec<AccountCode> = [Role::Cash, Role::Bank]
            .into_iter()
            .filter_map(|r| self.chart.by_role(r).ok().map(|a| a.code.clone()))
            .collect();
        let moves_money = body.lines.iter().any(|l| {
            self.chart
                .path(&l.account)
                .iter()
                .any(|c| money.contains(c))
        });
        if moves_money && s.cashier.trim().is_empty() {
            return Err(LedgerError::MissingPerson { role: "出纳" });
        }
        if !s.cashier.trim().is_empty() && s.cashier.trim() == s.accountant.trim() {
            return Err(LedgerError::SameClerk {
                name: s.cashier.trim().to_string(),
            });
        }
        Ok(())
    }

    /// Post a voucher made on `dev`: policy and integrity rules, then the
    /// next sequence number, the next number in (series, period) and the
    /// chain link. Returns the posted voucher for the store to keep as a
    /// [`LedgerFact::VoucherPosted`].
    pub fn post(&mut self, body: VoucherBody, dev: &DeviceSeries) -> Result<Voucher> {
        self.check_policy(&body)?;
        self.check_body(&body)?;
        let (seq, prev_hash) = match self.head(&dev.device) {
            Some((s, h)) => (s.checked_add(1).ok_or(LedgerError::Overflow)?, h),
            None => (1, GENESIS.to_string()),
        };
        let number = next_number(
            self.number_set(&dev.series, body.period())
                .and_then(|s| s.last().copied()),
        );
        let v = Voucher {
            id: VoucherId {
                device: dev.device.clone(),
                seq,
            },
            series: dev.series.clone(),
            number,
            prev_hash,
            body,
        };
        self.apply_voucher(&v, false)?;
        Ok(v)
    }

    /// One user action: open `accounts` (skipping those that exist) and post
    /// `bodies` in order. All or nothing: on any refusal the books are left
    /// exactly as they were. Returns the facts to store, in order.
    pub fn commit(
        &mut self,
        accounts: &[NewAccount],
        bodies: Vec<VoucherBody>,
        dev: &DeviceSeries,
    ) -> Result<Vec<LedgerFact>> {
        let mut facts = Vec::new();
        let mut opened = Vec::new();
        let mut posted = 0usize;
        let outcome = (|| {
            for a in accounts {
                if self.open_account(a)? {
                    opened.push(a.code.clone());
                    facts.push(LedgerFact::AccountOpened { account: a.clone() });
                }
            }
            for b in bodies {
                let v = self.post(b, dev)?;
                posted += 1;
                facts.push(LedgerFact::VoucherPosted { voucher: v });
            }
            Ok(())
        })();
        match outcome {
            Ok(()) => Ok(facts),
            Err(e) => {
                for _ in 0..posted {
                    self.undo_last();
                }
                for code in opened.iter().rev() {
                    self.chart.remove_new(code);
                }
                Err(e)
            }
        }
    }

    /// The red-ink reversal of voucher `id`, ready to post, or the reason
    /// it cannot be reversed.
    pub fn reversal(
        &self,
        id: &VoucherId,
        date: NaiveDate,
        signers: Signers,
    ) -> Result<VoucherBody> {
        let orig = self
            .voucher(id)
            .ok_or_else(|| LedgerError::UnknownVoucher { id: id.to_string() })?;
        if let Some(by) = self.reversed_by(id) {
            return Err(LedgerError::AlreadyReversed {
                original: orig.label(),
                by: by.to_string(),
            });
        }
        VoucherBody::reversal_of(orig, date, signers)
    }

    /// Close a month: returns the fact to store.
    pub fn close_period(&mut self, period: crate::period::Period) -> LedgerFact {
        self.closed.insert(period);
        LedgerFact::PeriodClosed { period }
    }
}
