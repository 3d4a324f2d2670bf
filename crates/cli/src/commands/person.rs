//! `cunwu person add|list|edit`: 工作队员, 村两委 members and 党员, the
//! people who claim needs, over `cunwu_app::people`.

use super::Ctx;
use crate::output::{self, pad};
use clap::Subcommand;
use cunwu_app::people::{self, PersonForm, PersonView};

/// `cunwu person …`.
#[derive(Subcommand)]
pub enum PersonCommand {
    /// 添加人员。
    Add {
        /// 姓名。
        #[arg(long)]
        name: String,
        /// 角色：工作队员、村两委、党员……
        #[arg(long, default_value = "")]
        role: String,
        /// 党支部。
        #[arg(long, default_value = "")]
        branch: String,
        /// 电话。
        #[arg(long, default_value = "")]
        phone: String,
        /// 是党员。
        #[arg(long)]
        party_member: bool,
    },
    /// 列出人员。
    List {
        /// 显示完整电话。
        #[arg(long)]
        reveal: bool,
    },
    /// 修改一项：姓名、角色、党支部、电话、党员（是/否）。
    Edit {
        /// 编号或姓名。
        person: String,
        /// 字段。
        field: String,
        /// 新值。
        value: String,
    },
}

fn print(ctx: &Ctx, p: &PersonView) -> anyhow::Result<()> {
    if ctx.json {
        return output::json(p);
    }
    println!(
        "{} {} {} {} {}{}",
        pad(&p.id, 14),
        pad(&p.name, 8),
        pad(&p.role, 10),
        pad(&p.branch, 16),
        p.phone,
        if p.party_member { "  党员" } else { "" }
    );
    Ok(())
}

/// Run `cunwu person …`.
pub fn run(ctx: &Ctx, c: PersonCommand) -> anyhow::Result<()> {
    match c {
        PersonCommand::Add {
            name,
            role,
            branch,
            phone,
            party_member,
        } => {
            let mut s = ctx.open_village()?;
            let p = people::add(
                &mut s,
                &PersonForm {
                    name,
                    role,
                    branch,
                    phone,
                    party_member,
                },
            )?;
            print(ctx, &p)
        }
        PersonCommand::List { reveal } => {
            let s = ctx.open()?;
            let all = people::list(&s, reveal)?;
            if ctx.json {
                return output::json(&all);
            }
            if all.is_empty() {
                println!("还没有人员（cunwu person add --name 姓名）");
            }
            all.iter().try_for_each(|p| print(ctx, p))
        }
        PersonCommand::Edit {
            person,
            field,
            value,
        } => {
            let mut s = ctx.open_village()?;
            let p = people::edit(&mut s, &person, &field, &value)?;
            print(ctx, &p)
        }
    }
}
