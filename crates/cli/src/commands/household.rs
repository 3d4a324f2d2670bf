//! `cunwu household add|edit|show|list|search|import|export`.

use super::Ctx;
use crate::output::{self, pad};
use clap::{Args, Subcommand};
use cunwu_app::view::{household_page, HouseholdRow};
use cunwu_core::household::HouseholdField;
use cunwu_core::Error;
use cunwu_store::HouseholdFilter;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// `cunwu household …`.
#[derive(Subcommand)]
pub enum HouseholdCommand {
    /// 新增农户。
    Add(Box<AddArgs>),
    /// 修改农户的一个字段：cunwu household edit 户编号 字段 新值（字段可写中文，如 联系电话）。
    Edit {
        /// 户编号。
        household: String,
        /// 字段（如 联系电话、户属性、监测类型）。
        field: String,
        /// 新值（留空表示清除）。
        value: String,
    },
    /// 查看一户：基本信息、家庭成员、走访记录。
    Show {
        /// 户编号。
        household: String,
        /// 显示身份证号、电话、银行账号等敏感信息（默认打码）。
        #[arg(long)]
        reveal: bool,
    },
    /// 列出农户。
    List(FilterArgs),
    /// 查找农户：中文姓名、拼音首字母（jjl）、全拼（jinjialong）或户编号。
    Search {
        /// 查询内容。
        query: String,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// 从 .xlsx 或 .csv 导入农户台账（按户编号匹配，重复导入不会重复写入）。
    Import {
        /// 台账文件。
        file: PathBuf,
        /// 只检查并报告，不写入。
        #[arg(long)]
        dry_run: bool,
    },
    /// 导出农户台账到 .xlsx 或 .csv。
    Export {
        /// 输出文件（.xlsx 或 .csv）。
        #[arg(long)]
        out: PathBuf,
        /// 公示版：不含身份证号、电话、银行账号、健康状况。
        #[arg(long)]
        public: bool,
    },
}

/// Field values of a new household.
#[derive(Args)]
pub struct AddArgs {
    /// 户编号（必填）。
    #[arg(long)]
    code: String,
    /// 户主姓名（必填）。
    #[arg(long)]
    name: String,
    /// 村民小组（必填），如 3。
    #[arg(long)]
    group: String,
    /// 住址。
    #[arg(long)]
    address: Option<String>,
    /// 联系电话（11位手机号）。
    #[arg(long)]
    phone: Option<String>,
    /// 户主身份证号（18位）。
    #[arg(long)]
    id_number: Option<String>,
    /// 户属性：一般户、低保户、五保户、脱贫户。
    #[arg(long)]
    category: Option<String>,
    /// 监测类型：脱贫不稳定户、边缘易致贫户、突发严重困难户。
    #[arg(long)]
    monitoring: Option<String>,
    /// 致贫原因，多个用顿号分隔。
    #[arg(long)]
    causes: Option<String>,
    /// 帮扶责任人。
    #[arg(long)]
    cadre: Option<String>,
    /// 开户行。
    #[arg(long)]
    bank_name: Option<String>,
    /// 银行账号。
    #[arg(long)]
    bank_account: Option<String>,
    /// 备注。
    #[arg(long)]
    notes: Option<String>,
}

/// List filters.
#[derive(Args, Default)]
pub struct FilterArgs {
    /// 村民小组。
    #[arg(long)]
    group: Option<u32>,
    /// 户属性。
    #[arg(long)]
    category: Option<String>,
    /// 监测类型（any 表示所有监测户）。
    #[arg(long)]
    monitoring: Option<String>,
    /// 只列出 N 天内没有走访过的农户。
    #[arg(long, value_name = "N")]
    not_visited: Option<u32>,
    /// 最多列出多少户。
    #[arg(long)]
    limit: Option<u32>,
}

impl FilterArgs {
    fn into_filter(self, query: Option<String>) -> HouseholdFilter {
        HouseholdFilter {
            query,
            group: self.group,
            category: self.category,
            monitoring: self.monitoring,
            not_visited_days: self.not_visited,
            limit: self.limit,
        }
    }
}

/// Run a household command.
pub fn run(ctx: &Ctx, c: HouseholdCommand) -> anyhow::Result<()> {
    match c {
        HouseholdCommand::Add(a) => add(ctx, *a),
        HouseholdCommand::Edit {
            household,
            field,
            value,
        } => {
            let mut s = ctx.open_village()?;
            let f = HouseholdField::parse(&field).ok_or_else(|| {
                let names: Vec<&str> = HouseholdField::ALL.iter().map(|f| f.label()).collect();
                Error::invalid(
                    "字段",
                    format!("没有“{field}”这个字段，可改的字段有：{}", names.join("、")),
                )
            })?;
            let id = s.find_household(&household)?.id;
            let h = s.edit_household(&id, f, &value)?;
            if ctx.json {
                return output::json(&cunwu_app::view::HouseholdView::new(&h, false));
            }
            println!(
                "已修改 {} {} 的{}：{}",
                h.get(HouseholdField::Code),
                h.get(HouseholdField::HeadName),
                f.label(),
                f.masked(h.get(f))
            );
            Ok(())
        }
        HouseholdCommand::Show { household, reveal } => show(ctx, &household, reveal),
        HouseholdCommand::List(f) => list(ctx, f.into_filter(None)),
        HouseholdCommand::Search { query, filter } => list(ctx, filter.into_filter(Some(query))),
        HouseholdCommand::Import { file, dry_run } => import(ctx, &file, dry_run),
        HouseholdCommand::Export { out, public } => {
            let s = ctx.open_village()?;
            let n = cunwu_app::register_io::export_households(&s, &out, public)?;
            if ctx.json {
                return output::json(&serde_json::json!({ "path": out, "rows": n }));
            }
            println!(
                "已导出 {n} 户到 {}{}",
                out.display(),
                if public {
                    "（公示版，不含敏感信息）"
                } else {
                    ""
                }
            );
            Ok(())
        }
    }
}

fn add(ctx: &Ctx, a: AddArgs) -> anyhow::Result<()> {
    use HouseholdField as F;
    let mut v = BTreeMap::new();
    v.insert(F::Code, a.code);
    v.insert(F::HeadName, a.name);
    v.insert(F::GroupNo, a.group);
    for (f, val) in [
        (F::Address, a.address),
        (F::Phone, a.phone),
        (F::HeadIdNumber, a.id_number),
        (F::Category, a.category),
        (F::Monitoring, a.monitoring),
        (F::PovertyCauses, a.causes),
        (F::Cadre, a.cadre),
        (F::BankName, a.bank_name),
        (F::BankAccount, a.bank_account),
        (F::Notes, a.notes),
    ] {
        if let Some(val) = val {
            v.insert(f, val);
        }
    }
    let mut s = ctx.open_village()?;
    let h = s.add_household(&v)?;
    if ctx.json {
        return output::json(&cunwu_app::view::HouseholdView::new(&h, false));
    }
    println!(
        "已新增农户 {} {}（第{}组）",
        h.get(F::Code),
        h.get(F::HeadName),
        h.get(F::GroupNo)
    );
    Ok(())
}

fn show(ctx: &Ctx, key: &str, reveal: bool) -> anyhow::Result<()> {
    let s = ctx.open_village()?;
    let page = household_page(&s, key, reveal)?;
    if ctx.json {
        return output::json(&page);
    }
    for f in HouseholdField::ALL {
        if let Some(v) = page.household.fields.get(f.key()) {
            println!("{}{v}", pad(f.label(), 12));
        }
    }
    if page.household.conflicts > 0 {
        println!(
            "注意：有 {} 个字段存在冲突，请用 cunwu conflicts list 查看处理",
            page.household.conflicts
        );
    }
    println!("\n家庭成员（{}人）", page.members.len());
    for m in &page.members {
        let get = |k: &str| m.fields.get(k).cloned().unwrap_or_default();
        println!(
            "  {} {} {} {}",
            pad(&get("name"), 8),
            pad(&get("relation"), 6),
            pad(&get("sex"), 3),
            get("id_number")
        );
    }
    println!("\n走访记录（{}次）", page.visits.len());
    for v in &page.visits {
        let tag = if v.amends.is_some() {
            "  ↳ 更正"
        } else {
            ""
        };
        println!(
            "  {} [{}] {}{tag}  走访人：{}",
            v.date,
            v.id,
            v.situation,
            v.visitors.join("、")
        );
        if !v.needs.is_empty() {
            println!("      诉求：{}", v.needs);
        }
    }
    Ok(())
}

fn list(ctx: &Ctx, filter: HouseholdFilter) -> anyhow::Result<()> {
    let s = ctx.open_village()?;
    let rows: Vec<HouseholdRow> = s
        .list_households(&filter)?
        .iter()
        .map(HouseholdRow::from)
        .collect();
    if ctx.json {
        return output::json(&rows);
    }
    println!(
        "{}{}{}{}{}最近走访",
        pad("户编号", 10),
        pad("户主", 10),
        pad("组", 4),
        pad("户属性", 8),
        pad("监测类型", 16),
    );
    for r in &rows {
        println!(
            "{}{}{}{}{}{}",
            pad(&r.code, 10),
            pad(&r.head_name, 10),
            pad(&r.group_no.to_string(), 4),
            pad(&r.category, 8),
            pad(&r.monitoring, 16),
            r.last_visit.as_deref().unwrap_or("从未走访")
        );
    }
    println!("共 {} 户", rows.len());
    Ok(())
}

fn import(ctx: &Ctx, file: &std::path::Path, dry_run: bool) -> anyhow::Result<()> {
    let mut s = ctx.open_village()?;
    let report = cunwu_app::register_io::import_households(&mut s, file, dry_run)?;
    if ctx.json {
        return output::json(&report);
    }
    let verb = if dry_run {
        "检查完毕（未写入）"
    } else {
        "导入完毕"
    };
    println!(
        "{verb}：共 {} 行，新增 {} 户，更新 {} 户，未变 {} 户，有问题 {} 行",
        report.total_rows, report.imported, report.updated, report.unchanged, report.problem_rows
    );
    for w in &report.warnings {
        println!("提示：{w}");
    }
    for p in &report.problems {
        println!("  第{}行 [{}] “{}”：{}", p.row, p.column, p.value, p.reason);
    }
    Ok(())
}
