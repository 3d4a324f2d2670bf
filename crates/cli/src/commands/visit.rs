//! `cunwu visit add|amend|list|export`.

use super::Ctx;
use crate::output;
use clap::{Args, Subcommand};
use cunwu_app::view::VisitView;
use cunwu_app::visits::VisitForm;
use std::path::PathBuf;

/// `cunwu visit …`.
#[derive(Subcommand)]
pub enum VisitCommand {
    /// 记录一次走访。
    Add {
        /// 户编号。
        household: String,
        #[command(flatten)]
        input: VisitArgs,
    },
    /// 更正一条走访记录（原记录保留，更正记录附在其后）。
    Amend {
        /// 要更正的走访记录编号。
        visit: String,
        #[command(flatten)]
        input: VisitArgs,
    },
    /// 列出走访记录。
    List {
        /// 只看这一户（户编号）。
        #[arg(long)]
        household: Option<String>,
        /// 起始日期。
        #[arg(long)]
        from: Option<String>,
        /// 截止日期。
        #[arg(long)]
        to: Option<String>,
    },
    /// 导出走访记录到 .xlsx 或 .csv。
    Export {
        /// 输出文件。
        #[arg(long)]
        out: PathBuf,
        /// 起始日期（默认一年前）。
        #[arg(long)]
        from: Option<String>,
        /// 截止日期（默认今天）。
        #[arg(long)]
        to: Option<String>,
    },
}

/// What a visit records.
#[derive(Args)]
pub struct VisitArgs {
    /// 走访日期（默认今天），如 2026-11-29。
    #[arg(long)]
    date: Option<String>,
    /// 走访人，可写多次；默认当前用户。
    #[arg(long = "visitor")]
    visitors: Vec<String>,
    /// 家庭情况。
    #[arg(long, default_value = "")]
    situation: String,
    /// 困难问题。
    #[arg(long, default_value = "")]
    difficulties: String,
    /// 诉求。
    #[arg(long, default_value = "")]
    needs: String,
    /// 下一步帮扶计划。
    #[arg(long, default_value = "")]
    follow_up: String,
}

impl From<VisitArgs> for VisitForm {
    fn from(a: VisitArgs) -> VisitForm {
        VisitForm {
            date: a.date,
            visitors: a.visitors,
            situation: a.situation,
            difficulties: a.difficulties,
            needs: a.needs,
            follow_up: a.follow_up,
        }
    }
}

fn print_visit(ctx: &Ctx, verb: &str, v: &cunwu_app::visits::Visit) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(&VisitView::from(v));
    }
    println!(
        "{verb}（编号 {}，{}，走访人 {}）",
        v.id,
        v.date,
        v.visitors.join("、")
    );
    Ok(())
}

/// Run a visit command.
pub fn run(ctx: &Ctx, c: VisitCommand) -> anyhow::Result<()> {
    let mut s = ctx.open_village()?;
    match c {
        VisitCommand::Add { household, input } => {
            let v = cunwu_app::visits::add(&mut s, &household, input.into())?;
            print_visit(ctx, "已记录走访", &v)
        }
        VisitCommand::Amend { visit, input } => {
            let v = cunwu_app::visits::amend(&mut s, &visit, input.into())?;
            print_visit(ctx, "已更正走访记录", &v)
        }
        VisitCommand::List {
            household,
            from,
            to,
        } => {
            let views =
                cunwu_app::visits::list(&s, household.as_deref(), from.as_deref(), to.as_deref())?;
            if ctx.json {
                return output::json(&views);
            }
            for v in &views {
                let tag = if v.amends.is_some() {
                    " ↳ 更正"
                } else {
                    ""
                };
                println!(
                    "{} [{}]{tag} {} 走访人：{}",
                    v.date,
                    v.id,
                    v.situation,
                    v.visitors.join("、")
                );
            }
            println!("共 {} 条", views.len());
            Ok(())
        }
        VisitCommand::Export { out, from, to } => {
            let cunwu_app::visits::VisitExport { rows: n, from, to } =
                cunwu_app::visits::export(&s, &out, from.as_deref(), to.as_deref())?;
            if ctx.json {
                return output::json(&serde_json::json!({ "path": out, "rows": n }));
            }
            println!(
                "已导出 {n} 条走访记录（{from} 至 {to}）到 {}",
                out.display()
            );
            Ok(())
        }
    }
}
