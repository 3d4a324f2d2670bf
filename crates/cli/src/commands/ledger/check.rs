//! `cunwu ledger verify|assert|checks`: the tamper-evident voucher chains,
//! and cash counts (现金盘点) and bank balances checked against the books.

use crate::commands::Ctx;
use crate::output;
use cunwu_app::coop::*;
use cunwu_store::Store;

/// `cunwu ledger verify`: every device's voucher chain.
pub fn verify(ctx: &Ctx, s: &Store, coop: &mut Coop) -> anyhow::Result<()> {
    let r = coop.verify(s)?;
    if ctx.json {
        output::json(&r)?;
    } else {
        println!(
            "共核对凭证 {} 张，{} 台设备的凭证链。",
            r.vouchers,
            r.chains.len()
        );
        for m in r
            .breaks
            .iter()
            .chain(r.tables.iter().map(|t| &t.message))
            .chain(&r.gaps)
            .chain(&r.invariants)
        {
            println!("✗ {m}");
        }
        for q in &r.quarantined {
            println!("⚠ 未计入：{q}");
        }
        if r.intact {
            println!("✓ 凭证链完整，账簿表与变更日志一致，凭证号连续，试算平衡。");
        }
    }
    if !r.intact {
        anyhow::bail!(cunwu_core::Error::Rule(
            "账簿核对未通过：凭证在记账后被改动或删除，请把这个数据库文件交给乡镇管理员核查".into()
        ));
    }
    Ok(())
}

/// `cunwu ledger assert`: a cash count or bank balance checked against the books.
pub fn assert(
    ctx: &Ctx,
    s: &mut Store,
    coop: &mut Coop,
    kind: &str,
    amount: &str,
    date: Option<String>,
    by: Option<String>,
) -> anyhow::Result<()> {
    let v = coop.assert_balance(s, kind, amount, date.as_deref(), by.as_deref())?;
    if ctx.json {
        return output::json(&v);
    }
    println!("{}{}", if v.matches { "✓ " } else { "✗ " }, v.message);
    Ok(())
}

/// `cunwu ledger checks`: every cash count and bank balance entered.
pub fn list(ctx: &Ctx, s: &Store, coop: &mut Coop) -> anyhow::Result<()> {
    let list = coop.assertions(s)?;
    if ctx.json {
        return output::json(&list);
    }
    if list.is_empty() {
        println!("还没有盘点或对账记录。");
    }
    for v in &list {
        println!("{}{}", if v.matches { "✓ " } else { "✗ " }, v.message);
    }
    Ok(())
}
