//! Buying from households (V1 收购): one voucher per intake batch, Dr the
//! raw product's stock account, Cr each household's member account.

use crate::account::{MemberNo, Role};
use crate::books::Books;
use crate::error::{self, LedgerError, Result};
use crate::lot::{IntakeLine, Lot, LotStep};
use crate::lot_plan::{body, event, kg, role_code, IntakeInput, LotContext, LotPlan};
use crate::lot_state::LotPhase;
use crate::voucher::Line;
use cunwu_core::money::{Fen, Grams};
use std::collections::BTreeMap;

impl Lot {
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
}
