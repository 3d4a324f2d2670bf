//! Processing a lot: raw stock into production cost (V2 投入加工), costs
//! paid (V3), finished goods into stock (V4 完工入库).

use crate::account::Role;
use crate::books::Books;
use crate::error::{self, LedgerError, Result};
use crate::lot::{CostItem, Lot, LotStep, PayFrom};
use crate::lot_plan::{body, event, kg, role_code, LotContext, LotPlan};
use crate::lot_state::LotPhase;
use crate::voucher::Line;
use cunwu_core::money::Grams;

impl Lot {
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
}
