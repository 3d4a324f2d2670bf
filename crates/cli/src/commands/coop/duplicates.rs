//! `cunwu coop duplicates [--fix]`: payouts made twice while two laptops
//! were offline, listed for a person, and reversed with one action.

use super::{print_posted, StepArgs};
use crate::commands::Ctx;
use crate::output;
use clap::Args;
use cunwu_app::coop::Coop;

/// Which duplicate payout to fix.
#[derive(Args)]
pub struct DuplicatesArgs {
    /// 冲销重复的付款（只有一笔时可不写 --lot/--household）。
    #[arg(long)]
    fix: bool,
    /// 批次编号。
    #[arg(long)]
    lot: Option<String>,
    /// 户编号。
    #[arg(long)]
    household: Option<String>,
    /// 指定要冲销的付款凭证（凭证号，如 "2026-11 B-0002"）。
    #[arg(long)]
    voucher: Option<String>,
    #[command(flatten)]
    step: StepArgs,
}

/// List the duplicate payouts, or reverse one.
pub fn run(
    ctx: &Ctx,
    s: &mut cunwu_store::Store,
    coop: &mut Coop,
    a: DuplicatesArgs,
) -> anyhow::Result<()> {
    let DuplicatesArgs {
        fix,
        lot,
        household,
        voucher,
        step,
    } = a;
    let list = coop.duplicates(s)?;
    if !fix {
        if ctx.json {
            return output::json(&list);
        }
        if list.is_empty() {
            println!("没有重复支付的款项");
        }
        for d in &list {
            println!(
                "批次 {}（{}）农户 {} {} 的{}重复支付：保留 {}，待冲销 {}",
                d.lot,
                d.lot_name,
                d.member,
                d.name,
                d.kind.label(),
                d.kept.amount,
                d.duplicate_vouchers.join("、")
            );
            println!(
                "  处理：cunwu coop duplicates --fix --lot {} --household {}",
                d.lot, d.member
            );
        }
        return Ok(());
    }
    let (lot, household) = match (lot, household, list.as_slice()) {
        (Some(l), Some(h), _) => (l, h),
        (None, None, [only]) => (only.lot.clone(), only.member.clone()),
        _ => anyhow::bail!(cunwu_core::Error::invalid(
            "重复付款",
            "有多笔或没有重复付款，请用 --lot 和 --household 指定要处理的一笔"
        )),
    };
    let p = coop.fix_duplicate(
        s,
        &lot,
        &household,
        voucher.as_deref(),
        step.date.as_deref(),
        &step.sign.form(),
    )?;
    print_posted(ctx, &p)
}
