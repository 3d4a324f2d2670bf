//! Selling a lot's stock (V5a 销售, V5b 结转成本), several buyers and
//! partial quantities, cost carried by the moving average.

use crate::account::Role;
use crate::books::Books;
use crate::error::{LedgerError, Result};
use crate::lot::{Lot, LotStep, PayFrom};
use crate::lot_plan::{body, event, kg, role_code, LotContext, LotPlan};
use crate::lot_state::LotPhase;
use crate::price::{mul_div_half_up, UnitPrice};
use crate::voucher::Line;
use cunwu_core::money::{Fen, Grams};

impl Lot {
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
