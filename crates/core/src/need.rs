//! Needs (诉求 / 微心愿) as tracked work orders: what a villager asked for,
//! and every step from 已收集 to 已销号 as an append-only event.
//!
//! - A [`Need`] is a fact written once (who asked, what, kind, source).
//! - Each step is a [`NeedEvent`] fact naming the need and the events its
//!   author had seen (`after`), so concurrent steps are detectable.
//! - The status is [`fold`]: the events in `(hlc, change id)` order, each
//!   applied when [`Step::allowed_from`] the status so far (otherwise kept
//!   in the timeline as 未生效). Duplicates count once, so every replica
//!   folds the same set to the same status whatever order it arrived in.
//! - Two decisive steps neither of whose authors had seen the other (two
//!   claims made offline; a close and a reopen) are a [`NeedConflict`]:
//!   both events stay, and the conflict stays open until someone records
//!   a step that has seen both (e.g. [`Step::Settle`]).

use crate::change::ChangeId;
use crate::hlc::Hlc;
use crate::{Error, Result};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// 诉求分类, kept as data (a village may extend the list in a later version).
pub const CATEGORIES: [&str; 11] = [
    "产业",
    "就业",
    "医疗",
    "教育",
    "住房",
    "饮水",
    "道路与设施",
    "环境",
    "矛盾纠纷",
    "政策咨询",
    "其他",
];

/// 诉求类型, which decides its routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 个性问题: claimed by a party member or cadre with a promised date.
    Individual,
    /// 共性问题: taken on by the 村两委 / team.
    Common,
    /// 历史遗留 / 老大难: led by a leadership member, escalation recorded.
    Legacy,
    /// 暂不具备条件: explained and kept in the 待办档案 with a review date.
    NotYet,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 4] = [Kind::Individual, Kind::Common, Kind::Legacy, Kind::NotYet];

    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Individual => "个性",
            Kind::Common => "共性",
            Kind::Legacy => "历史遗留",
            Kind::NotYet => "暂不具备条件",
        }
    }

    /// Parse a label or key (`个性`, `individual`, …).
    pub fn parse(text: &str) -> Result<Kind> {
        let t = text.trim();
        Kind::ALL
            .into_iter()
            .find(|k| {
                k.label() == t
                    || t == format!("{}问题", k.label())
                    || serde_json::to_value(k)
                        .ok()
                        .and_then(|v| v.as_str().map(|s| s == t))
                        == Some(true)
            })
            .or(match t {
                "老大难" => Some(Kind::Legacy),
                _ => None,
            })
            .ok_or_else(|| {
                Error::invalid(
                    "诉求类型",
                    format!("“{t}”不是诉求类型，请填 个性、共性、历史遗留 或 暂不具备条件"),
                )
            })
    }
}

/// Where a need came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Source {
    /// 走访: raised during a visit (linked both ways).
    Visit {
        /// The visit's id.
        visit_id: String,
    },
    /// 来访: the villager came in.
    WalkIn,
    /// 联席会议.
    JointMeeting,
    /// 12345 工单 forwarded by the township.
    Hotline {
        /// 工单号.
        order_no: String,
    },
    /// 微心愿.
    MicroWish,
}

impl Source {
    /// Chinese label (with the 工单号 of a 12345 order).
    pub fn label(&self) -> String {
        match self {
            Source::Visit { .. } => "走访".into(),
            Source::WalkIn => "来访".into(),
            Source::JointMeeting => "联席会议".into(),
            Source::Hotline { order_no } => format!("12345 工单 {order_no}"),
            Source::MicroWish => "微心愿".into(),
        }
    }

    /// Short key for filters and the index table.
    pub fn key(&self) -> &'static str {
        match self {
            Source::Visit { .. } => "visit",
            Source::WalkIn => "walk_in",
            Source::JointMeeting => "joint_meeting",
            Source::Hotline { .. } => "hotline",
            Source::MicroWish => "micro_wish",
        }
    }
}

/// Whom the need concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Target {
    /// One household (entity id).
    Household {
        /// Household entity id.
        household_id: String,
    },
    /// A 村民小组.
    Group {
        /// 组号.
        group_no: String,
    },
    /// The whole village.
    Village,
}

/// A need as first recorded; never edited (its life is in its events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    /// Entity id.
    pub id: String,
    /// Tracking code ([`tracking_code`]).
    pub code: String,
    /// Village the need belongs to.
    pub village: String,
    /// Household, 村民小组 or whole village.
    pub target: Target,
    /// 诉求人姓名.
    pub requester_name: String,
    /// 诉求人电话 (sensitive: never in a 公示 export).
    #[serde(default)]
    pub requester_phone: String,
    /// What was asked.
    pub text: String,
    /// One of [`CATEGORIES`].
    pub category: String,
    /// 个性 / 共性 / 历史遗留 / 暂不具备条件.
    pub kind: Kind,
    /// Where it came from.
    pub source: Source,
    /// Owner named when it was recorded (a claim replaces it).
    #[serde(default)]
    pub owner: Option<String>,
    /// 承诺办结时限 named when it was recorded.
    #[serde(default)]
    pub promised: Option<NaiveDate>,
    /// Date it was recorded (China local date).
    pub created_on: NaiveDate,
    /// Who recorded it.
    pub created_by: String,
}

/// What a person enters for a new need.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NeedInput {
    /// Household, group or village; `None` = the whole village.
    pub target: Option<Target>,
    /// 诉求人.
    pub requester_name: String,
    /// 诉求人电话 (optional).
    pub requester_phone: String,
    /// What was asked.
    pub text: String,
    /// Category.
    pub category: String,
    /// Kind; 个性 when `None`.
    pub kind: Option<Kind>,
    /// Source; 来访 when `None`.
    pub source: Option<Source>,
    /// Owner.
    pub owner: Option<String>,
    /// 承诺办结时限.
    pub promised: Option<NaiveDate>,
}

impl NeedInput {
    /// Check against `today`: something asked, a known category, a
    /// promised date not in the past, a 工单号 for a 12345 order.
    pub fn validate(&self, today: NaiveDate) -> Result<()> {
        if self.text.trim().is_empty() {
            return Err(Error::invalid("诉求内容", "请写下群众提出的诉求"));
        }
        if self.text.chars().count() > 2000 {
            return Err(Error::invalid("诉求内容", "不超过 2000 字，请精简"));
        }
        check_category(&self.category)?;
        if let Some(d) = self.promised {
            check_promised(d, today)?;
        }
        if !self.requester_phone.trim().is_empty() {
            crate::phone::validate(&self.requester_phone)?;
        }
        match &self.source {
            Some(Source::Hotline { order_no }) if order_no.trim().is_empty() => {
                return Err(Error::invalid("工单号", "12345 工单请填写工单号"))
            }
            Some(Source::Visit { visit_id }) if visit_id.trim().is_empty() => {
                return Err(Error::invalid("走访记录", "来自走访的诉求要关联走访记录"))
            }
            _ => {}
        }
        if let Some(Target::Group { group_no }) = &self.target {
            if group_no.trim().is_empty() {
                return Err(Error::invalid("村民小组", "请填写组号"));
            }
        }
        Ok(())
    }
}

/// A category must be one of [`CATEGORIES`].
pub fn check_category(c: &str) -> Result<()> {
    if CATEGORIES.contains(&c.trim()) {
        Ok(())
    } else {
        Err(Error::invalid(
            "诉求分类",
            format!(
                "“{}”不是诉求分类，请从以下选择：{}",
                c.trim(),
                CATEGORIES.join("、")
            ),
        ))
    }
}

/// A promised date may not be before today.
pub fn check_promised(d: NaiveDate, today: NaiveDate) -> Result<()> {
    if d < today {
        return Err(Error::invalid(
            "承诺办结时限",
            format!("{d} 已经过去（今天是 {today}），请填写今天或以后的日期"),
        ));
    }
    Ok(())
}

/// 群众评价.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    /// 满意.
    Satisfied,
    /// 基本满意.
    Basic,
    /// 不满意: the need returns to 落实中 and counts a reopen.
    Unsatisfied,
}

impl Satisfaction {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "满意",
            Satisfaction::Basic => "基本满意",
            Satisfaction::Unsatisfied => "不满意",
        }
    }
    /// Parse a label or key.
    pub fn parse(t: &str) -> Result<Satisfaction> {
        match t.trim() {
            "满意" | "satisfied" => Ok(Satisfaction::Satisfied),
            "基本满意" | "basic" => Ok(Satisfaction::Basic),
            "不满意" | "unsatisfied" => Ok(Satisfaction::Unsatisfied),
            "" => Err(Error::invalid(
                "反馈结果",
                "请填写群众评价：满意、基本满意 或 不满意",
            )),
            other => Err(Error::invalid(
                "反馈结果",
                format!("“{other}”不是评价结果，请填 满意、基本满意 或 不满意"),
            )),
        }
    }
}

/// One step of a need's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// 登记: 已收集 → 已登记.
    Register,
    /// 发布 (for claiming): 已登记 → 已发布.
    Publish,
    /// 领办 with a promised date: 已登记/已发布 → 已领办.
    Claim {
        /// Who claims it.
        owner: String,
        /// The person record's id, when known.
        #[serde(default)]
        owner_id: Option<String>,
        /// 承诺办结时限.
        promised: NaiveDate,
    },
    /// 进展: 已领办/落实中 → 落实中.
    Progress,
    /// 已落实: 已领办/落实中 → 已落实.
    Done,
    /// 回访反馈: 已落实 → 已反馈 (不满意 → 落实中, a reopen).
    Feedback {
        /// 群众评价.
        result: Satisfaction,
    },
    /// 销号: 已反馈 → 已销号 (so a feedback record exists).
    Close,
    /// 解释 (暂不具备条件): → 已解释.
    Explain {
        /// 解释内容.
        explanation: String,
        /// 告知人.
        told_by: String,
        /// 告知日期.
        told_on: NaiveDate,
        /// 复查日期.
        review_on: NaiveDate,
    },
    /// 转办 to a unit: → 已转办.
    Transfer {
        /// 接收单位.
        unit: String,
    },
    /// 合并 into another need: → 已合并.
    Merge {
        /// The need it duplicates (entity id).
        into: String,
        /// That need's tracking code.
        #[serde(default)]
        into_code: String,
    },
    /// 不予受理 with a reason.
    Reject {
        /// 理由.
        reason: String,
    },
    /// 重新办理: 已解释 → 已登记 (复查); 已落实/已反馈/已销号 → 落实中 (a reopen).
    Reopen,
    /// 督办 (the township's urging note); no change of status.
    Urge,
    /// 处理冲突: a person has seen the concurrent steps and decided; a note.
    Settle,
}

/// The statuses of [`fold`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 已收集.
    Collected,
    /// 已登记.
    Registered,
    /// 已发布.
    Published,
    /// 已领办.
    Claimed,
    /// 落实中.
    InProgress,
    /// 已落实.
    Done,
    /// 已反馈.
    FedBack,
    /// 已销号.
    Closed,
    /// 已解释.
    Explained,
    /// 已转办.
    Transferred,
    /// 已合并.
    Merged,
    /// 不予受理.
    Rejected,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 12] = [
        Status::Collected,
        Status::Registered,
        Status::Published,
        Status::Claimed,
        Status::InProgress,
        Status::Done,
        Status::FedBack,
        Status::Closed,
        Status::Explained,
        Status::Transferred,
        Status::Merged,
        Status::Rejected,
    ];

    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Collected => "已收集",
            Status::Registered => "已登记",
            Status::Published => "已发布",
            Status::Claimed => "已领办",
            Status::InProgress => "落实中",
            Status::Done => "已落实",
            Status::FedBack => "已反馈",
            Status::Closed => "已销号",
            Status::Explained => "已解释",
            Status::Transferred => "已转办",
            Status::Merged => "已合并",
            Status::Rejected => "不予受理",
        }
    }

    /// Stable key (the index table's column).
    pub fn key(self) -> &'static str {
        match self {
            Status::Collected => "collected",
            Status::Registered => "registered",
            Status::Published => "published",
            Status::Claimed => "claimed",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::FedBack => "fed_back",
            Status::Closed => "closed",
            Status::Explained => "explained",
            Status::Transferred => "transferred",
            Status::Merged => "merged",
            Status::Rejected => "rejected",
        }
    }

    /// Parse a label or key.
    pub fn parse(t: &str) -> Result<Status> {
        let t = t.trim();
        Status::ALL
            .into_iter()
            .find(|s| s.label() == t || s.key() == t)
            .ok_or_else(|| {
                Error::invalid(
                    "状态",
                    format!(
                        "“{t}”不是诉求状态，请从以下选择：{}",
                        Status::ALL.map(|s| s.label()).join("、")
                    ),
                )
            })
    }

    /// Resolved: 已落实, 已反馈 or 已销号.
    pub fn is_resolved(self) -> bool {
        matches!(self, Status::Done | Status::FedBack | Status::Closed)
    }

    /// Still open for work (counted as overdue when its promised date passed).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Collected
                | Status::Registered
                | Status::Published
                | Status::Claimed
                | Status::InProgress
        )
    }
}

impl Step {
    /// Chinese verb for messages and the timeline.
    pub fn label(&self) -> &'static str {
        match self {
            Step::Register => "登记",
            Step::Publish => "发布",
            Step::Claim { .. } => "领办",
            Step::Progress => "记录进展",
            Step::Done => "标记已落实",
            Step::Feedback { .. } => "回访反馈",
            Step::Close => "销号",
            Step::Explain { .. } => "解释",
            Step::Transfer { .. } => "转办",
            Step::Merge { .. } => "合并",
            Step::Reject { .. } => "不予受理",
            Step::Reopen => "重新办理",
            Step::Urge => "督办",
            Step::Settle => "处理冲突",
        }
    }

    /// Notes change no status and never conflict (progress is a note once
    /// the need is 落实中).
    pub fn is_note(&self) -> bool {
        matches!(self, Step::Urge | Step::Settle | Step::Progress)
    }

    /// The status after this step from `from`, or `None` when the step is
    /// not allowed from there.
    pub fn next(&self, from: Status) -> Option<Status> {
        use Status as S;
        match (self, from) {
            (Step::Register, S::Collected) => Some(S::Registered),
            (Step::Publish, S::Registered) => Some(S::Published),
            (Step::Claim { .. }, S::Registered | S::Published) => Some(S::Claimed),
            (Step::Progress, S::Claimed | S::InProgress) => Some(S::InProgress),
            (Step::Done, S::Claimed | S::InProgress) => Some(S::Done),
            (Step::Feedback { result }, S::Done) => Some(if *result == Satisfaction::Unsatisfied {
                S::InProgress
            } else {
                S::FedBack
            }),
            (Step::Close, S::FedBack) => Some(S::Closed),
            (Step::Explain { .. }, S::Collected | S::Registered | S::Published) => {
                Some(S::Explained)
            }
            (Step::Transfer { .. }, S::Registered | S::Published | S::Claimed | S::InProgress) => {
                Some(S::Transferred)
            }
            (Step::Merge { .. }, S::Collected | S::Registered | S::Published) => Some(S::Merged),
            (Step::Reject { .. }, S::Collected | S::Registered) => Some(S::Rejected),
            (Step::Reopen, S::Explained) => Some(S::Registered),
            (Step::Reopen, S::Done | S::FedBack | S::Closed) => Some(S::InProgress),
            (Step::Urge | Step::Settle, s) => Some(s),
            _ => None,
        }
    }

    /// Whether this step counts a reopen when taken from `from`.
    pub fn reopens(&self, from: Status) -> bool {
        match self {
            Step::Feedback { result } => {
                *result == Satisfaction::Unsatisfied && from == Status::Done
            }
            Step::Reopen => matches!(from, Status::Done | Status::FedBack | Status::Closed),
            _ => false,
        }
    }

    /// Check this step's own fields against `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<()> {
        match self {
            Step::Claim {
                owner, promised, ..
            } => {
                if owner.trim().is_empty() {
                    return Err(Error::invalid("领办人", "请填写领办人的姓名"));
                }
                check_promised(*promised, today)
            }
            Step::Explain {
                explanation,
                told_by,
                told_on,
                review_on,
            } => {
                if explanation.trim().is_empty() {
                    return Err(Error::invalid("解释内容", "请写下向群众解释的内容"));
                }
                if told_by.trim().is_empty() {
                    return Err(Error::invalid("告知人", "请填写向群众解释的人"));
                }
                if *told_on > today {
                    return Err(Error::invalid(
                        "告知日期",
                        format!("{told_on} 在今天之后，请填写实际告知的日期"),
                    ));
                }
                if *review_on <= today {
                    return Err(Error::invalid("复查日期", "请填写今天以后的复查日期"));
                }
                Ok(())
            }
            Step::Transfer { unit } if unit.trim().is_empty() => {
                Err(Error::invalid("接收单位", "请填写转办到的单位"))
            }
            Step::Reject { reason } if reason.trim().is_empty() => {
                Err(Error::invalid("不予受理理由", "请写明不予受理的理由"))
            }
            Step::Merge { into, .. } if into.trim().is_empty() => {
                Err(Error::invalid("合并到", "请填写重复的那条诉求的查询码"))
            }
            _ => Ok(()),
        }
    }
}

/// Every step a person may take from `status` (for buttons and messages).
pub fn steps_from(status: Status) -> Vec<&'static str> {
    let d = NaiveDate::default();
    let all = [
        Step::Register,
        Step::Publish,
        Step::Claim {
            owner: String::new(),
            owner_id: None,
            promised: d,
        },
        Step::Progress,
        Step::Done,
        Step::Feedback {
            result: Satisfaction::Satisfied,
        },
        Step::Close,
        Step::Explain {
            explanation: String::new(),
            told_by: String::new(),
            told_on: d,
            review_on: d,
        },
        Step::Transfer {
            unit: String::new(),
        },
        Step::Merge {
            into: String::new(),
            into_code: String::new(),
        },
        Step::Reject {
            reason: String::new(),
        },
        Step::Reopen,
        Step::Urge,
    ];
    all.iter()
        .filter(|s| s.next(status).is_some())
        .map(|s| s.label())
        .collect()
}

/// Refuse `step` from `status` with a message that says what can be done.
pub fn check_step(step: &Step, status: Status) -> Result<()> {
    if step.next(status).is_some() {
        return Ok(());
    }
    let hint = match (step, status) {
        (Step::Close, Status::Done) => "销号前要先回访群众并记录反馈结果。".to_string(),
        (Step::Feedback { .. }, Status::Claimed | Status::InProgress) => {
            "请先标记已落实，再回访群众记录反馈。".to_string()
        }
        (Step::Claim { .. }, Status::Collected) => "请先登记这条诉求。".to_string(),
        _ => String::new(),
    };
    Err(Error::Rule(format!(
        "这条诉求现在是“{}”，不能{}。{hint}现在可以：{}",
        status.label(),
        step.label(),
        steps_from(status).join("、")
    )))
}

/// A step as recorded. Read through [`RawEvent`] (every step's fields
/// flat and optional), several times faster than a flattened tagged enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawEvent")]
pub struct NeedEvent {
    /// Entity id of this event.
    pub id: String,
    /// The need (entity id).
    pub need_id: String,
    /// What was done.
    #[serde(flatten)]
    pub step: Step,
    /// Who did it.
    pub by: String,
    /// Date (China local date).
    pub date: NaiveDate,
    /// Note.
    #[serde(default)]
    pub note: String,
    /// The need's events the author had seen as latest (the heads).
    #[serde(default)]
    pub after: Vec<String>,
}

/// [`NeedEvent`] as stored, every step's fields optional.
#[derive(Deserialize)]
pub struct RawEvent {
    id: String,
    need_id: String,
    step: String,
    by: String,
    date: NaiveDate,
    #[serde(default)]
    note: String,
    #[serde(default)]
    after: Vec<String>,
    owner: Option<String>,
    owner_id: Option<String>,
    promised: Option<NaiveDate>,
    result: Option<Satisfaction>,
    explanation: Option<String>,
    told_by: Option<String>,
    told_on: Option<NaiveDate>,
    review_on: Option<NaiveDate>,
    unit: Option<String>,
    into: Option<String>,
    into_code: Option<String>,
    reason: Option<String>,
}

impl TryFrom<RawEvent> for NeedEvent {
    type Error = String;
    fn try_from(r: RawEvent) -> std::result::Result<Self, String> {
        let need = |v: Option<String>, f: &str| v.ok_or_else(|| format!("missing {f}"));
        let need_d = |v: Option<NaiveDate>, f: &str| v.ok_or_else(|| format!("missing {f}"));
        let step = match r.step.as_str() {
            "register" => Step::Register,
            "publish" => Step::Publish,
            "claim" => Step::Claim {
                owner: need(r.owner, "owner")?,
                owner_id: r.owner_id,
                promised: need_d(r.promised, "promised")?,
            },
            "progress" => Step::Progress,
            "done" => Step::Done,
            "feedback" => Step::Feedback {
                result: r.result.ok_or("missing result")?,
            },
            "close" => Step::Close,
            "explain" => Step::Explain {
                explanation: need(r.explanation, "explanation")?,
                told_by: need(r.told_by, "told_by")?,
                told_on: need_d(r.told_on, "told_on")?,
                review_on: need_d(r.review_on, "review_on")?,
            },
            "transfer" => Step::Transfer {
                unit: need(r.unit, "unit")?,
            },
            "merge" => Step::Merge {
                into: need(r.into, "into")?,
                into_code: r.into_code.unwrap_or_default(),
            },
            "reject" => Step::Reject {
                reason: need(r.reason, "reason")?,
            },
            "reopen" => Step::Reopen,
            "urge" => Step::Urge,
            "settle" => Step::Settle,
            other => return Err(format!("unknown step {other}")),
        };
        Ok(NeedEvent {
            id: r.id,
            need_id: r.need_id,
            step,
            by: r.by,
            date: r.date,
            note: r.note,
            after: r.after,
        })
    }
}

/// An event with its place in the change log's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped {
    /// HLC of its change.
    pub hlc: Hlc,
    /// Its change's id.
    pub change: ChangeId,
    /// The event.
    pub event: NeedEvent,
}

/// Two decisive steps taken without either author seeing the other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NeedConflict {
    /// The two events' ids, in order.
    pub events: [String; 2],
    /// Their steps' labels (same order).
    pub steps: [String; 2],
    /// Who took them (same order).
    pub by: [String; 2],
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The event.
    pub event: NeedEvent,
    /// Status after it.
    pub status: Status,
    /// False when the step did not apply (taken concurrently from another status).
    pub applied: bool,
}

/// What the fold of a need's events yields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folded {
    /// Current status.
    pub status: Status,
    /// Current owner (the last applied claim, else the need's own).
    pub owner: Option<String>,
    /// The owner's person id, when known.
    pub owner_id: Option<String>,
    /// Current promised date.
    pub promised: Option<NaiveDate>,
    /// Date of the first applied claim.
    pub claimed_on: Option<NaiveDate>,
    /// Date of the last applied 已落实.
    pub done_on: Option<NaiveDate>,
    /// Date of the last applied 销号.
    pub closed_on: Option<NaiveDate>,
    /// Latest applied feedback.
    pub feedback: Option<Satisfaction>,
    /// 复查日期 of the latest applied explanation.
    pub review_on: Option<NaiveDate>,
    /// Times reopened (不满意 feedback or 重新办理 after it was resolved).
    pub reopens: u32,
    /// Number of 督办 notes.
    pub urges: u32,
    /// Open conflicts, sorted.
    pub conflicts: Vec<NeedConflict>,
    /// The heads: events no other event has seen (a new step names these as `after`).
    pub heads: Vec<String>,
    /// Every event in fold order.
    pub timeline: Vec<TimelineEntry>,
}

impl Folded {
    /// Overdue on `today`: a promised date passed and not yet resolved.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && self.promised.is_some_and(|p| p < today)
    }
}

/// Fold a need's events (any order, duplicates allowed) into its state.
pub fn fold(need: &Need, events: &[Stamped]) -> Folded {
    fold_with(need, events, true)
}

/// [`fold`] without the timeline (for index rows: the same status, owner,
/// dates, counts, conflicts and heads; no copy of every event).
pub fn fold_summary(need: &Need, events: &[Stamped]) -> Folded {
    fold_with(need, events, false)
}

fn fold_with(need: &Need, events: &[Stamped], timeline: bool) -> Folded {
    let mut sorted: Vec<&Stamped> = events.iter().collect();
    sorted.sort_by(|a, b| (a.hlc, &a.change, &a.event.id).cmp(&(b.hlc, &b.change, &b.event.id)));
    sorted.dedup_by(|a, b| a.event.id == b.event.id);
    let mut f = Folded {
        status: Status::Collected,
        owner: need.owner.clone(),
        owner_id: None,
        promised: need.promised,
        claimed_on: None,
        done_on: None,
        closed_on: None,
        feedback: None,
        review_on: None,
        reopens: 0,
        urges: 0,
        conflicts: Vec::new(),
        heads: Vec::new(),
        timeline: Vec::with_capacity(if timeline { sorted.len() } else { 0 }),
    };
    for s in &sorted {
        let e = &s.event;
        if e.step == Step::Urge {
            f.urges += 1;
        }
        let next = e.step.next(f.status);
        if let Some(next) = next {
            if e.step.reopens(f.status) {
                f.reopens += 1;
            }
            match &e.step {
                Step::Claim {
                    owner,
                    owner_id,
                    promised,
                } => {
                    f.owner = Some(owner.clone());
                    f.owner_id = owner_id.clone();
                    f.promised = Some(*promised);
                    f.claimed_on.get_or_insert(e.date);
                }
                Step::Done => f.done_on = Some(e.date),
                Step::Close => f.closed_on = Some(e.date),
                Step::Feedback { result } => f.feedback = Some(*result),
                Step::Explain { review_on, .. } => f.review_on = Some(*review_on),
                _ => {}
            }
            f.status = next;
        }
        if timeline {
            f.timeline.push(TimelineEntry {
                event: e.clone(),
                status: f.status,
                applied: next.is_some(),
            });
        }
    }
    let (conflicts, heads) = concurrency(&sorted);
    f.conflicts = conflicts;
    f.heads = heads;
    f
}

/// Open conflicts and heads of a need's event graph (a function of the
/// set of events only).
fn concurrency(events: &[&Stamped]) -> (Vec<NeedConflict>, Vec<String>) {
    // The usual case: one chain, each event made having seen the one
    // before it. Every pair is ordered, so no conflict; the last is the head.
    let chain = events.iter().enumerate().all(|(i, s)| match i {
        0 => s.event.after.is_empty(),
        _ => s.event.after.len() == 1 && s.event.after[0] == events[i - 1].event.id,
    });
    if chain {
        return (
            Vec::new(),
            events
                .last()
                .map(|s| vec![s.event.id.clone()])
                .unwrap_or_default(),
        );
    }
    let index: HashMap<&str, usize> = events
        .iter()
        .enumerate()
        .map(|(i, s)| (s.event.id.as_str(), i))
        .collect();
    // Ancestors of each event (events it had seen, transitively).
    let n = events.len();
    let mut anc: Vec<Option<BTreeSet<usize>>> = vec![None; n];
    fn ancestors(
        i: usize,
        events: &[&Stamped],
        index: &HashMap<&str, usize>,
        anc: &mut Vec<Option<BTreeSet<usize>>>,
        depth: usize,
    ) -> BTreeSet<usize> {
        if let Some(a) = &anc[i] {
            return a.clone();
        }
        let mut out = BTreeSet::new();
        if depth < 10_000 {
            for p in &events[i].event.after {
                if let Some(&j) = index.get(p.as_str()) {
                    if j != i && out.insert(j) {
                        out.extend(ancestors(j, events, index, anc, depth + 1));
                    }
                }
            }
        }
        anc[i] = Some(out.clone());
        out
    }
    for i in 0..n {
        ancestors(i, events, &index, &mut anc, 0);
    }
    let anc: Vec<BTreeSet<usize>> = anc.into_iter().map(Option::unwrap_or_default).collect();
    let seen: BTreeSet<usize> = anc.iter().flatten().copied().collect();
    let mut heads: Vec<String> = (0..n)
        .filter(|i| !seen.contains(i))
        .map(|i| events[i].event.id.clone())
        .collect();
    heads.sort();
    let mut conflicts = BTreeSet::new();
    for a in 0..n {
        if events[a].event.step.is_note() {
            continue;
        }
        for b in a + 1..n {
            if events[b].event.step.is_note() || anc[a].contains(&b) || anc[b].contains(&a) {
                continue;
            }
            // Settled once some event has seen both.
            if anc.iter().any(|x| x.contains(&a) && x.contains(&b)) {
                continue;
            }
            let (x, y) = if events[a].event.id <= events[b].event.id {
                (events[a], events[b])
            } else {
                (events[b], events[a])
            };
            conflicts.insert(NeedConflict {
                events: [x.event.id.clone(), y.event.id.clone()],
                steps: [x.event.step.label().into(), y.event.step.label().into()],
                by: [x.event.by.clone(), y.event.by.clone()],
            });
        }
    }
    (conflicts.into_iter().collect(), heads)
}

/// Letters of a tracking code: no 0/O, 1/I/L confusion on the phone.
pub const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ*";

fn alphabet() -> &'static [u8] {
    &CODE_ALPHABET[..31]
}

/// The check character of a code body (weighted sum mod 31 over the code
/// alphabet; digits and letters outside it count by their byte value).
pub fn check_char(body: &str) -> char {
    let a = alphabet();
    let sum: u64 = body
        .bytes()
        .filter(|b| b.is_ascii_alphanumeric())
        .enumerate()
        .map(|(i, b)| {
            let v = a
                .iter()
                .position(|x| *x == b)
                .map_or(u64::from(b), |p| p as u64);
            v * (i as u64 + 2)
        })
        .sum();
    a[(sum % 31) as usize] as char
}

/// A need's tracking code, made offline: the village's two pinyin
/// initials, three characters derived from the device id, this device's
/// need number, and a check character — `WZ-K7M-12-H`. Unique per device
/// by the number; between devices the three characters differ unless two
/// devices of one village hash alike (1 in 29,791 per pair), and a lookup
/// by code shows every need that carries it.
pub fn tracking_code(village_initials: &str, device_id: &str, number: u64) -> String {
    let a = alphabet();
    let vi: String = village_initials
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_uppercase())
        .chain("CW".chars())
        .take(2)
        .collect();
    // FNV-1a of the device id.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in device_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let dev: String = (0..3)
        .map(|i| a[((h >> (i * 8)) % 31) as usize] as char)
        .collect();
    let body = format!("{vi}-{dev}-{number}");
    format!("{body}-{}", check_char(&body))
}

/// Normalize a code as typed (case, spaces, missing dashes are forgiven)
/// and verify its check character.
pub fn normalize_code(text: &str) -> Result<String> {
    let t: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let bad = || {
        Error::invalid(
            "查询码",
            format!(
                "“{}”不是查询码，查询码像 WZ-K7M-12-H 这样，请核对回执",
                text.trim()
            ),
        )
    };
    if t.len() < 7
        || !t[..5]
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c.is_ascii_digit())
    {
        return Err(bad());
    }
    let (vi, rest) = t.split_at(2);
    let (dev, rest) = rest.split_at(3);
    let (num, check) = rest.split_at(rest.len() - 1);
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let body = format!("{vi}-{dev}-{num}");
    if check_char(&body).to_string() != check {
        return Err(Error::invalid(
            "查询码",
            format!(
                "“{}”的校验位不对，可能抄错了一位，请核对回执上的查询码",
                text.trim()
            ),
        ));
    }
    Ok(format!("{body}-{check}"))
}

/// A person who may claim needs: 工作队员, 村两委 member, 党员.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Person {
    /// Entity id.
    pub id: String,
    /// 姓名.
    pub name: String,
    /// 角色: 工作队员 / 村两委 / 党员 / … (free text).
    pub role: String,
    /// 党支部 (empty when not a party member).
    pub branch: String,
    /// 电话.
    pub phone: String,
    /// 是否党员.
    pub party_member: bool,
}

/// Editable fields of a [`Person`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PersonField {
    /// 姓名.
    Name,
    /// 角色.
    Role,
    /// 党支部.
    Branch,
    /// 电话.
    Phone,
    /// 党员 (`1`/`0`).
    PartyMember,
}

impl PersonField {
    /// Every field.
    pub const ALL: [PersonField; 5] = [
        PersonField::Name,
        PersonField::Role,
        PersonField::Branch,
        PersonField::Phone,
        PersonField::PartyMember,
    ];
    /// Column / change-log field name.
    pub fn key(self) -> &'static str {
        match self {
            PersonField::Name => "name",
            PersonField::Role => "role",
            PersonField::Branch => "branch",
            PersonField::Phone => "phone",
            PersonField::PartyMember => "party_member",
        }
    }
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            PersonField::Name => "姓名",
            PersonField::Role => "角色",
            PersonField::Branch => "党支部",
            PersonField::Phone => "电话",
            PersonField::PartyMember => "党员",
        }
    }
    /// Parse a key or label.
    pub fn parse(t: &str) -> Option<PersonField> {
        PersonField::ALL
            .into_iter()
            .find(|f| f.key() == t || f.label() == t)
    }
    /// Validate and normalize a value.
    pub fn normalize(self, value: &str) -> Result<String> {
        let v = value.trim();
        match self {
            PersonField::Name if v.is_empty() => Err(Error::invalid("姓名", "请填写姓名")),
            PersonField::Phone if !v.is_empty() => crate::phone::validate(v),
            PersonField::PartyMember => match v {
                "1" | "是" | "true" | "党员" => Ok("1".into()),
                "0" | "否" | "false" | "" => Ok("0".into()),
                other => Err(Error::invalid("党员", format!("“{other}”请填 是 或 否"))),
            },
            _ => Ok(v.to_string()),
        }
    }
}

/// A need's summary for figures (one row of the index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedFacts {
    /// Kind.
    pub kind: Kind,
    /// Source key ([`Source::key`]).
    pub source: String,
    /// Owner name.
    pub owner: Option<String>,
    /// Status.
    pub status: Status,
    /// Recorded on.
    pub created_on: NaiveDate,
    /// 承诺办结时限.
    pub promised: Option<NaiveDate>,
    /// First claim date.
    pub claimed_on: Option<NaiveDate>,
    /// Last 已落实 date.
    pub done_on: Option<NaiveDate>,
    /// 销号 date.
    pub closed_on: Option<NaiveDate>,
    /// Latest feedback.
    pub feedback: Option<Satisfaction>,
    /// Reopens.
    pub reopens: u32,
}

/// A rate as a fraction of whole numbers (no floats in the books).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Rate {
    /// Numerator.
    pub num: u64,
    /// Denominator.
    pub den: u64,
}

impl Rate {
    /// Basis points (1/100 of a percent), rounded half up; `None` when nothing is counted.
    pub fn basis_points(self) -> Option<u64> {
        (self.den > 0).then(|| (self.num * 10_000 * 2 + self.den) / (self.den * 2))
    }
    /// `93.53%`, or `—` when nothing is counted.
    pub fn percent(self) -> String {
        match self.basis_points() {
            Some(bp) => format!("{}.{:02}%", bp / 100, bp % 100),
            None => "—".into(),
        }
    }
}

/// The figures of one group of needs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FigureRow {
    /// Group label (period, kind or owner).
    pub label: String,
    /// 受理: needs recorded in the period, not 不予受理 and not 已合并.
    pub accepted: u64,
    /// 已解决: accepted needs now 已落实, 已反馈 or 已销号.
    pub resolved: u64,
    /// 解决率 = resolved / accepted.
    pub resolution_rate: Rate,
    /// Feedback counted: accepted needs whose latest applied feedback exists.
    pub feedback: u64,
    /// 满意率 = (满意 + 基本满意) / feedback, by each need's latest feedback.
    pub satisfaction_rate: Rate,
    /// 按时办结率 = resolved needs with a promised date whose last 已落实
    /// date is on or before it / resolved needs with a promised date.
    pub on_time_rate: Rate,
    /// 办结天数中位数: the lower median of (销号 date − recorded date) in
    /// days over accepted needs now 已销号; `None` when none is closed.
    pub median_days_to_close: Option<i64>,
    /// Reopens summed over accepted needs.
    pub reopens: u64,
    /// Open needs past their promised date on the day computed.
    pub overdue: u64,
}

/// Figures for needs recorded between two dates: the whole, per month, per
/// kind and per owner. One function, used by every screen and report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Figures {
    /// All needs of the period.
    pub total: FigureRow,
    /// Per month (`2026-03`).
    pub by_month: Vec<FigureRow>,
    /// Per kind (label).
    pub by_kind: Vec<FigureRow>,
    /// Per owner (name; `未领办` for none).
    pub by_owner: Vec<FigureRow>,
}

fn row(label: String, needs: &[&NeedFacts], today: NaiveDate) -> FigureRow {
    let accepted: Vec<&&NeedFacts> = needs
        .iter()
        .filter(|n| !matches!(n.status, Status::Rejected | Status::Merged))
        .collect();
    let resolved = accepted.iter().filter(|n| n.status.is_resolved()).count() as u64;
    let fb: Vec<Satisfaction> = accepted.iter().filter_map(|n| n.feedback).collect();
    let good = fb
        .iter()
        .filter(|f| matches!(f, Satisfaction::Satisfied | Satisfaction::Basic))
        .count() as u64;
    let promised_resolved: Vec<&&&NeedFacts> = accepted
        .iter()
        .filter(|n| n.status.is_resolved() && n.promised.is_some())
        .collect();
    let on_time = promised_resolved
        .iter()
        .filter(|n| matches!((n.done_on, n.promised), (Some(d), Some(p)) if d <= p))
        .count() as u64;
    let mut days: Vec<i64> = accepted
        .iter()
        .filter(|n| n.status == Status::Closed)
        .filter_map(|n| n.closed_on.map(|c| (c - n.created_on).num_days()))
        .collect();
    days.sort_unstable();
    let median = (!days.is_empty()).then(|| days[(days.len() - 1) / 2]);
    FigureRow {
        label,
        accepted: accepted.len() as u64,
        resolved,
        resolution_rate: Rate {
            num: resolved,
            den: accepted.len() as u64,
        },
        feedback: fb.len() as u64,
        satisfaction_rate: Rate {
            num: good,
            den: fb.len() as u64,
        },
        on_time_rate: Rate {
            num: on_time,
            den: promised_resolved.len() as u64,
        },
        median_days_to_close: median,
        reopens: accepted.iter().map(|n| u64::from(n.reopens)).sum(),
        overdue: accepted
            .iter()
            .filter(|n| n.status.is_open() && n.promised.is_some_and(|p| p < today))
            .count() as u64,
    }
}

/// Compute [`Figures`] for needs recorded in `from..=to`, as of `today`.
pub fn figures(all: &[NeedFacts], from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Figures {
    let needs: Vec<&NeedFacts> = all
        .iter()
        .filter(|n| n.created_on >= from && n.created_on <= to)
        .collect();
    let group = |key: &dyn Fn(&NeedFacts) -> String| -> Vec<FigureRow> {
        let mut groups: BTreeMap<String, Vec<&NeedFacts>> = BTreeMap::new();
        for n in &needs {
            groups.entry(key(n)).or_default().push(n);
        }
        groups.into_iter().map(|(k, v)| row(k, &v, today)).collect()
    };
    let by_kind = {
        let mut rows = group(&|n| n.kind.label().to_string());
        rows.sort_by_key(|r| Kind::ALL.iter().position(|k| k.label() == r.label));
        rows
    };
    Figures {
        total: row(format!("{from} 至 {to}"), &needs, today),
        by_month: group(&|n| format!("{:04}-{:02}", n.created_on.year(), n.created_on.month())),
        by_kind,
        by_owner: group(&|n| n.owner.clone().unwrap_or_else(|| "未领办".into())),
    }
}

/// One party member's 微心愿 claims in a year (每名党员每年领办微心愿不少于1件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaLine {
    /// The person.
    pub person: Person,
    /// 微心愿 claimed this year.
    pub claimed: u32,
    /// At least one.
    pub met: bool,
}

/// Who among the party members has and has not claimed a 微心愿 in
/// `year`: a claim counts for the person named by id (or, without an id,
/// by name) in an applied claim of a 微心愿 dated in that year. Met first
/// is not implied: the list keeps the people's order.
pub fn party_quota(
    people: &[Person],
    claims: &[(Option<String>, String, NaiveDate)],
    year: i32,
) -> Vec<QuotaLine> {
    people
        .iter()
        .filter(|p| p.party_member)
        .map(|p| {
            let claimed = claims
                .iter()
                .filter(|(id, name, date)| {
                    date.year() == year
                        && match id {
                            Some(id) => *id == p.id,
                            None => *name == p.name,
                        }
                })
                .count() as u32;
            QuotaLine {
                person: p.clone(),
                claimed,
                met: claimed >= 1,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod raw_tests {
    use super::*;

    /// Every step reads back as written through the flat reader.
    #[test]
    fn every_step_round_trips() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let steps = vec![
            Step::Register,
            Step::Publish,
            Step::Claim {
                owner: "李明".into(),
                owner_id: Some("p-1".into()),
                promised: d,
            },
            Step::Progress,
            Step::Done,
            Step::Feedback {
                result: Satisfaction::Basic,
            },
            Step::Close,
            Step::Explain {
                explanation: "e".into(),
                told_by: "t".into(),
                told_on: d,
                review_on: d,
            },
            Step::Transfer { unit: "u".into() },
            Step::Merge {
                into: "n2".into(),
                into_code: "WZ".into(),
            },
            Step::Reject { reason: "r".into() },
            Step::Reopen,
            Step::Urge,
            Step::Settle,
        ];
        for step in steps {
            let e = NeedEvent {
                id: "e".into(),
                need_id: "n".into(),
                step,
                by: "程鹏".into(),
                date: d,
                note: "备注".into(),
                after: vec!["a".into()],
            };
            let text = serde_json::to_string(&e).unwrap_or_default();
            let back: NeedEvent = serde_json::from_str(&text).expect("reads back");
            assert_eq!(back, e, "{text}");
        }
        assert!(
            serde_json::from_str::<NeedEvent>(
                r#"{"id":"e","need_id":"n","step":"claim","by":"x","date":"2026-01-01"}"#
            )
            .is_err(),
            "a claim without owner is unreadable"
        );
    }
}
