//! `cunwu coop lot …`: open a pooled lot, take in each household's animals,
//! pay costs, sell, pay each household, close; list and show lots.

use super::{intake, lot_view, print_posted, written, StepArgs};
use crate::commands::Ctx;
use clap::Subcommand;
use cunwu_app::coop::*;
use std::path::PathBuf;

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

/// Run `cunwu coop lot …`.
pub fn run(
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
            lot_view::print_summary(ctx, &l)
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
            let rows = intake::rows(&lines, one, &unit)?;
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
            lot_view::print_summary(ctx, &l)
        }
        LotCommand::List => lot_view::list(ctx, s, coop),
        LotCommand::Show { lot } => lot_view::show(ctx, s, coop, &lot),
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
