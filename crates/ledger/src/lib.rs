//! Cunwu's cooperative ledger: double-entry books that balance to the fen,
//! pooled purchase and sale (统一收购、统一销售), the year-end surplus return
//! (盈余返还) and tamper evidence. Pure Rust: no SQLite, no clock, no I/O;
//! dates, HLC stamps and devices come in as parameters.
//!
//! # Shape
//!
//! - [`Chart`]: the chart of accounts as data (`charts/*.tsv`, embedded),
//!   two templates ([`ChartTemplate`]), sub-accounts opened as needed:
//!   per member `114.H01` (code = parent, dot, member number), per product
//!   `12101`, `12102` … Accounts carry a [`Role`] so the program finds
//!   "cash" or "盈余分配" by role, never by a code written in Rust.
//! - [`VoucherBody`] is what a clerk writes; [`Books::post`] checks it and
//!   assigns the device's next sequence number, the next number in its
//!   (series, month), and the hash-chain link, giving a [`Voucher`].
//! - [`Books`] is the fold of [`LedgerFact`]s (accounts opened and closed,
//!   months closed, vouchers posted). The store appends facts as JSON and
//!   rebuilds the books with [`Books::apply`] / [`Books::replay`], in the
//!   change log's order (HLC, device, counter) so every replica accepts and
//!   refuses the same facts. A synced voucher the rules refuse (posted into
//!   a month closed here, a second reversal of one original) is kept in
//!   [`Books::quarantined`] for a person, never counted, and its sequence
//!   number and chain link stay taken. [`Books::commit`] is the one write
//!   path for a user action: all or nothing.
//! - [`closing`]: year-end closing of the income accounts into 本年盈余
//!   and 盈余分配. (In the 2008 co-op chart 盈余分配 is 332 and 322 is
//!   盈余公积; the program finds both by role.)
//! - [`report`]: journal, general ledger, trial balance, balance sheet,
//!   income statement, member statement — as data rows.
//! - [`Lot`] and its [`LotEvent`]s: a pooled lot owned by one device; each
//!   step is planned ([`LotPlan`]: vouchers exactly like DOMAIN.md's V1–V6)
//!   and carried out with [`record`]. [`payout`] finds double payments
//!   made offline on two devices and plans the one-action fix.
//! - [`surplus`]: reserve, distributable surplus, return ≥ 60 %, split by
//!   volume with the largest-remainder rule.
//! - [`assertion`]: cash counts and bank statement balances vs the books.
//! - [`chain`]: each device's vouchers form a SHA-256 chain;
//!   [`chain::verify_chain`] reports the first break.
//!
//! Rounding: money from weight × price is rounded half up to the fen
//! ([`price`]); surplus percentages are basis points ([`surplus`]).
//! Corrections are red-ink reversals (红字冲销), never edits.
//!
//! # Example
//!
//! ```
//! use cunwu_ledger::{Books, Chart, ChartTemplate, DeviceSeries, LedgerSettings, Line, Signers, VoucherBody};
//! use cunwu_core::money::Fen;
//! use chrono::NaiveDate;
//!
//! let chart = Chart::from_template(ChartTemplate::Coop2008).unwrap();
//! let mut books = Books::new(chart, LedgerSettings::default());
//! let dev = DeviceSeries::new("laptop-1", "A").unwrap();
//! let body = VoucherBody {
//!     date: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
//!     summary: "提取备用金".into(),
//!     lines: vec![Line::debit("101", Fen(50_000)), Line::credit("102", Fen(50_000))],
//!     signers: Signers { handler: "王芳".into(), approver: "李书记".into(), accountant: "王芳".into(), cashier: "赵敏".into() },
//!     attachments: 1,
//!     reverses: None,
//!     source: Default::default(),
//! };
//! let v = books.post(body, &dev).unwrap();
//! assert_eq!(v.label(), "2026-11 A-0001");
//! assert_eq!(books.balance(&"101".into()).unwrap(), Fen(50_000));
//! assert!(books.check().is_empty());
//! ```

pub mod account;
pub mod assertion;
pub mod balance;
pub mod books;
pub mod chain;
pub mod chart;
pub mod closing;
pub mod error;
pub mod fact;
pub mod intake;
pub mod invariant;
pub mod lot;
pub mod lot_plan;
pub mod lot_state;
pub mod payout;
pub mod period;
pub mod posting;
pub mod price;
pub mod processing;
pub mod report;
pub mod sale;
pub mod series;
pub mod settings;
pub mod surplus;
pub mod template;
#[cfg(feature = "test-support")]
pub mod test_support;
pub mod voucher;

pub use account::{Account, AccountCode, AccountKind, Detail, MemberNo, NewAccount, Role, Side};
pub use books::{Books, InvariantBreak, Totals};
pub use chart::{Chart, ChartTemplate};
pub use error::{LedgerError, Result};
pub use fact::LedgerFact;
pub use lot::{CostItem, IntakeLine, Lot, LotEvent, LotId, LotStep, PayFrom, Payout, PayoutKind};
pub use lot_plan::{open_lot, record, IntakeInput, LotContext, LotPlan, PayoutRequest, Recorded};
pub use lot_state::{LotPhase, LotPnl, LotState, MemberPosition, Stock};
pub use period::Period;
pub use price::UnitPrice;
pub use series::DeviceSeries;
pub use settings::LedgerSettings;
pub use voucher::{Line, Signers, Voucher, VoucherBody, VoucherId, VoucherSource};
