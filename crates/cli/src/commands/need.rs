//! `cunwu need …`: needs (诉求 / 微心愿) from recording to 销号, each a
//! thin layer over `cunwu_app::needs`.

use super::Ctx;
use crate::output::{self, pad};
use clap::{Args, Subcommand};
use cunwu_app::needs::{self, NeedForm, NeedPage, NeedQuery, StepForm};
use std::path::PathBuf;

/// `cunwu need …`.
#[derive(Subcommand)]
pub enum NeedCommand {
    /// 记录一条诉求（乡镇电脑转办 12345 工单时用 --village 和 --by）。
    Add(AddArgs),
    /// 列出诉求（可按状态、类型、分类、领办人、村民小组、逾期筛选）。
    List(FilterArgs),
    /// 查看一条诉求：办理经过和现在可以办理的步骤。
    Show {
        /// 查询码或编号。
        code: String,
        /// 显示完整电话。
        #[arg(long)]
        reveal: bool,
    },
    /// 登记（已收集 → 已登记）。
    Register(StepArgs),
    /// 发布，等待领办（已登记 → 已发布）。
    Publish(StepArgs),
    /// 领办，承诺办结时限（→ 已领办）。
    Claim {
        #[command(flatten)]
        step: StepArgs,
        /// 领办人姓名。
        #[arg(long)]
        owner: String,
        /// 承诺办结时限，如 2026-12-20。
        #[arg(long)]
        promised: String,
    },
    /// 记录进展（→ 落实中）。
    Progress(StepArgs),
    /// 标记已落实。
    Done(StepArgs),
    /// 回访反馈：满意、基本满意 或 不满意（不满意则重新落实）。
    Feedback {
        #[command(flatten)]
        step: StepArgs,
        /// 群众评价：满意、基本满意、不满意。
        #[arg(long, default_value = "")]
        result: String,
    },
    /// 销号（须先有回访反馈）。
    Close(StepArgs),
    /// 暂不具备条件：向群众解释，定复查日期（→ 已解释）。
    Explain {
        #[command(flatten)]
        step: StepArgs,
        /// 解释内容。
        #[arg(long)]
        explanation: String,
        /// 告知人。
        #[arg(long)]
        told_by: String,
        /// 告知日期（默认今天）。
        #[arg(long)]
        told_on: Option<String>,
        /// 复查日期。
        #[arg(long)]
        review_on: String,
    },
    /// 转办到其他单位（→ 已转办）。
    Transfer {
        #[command(flatten)]
        step: StepArgs,
        /// 接收单位。
        #[arg(long)]
        unit: String,
    },
    /// 与另一条诉求重复，合并过去（→ 已合并）。
    Merge {
        #[command(flatten)]
        step: StepArgs,
        /// 重复的那条诉求的查询码。
        #[arg(long)]
        into: String,
    },
    /// 不予受理，写明理由。
    Reject {
        #[command(flatten)]
        step: StepArgs,
        /// 理由。
        #[arg(long)]
        reason: String,
    },
    /// 重新办理（已解释的复查，或已落实后群众仍有问题）。
    Reopen(StepArgs),
    /// 督办（乡镇或队长催办，不改变状态）。
    Urge(StepArgs),
    /// 处理冲突：两台电脑分别办理了同一步，核实后记录结论。
    Settle(StepArgs),
    /// 按查询码查询办理进度（给群众回电话时用）。
    Track {
        /// 查询码，如 WZ-K7M-12-H。
        code: String,
    },
    /// 导出诉求台账到 .xlsx；--public 导出公示版（不含电话、身份证号、病情）。
    Export {
        /// 输出文件。
        #[arg(long)]
        out: PathBuf,
        /// 公示版。
        #[arg(long)]
        public: bool,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// 统计：受理、解决率、满意率、按时办结率、办结天数、重新办理（按月、类型、领办人）。
    Figures {
        /// 起始日期（默认今年1月1日）。
        #[arg(long)]
        from: Option<String>,
        /// 截止日期（默认今天）。
        #[arg(long)]
        to: Option<String>,
    },
    /// 党员领办微心愿情况（每名党员每年不少于1件）。
    Quota {
        /// 年份（默认今年）。
        #[arg(long)]
        year: Option<i32>,
    },
}

/// What a new need records.
#[derive(Args)]
pub struct AddArgs {
    /// 诉求内容。
    #[arg(long)]
    text: String,
    /// 分类：产业、就业、医疗、教育、住房、饮水、道路与设施、环境、矛盾纠纷、政策咨询、其他。
    #[arg(long)]
    category: String,
    /// 类型：个性、共性、历史遗留、暂不具备条件（默认个性）。
    #[arg(long, default_value = "")]
    kind: String,
    /// 来源：走访、来访、联席会议、12345、微心愿（默认来访）。
    #[arg(long, default_value = "")]
    source: String,
    /// 农户（户编号）。
    #[arg(long)]
    household: Option<String>,
    /// 村民小组（共性诉求）。
    #[arg(long)]
    group: Option<String>,
    /// 诉求人姓名。
    #[arg(long, default_value = "")]
    requester: String,
    /// 诉求人电话。
    #[arg(long, default_value = "")]
    phone: String,
    /// 12345 工单号。
    #[arg(long)]
    order_no: Option<String>,
    /// 走访记录编号（来源为走访时）。
    #[arg(long)]
    visit: Option<String>,
    /// 负责人。
    #[arg(long)]
    owner: Option<String>,
    /// 承诺办结时限。
    #[arg(long)]
    promised: Option<String>,
    /// 所属村（乡镇电脑转办时填写）。
    #[arg(long)]
    village: Option<String>,
    /// 登记人（乡镇电脑转办时填写）。
    #[arg(long)]
    by: Option<String>,
}

/// Filters of a list or an export.
#[derive(Args)]
pub struct FilterArgs {
    /// 状态，如 已登记、落实中、已销号。
    #[arg(long)]
    status: Option<String>,
    /// 类型。
    #[arg(long)]
    kind: Option<String>,
    /// 分类。
    #[arg(long)]
    category: Option<String>,
    /// 领办人。
    #[arg(long)]
    owner: Option<String>,
    /// 村民小组。
    #[arg(long)]
    group: Option<String>,
    /// 只看逾期的。
    #[arg(long)]
    overdue: bool,
    /// 只看这一户（户编号）。
    #[arg(long)]
    household: Option<String>,
    /// 来源。
    #[arg(long)]
    source: Option<String>,
    /// 最多列出几条（默认 200）。
    #[arg(long)]
    limit: Option<usize>,
}

impl FilterArgs {
    fn query(self, default_limit: Option<usize>) -> NeedQuery {
        NeedQuery {
            status: self.status,
            kind: self.kind,
            category: self.category,
            owner: self.owner,
            group_no: self.group,
            overdue: self.overdue,
            household: self.household,
            source: self.source,
            limit: self.limit.or(default_limit),
            offset: 0,
        }
    }
}

/// The need a step is taken on, and its note.
#[derive(Args)]
pub struct StepArgs {
    /// 查询码或编号。
    code: String,
    /// 备注（记录进展时必填）。
    #[arg(long, default_value = "")]
    note: String,
    /// 经办人（乡镇电脑填写；村里的电脑记在当前用户名下）。
    #[arg(long)]
    by: Option<String>,
}

impl StepArgs {
    fn form(self, step: &str) -> (String, StepForm) {
        (
            self.code,
            StepForm {
                step: step.into(),
                note: self.note,
                by: self.by,
                ..Default::default()
            },
        )
    }
}

/// Run `cunwu need …`.
pub fn run(ctx: &Ctx, c: NeedCommand) -> anyhow::Result<()> {
    let (code, form) = match c {
        NeedCommand::Add(a) => return add(ctx, a),
        NeedCommand::List(f) => return list(ctx, f),
        NeedCommand::Show { code, reveal } => {
            let s = ctx.open()?;
            return print_page(ctx, &needs::show(&s, &code, reveal)?);
        }
        NeedCommand::Track { code } => return track(ctx, &code),
        NeedCommand::Export {
            out,
            public,
            filter,
        } => {
            let s = ctx.open()?;
            let path = out.to_string_lossy().to_string();
            let n = needs::export(&s, &path, &filter.query(None), public)?;
            if ctx.json {
                return output::json(&serde_json::json!({ "path": path, "rows": n }));
            }
            println!(
                "已导出 {n} 条诉求到 {path}{}",
                if public { "（公示版）" } else { "" }
            );
            return Ok(());
        }
        NeedCommand::Figures { from, to } => return figures(ctx, from, to),
        NeedCommand::Quota { year } => return quota(ctx, year),
        NeedCommand::Register(s) => s.form("register"),
        NeedCommand::Publish(s) => s.form("publish"),
        NeedCommand::Progress(s) => s.form("progress"),
        NeedCommand::Done(s) => s.form("done"),
        NeedCommand::Close(s) => s.form("close"),
        NeedCommand::Reopen(s) => s.form("reopen"),
        NeedCommand::Urge(s) => s.form("urge"),
        NeedCommand::Settle(s) => s.form("settle"),
        NeedCommand::Claim {
            step,
            owner,
            promised,
        } => {
            let (c, f) = step.form("claim");
            (
                c,
                StepForm {
                    owner: Some(owner),
                    promised: Some(promised),
                    ..f
                },
            )
        }
        NeedCommand::Feedback { step, result } => {
            let (c, f) = step.form("feedback");
            (
                c,
                StepForm {
                    result: Some(result),
                    ..f
                },
            )
        }
        NeedCommand::Explain {
            step,
            explanation,
            told_by,
            told_on,
            review_on,
        } => {
            let (c, f) = step.form("explain");
            (
                c,
                StepForm {
                    explanation: Some(explanation),
                    told_by: Some(told_by),
                    told_on,
                    review_on: Some(review_on),
                    ..f
                },
            )
        }
        NeedCommand::Transfer { step, unit } => {
            let (c, f) = step.form("transfer");
            (
                c,
                StepForm {
                    unit: Some(unit),
                    ..f
                },
            )
        }
        NeedCommand::Merge { step, into } => {
            let (c, f) = step.form("merge");
            (
                c,
                StepForm {
                    into: Some(into),
                    ..f
                },
            )
        }
        NeedCommand::Reject { step, reason } => {
            let (c, f) = step.form("reject");
            (
                c,
                StepForm {
                    reason: Some(reason),
                    ..f
                },
            )
        }
    };
    let mut s = ctx.open()?;
    let page = needs::step(&mut s, &code, &form)?;
    print_page(ctx, &page)
}

fn add(ctx: &Ctx, a: AddArgs) -> anyhow::Result<()> {
    let mut s = ctx.open()?;
    let form = NeedForm {
        village: a.village,
        by: a.by,
        household: a.household,
        group_no: a.group,
        requester_name: a.requester,
        requester_phone: a.phone,
        text: a.text,
        category: a.category,
        kind: a.kind,
        source: a.source,
        visit_id: a.visit,
        order_no: a.order_no,
        owner: a.owner,
        promised: a.promised,
    };
    let page = needs::add(&mut s, &form)?;
    if ctx.json {
        return output::json(&page);
    }
    println!(
        "已记录诉求，查询码 {}（请写在回执上交给群众）",
        page.row.code
    );
    print_page(ctx, &page)
}

fn list(ctx: &Ctx, f: FilterArgs) -> anyhow::Result<()> {
    let s = ctx.open()?;
    let l = needs::list(&s, &f.query(Some(200)))?;
    if ctx.json {
        return output::json(&l);
    }
    let counts: Vec<String> = l
        .counts
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| format!("{} {}", c.status.label, c.count))
        .collect();
    println!(
        "{}；逾期 {}",
        if counts.is_empty() {
            "还没有诉求".to_string()
        } else {
            counts.join("，")
        },
        l.overdue
    );
    for r in &l.rows {
        println!(
            "{} {} {} {} {} {}{}",
            pad(&r.code, 14),
            r.created_on,
            pad(&r.status.label, 8),
            pad(r.owner.as_deref().unwrap_or("—"), 8),
            pad(&r.category, 10),
            r.text.chars().take(30).collect::<String>(),
            if r.overdue { "  【逾期】" } else { "" }
        );
    }
    Ok(())
}

fn print_page(ctx: &Ctx, p: &NeedPage) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(p);
    }
    let r = &p.row;
    println!("查询码：{}（{}）", r.code, r.village);
    println!(
        "状态：{}{}",
        r.status.label,
        if r.overdue { "【逾期】" } else { "" }
    );
    println!("诉求：{}", r.text);
    println!(
        "分类：{}；类型：{}；来源：{}",
        r.category, r.kind.label, p.source_label
    );
    println!(
        "诉求人：{} {}",
        if r.requester.is_empty() {
            "—"
        } else {
            &r.requester
        },
        p.requester_phone
    );
    if let Some(o) = &r.owner {
        println!(
            "领办人：{o}；承诺办结时限：{}",
            r.promised.as_deref().unwrap_or("—")
        );
    }
    println!("{} {} 收集", r.created_on, p.created_by);
    for t in &p.timeline {
        println!(
            "{} {}{}{}",
            t.date,
            t.text,
            if t.note.is_empty() {
                String::new()
            } else {
                format!("：{}", t.note)
            },
            if t.applied { "" } else { "（未生效）" }
        );
    }
    for c in &p.conflicts {
        println!("冲突：{}", c.text);
    }
    let steps: Vec<&str> = p.allowed_steps.iter().map(|c| c.label.as_str()).collect();
    println!("现在可以：{}", steps.join("、"));
    Ok(())
}

fn track(ctx: &Ctx, code: &str) -> anyhow::Result<()> {
    let s = ctx.open()?;
    let t = needs::track(&s, code)?;
    if ctx.json {
        return output::json(&t);
    }
    for n in &t {
        println!("查询码 {}（{}）：{}", n.code, n.village, n.text);
        println!(
            "现在：{}{}{}",
            n.status,
            n.owner
                .as_deref()
                .map(|o| format!("，由 {o} 办理"))
                .unwrap_or_default(),
            n.promised
                .as_deref()
                .map(|d| format!("，承诺 {d} 前办结"))
                .unwrap_or_default()
        );
        for step in &n.steps {
            println!("  {step}");
        }
    }
    Ok(())
}

fn figures(ctx: &Ctx, from: Option<String>, to: Option<String>) -> anyhow::Result<()> {
    let s = ctx.open()?;
    let f = needs::figures(&s, from.as_deref(), to.as_deref())?;
    if ctx.json {
        return output::json(&f);
    }
    let line = |r: &needs::FigureRowView| {
        println!(
            "{} 受理 {}，解决 {}，解决率 {}，满意率 {}，按时办结率 {}，办结天数中位数 {}，重新办理 {}，逾期 {}",
            pad(&r.label, 24),
            r.accepted,
            r.resolved,
            r.resolution_rate,
            r.satisfaction_rate,
            r.on_time_rate,
            r.median_days_to_close
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
            r.reopens,
            r.overdue
        )
    };
    line(&f.total);
    for (title, rows) in [
        ("按月", &f.by_month),
        ("按类型", &f.by_kind),
        ("按领办人", &f.by_owner),
    ] {
        println!("{title}：");
        rows.iter().for_each(line);
    }
    Ok(())
}

fn quota(ctx: &Ctx, year: Option<i32>) -> anyhow::Result<()> {
    let s = ctx.open()?;
    let q = needs::quota(&s, year)?;
    if ctx.json {
        return output::json(&q);
    }
    if q.is_empty() {
        println!("还没有登记党员（cunwu person add --name 姓名 --party-member）");
    }
    for l in &q {
        println!(
            "{} {} 领办微心愿 {} 件{}",
            pad(&l.name, 8),
            pad(&l.branch, 16),
            l.claimed,
            if l.met { "" } else { "【未完成】" }
        );
    }
    Ok(())
}
