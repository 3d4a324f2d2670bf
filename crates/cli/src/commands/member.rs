//! `cunwu member add|edit|list`.

use super::Ctx;
use crate::output::{self, pad};
use clap::Subcommand;
use cunwu_app::view::MemberView;
use cunwu_core::member::MemberField;
use cunwu_core::Error;
use std::collections::BTreeMap;

/// `cunwu member …`.
#[derive(Subcommand)]
pub enum MemberCommand {
    /// 给农户添加家庭成员。
    Add {
        /// 户编号。
        household: String,
        /// 姓名。
        #[arg(long)]
        name: String,
        /// 性别：男 / 女。
        #[arg(long)]
        sex: Option<String>,
        /// 身份证号。
        #[arg(long)]
        id_number: Option<String>,
        /// 与户主关系。
        #[arg(long)]
        relation: Option<String>,
        /// 健康状况。
        #[arg(long)]
        health: Option<String>,
        /// 在校情况。
        #[arg(long)]
        schooling: Option<String>,
        /// 务工情况。
        #[arg(long)]
        migrant_work: Option<String>,
        /// 医保参保情况。
        #[arg(long)]
        insurance: Option<String>,
    },
    /// 修改成员的一个字段：cunwu member edit 成员编号 字段 新值。
    Edit {
        /// 成员编号（cunwu member list 可查）。
        member: String,
        /// 字段（如 健康状况、务工情况、已迁出）。
        field: String,
        /// 新值。
        value: String,
    },
    /// 列出一户的家庭成员。
    List {
        /// 户编号。
        household: String,
        /// 显示身份证号和健康状况。
        #[arg(long)]
        reveal: bool,
    },
}

/// Run a member command.
pub fn run(ctx: &Ctx, c: MemberCommand) -> anyhow::Result<()> {
    let mut s = ctx.open_village()?;
    match c {
        MemberCommand::Add {
            household,
            name,
            sex,
            id_number,
            relation,
            health,
            schooling,
            migrant_work,
            insurance,
        } => {
            let mut v = BTreeMap::new();
            v.insert(MemberField::Name, name);
            for (f, val) in [
                (MemberField::Sex, sex),
                (MemberField::IdNumber, id_number),
                (MemberField::Relation, relation),
                (MemberField::Health, health),
                (MemberField::Schooling, schooling),
                (MemberField::MigrantWork, migrant_work),
                (MemberField::Insurance, insurance),
            ] {
                if let Some(val) = val {
                    v.insert(f, val);
                }
            }
            let m = s.add_member(&household, &v)?;
            if ctx.json {
                return output::json(&MemberView::new(&m, false));
            }
            println!(
                "已添加家庭成员 {}（编号 {}）",
                m.get(MemberField::Name),
                m.id
            );
        }
        MemberCommand::Edit {
            member,
            field,
            value,
        } => {
            let f = MemberField::parse(&field).ok_or_else(|| {
                let names: Vec<&str> = MemberField::ALL.iter().map(|f| f.label()).collect();
                Error::invalid(
                    "字段",
                    format!("没有“{field}”这个字段，可改的字段有：{}", names.join("、")),
                )
            })?;
            let m = s.edit_member(&member, f, &value)?;
            if ctx.json {
                return output::json(&MemberView::new(&m, false));
            }
            println!("已修改 {} 的{}", m.get(MemberField::Name), f.label());
        }
        MemberCommand::List { household, reveal } => {
            let h = s.find_household(&household)?;
            let members: Vec<MemberView> = s
                .members_of(&h.id)?
                .iter()
                .map(|m| MemberView::new(m, reveal))
                .collect();
            if ctx.json {
                return output::json(&members);
            }
            for m in &members {
                let get = |k: &str| m.fields.get(k).cloned().unwrap_or_default();
                println!(
                    "{}{}{}{}{}",
                    pad(&m.id, 16),
                    pad(&get("name"), 8),
                    pad(&get("relation"), 6),
                    pad(&get("sex"), 3),
                    get("id_number")
                );
            }
            println!("共 {} 人", members.len());
        }
    }
    Ok(())
}
