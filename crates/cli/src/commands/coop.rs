//! `cunwu coop lot|surplus|duplicates`: pooled lots (统一收购、统一销售),
//! the year-end surplus return and double payouts made offline, over the
//! co-op façade. Weights in 斤 or kg (`108斤`, `54kg`, or a bare number in
//! `--unit`), money in yuan, prices per kg or per 斤 (`28/kg`, `14/斤`).

use super::Ctx;
use crate::output::{self, pad};
use clap::{Args, Subcommand};
use cunwu_app::coop::*;
use cunwu_core::money::WeightUnit;
use std::path::PathBuf;

/// Who signs (blank: the books' defaults; 经办人 is the current user).
#[derive(Args, Clone, Default)]
pub struct SignArgs {
    /// 经办人。
    #[arg(long)]
    handler: Option<String>,
    /// 审批人。
    #[arg(long)]
    approver: Option<String>,
    /// 会计（制单）。
    #[arg(long)]
    accountant: Option<String>,
    /// 出纳。
    #[arg(long)]
    cashier: Option<String>,
}

impl SignArgs {
    /// The façade's form.
    pub fn form(&self) -> SignForm {
        SignForm {
            handler: self.handler.clone(),
            approver: self.approver.clone(),
            accountant: self.accountant.clone(),
            cashier: self.cashier.clone(),
        }
    }
}

/// Date and signers of a step.
#[derive(Args, Clone, Default)]
pub struct StepArgs {
    /// 业务日期，如 2026-11-05（默认今天）。
    #[arg(long)]
    date: Option<String>,
    #[command(flatten)]
    sign: SignArgs,
}

impl StepArgs {
    /// The façade's form.
    pub fn form(&self) -> StepForm {
        StepForm {
            date: self.date.clone(),
            sign: self.sign.form(),
        }
    }
}

/// `cunwu coop …`.
#[derive(Subcommand)]
pub enum CoopCommand {
    /// 统一收购、统一销售批次。
    #[command(subcommand)]
    Lot(LotCommand),
    /// 年终盈余返还（按交易量）。
    #[command(subcommand)]
    Surplus(SurplusCommand),
    /// 列出离线时在两台电脑上重复支付的款项；加 --fix 一键红字冲销。
    Duplicates {
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
    },
}

/// `cunwu coop lot …`.
#[derive(Subcommand)]
pub enum LotCommand {
    /// 开立批次（本机拥有该批次）。
    Open {
        /// 批次名称，如 2026年11月肉羊统一收购。
        #[arg(long)]
        name: String,
        /// 收购的产品，如 活羊。
        #[arg(long, default_value = "活羊")]
        product: String,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 收购（交售）：--line 户编号:头数:重量:单价[:等级]，可写多次；或 --household … 录一户。
    Intake {
        /// 批次编号。
        lot: String,
        /// 一户一行：户编号:头数:重量:单价[:等级]，如 030001:3:108斤:14/斤:一等。
        #[arg(long = "line")]
        lines: Vec<String>,
        /// 户编号（录一户时）。
        #[arg(long)]
        household: Option<String>,
        /// 头数。
        #[arg(long, default_value_t = 0)]
        head: u32,
        /// 重量，如 54、54kg、108斤。
        #[arg(long)]
        weight: Option<String>,
        /// 单价（元），如 28、28/kg、14/斤。
        #[arg(long)]
        price: Option<String>,
        /// 等级。
        #[arg(long, default_value = "")]
        grade: String,
        /// 不带单位的重量和单价按此单位：kg 或 斤。
        #[arg(long, default_value = "kg")]
        unit: String,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 全部收购物投入加工（屠宰等）。
    Process {
        /// 批次编号。
        lot: String,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 支付加工费用：--item 屠宰=300 --item 运输=120 --from 现金。
    Cost {
        /// 批次编号。
        lot: String,
        /// 费用项目=金额（元），可写多次。
        #[arg(long = "item", required = true)]
        items: Vec<String>,
        /// 付款方式：现金 或 银行。
        #[arg(long, default_value = "现金")]
        from: String,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 完工入库：--product 羊肉 --weight 240kg。
    Finish {
        /// 批次编号。
        lot: String,
        /// 成品名称。
        #[arg(long)]
        product: String,
        /// 产出重量。
        #[arg(long)]
        weight: String,
        /// 不带单位的重量按此单位：kg 或 斤。
        #[arg(long, default_value = "kg")]
        unit: String,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 销售：--buyer 县城惠民超市 --weight 240kg --price 68/kg --into 银行。
    Sale {
        /// 批次编号。
        lot: String,
        /// 买方。
        #[arg(long)]
        buyer: String,
        /// 销售数量。
        #[arg(long)]
        weight: String,
        /// 单价（元）。
        #[arg(long)]
        price: String,
        /// 不带单位的数量和单价按此单位：kg 或 斤。
        #[arg(long, default_value = "kg")]
        unit: String,
        /// 收款方式：现金 或 银行。
        #[arg(long, default_value = "银行")]
        into: String,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 付款到户：不写 --household 则付清全部农户。
    Payout {
        /// 批次编号。
        lot: String,
        /// 户编号，可写多次。
        #[arg(long = "household")]
        households: Vec<String>,
        /// 金额（元，只付一户时可指定；默认付清）。
        #[arg(long)]
        amount: Option<String>,
        /// 收购款 或 预付款。
        #[arg(long, default_value = "收购款")]
        kind: String,
        /// 付款方式：现金 或 银行。
        #[arg(long, default_value = "银行")]
        from: String,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 结束批次（所有农户付清、库存售完后）。
    Close {
        /// 批次编号。
        lot: String,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 查看批次：库存、各户交售与付款、损益、凭证。
    Show {
        /// 批次编号。
        lot: String,
    },
    /// 列出批次。
    List,
    /// 打印一户的收购单（A4 网页，用浏览器打开打印）。
    Receipt {
        /// 批次编号。
        lot: String,
        /// 户编号。
        household: String,
        /// 输出文件（.html）。
        #[arg(long)]
        out: PathBuf,
    },
    /// 打印批次结算单（A4 网页）。
    Print {
        /// 批次编号。
        lot: String,
        /// 输出文件（.html）。
        #[arg(long)]
        out: PathBuf,
    },
}

/// `cunwu coop surplus …`.
#[derive(Subcommand)]
pub enum SurplusCommand {
    /// 试算盈余返还方案（不记账）。
    Plan(SurplusArgs),
    /// 年终结转损益并按方案分配盈余（提取公积金、按交易量返还到各成员）。
    Distribute {
        #[command(flatten)]
        terms: SurplusArgs,
        #[command(flatten)]
        step: StepArgs,
    },
    /// 支付各成员应得的盈余返还。
    Pay {
        /// 年度。
        #[arg(long)]
        year: i32,
        /// 付款方式：现金 或 银行。
        #[arg(long, default_value = "银行")]
        from: String,
        #[command(flatten)]
        step: StepArgs,
    },
}

/// Terms of the surplus return.
#[derive(Args)]
pub struct SurplusArgs {
    /// 年度。
    #[arg(long)]
    year: i32,
    /// 提取公积金比例（%）。
    #[arg(long, default_value = "10")]
    reserve: String,
    /// 按交易量返还比例（%，不得低于60）。
    #[arg(long = "return", default_value = "60")]
    ret: String,
}

fn open(ctx: &Ctx) -> anyhow::Result<(cunwu_store::Store, Coop)> {
    let store = ctx.open_village()?;
    let coop = Coop::open(&store)?;
    Ok((store, coop))
}

/// Print what an action posted.
pub fn print_posted(ctx: &Ctx, p: &Posted) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(p);
    }
    for v in &p.vouchers {
        println!("已记账：{}  {}  {}", v.label, v.summary, v.amount);
    }
    Ok(())
}

fn print_lot(ctx: &Ctx, s: &LotSummary) -> anyhow::Result<()> {
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

fn intake_rows(
    lines: &[String],
    one: Option<IntakeRow>,
    unit: &str,
) -> anyhow::Result<Vec<IntakeRow>> {
    let mut rows: Vec<IntakeRow> = one.into_iter().collect();
    for l in lines {
        let parts: Vec<&str> = l.split([':', '：']).map(str::trim).collect();
        if !(4..=5).contains(&parts.len()) {
            anyhow::bail!(cunwu_core::Error::invalid(
                "收购明细",
                format!("“{l}”应写成 户编号:头数:重量:单价[:等级]，如 030001:3:108斤:14/斤:一等")
            ));
        }
        let head = parts[1].parse().map_err(|_| {
            cunwu_core::Error::invalid("头数", format!("“{}”不是头数，请写整数", parts[1]))
        })?;
        rows.push(IntakeRow {
            household: parts[0].into(),
            head,
            weight: parts[2].into(),
            weight_unit: Some(unit.into()),
            price: parts[3].into(),
            price_unit: Some(unit.into()),
            grade: parts.get(4).map(|g| g.to_string()).unwrap_or_default(),
        });
    }
    if rows.is_empty() {
        anyhow::bail!(cunwu_core::Error::invalid(
            "收购明细",
            "请用 --line 户编号:头数:重量:单价 或 --household/--weight/--price 录入至少一户"
        ));
    }
    Ok(rows)
}

/// Hand a façade error to `main`'s printer with its own code: database and
/// spreadsheet errors pass on as themselves; with `--json`, a ledger rule's
/// `{code, message}` (e.g. `unbalanced`, `period_closed`) is printed here,
/// since the shared printer does not know the ledger's codes.
pub fn finish(ctx: &Ctx, r: anyhow::Result<()>) -> anyhow::Result<()> {
    let Err(e) = r else { return Ok(()) };
    match e.downcast::<CoopError>() {
        Ok(CoopError::Store(s)) => Err(s.into()),
        Ok(CoopError::Sheet(s)) => Err(s.into()),
        Ok(other) if ctx.json => {
            let wire = other.to_wire();
            eprintln!("{}", serde_json::to_string(&wire).unwrap_or(wire.message));
            std::process::exit(1);
        }
        Ok(other) => Err(other.into()),
        Err(e) => Err(e),
    }
}

/// Run `cunwu coop …`.
pub fn run(ctx: &Ctx, c: CoopCommand) -> anyhow::Result<()> {
    finish(ctx, run_command(ctx, c))
}

fn run_command(ctx: &Ctx, c: CoopCommand) -> anyhow::Result<()> {
    let (mut store, mut coop) = open(ctx)?;
    let s = &mut store;
    match c {
        CoopCommand::Lot(l) => lot(ctx, s, &mut coop, l),
        CoopCommand::Surplus(SurplusCommand::Plan(a)) => {
            let plan = coop.surplus_preview(s, a.year, &a.reserve, &a.ret)?;
            print_plan(ctx, &plan)
        }
        CoopCommand::Surplus(SurplusCommand::Distribute { terms: a, step }) => {
            let (plan, posted) = coop.surplus_distribute(
                s,
                a.year,
                &a.reserve,
                &a.ret,
                step.date.as_deref(),
                &step.sign.form(),
            )?;
            if ctx.json {
                return output::json(&serde_json::json!({ "plan": plan, "posted": posted }));
            }
            print_plan(ctx, &plan)?;
            print_posted(ctx, &posted)
        }
        CoopCommand::Surplus(SurplusCommand::Pay { year, from, step }) => {
            let p = coop.surplus_pay(s, year, &from, step.date.as_deref(), &step.sign.form())?;
            print_posted(ctx, &p)
        }
        CoopCommand::Duplicates {
            fix,
            lot,
            household,
            voucher,
            step,
        } => {
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
    }
}

fn print_plan(ctx: &Ctx, p: &ledger::surplus::SurplusPlan) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(p);
    }
    println!(
        "{}年度 本年盈余 {}：提取公积金 {}，可分配盈余 {}，按交易量返还 {}（取整合计 {}，余 {} 分按尾差最大依次补足）",
        p.year, p.terms.surplus, p.reserve, p.distributable, p.returned, p.floor_total, p.leftover
    );
    for sh in &p.shares {
        println!(
            "  {} {} 交易量 {}  返还 {}{}",
            pad(&sh.member.0, 10),
            pad(&sh.name, 8),
            cunwu_core::money::Grams(sh.volume).format(WeightUnit::Kg),
            sh.amount,
            if sh.extra { "（+1分）" } else { "" }
        );
    }
    Ok(())
}

fn lot(
    ctx: &Ctx,
    s: &mut cunwu_store::Store,
    coop: &mut Coop,
    c: LotCommand,
) -> anyhow::Result<()> {
    match c {
        LotCommand::Open {
            name,
            product,
            step,
        } => {
            let l = coop.lot_open(
                s,
                &LotForm {
                    name,
                    product,
                    date: step.date.clone(),
                },
                &step.sign.form(),
            )?;
            if !ctx.json {
                print!("已开立批次：");
            }
            print_lot(ctx, &l)
        }
        LotCommand::Intake {
            lot,
            lines,
            household,
            head,
            weight,
            price,
            grade,
            unit,
            step,
        } => {
            let one = match (household, weight, price) {
                (Some(h), Some(w), Some(p)) => Some(IntakeRow {
                    household: h,
                    head,
                    weight: w,
                    weight_unit: Some(unit.clone()),
                    price: p,
                    price_unit: Some(unit.clone()),
                    grade,
                }),
                (None, None, None) => None,
                _ => anyhow::bail!(cunwu_core::Error::invalid(
                    "收购明细",
                    "录一户时 --household、--weight、--price 都要写"
                )),
            };
            let rows = intake_rows(&lines, one, &unit)?;
            let p = coop.lot_intake(
                s,
                &lot,
                &IntakeForm {
                    step: step.form(),
                    rows,
                },
            )?;
            print_posted(ctx, &p)
        }
        LotCommand::Process { lot, step } => {
            print_posted(ctx, &coop.lot_process(s, &lot, &step.form())?)
        }
        LotCommand::Cost {
            lot,
            items,
            from,
            step,
        } => {
            let items = items
                .iter()
                .map(|i| match i.split_once(['=', '＝']) {
                    Some((a, b)) => Ok((a.trim().to_string(), b.trim().to_string())),
                    None => Err(cunwu_core::Error::invalid(
                        "费用",
                        format!("“{i}”应写成 项目=金额，如 屠宰=300"),
                    )),
                })
                .collect::<Result<Vec<_>, _>>()?;
            print_posted(
                ctx,
                &coop.lot_cost(
                    s,
                    &lot,
                    &CostForm {
                        step: step.form(),
                        items,
                        from,
                    },
                )?,
            )
        }
        LotCommand::Finish {
            lot,
            product,
            weight,
            unit,
            step,
        } => print_posted(
            ctx,
            &coop.lot_finish(
                s,
                &lot,
                &FinishForm {
                    step: step.form(),
                    product,
                    output: weight,
                    unit: Some(unit),
                },
            )?,
        ),
        LotCommand::Sale {
            lot,
            buyer,
            weight,
            price,
            unit,
            into,
            step,
        } => print_posted(
            ctx,
            &coop.lot_sale(
                s,
                &lot,
                &SaleForm {
                    step: step.form(),
                    buyer,
                    quantity: weight,
                    unit: Some(unit),
                    price,
                    into,
                },
            )?,
        ),
        LotCommand::Payout {
            lot,
            households,
            amount,
            kind,
            from,
            step,
        } => print_posted(
            ctx,
            &coop.lot_payout(
                s,
                &lot,
                &PayoutForm {
                    step: step.form(),
                    households,
                    amount,
                    kind: Some(kind),
                    from,
                },
            )?,
        ),
        LotCommand::Close { lot, step } => {
            let l = coop.lot_close(s, &lot, &step.form())?;
            if !ctx.json {
                print!("批次已结束：");
            }
            print_lot(ctx, &l)
        }
        LotCommand::List => {
            let list = coop.lot_list(s)?;
            if ctx.json {
                return output::json(&list);
            }
            if list.is_empty() {
                println!("还没有批次。开立：cunwu coop lot open --name 批次名称 --product 活羊");
            }
            for l in &list {
                print_lot(ctx, l)?;
            }
            Ok(())
        }
        LotCommand::Show { lot } => {
            let v = coop.lot_show(s, &lot)?;
            if ctx.json {
                return output::json(&v);
            }
            print_lot(ctx, &v.summary)?;
            println!(
                "成员编号    户主      头数  重量        收购金额        已付            尚欠"
            );
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
                println!("⚠ 农户 {} 的{}重复支付，处理：cunwu coop duplicates --fix --lot {} --household {}", d.key.member, d.key.kind.label(), v.summary.id, d.key.member);
            }
            if !v.unsettled.is_empty() {
                println!("尚不能结束：{}", v.unsettled.join("；"));
            }
            Ok(())
        }
        LotCommand::Receipt {
            lot,
            household,
            out,
        } => {
            let html = coop.receipt_html(s, &lot, &household)?;
            cunwu_app::coop::print::write(&out, &html)?;
            written(ctx, &out)
        }
        LotCommand::Print { lot, out } => {
            let html = coop.lot_statement_html(s, &lot)?;
            cunwu_app::coop::print::write(&out, &html)?;
            written(ctx, &out)
        }
    }
}

/// Report a file written.
pub fn written(ctx: &Ctx, out: &std::path::Path) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(&serde_json::json!({ "path": out }));
    }
    println!("已生成：{}（用浏览器打开后打印，纸张 A4）", out.display());
    Ok(())
}
