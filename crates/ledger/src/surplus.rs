//! Year-end surplus return by transaction volume (盈余返还).
//!
//! Percentages are integers in basis points (1% = 100). The reserve
//! (提取盈余公积) is rounded **down** to the fen and the returned total
//! rounded **up**, both in the members' favour, so the return is never
//! below the share voted. The law (农民专业合作社法第四十四条) requires the
//! return by volume to be at least 60% of the distributable surplus, so
//! terms under 6000 bp are refused.
//!
//! Split: each member's exact share is `returned × volume / total volume`.
//! Everyone gets the share rounded down; the fen left over go one each to
//! the largest remainders, ties to the lower member number. All in integer
//! arithmetic, so every replica computes the same fen.

use crate::account::{MemberNo, NewAccount, Role};
use crate::books::Books;
use crate::chart::Chart;
use crate::error::{self, LedgerError, Result};
use crate::lot::{Lot, LotStep, PayFrom};
use crate::voucher::{Line, Signers, VoucherBody, VoucherSource};
use chrono::{Datelike, NaiveDate};
use cunwu_core::money::Fen;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Basis points in 100%.
pub const FULL_BP: u32 = 10_000;
/// The legal floor of the return share.
pub const MIN_RETURN_BP: u32 = 6_000;

/// A member's transaction volume for the year (weight in grams or amount
/// in fen, whichever the co-op's statute uses; only proportions matter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberVolume {
    /// Member.
    pub member: MemberNo,
    /// Name, for vouchers and statements.
    pub name: String,
    /// Volume.
    pub volume: i64,
}

/// What the members' meeting decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurplusTerms {
    /// The year's surplus (本年盈余).
    pub surplus: Fen,
    /// Reserve share, basis points of the surplus.
    pub reserve_bp: u32,
    /// Return share, basis points of the distributable surplus (≥ 6000).
    pub return_bp: u32,
}

/// One member's share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberShare {
    /// Member.
    pub member: MemberNo,
    /// Name.
    pub name: String,
    /// Volume.
    pub volume: i64,
    /// Share rounded down.
    pub floor: Fen,
    /// Remainder of the division (in units of 1/total volume fen).
    pub remainder: i64,
    /// True when this member got one leftover fen.
    pub extra: bool,
    /// Final amount.
    pub amount: Fen,
}

/// The computed split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurplusPlan {
    /// Fiscal year.
    pub year: i32,
    /// Terms.
    pub terms: SurplusTerms,
    /// Reserve (盈余公积).
    pub reserve: Fen,
    /// Distributable surplus.
    pub distributable: Fen,
    /// Returned by volume.
    pub returned: Fen,
    /// Σ of the rounded-down shares.
    pub floor_total: Fen,
    /// Fen handed out by largest remainder.
    pub leftover: i64,
    /// Shares in member order.
    pub shares: Vec<MemberShare>,
}

fn bp_percent(bp: u32) -> String {
    format!("{}.{:02}%", bp / 100, bp % 100)
}

/// Compute the split.
pub fn plan_surplus(
    year: i32,
    terms: SurplusTerms,
    volumes: &[MemberVolume],
) -> Result<SurplusPlan> {
    if terms.surplus.0 <= 0 {
        return Err(LedgerError::invalid("本年盈余", "本年没有盈余，无需返还"));
    }
    if terms.reserve_bp > FULL_BP || terms.return_bp > FULL_BP {
        return Err(LedgerError::invalid("分配比例", "比例不能超过100%"));
    }
    if terms.return_bp < MIN_RETURN_BP {
        return Err(LedgerError::ReturnTooLow {
            percent: bp_percent(terms.return_bp),
        });
    }
    let mut by_member: BTreeMap<&MemberNo, &MemberVolume> = BTreeMap::new();
    for v in volumes {
        if v.volume < 0 {
            return Err(LedgerError::invalid(
                "交易量",
                format!("成员 {} 的交易量为负数", v.member),
            ));
        }
        if by_member.insert(&v.member, v).is_some() {
            return Err(LedgerError::invalid(
                "交易量",
                format!("成员 {} 出现了两次，请合并", v.member),
            ));
        }
    }
    let total: i128 = by_member.values().map(|v| i128::from(v.volume)).sum();
    if total <= 0 {
        return Err(LedgerError::invalid(
            "交易量",
            "本年没有成员交易量，无法按交易量返还",
        ));
    }
    let s = i128::from(terms.surplus.0);
    let full = i128::from(FULL_BP);
    let reserve = s * i128::from(terms.reserve_bp) / full;
    let distributable = s - reserve;
    let returned = (distributable * i128::from(terms.return_bp) + full - 1) / full;
    let mut shares = Vec::new();
    let mut floor_total: i128 = 0;
    for v in by_member.values() {
        let num = returned * i128::from(v.volume);
        let floor = num / total;
        floor_total += floor;
        shares.push(MemberShare {
            member: v.member.clone(),
            name: v.name.clone(),
            volume: v.volume,
            floor: Fen(i64::try_from(floor).map_err(|_| LedgerError::Overflow)?),
            remainder: i64::try_from(num % total).map_err(|_| LedgerError::Overflow)?,
            extra: false,
            amount: Fen::ZERO,
        });
    }
    let leftover = returned - floor_total;
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        shares[b]
            .remainder
            .cmp(&shares[a].remainder)
            .then_with(|| shares[a].member.cmp(&shares[b].member))
    });
    for &i in order
        .iter()
        .take(usize::try_from(leftover).map_err(|_| LedgerError::Overflow)?)
    {
        shares[i].extra = true;
    }
    for sh in &mut shares {
        sh.amount = if sh.extra {
            error::add(sh.floor, Fen(1))?
        } else {
            sh.floor
        };
    }
    let fen = |x: i128| i64::try_from(x).map(Fen).map_err(|_| LedgerError::Overflow);
    Ok(SurplusPlan {
        year,
        terms,
        reserve: fen(reserve)?,
        distributable: fen(distributable)?,
        returned: fen(returned)?,
        floor_total: fen(floor_total)?,
        leftover: i64::try_from(leftover).map_err(|_| LedgerError::Overflow)?,
        shares,
    })
}

/// Members' volumes for `year` from lots: the live intake weight (grams)
/// of deliveries dated in that year.
pub fn volumes_by_weight(lots: &[Lot], books: &Books, year: i32) -> Result<Vec<MemberVolume>> {
    let mut map: BTreeMap<MemberNo, MemberVolume> = BTreeMap::new();
    for lot in lots {
        for e in lot.live_events(books).filter(|e| e.date.year() == year) {
            if let LotStep::Intake { lines } = &e.step {
                for l in lines {
                    let v = map.entry(l.member.clone()).or_insert_with(|| MemberVolume {
                        member: l.member.clone(),
                        name: l.name.clone(),
                        volume: 0,
                    });
                    v.volume = v
                        .volume
                        .checked_add(l.weight.0)
                        .ok_or(LedgerError::Overflow)?;
                }
            }
        }
    }
    Ok(map.into_values().collect())
}

impl SurplusPlan {
    fn body(
        &self,
        date: NaiveDate,
        signers: &Signers,
        summary: String,
        lines: Vec<Line>,
    ) -> VoucherBody {
        VoucherBody {
            date,
            summary,
            lines,
            signers: signers.clone(),
            attachments: 0,
            reverses: None,
            source: VoucherSource::Surplus { year: self.year },
        }
    }

    /// The distribution vouchers: 提取盈余公积 (Dr 盈余分配 / Cr 盈余公积)
    /// and 盈余返还 (Dr 盈余分配 / Cr 应付盈余返还, one line per member), with
    /// the members' 221 sub-accounts to open.
    pub fn vouchers(
        &self,
        chart: &Chart,
        date: NaiveDate,
        signers: &Signers,
    ) -> Result<(Vec<NewAccount>, Vec<VoucherBody>)> {
        let dist = chart.by_role(Role::SurplusDistribution)?.code.clone();
        let reserve = chart.by_role(Role::SurplusReserve)?.code.clone();
        let mut bodies = Vec::new();
        if self.reserve.0 > 0 {
            bodies.push(self.body(
                date,
                signers,
                format!(
                    "{}年度提取盈余公积 {}",
                    self.year,
                    bp_percent(self.terms.reserve_bp)
                ),
                vec![
                    Line::debit(dist.clone(), self.reserve),
                    Line::credit(reserve, self.reserve),
                ],
            ));
        }
        let mut accounts = Vec::new();
        let mut lines = vec![Line::debit(dist, self.returned).memo("按交易量返还")];
        for sh in self.shares.iter().filter(|s| s.amount.0 > 0) {
            let (code, new) =
                chart.member_account(Role::SurplusReturnPayable, &sh.member, &sh.name)?;
            accounts.extend(new);
            lines.push(
                Line::credit(code, sh.amount)
                    .member(sh.member.clone())
                    .memo(sh.name.clone()),
            );
        }
        bodies.push(self.body(
            date,
            signers,
            format!(
                "{}年度盈余返还 {}（按交易量）",
                self.year,
                bp_percent(self.terms.return_bp)
            ),
            lines,
        ));
        Ok((accounts, bodies))
    }

    /// Paying the return: Dr 应付盈余返还 per member / Cr cash or bank.
    pub fn payment(
        &self,
        chart: &Chart,
        date: NaiveDate,
        from: PayFrom,
        signers: &Signers,
    ) -> Result<VoucherBody> {
        let mut lines = Vec::new();
        for sh in self.shares.iter().filter(|s| s.amount.0 > 0) {
            let (code, _) =
                chart.member_account(Role::SurplusReturnPayable, &sh.member, &sh.name)?;
            lines.push(
                Line::debit(code, sh.amount)
                    .member(sh.member.clone())
                    .memo(sh.name.clone()),
            );
        }
        lines.push(Line::credit(
            chart.by_role(from.role())?.code.clone(),
            self.returned,
        ));
        Ok(self.body(
            date,
            signers,
            format!("支付{}年度盈余返还", self.year),
            lines,
        ))
    }
}
