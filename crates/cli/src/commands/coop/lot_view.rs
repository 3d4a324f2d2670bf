//! How `cunwu coop lot list|show` print a lot: its summary line, each
//! household's weight, amount and what is still owed, the lot's P&L and
//! vouchers, and what keeps it from closing.

use crate::commands::Ctx;
use crate::output::{self, pad};
use cunwu_app::coop::*;
use cunwu_core::money::WeightUnit;

/// One lot's summary line (or its JSON).
pub fn print_summary(ctx: &Ctx, s: &LotSummary) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(s);
    }
    println!(
        "{}  {}  {}  {} 户 {}  收购 {}  已付 {}  毛利 {}{}",
        s.id,
        s.name,
        s.phase_label,
        s.households,
        s.weight.format(WeightUnit::Kg),
        s.purchase,
        s.paid,
        s.margin,
        if s.duplicates > 0 {
            format!("  ⚠ 重复付款 {} 笔", s.duplicates)
        } else {
            String::new()
        }
    );
    Ok(())
}

/// `cunwu coop lot list`.
pub fn list(ctx: &Ctx, s: &cunwu_store::Store, coop: &mut Coop) -> anyhow::Result<()> {
    let list = coop.lot_list(s)?;
    if ctx.json {
        return output::json(&list);
    }
    if list.is_empty() {
        println!("还没有批次。开立：cunwu coop lot open --name 批次名称 --product 活羊");
    }
    for l in &list {
        print_summary(ctx, l)?;
    }
    Ok(())
}

/// `cunwu coop lot show LOT`.
pub fn show(ctx: &Ctx, s: &cunwu_store::Store, coop: &mut Coop, lot: &str) -> anyhow::Result<()> {
    let v = coop.lot_show(s, lot)?;
    if ctx.json {
        return output::json(&v);
    }
    print_summary(ctx, &v.summary)?;
    println!("成员编号    户主      头数  重量        收购金额        已付            尚欠");
    for (no, m) in &v.state.members {
        println!(
            "{}{}{:>4}  {}{}{}{}",
            pad(&no.0, 12),
            pad(&m.name, 10),
            m.head,
            pad(&m.weight.format(WeightUnit::Kg), 12),
            pad(&m.amount.to_string(), 16),
            pad(&m.paid.to_string(), 16),
            m.owed
        );
    }
    let p = &v.state.pnl;
    println!(
        "销售收入 {}  销售成本 {}  费用 {}  毛利 {}",
        p.revenue, p.cost_of_sales, p.expenses, p.margin
    );
    for j in &v.vouchers {
        println!(
            "  {}  {}{}",
            j.label,
            j.summary,
            if j.reversal {
                "（红字）"
            } else if j.reversed {
                "（已冲销）"
            } else {
                ""
            }
        );
    }
    for d in &v.duplicates {
        println!(
            "⚠ 农户 {} 的{}重复支付，处理：cunwu coop duplicates --fix --lot {} --household {}",
            d.key.member,
            d.key.kind.label(),
            v.summary.id,
            d.key.member
        );
    }
    if !v.unsettled.is_empty() {
        println!("尚不能结束：{}", v.unsettled.join("；"));
    }
    Ok(())
}
