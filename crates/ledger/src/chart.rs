//! The chart of accounts (会计科目表) as data: two templates shipped as
//! tab-separated files under `charts/` (the co-op chart of 财会〔2007〕15号
//! and the village collective chart of 财会〔2023〕14号), plus the
//! sub-accounts a co-op opens as it works (one per member under 114 and
//! 221, one per product under 121).

use crate::account::{Account, AccountCode, Detail, MemberNo, NewAccount, Role};
use crate::error::{LedgerError, Result};
pub use crate::template::ChartTemplate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A chart of accounts: accounts by code, in code order (every sub-account
/// right after its parent).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Chart {
    pub(crate) accounts: BTreeMap<AccountCode, Account>,
}

impl Chart {
    /// The chart of a shipped template.
    pub fn from_template(t: ChartTemplate) -> Result<Chart> {
        Chart::parse_tsv(t.data())
    }

    /// The account with this code.
    pub fn get(&self, code: &AccountCode) -> Option<&Account> {
        self.accounts.get(code)
    }

    /// The account with this code, or a Chinese error.
    pub fn require(&self, code: &AccountCode) -> Result<&Account> {
        self.get(code).ok_or_else(|| LedgerError::UnknownAccount {
            code: code.0.clone(),
        })
    }

    /// Every account, in code order.
    pub fn accounts(&self) -> impl Iterator<Item = &Account> {
        self.accounts.values()
    }

    /// The direct sub-accounts of `code`, in code order.
    pub fn children<'a>(&'a self, code: &'a AccountCode) -> impl Iterator<Item = &'a Account> + 'a {
        self.accounts
            .values()
            .filter(move |a| a.parent.as_ref() == Some(code))
    }

    /// `code` and its ancestors, from `code` up to the top-level account.
    pub fn path(&self, code: &AccountCode) -> Vec<AccountCode> {
        let mut out = Vec::new();
        let mut cur = self.get(code);
        while let Some(a) = cur {
            out.push(a.code.clone());
            cur = a.parent.as_ref().and_then(|p| self.get(p));
        }
        out
    }

    /// Depth in the tree: 1 for a top-level account.
    pub fn level(&self, code: &AccountCode) -> usize {
        self.path(code).len()
    }

    /// The top-level account `code` rolls up into.
    pub fn top(&self, code: &AccountCode) -> Option<&Account> {
        self.path(code).last().and_then(|c| self.get(c))
    }

    /// The account playing `role`, or an error naming the missing role.
    pub fn by_role(&self, role: Role) -> Result<&Account> {
        self.accounts
            .values()
            .find(|a| a.role == Some(role))
            .ok_or_else(|| {
                LedgerError::Chart(format!(
                    "本账套的科目表没有用作“{}”的科目，请在科目表中指定",
                    role.label()
                ))
            })
    }

    /// The per-member sub-account of the account playing `role`, as it is
    /// or as it should be opened: `(code, Some(new))` when it does not exist yet.
    pub fn member_account(
        &self,
        role: Role,
        member: &MemberNo,
        name: &str,
    ) -> Result<(AccountCode, Option<NewAccount>)> {
        let parent = self.by_role(role)?;
        if parent.detail != Detail::Member {
            return Err(LedgerError::Chart(format!(
                "科目“{} {}”不按成员设明细",
                parent.code, parent.name
            )));
        }
        let code = parent.code.member_child(member);
        if self.get(&code).is_some() {
            return Ok((code, None));
        }
        let label = if name.trim().is_empty() {
            member.0.clone()
        } else {
            name.trim().to_string()
        };
        let new = NewAccount {
            code: code.clone(),
            name: label,
            parent: parent.code.clone(),
            member: Some(member.clone()),
        };
        Ok((code, Some(new)))
    }

    /// The product sub-account named `name` under the account playing
    /// [`Role::Products`]: the existing one, or the next numbered code
    /// (`12101`, `12102`, …) to open.
    pub fn product_account(&self, name: &str) -> Result<(AccountCode, Option<NewAccount>)> {
        let name = name.trim();
        if name.is_empty() {
            return Err(LedgerError::invalid(
                "产品名称",
                "请填写产品名称，如 活羊、羊肉",
            ));
        }
        let parent = self.by_role(Role::Products)?;
        if let Some(a) = self.children(&parent.code).find(|a| a.name == name) {
            return Ok((a.code.clone(), None));
        }
        let next = self
            .children(&parent.code)
            .filter_map(|a| {
                a.code
                    .0
                    .strip_prefix(parent.code.as_str())
                    .and_then(|s| s.parse::<u32>().ok())
            })
            .max()
            .unwrap_or(0)
            + 1;
        if next > 99 {
            return Err(LedgerError::Chart(format!(
                "“{}”下的明细科目已满99个",
                parent.name
            )));
        }
        let code = AccountCode(format!("{}{:02}", parent.code, next));
        let new = NewAccount {
            code: code.clone(),
            name: name.to_string(),
            parent: parent.code.clone(),
            member: None,
        };
        Ok((code, Some(new)))
    }

    /// Add a sub-account. Adding one identical to an existing account is a
    /// no-op (`Ok(false)`), so the same fact from two devices merges. The
    /// caller ([`crate::Books`]) refuses it when the parent already has postings.
    pub fn add(&mut self, new: &NewAccount) -> Result<bool> {
        let parent = self.require(&new.parent)?.clone();
        if let Some(existing) = self.get(&new.code) {
            let same = existing.parent.as_ref() == Some(&new.parent)
                && existing.member == new.member
                && existing.name == new.name;
            return if same {
                Ok(false)
            } else {
                Err(LedgerError::Chart(format!(
                    "科目编号“{}”已被“{}”使用，不能再开设“{}”",
                    new.code, existing.name, new.name
                )))
            };
        }
        if !new.code.0.starts_with(parent.code.as_str()) || new.code == parent.code {
            return Err(LedgerError::Chart(format!(
                "明细科目编号“{}”应以上级科目编号“{}”开头",
                new.code, parent.code
            )));
        }
        if new.name.trim().is_empty() {
            return Err(LedgerError::invalid("科目名称", "请填写科目名称"));
        }
        if parent.closed {
            return Err(LedgerError::AccountClosed {
                code: parent.code.0,
                name: parent.name,
            });
        }
        if let Some(p) = self.accounts.get_mut(&new.parent) {
            p.leaf = false;
        }
        let account = Account {
            code: new.code.clone(),
            name: new.name.trim().to_string(),
            kind: parent.kind,
            side: parent.side,
            parent: Some(parent.code.clone()),
            detail: Detail::None,
            role: None,
            member: new.member.clone(),
            leaf: true,
            closed: false,
        };
        self.accounts.insert(account.code.clone(), account);
        Ok(true)
    }

    /// Undo [`Chart::add`] of a sub-account that has no postings (used to
    /// roll back a refused user action).
    pub(crate) fn remove_new(&mut self, code: &AccountCode) {
        if let Some(a) = self.accounts.remove(code) {
            if let Some(parent) = a.parent {
                let has_children = self
                    .accounts
                    .values()
                    .any(|c| c.parent.as_ref() == Some(&parent));
                if let Some(p) = self.accounts.get_mut(&parent) {
                    p.leaf = !has_children && p.detail == Detail::None;
                }
            }
        }
    }

    /// Mark an account closed (停用).
    pub(crate) fn set_closed(&mut self, code: &AccountCode) -> Result<()> {
        let a = self
            .accounts
            .get_mut(code)
            .ok_or_else(|| LedgerError::UnknownAccount {
                code: code.0.clone(),
            })?;
        a.closed = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_and_carry_roles() {
        for t in [ChartTemplate::Coop2008, ChartTemplate::Village2023] {
            let chart = Chart::from_template(t).expect("template parses");
            for role in [
                Role::Cash,
                Role::Bank,
                Role::MemberCurrent,
                Role::Products,
                Role::ProductionCost,
            ] {
                assert!(chart.by_role(role).is_ok(), "{t:?} lacks {role:?}");
            }
        }
        let coop = Chart::from_template(ChartTemplate::Coop2008).expect("coop");
        assert_eq!(
            coop.by_role(Role::SurplusDistribution)
                .map(|a| a.code.0.as_str()),
            Ok("332")
        );
        assert_eq!(
            coop.get(&"128".into()).map(|a| a.name.as_str()),
            Some("受托代销商品")
        );
        assert!(!coop.get(&"114".into()).map(|a| a.leaf).unwrap_or(true));
    }

    #[test]
    fn product_and_member_sub_accounts() {
        let mut chart = Chart::from_template(ChartTemplate::Coop2008).expect("coop");
        let (code, new) = chart.product_account("活羊").expect("plan");
        assert_eq!(code.0, "12101");
        chart.add(&new.expect("new")).expect("add");
        let (code, new) = chart.product_account("羊肉").expect("plan");
        assert_eq!(code.0, "12102");
        assert!(new.is_some());
        assert_eq!(
            chart.product_account("活羊").expect("again"),
            ("12101".into(), None)
        );
        let (code, new) = chart
            .member_account(Role::MemberCurrent, &MemberNo("H01".into()), "张三")
            .expect("m");
        assert_eq!(code.0, "114.H01");
        let new = new.expect("new");
        assert_eq!(chart.add(&new), Ok(true));
        assert_eq!(chart.add(&new), Ok(false));
        assert_eq!(chart.level(&code), 2);
        let clash = NewAccount {
            name: "李四".into(),
            ..new
        };
        assert!(chart.add(&clash).is_err());
    }

    #[test]
    fn bad_chart_lines_are_refused() {
        assert!(Chart::parse_tsv("101\t库存现金\t资产\t借\t-").is_err());
        assert!(Chart::parse_tsv("10x\t库存现金\t资产\t借\t-\t-").is_err());
        assert!(Chart::parse_tsv("101\t库存现金\t资产\t左\t-\t-").is_err());
        assert!(Chart::parse_tsv("# only a comment\n").is_err());
    }
}
