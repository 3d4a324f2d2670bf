//! A pooled lot (批次) of 统一收购、统一销售: the co-op buys members'
//! produce, may process it, sells it, and pays each household.
//!
//! A lot is a list of [`LotEvent`]s (append-only facts). It is opened on one
//! device, which owns it: intake, processing, costs, sales and closing are
//! made there. Payouts may be made on any device (the clerk who hands over
//! the money records it), which is why a payout carries a natural key and
//! duplicates are detected after sync ([`crate::payout`]).
//!
//! What the lot shows (stock, what each household is owed, P&L) is computed
//! from its events and from its vouchers in the books ([`crate::lot_state`]),
//! so a reversed voucher is taken into account without editing any event.

use crate::account::{AccountCode, MemberNo, Role};
use crate::error::{LedgerError, Result};
use crate::price::UnitPrice;
use crate::voucher::VoucherId;
use chrono::NaiveDate;
use cunwu_core::hlc::Hlc;
use cunwu_core::money::{Fen, Grams};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A lot's id (unique across devices, e.g. `A-2026-003`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LotId(pub String);

impl fmt::Display for LotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where money is paid from or received into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayFrom {
    /// 现金 (the account playing [`Role::Cash`]).
    Cash,
    /// 银行 (the account playing [`Role::Bank`]).
    Bank,
}

impl PayFrom {
    /// The chart role.
    pub fn role(self) -> Role {
        match self {
            PayFrom::Cash => Role::Cash,
            PayFrom::Bank => Role::Bank,
        }
    }
}

/// One household's delivery (收购单 line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeLine {
    /// Member number.
    pub member: MemberNo,
    /// Household head's name, for receipts.
    pub name: String,
    /// Head count (头数).
    pub head: u32,
    /// Live weight.
    pub weight: Grams,
    /// Grade (等级), free text.
    #[serde(default)]
    pub grade: String,
    /// Agreed unit price.
    pub price: UnitPrice,
    /// `weight × price`, rounded by [`crate::price`]'s rule.
    pub amount: Fen,
}

/// A processing cost (屠宰/包装/运输 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostItem {
    /// What it paid for.
    pub item: String,
    /// Amount.
    pub amount: Fen,
}

/// What a payout pays for; part of its natural key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutKind {
    /// 预付款: part paid before the lot is sold.
    Advance,
    /// 收购款: the purchase money (or what remains of it after an advance).
    Purchase,
}

impl PayoutKind {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            PayoutKind::Advance => "预付款",
            PayoutKind::Purchase => "收购款",
        }
    }
}

/// One household's payment within a payout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    /// Member paid.
    pub member: MemberNo,
    /// What for.
    pub kind: PayoutKind,
    /// Amount paid.
    pub amount: Fen,
}

/// What happened in a lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum LotStep {
    /// The lot was opened; the device recording it owns the lot.
    Opened {
        /// Lot name, e.g. 2026年11月肉羊统一收购.
        name: String,
        /// What members deliver, e.g. 活羊.
        raw_product: String,
        /// Its stock account, e.g. 12101.
        raw_account: AccountCode,
    },
    /// Deliveries bought from households (V1).
    Intake {
        /// Lines.
        lines: Vec<IntakeLine>,
    },
    /// All raw stock put into processing (V2).
    Processing {
        /// Quantity moved.
        quantity: Grams,
        /// Its cost.
        cost: Fen,
    },
    /// Costs paid (V3): into production cost while processing, otherwise
    /// an operating expense.
    Cost {
        /// Items.
        items: Vec<CostItem>,
        /// Paid from.
        paid_from: PayFrom,
        /// True when charged to production cost.
        capitalised: bool,
    },
    /// Finished goods into stock (V4).
    Finished {
        /// Product, e.g. 羊肉.
        product: String,
        /// Its stock account, e.g. 12102.
        account: AccountCode,
        /// Output quantity.
        output: Grams,
        /// Cost carried in.
        cost: Fen,
    },
    /// A sale (V5a revenue, V5b cost of sales).
    Sale {
        /// Buyer.
        buyer: String,
        /// Quantity sold.
        quantity: Grams,
        /// Unit price.
        price: UnitPrice,
        /// Revenue.
        amount: Fen,
        /// Cost carried to 经营支出.
        cost: Fen,
        /// Stock account sold from.
        from_account: AccountCode,
        /// Received into.
        received_into: PayFrom,
    },
    /// Households paid (V6).
    Payout {
        /// One entry per household.
        payouts: Vec<Payout>,
        /// Paid from.
        paid_from: PayFrom,
    },
    /// The lot was closed.
    Closed,
}

/// One fact of a lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotEvent {
    /// The lot.
    pub lot: LotId,
    /// Business date.
    pub date: NaiveDate,
    /// Device that recorded it.
    pub device: String,
    /// HLC stamp when recorded (orders concurrent payouts).
    pub hlc: Hlc,
    /// Vouchers it generated.
    #[serde(default)]
    pub vouchers: Vec<VoucherId>,
    /// What happened.
    pub step: LotStep,
}

/// A lot: its opening facts and every event since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lot {
    /// Id.
    pub id: LotId,
    /// Owning device.
    pub owner: String,
    /// Name.
    pub name: String,
    /// Date opened.
    pub opened_on: NaiveDate,
    /// What members deliver.
    pub raw_product: String,
    /// Its stock account.
    pub raw_account: AccountCode,
    /// Every event, the opening included, in the order applied.
    pub events: Vec<LotEvent>,
}

impl Lot {
    /// The lot an `Opened` event starts.
    pub fn from_opened(e: &LotEvent) -> Result<Lot> {
        match &e.step {
            LotStep::Opened {
                name,
                raw_product,
                raw_account,
            } => Ok(Lot {
                id: e.lot.clone(),
                owner: e.device.clone(),
                name: name.clone(),
                opened_on: e.date,
                raw_product: raw_product.clone(),
                raw_account: raw_account.clone(),
                events: vec![e.clone()],
            }),
            _ => Err(LedgerError::Lot("批次的第一条记录应是“开立批次”".into())),
        }
    }

    /// Add an event (local or synced). The same event twice is a no-op.
    pub fn apply(&mut self, e: &LotEvent) -> Result<()> {
        if e.lot != self.id {
            return Err(LedgerError::Lot(format!(
                "这条记录属于批次“{}”，不属于“{}”",
                e.lot, self.id
            )));
        }
        if matches!(e.step, LotStep::Opened { .. }) {
            return if self.events.first() == Some(e) {
                Ok(())
            } else {
                Err(LedgerError::Lot(format!("批次“{}”已经开立过", self.id)))
            };
        }
        if !self.events.contains(e) {
            self.events.push(e.clone());
        }
        Ok(())
    }

    /// Refuse unless `device` owns the lot.
    pub(crate) fn require_owner(&self, device: &str, what: &str) -> Result<()> {
        if device == self.owner {
            Ok(())
        } else {
            Err(LedgerError::Lot(format!(
                "批次“{}”由设备“{}”开立，{}只能在那台设备上办理（付款可以在任何设备上办理）",
                self.name, self.owner, what
            )))
        }
    }
}
