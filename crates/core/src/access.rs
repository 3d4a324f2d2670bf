//! Who may write what: the enrolled roles and scopes, and the one pure rule
//! that judges a change against the writer's scope and role. The hub runs
//! it on every pushed change (`cunwu_hub::rules`), and a laptop runs it on
//! what it is about to write (`Store::commit_local`), so both refuse the
//! same things with the same Chinese reason.
//!
//! Role rules (documented in the hub's README):
//! - `member` (工作队员): the register, visits, needs, meetings — every book
//!   except the co-op's money and the points and stock ([`Book::is_money`]).
//! - `clerk` (会计/出纳) and `leader` (队长): every book of their village.
//! - `township` (乡镇): read-only, except two facts for its own villages
//!   ([`township_may_write`]): a need forwarded from the 12345 hotline and
//!   a 督办 note on a need.
//!
//! Only entities declared in [`crate::entity_kind::KINDS`] are accepted, in
//! their declared shape (a record's changes are Sets, a fact's are Inserts).

use crate::change::{Change, COUNTER_LIMIT};
use crate::entity_kind::{kind_of, Book, Shape};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A device's role, decided by the enrollment code (documented in the hub's
/// README section): `member` writes the register and visits; `clerk` and
/// `leader` also the co-op's money and stock; `township` only reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 工作队员: register, visits, needs.
    Member,
    /// 合作社会计/出纳: everything a member does, plus money and stock.
    Clerk,
    /// 队长/第一书记: everything.
    Leader,
    /// 乡镇干部: reads all villages of the township, writes nothing.
    Township,
}

impl Role {
    /// Parse the command-line spelling.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "member" => Some(Role::Member),
            "clerk" => Some(Role::Clerk),
            "leader" => Some(Role::Leader),
            "township" => Some(Role::Township),
            _ => None,
        }
    }
    /// Command-line / storage spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Clerk => "clerk",
            Role::Leader => "leader",
            Role::Township => "township",
        }
    }
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Role::Member => "工作队员",
            Role::Clerk => "会计/出纳",
            Role::Leader => "队长",
            Role::Township => "乡镇",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a device may see: one village, or every village of a township.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Scope {
    /// One village.
    Village(String),
    /// All villages of a township.
    Township(String),
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Village(v) => write!(f, "村：{v}"),
            Scope::Township(t) => write!(f, "乡镇：{t}"),
        }
    }
}

/// Why `c` may not be written by a device of `scope` and `role`, in
/// Chinese; `None` when it may.
pub fn refusal(scope: &Scope, role: Role, c: &Change) -> Option<String> {
    if c.id.counter == 0 || c.id.counter >= COUNTER_LIMIT {
        return Some(format!(
            "变更 {} 的编号超出范围（应为 1 到 2^40−1），数据可能被改动。这条变更没有保存，已记录在服务器日志中",
            c.id
        ));
    }
    let Some(kind) = kind_of(&c.entity) else {
        return Some(format!(
            "变更 {} 的记录类型“{}”不是本系统认识的类型（可能是拼写不同或数据被改动），没有保存。请升级这台电脑的软件，或联系乡镇管理员核查",
            c.id,
            c.entity.escape_debug()
        ));
    };
    match (kind.shape, &c.field) {
        (Shape::Record, None) => {
            return Some(format!(
                "变更 {} 想把“{}”整条插入，但它只能逐项修改，没有保存。数据可能被改动，请联系乡镇管理员核查",
                c.id, kind.label
            ))
        }
        (Shape::Fact, Some(_)) => {
            return Some(format!(
                "变更 {} 想修改“{}”的某一项，但它写下后不能再改，只能另记一条更正，没有保存",
                c.id, kind.label
            ))
        }
        (Shape::Fact, None) if !c.supersedes.is_empty() => {
            return Some(format!(
                "变更 {} 是一条“{}”记录，却声称取代其他变更，没有保存。数据可能被改动，请联系乡镇管理员核查",
                c.id, kind.label
            ))
        }
        _ => {}
    }
    match (scope, role) {
        (Scope::Township(_), Role::Township) if township_may_write(c) => None,
        (_, Role::Township) | (Scope::Township(_), _) => Some(format!(
            "乡镇账号只能查看，不能修改（{}，变更 {}）。请在村里的电脑上修改",
            kind.label, c.id
        )),
        (Scope::Village(v), _) if &c.village != v => Some(format!(
            "这台电脑只属于“{v}”，不能写“{}”的数据（变更 {}）。这条变更没有保存，已记录在服务器日志中",
            c.village, c.id
        )),
        (Scope::Village(_), Role::Member) if kind.book.is_money() => Some(format!(
            "工作队员账号不能修改{}（{}，变更 {}）。请由会计或队长的电脑录入",
            kind.book.label(),
            kind.label,
            c.id
        )),
        _ => None,
    }
}

/// The two facts a township laptop may write, for one of its villages
/// (that the village is the township's is checked by the hub, which knows
/// the township's villages): a need forwarded from the 12345 hotline (a
/// `need` fact whose source is a 12345 工单, naming the village it is
/// stamped with) and a 督办 note (a `need_event` fact whose step is `urge`).
pub fn township_may_write(c: &Change) -> bool {
    use crate::change::entity;
    if c.field.is_some() {
        return false;
    }
    let v = &c.value;
    match c.entity.as_str() {
        entity::NEED => {
            v.pointer("/source/type").and_then(|t| t.as_str()) == Some("hotline")
                && v.get("village").and_then(|t| t.as_str()) == Some(c.village.as_str())
        }
        entity::NEED_EVENT => v.get("step").and_then(|t| t.as_str()) == Some("urge"),
        _ => false,
    }
}

/// True when a device of `role` may write entities of `book`.
pub fn may_write(role: Role, book: Book) -> bool {
    match role {
        Role::Township => false,
        Role::Member => !book.is_money(),
        Role::Clerk | Role::Leader => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::ChangeId;
    use crate::entity_kind::KINDS;

    fn change(village: &str, entity: &str, field: Option<&str>) -> Change {
        Change {
            id: ChangeId {
                device: "d".into(),
                counter: 1,
            },
            hlc: Default::default(),
            author: "a".into(),
            village: village.into(),
            entity: entity.into(),
            entity_id: "e".into(),
            field: field.map(str::to_string),
            value: serde_json::Value::Null,
            supersedes: vec![],
        }
    }

    #[test]
    fn check_rules() {
        let a = Scope::Village("东村".into());
        let t = Scope::Township("草沟镇".into());
        let f = Some("phone");
        let cases = [
            (&a, Role::Member, "东村", "household", f, true),
            (&a, Role::Member, "东村", "visit", None, true),
            (&a, Role::Member, "西村", "household", f, false),
            (&a, Role::Member, "东村", "ledger_fact", None, false),
            (&a, Role::Member, "东村", "lot_event", None, false),
            (
                &a,
                Role::Member,
                "东村",
                "ledger_settings",
                Some("org_name"),
                false,
            ),
            (&a, Role::Clerk, "东村", "ledger_fact", None, true),
            (
                &a,
                Role::Leader,
                "东村",
                "ledger_settings",
                Some("org_name"),
                true,
            ),
            (&a, Role::Clerk, "西村", "ledger_fact", None, false),
            (&t, Role::Township, "东村", "household", f, false),
            (&a, Role::Township, "东村", "household", f, false),
            // Undeclared entities, whatever the role.
            (&a, Role::Leader, "东村", "Ledger_settings", f, false),
            (&a, Role::Leader, "东村", "ledger-settings", f, false),
            (&a, Role::Leader, "东村", " ledger_settings", f, false),
            (&a, Role::Leader, "东村", "voucher", None, false),
            // A record written as a fact, a fact written as a record.
            (&a, Role::Leader, "东村", "household", None, false),
            (&a, Role::Leader, "东村", "visit", f, false),
        ];
        for (i, (scope, role, village, entity, field, ok)) in cases.into_iter().enumerate() {
            assert_eq!(
                refusal(scope, role, &change(village, entity, field)).is_none(),
                ok,
                "case {i}"
            );
        }
        // A counter the laptops' logs cannot hold is refused for anyone.
        for counter in [0, COUNTER_LIMIT, u64::MAX] {
            let mut c = change("东村", "household", f);
            c.id.counter = counter;
            let why = refusal(&a, Role::Leader, &c).unwrap_or_default();
            assert!(why.contains("超出范围"), "{counter}: {why}");
        }
    }

    /// A team member can write no money or points entity, whatever it is
    /// named: the rule reads the book from the table.
    #[test]
    fn a_team_member_writes_no_money_or_points_entity() {
        let a = Scope::Village("东村".into());
        for k in KINDS {
            let field = match k.shape {
                Shape::Record => Some("x"),
                Shape::Fact => None,
            };
            let c = change("东村", k.name, field);
            assert_eq!(
                refusal(&a, Role::Member, &c).is_none(),
                !k.book.is_money(),
                "{}",
                k.name
            );
            assert!(refusal(&a, Role::Clerk, &c).is_none(), "{}", k.name);
            assert_eq!(may_write(Role::Member, k.book), !k.book.is_money());
        }
    }
}
