//! Each step of a lot as a plan: the event to record, the sub-accounts to
//! open and the vouchers to post, exactly as DOMAIN.md's worked example
//! (V1 收购 … V6 付款到户). [`record`] carries a plan out in one
//! all-or-nothing [`Books::commit`].

use crate::account::{AccountCode, MemberNo, NewAccount, Role};
use crate::books::Books;
use crate::error::{self, LedgerError, Result};
use crate::fact::LedgerFact;
use crate::lot::{CostItem, IntakeLine, Lot, LotEvent, LotId, LotStep, PayFrom};
use crate::lot_state::LotPhase;
use crate::price::{mul_div_half_up, UnitPrice};
use crate::series::DeviceSeries;
use crate::voucher::{Line, Signers, VoucherBody, VoucherSource};
use chrono::NaiveDate;
use cunwu_core::hlc::Hlc;
use cunwu_core::money::{Fen, Grams, WeightUnit};
use std::collections::BTreeMap;

/// Who records a step, where and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotContext {
    /// Device and its voucher series.
    pub device: DeviceSeries,
    /// HLC stamp for the event.
    pub hlc: Hlc,
    /// Business date.
    pub date: NaiveDate,
    /// People signing the vouchers.
    pub signers: Signers,
}

/// A step ready to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LotPlan {
    /// Sub-accounts to open first.
    pub accounts: Vec<NewAccount>,
    /// Vouchers posted before the event's own (e.g. a reversal).
    pub pre: Vec<VoucherBody>,
    /// The event's vouchers.
    pub bodies: Vec<VoucherBody>,
    /// The event (its `vouchers` are filled in by [`record`]).
    pub event: Option<LotEvent>,
}

/// What [`record`] produced, for the store to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// Ledger facts (accounts opened, vouchers posted), in order.
    pub facts: Vec<LedgerFact>,
    /// The lot event, with its voucher ids.
    pub event: Option<LotEvent>,
}

/// One delivery as entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeInput {
    /// Member number.
    pub member: MemberNo,
    /// Household head's name.
    pub name: String,
    /// Head count.
    pub head: u32,
    /// Live weight.
    pub weight: Grams,
    /// Grade.
    pub grade: String,
    /// Agreed price.
    pub price: UnitPrice,
}

/// One household to pay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutRequest {
    /// Member.
    pub member: MemberNo,
    /// What for.
    pub kind: crate::lot::PayoutKind,
    /// Amount; `None` pays everything still owed.
    pub amount: Option<Fen>,
}

pub(crate) fn body(
    ctx: &LotContext,
    lot: &LotId,
    summary: String,
    lines: Vec<Line>,
) -> VoucherBody {
    VoucherBody {
        date: ctx.date,
        summary,
        lines,
        signers: ctx.signers.clone(),
        attachments: 0,
        reverses: None,
        source: VoucherSource::Lot { lot: lot.clone() },
    }
}

pub(crate) fn event(ctx: &LotContext, lot: &LotId, step: LotStep) -> LotEvent {
    LotEvent {
        lot: lot.clone(),
        date: ctx.date,
        device: ctx.device.device.clone(),
        hlc: ctx.hlc,
        vouchers: Vec::new(),
        step,
    }
}

fn role_code(books: &Books, role: Role) -> Result<AccountCode> {
    Ok(books.chart().by_role(role)?.code.clone())
}

fn kg(g: Grams) -> String {
    g.format(WeightUnit::Kg)
}

/// Open a lot on `ctx.device`, opening the raw product's stock account if
/// needed. Returns the lot and what to store.
pub fn open_lot(
    books: &mut Books,
    id: LotId,
    name: &str,
    raw_product: &str,
    ctx: &LotContext,
) -> Result<(Lot, Recorded)> {
    if id.0.trim().is_empty() || name.trim().is_empty() {
        return Err(LedgerError::invalid("批次", "请填写批次编号和名称"));
    }
    let (raw_account, new) = books.chart().product_account(raw_product)?;
    let e = event(
        ctx,
        &id,
        LotStep::Opened {
            name: name.trim().to_string(),
            raw_product: raw_product.trim().to_string(),
            raw_account,
        },
    );
    let lot = Lot::from_opened(&e)?;
    let facts = books.commit(
        &new.into_iter().collect::<Vec<_>>(),
        Vec::new(),
        &ctx.device,
    )?;
    Ok((
        lot,
        Recorded {
            facts,
            event: Some(e),
        },
    ))
}

/// Carry out a plan: commit its accounts and vouchers, fill the event's
/// voucher ids and add it to the lot. Nothing changes on refusal.
pub fn record(
    books: &mut Books,
    lot: &mut Lot,
    plan: LotPlan,
    dev: &DeviceSeries,
) -> Result<Recorded> {
    let n_pre = plan.pre.len();
    let mut bodies = plan.pre;
    bodies.extend(plan.bodies);
    let facts = books.commit(&plan.accounts, bodies, dev)?;
    let ids: Vec<_> = facts
        .iter()
        .filter_map(|f| match f {
            LedgerFact::VoucherPosted { voucher } => Some(voucher.id.clone()),
            _ => None,
        })
        .skip(n_pre)
        .collect();
    let event = plan.event.map(|mut e| {
        e.vouchers = ids;
        e
    });
    if let Some(e) = &event {
        lot.apply(e)?;
    }
    Ok(Recorded { facts, event })
}

impl Lot {
    fn open_phase(&self, books: &Books) -> Result<LotPhase> {
        let phase = self.state(books)?.phase;
        if phase == LotPhase::Closed {
            return Err(LedgerError::Lot(format!(
                "批次“{}”已经结束，不能再办理",
                self.name
            )));
        }
        Ok(phase)
    }

    /// V1 收购: Dr raw stock / Cr each member's 114 account.
    pub fn plan_intake(
        &self,
        books: &Books,
        ctx: &LotContext,
        inputs: Vec<IntakeInput>,
    ) -> Result<LotPlan> {
        self.require_owner(&ctx.device.device, "收购")?;
        if self.open_phase(books)? != LotPhase::Collecting {
            return Err(LedgerError::Lot(
                "批次已投入加工，不能再收购；请另开一个批次".into(),
            ));
        }
        if inputs.is_empty() {
            return Err(LedgerError::invalid("收购明细", "请至少录入一户的交售"));
        }
        let mut lines = Vec::new();
        let mut accounts = Vec::new();
        let mut per_member: BTreeMap<MemberNo, (Fen, Grams, String)> = BTreeMap::new();
        let mut total = (Fen::ZERO, Grams(0));
        for (i, inp) in inputs.into_iter().enumerate() {
            let row = i + 1;
            if inp.weight.0 <= 0 {
                return Err(LedgerError::invalid(
                    "重量",
                    format!("第{row}户的重量必须大于零"),
                ));
            }
            if inp.price.fen.0 <= 0 {
                return Err(LedgerError::invalid(
                    "单价",
                    format!("第{row}户的单价必须大于零"),
                ));
            }
            let amount = inp.price.amount(inp.weight)?;
            if amount.0 == 0 {
                return Err(LedgerError::invalid(
                    "金额",
                    format!("第{row}户的金额不足一分，请核对重量和单价"),
                ));
            }
            let (_, new) =
                books
                    .chart()
                    .member_account(Role::MemberCurrent, &inp.member, &inp.name)?;
            if let Some(n) = new.filter(|n| !accounts.contains(n)) {
                accounts.push(n);
            }
            let entry = per_member.entry(inp.member.clone()).or_insert((
                Fen::ZERO,
                Grams(0),
                inp.name.clone(),
            ));
            entry.0 = error::add(entry.0, amount)?;
            entry.1 = entry
                .1
                .checked_add(inp.weight)
                .map_err(|_| LedgerError::Overflow)?;
            total.0 = error::add(total.0, amount)?;
            total.1 = total
                .1
                .checked_add(inp.weight)
                .map_err(|_| LedgerError::Overflow)?;
            lines.push(IntakeLine {
                member: inp.member,
                name: inp.name,
                head: inp.head,
                weight: inp.weight,
                grade: inp.grade,
                price: inp.price,
                amount,
            });
        }
        let member_parent = role_code(books, Role::MemberCurrent)?;
        let mut vlines = vec![Line::debit(self.raw_account.clone(), total.0)
            .quantity(total.1)
            .memo(format!("收购{}", self.raw_product))];
        for (m, (amount, weight, name)) in &per_member {
            vlines.push(
                Line::credit(member_parent.member_child(m), *amount)
                    .member(m.clone())
                    .memo(format!("{name} 交售{} {}", self.raw_product, kg(*weight))),
            );
        }
        let summary = format!(
            "{} 收购{} {}户 {}",
            self.name,
            self.raw_product,
            per_member.len(),
            kg(total.1)
        );
        Ok(LotPlan {
            accounts,
            pre: Vec::new(),
            bodies: vec![body(ctx, &self.id, summary, vlines)],
            event: Some(event(ctx, &self.id, LotStep::Intake { lines })),
        })
    }

    /// V2 投入加工: Dr production cost / Cr raw stock, for all raw stock.
    pub fn plan_processing(&self, books: &Books, ctx: &LotContext) -> Result<LotPlan> {
        self.require_owner(&ctx.device.device, "投入加工")?;
        let s = self.state(books)?;
        if s.phase != LotPhase::Collecting {
            return Err(LedgerError::Lot("批次已经投入加工".into()));
        }
        if s.raw.quantity.0 <= 0 || s.raw.cost.0 <= 0 {
            return Err(LedgerError::Lot(format!(
                "没有可投入加工的{}库存",
                self.raw_product
            )));
        }
        let wip = role_code(books, Role::ProductionCost)?;
        let lines = vec![
            Line::debit(wip, s.raw.cost).memo(format!("{}投入加工", self.raw_product)),
            Line::credit(self.raw_account.clone(), s.raw.cost).quantity(s.raw.quantity),
        ];
        let summary = format!(
            "{} {} {}投入加工",
            self.name,
            self.raw_product,
            kg(s.raw.quantity)
        );
        Ok(LotPlan {
            accounts: Vec::new(),
            pre: Vec::new(),
            bodies: vec![body(ctx, &self.id, summary, lines)],
            event: Some(event(
                ctx,
                &self.id,
                LotStep::Processing {
                    quantity: s.raw.quantity,
                    cost: s.raw.cost,
                },
            )),
        })
    }

    /// V3 费用: Dr production cost (while processing) or 经营支出 / Cr cash or bank.
    pub fn plan_cost(
        &self,
        books: &Books,
        ctx: &LotContext,
        items: Vec<CostItem>,
        paid_from: PayFrom,
    ) -> Result<LotPlan> {
        self.require_owner(&ctx.device.device, "登记费用")?;
        let capitalised = self.open_phase(books)? == LotPhase::Processing;
        if items.is_empty() {
            return Err(LedgerError::invalid("费用", "请至少填写一项费用"));
        }
        for it in &items {
            if it.item.trim().is_empty() || it.amount.0 <= 0 {
                return Err(LedgerError::invalid(
                    "费用",
                    "每项费用都要写明用途，金额必须大于零",
                ));
            }
        }
        let total = error::sum(items.iter().map(|i| i.amount))?;
        let debit = role_code(
            books,
            if capitalised {
                Role::ProductionCost
            } else {
                Role::OperatingExpense
            },
        )?;
        let mut lines: Vec<Line> = items
            .iter()
            .map(|i| Line::debit(debit.clone(), i.amount).memo(i.item.clone()))
            .collect();
        lines.push(Line::credit(role_code(books, paid_from.role())?, total));
        let names: Vec<&str> = items.iter().map(|i| i.item.as_str()).collect();
        let summary = format!("{} 支付{}费", self.name, names.join("、"));
        Ok(LotPlan {
            accounts: Vec::new(),
            pre: Vec::new(),
            bodies: vec![body(ctx, &self.id, summary, lines)],
            event: Some(event(
                ctx,
                &self.id,
                LotStep::Cost {
                    items,
                    paid_from,
                    capitalised,
                },
            )),
        })
    }

    /// V4 完工入库: Dr finished stock / Cr production cost, all of it.
    pub fn plan_finish(
        &self,
        books: &Books,
        ctx: &LotContext,
        product: &str,
        output: Grams,
    ) -> Result<LotPlan> {
        self.require_owner(&ctx.device.device, "完工入库")?;
        let s = self.state(books)?;
        if s.phase != LotPhase::Processing {
            return Err(LedgerError::Lot("批次没有在加工中，不能完工入库".into()));
        }
        if output.0 <= 0 {
            return Err(LedgerError::invalid("产出重量", "完工产出的重量必须大于零"));
        }
        if s.wip.0 <= 0 {
            return Err(LedgerError::Lot(
                "生产成本没有余额，无法结转完工成本".into(),
            ));
        }
        let (account, new) = books.chart().product_account(product)?;
        let wip = role_code(books, Role::ProductionCost)?;
        let lines = vec![
            Line::debit(account.clone(), s.wip)
                .quantity(output)
                .memo(format!("{}完工入库", product.trim())),
            Line::credit(wip, s.wip),
        ];
        let summary = format!("{} {} {}完工入库", self.name, product.trim(), kg(output));
        Ok(LotPlan {
            accounts: new.into_iter().collect(),
            pre: Vec::new(),
            bodies: vec![body(ctx, &self.id, summary, lines)],
            event: Some(event(
                ctx,
                &self.id,
                LotStep::Finished {
                    product: product.trim().to_string(),
                    account,
                    output,
                    cost: s.wip,
                },
            )),
        })
    }

    /// V5a 销售 (Dr cash/bank / Cr 经营收入) and V5b 结转成本 (Dr 经营支出 /
    /// Cr stock). The cost of a partial sale is the stock's cost × quantity
    /// sold / quantity on hand, rounded half up; the sale that empties the
    /// stock takes exactly what cost remains.
    pub fn plan_sale(
        &self,
        books: &Books,
        ctx: &LotContext,
        buyer: &str,
        quantity: Grams,
        price: UnitPrice,
        received_into: PayFrom,
    ) -> Result<LotPlan> {
        self.require_owner(&ctx.device.device, "销售")?;
        let s = self.state(books)?;
        let stock = match s.phase {
            LotPhase::Collecting => s.raw.clone(),
            LotPhase::Finished => s
                .finished
                .clone()
                .ok_or_else(|| LedgerError::Lot("没有成品库存".into()))?,
            _ => return Err(LedgerError::Lot("批次正在加工，完工入库后才能销售".into())),
        };
        if buyer.trim().is_empty() {
            return Err(LedgerError::invalid("买方", "请填写买方"));
        }
        if quantity.0 <= 0 || price.fen.0 <= 0 {
            return Err(LedgerError::invalid("销售", "销售数量和单价都必须大于零"));
        }
        if quantity > stock.quantity {
            return Err(LedgerError::Lot(format!(
                "库存只有 {}，不能卖出 {}",
                kg(stock.quantity),
                kg(quantity)
            )));
        }
        let amount = price.amount(quantity)?;
        if amount.0 == 0 {
            return Err(LedgerError::invalid(
                "销售金额",
                "销售金额不足一分，请核对数量和单价",
            ));
        }
        if stock.cost.0 < 0 {
            return Err(LedgerError::Lot(
                "库存成本为负数，请先核对本批次的凭证".into(),
            ));
        }
        let cost = if quantity == stock.quantity {
            stock.cost
        } else {
            Fen(mul_div_half_up(stock.cost.0, quantity.0, stock.quantity.0)?)
        };
        let revenue = role_code(books, Role::OperatingRevenue)?;
        let expense = role_code(books, Role::OperatingExpense)?;
        let mut bodies = vec![body(
            ctx,
            &self.id,
            format!(
                "{} 销售给{} {} × {}",
                self.name,
                buyer.trim(),
                kg(quantity),
                price.label()
            ),
            vec![
                Line::debit(role_code(books, received_into.role())?, amount),
                Line::credit(revenue, amount).memo(buyer.trim().to_string()),
            ],
        )];
        if cost.0 > 0 {
            bodies.push(body(
                ctx,
                &self.id,
                format!("{} 结转销售成本 {}", self.name, kg(quantity)),
                vec![
                    Line::debit(expense, cost),
                    Line::credit(stock.account.clone(), cost).quantity(quantity),
                ],
            ));
        }
        Ok(LotPlan {
            accounts: Vec::new(),
            pre: Vec::new(),
            bodies,
            event: Some(event(
                ctx,
                &self.id,
                LotStep::Sale {
                    buyer: buyer.trim().to_string(),
                    quantity,
                    price,
                    amount,
                    cost,
                    from_account: stock.account,
                    received_into,
                },
            )),
        })
    }
}
