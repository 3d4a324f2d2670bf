//! Needs (诉求 / 微心愿) as every front end uses them: record (from a
//! visit, a walk-in, a meeting, a 12345 order or a 微心愿), list with
//! filters and the count of each status, show with the timeline and the
//! steps allowed now, take each step, track by code, figures, the party
//! members' quota, and the spreadsheet and 公示 exports. Inputs and
//! outputs are camelCase DTOs, neutral to the front end.

use crate::desk::VisitForm;
use crate::view::VisitView;
use crate::Result;
use chrono::{Datelike, NaiveDate};
use cunwu_core::need::{
    self, FigureRow, Kind, NeedInput, Satisfaction, Source, Status, Step, Target,
};
use cunwu_core::visit::parse_date;
use cunwu_core::Error;
use cunwu_store::{NeedFilter, NeedRecord, NeedRow, Store};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A new need as a form or the CLI sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NeedForm {
    /// Village (a township laptop names the village; others leave it empty).
    pub village: Option<String>,
    /// Who records it (a township laptop, which has no user of its own).
    pub by: Option<String>,
    /// Household (户编号 or id), when the need is one household's.
    pub household: Option<String>,
    /// 村民小组, when the need is a group's.
    pub group_no: Option<String>,
    /// 诉求人.
    pub requester_name: String,
    /// 诉求人电话.
    pub requester_phone: String,
    /// What was asked.
    pub text: String,
    /// Category (one of [`categories`]).
    pub category: String,
    /// 个性 / 共性 / 历史遗留 / 暂不具备条件 (or its key); 个性 when empty.
    pub kind: String,
    /// 走访 / 来访 / 联席会议 / 12345 / 微心愿 (or its key); 来访 when empty.
    pub source: String,
    /// The visit, for a need from a visit.
    pub visit_id: Option<String>,
    /// 工单号, for a 12345 order.
    pub order_no: Option<String>,
    /// Owner.
    pub owner: Option<String>,
    /// 承诺办结时限, `YYYY-MM-DD`.
    pub promised: Option<String>,
}

fn date_opt(s: &Option<String>) -> Result<Option<NaiveDate>> {
    Ok(s.as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(parse_date)
        .transpose()?)
}

fn parse_source(form: &NeedForm) -> Result<Source> {
    let t = form.source.trim();
    Ok(match t {
        "" | "来访" | "walk_in" => Source::WalkIn,
        "走访" | "visit" => Source::Visit {
            visit_id: form.visit_id.clone().unwrap_or_default(),
        },
        "联席会议" | "joint_meeting" => Source::JointMeeting,
        "12345" | "12345工单" | "12345 工单" | "工单" | "hotline" => Source::Hotline {
            order_no: form.order_no.clone().unwrap_or_default().trim().to_string(),
        },
        "微心愿" | "micro_wish" => Source::MicroWish,
        other => {
            return Err(Error::invalid(
                "来源",
                format!("“{other}”不是诉求来源，请填 走访、来访、联席会议、12345 或 微心愿"),
            )
            .into())
        }
    })
}

impl NeedForm {
    /// The domain input.
    pub fn to_input(&self) -> Result<NeedInput> {
        let target = match (&self.household, &self.group_no) {
            (Some(h), _) if !h.trim().is_empty() => Some(Target::Household {
                household_id: h.trim().to_string(),
            }),
            (_, Some(g)) if !g.trim().is_empty() => Some(Target::Group {
                group_no: g.trim().trim_end_matches('组').to_string(),
            }),
            _ => None,
        };
        Ok(NeedInput {
            target,
            requester_name: self.requester_name.clone(),
            requester_phone: self.requester_phone.clone(),
            text: self.text.clone(),
            category: self.category.clone(),
            kind: if self.kind.trim().is_empty() {
                None
            } else {
                Some(Kind::parse(&self.kind)?)
            },
            source: Some(parse_source(self)?),
            owner: self.owner.clone(),
            promised: date_opt(&self.promised)?,
        })
    }
}

/// A label with its stable key (for selects and buttons).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    /// Stable key.
    pub key: String,
    /// Chinese label.
    pub label: String,
}

/// One need in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedRowView {
    /// Entity id.
    pub id: String,
    /// Tracking code.
    pub code: String,
    /// Village.
    pub village: String,
    /// Household id.
    pub household_id: Option<String>,
    /// 户主.
    pub household_head: Option<String>,
    /// 村民小组.
    pub group_no: Option<String>,
    /// The visit it came from.
    pub visit_id: Option<String>,
    /// 诉求人.
    pub requester: String,
    /// What was asked.
    pub text: String,
    /// Kind key and label.
    pub kind: Choice,
    /// Category.
    pub category: String,
    /// Source key.
    pub source: String,
    /// Recorded on.
    pub created_on: String,
    /// Status key and label.
    pub status: Choice,
    /// Owner.
    pub owner: Option<String>,
    /// 承诺办结时限.
    pub promised: Option<String>,
    /// Reopens.
    pub reopens: u32,
    /// 督办 notes.
    pub urges: u32,
    /// Open conflicts.
    pub conflicts: u32,
    /// Past its promised date and not resolved.
    pub overdue: bool,
}

fn kind_choice(k: Kind) -> Choice {
    Choice {
        key: serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        label: k.label().into(),
    }
}

fn status_choice(s: Status) -> Choice {
    Choice {
        key: s.key().into(),
        label: s.label().into(),
    }
}

impl From<&NeedRow> for NeedRowView {
    fn from(r: &NeedRow) -> Self {
        NeedRowView {
            id: r.id.clone(),
            code: r.code.clone(),
            village: r.village.clone(),
            household_id: r.household_id.clone(),
            household_head: r.household_head.clone(),
            group_no: r.group_no.clone(),
            visit_id: r.visit_id.clone(),
            requester: r.requester.clone(),
            text: r.text.clone(),
            kind: kind_choice(r.kind),
            category: r.category.clone(),
            source: r.source.clone(),
            created_on: r.created_on.to_string(),
            status: status_choice(r.status),
            owner: r.owner.clone(),
            promised: r.promised.map(|d| d.to_string()),
            reopens: r.reopens,
            urges: r.urges,
            conflicts: r.conflicts,
            overdue: r.overdue,
        }
    }
}

/// The filters of the 诉求 page (every one optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NeedQuery {
    /// Status key or label.
    pub status: Option<String>,
    /// Kind key or label.
    pub kind: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Owner name.
    pub owner: Option<String>,
    /// 村民小组.
    pub group_no: Option<String>,
    /// Only overdue needs.
    pub overdue: bool,
    /// Only this household's (户编号 or id).
    pub household: Option<String>,
    /// Only this source (key or label).
    pub source: Option<String>,
    /// Page size.
    pub limit: Option<usize>,
    /// Rows skipped.
    pub offset: usize,
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl NeedQuery {
    fn to_filter(&self, store: &Store) -> Result<NeedFilter> {
        let source = match nonempty(&self.source) {
            Some(s) => Some(
                parse_source(&NeedForm {
                    source: s.into(),
                    ..Default::default()
                })?
                .key()
                .to_string(),
            ),
            None => None,
        };
        Ok(NeedFilter {
            status: nonempty(&self.status).map(Status::parse).transpose()?,
            kind: nonempty(&self.kind).map(Kind::parse).transpose()?,
            category: nonempty(&self.category).map(str::to_string),
            owner: nonempty(&self.owner).map(str::to_string),
            group_no: nonempty(&self.group_no).map(|g| g.trim_end_matches('组').to_string()),
            overdue: self.overdue,
            household_id: nonempty(&self.household)
                .map(|h| store.household_id_of(h))
                .transpose()?,
            visit_id: None,
            source,
            limit: self.limit,
            offset: self.offset,
        })
    }
}

/// How many needs (of the other filters) are in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    /// Status key and label.
    pub status: Choice,
    /// Needs in it.
    pub count: u64,
}

/// The 诉求 page's list: rows, the count of each status, and the overdue count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedList {
    /// The page of rows, newest first.
    pub rows: Vec<NeedRowView>,
    /// Every status with its count (zero included), lifecycle order.
    pub counts: Vec<StatusCount>,
    /// Overdue needs among the filter.
    pub overdue: u64,
}

/// The filtered list with the count of each status.
pub fn list(store: &Store, query: &NeedQuery) -> Result<NeedList> {
    let filter = query.to_filter(store)?;
    let rows = store.list_needs(&filter)?;
    let counts = store.need_status_counts(&filter)?;
    let overdue_counts = if filter.overdue {
        counts.clone()
    } else {
        store.need_status_counts(&NeedFilter {
            overdue: true,
            ..filter.clone()
        })?
    };
    let overdue = overdue_counts
        .iter()
        .filter(|(s, _)| filter.status.is_none_or(|f| f == **s))
        .map(|(_, n)| n)
        .sum();
    Ok(NeedList {
        rows: rows.iter().map(NeedRowView::from).collect(),
        counts: Status::ALL
            .into_iter()
            .map(|s| StatusCount {
                status: status_choice(s),
                count: counts.get(&s).copied().unwrap_or(0),
            })
            .collect(),
        overdue,
    })
}

/// One step of the timeline, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineView {
    /// Event id.
    pub id: String,
    /// Date.
    pub date: String,
    /// Who.
    pub by: String,
    /// Step key (`claim`, `urge`, …).
    pub step: String,
    /// Step label (`领办`).
    pub label: String,
    /// One line: `程鹏 领办，承诺 2026-12-20 前办结`.
    pub text: String,
    /// Note.
    pub note: String,
    /// Status after it.
    pub status: Choice,
    /// False when it did not take effect (taken concurrently from another status).
    pub applied: bool,
}

fn step_key(s: &Step) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.get("step").and_then(|x| x.as_str()).map(str::to_string))
        .unwrap_or_default()
}

fn describe(e: &need::NeedEvent) -> String {
    let who = &e.by;
    match &e.step {
        Step::Claim {
            owner, promised, ..
        } => format!("{owner} 领办，承诺 {promised} 前办结（{who} 记录）"),
        Step::Feedback { result } => format!("{who} 回访，群众评价：{}", result.label()),
        Step::Explain {
            explanation,
            told_by,
            told_on,
            review_on,
        } => format!("{told_by} 于 {told_on} 向群众解释：{explanation}；{review_on} 复查"),
        Step::Transfer { unit } => format!("{who} 转办至 {unit}"),
        Step::Merge { into_code, into } => format!(
            "{who} 合并到诉求 {}",
            if into_code.is_empty() {
                into
            } else {
                into_code
            }
        ),
        Step::Reject { reason } => format!("{who} 不予受理：{reason}"),
        Step::Urge => format!("{who} 督办"),
        other => format!("{who} {}", other.label()),
    }
}

/// Two steps taken without seeing each other, for a person to settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    /// The events.
    pub events: Vec<String>,
    /// One line: `李明 领办 与 赵红 领办 同时发生`.
    pub text: String,
}

/// A need's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedPage {
    /// The list row (status, owner, overdue…).
    pub row: NeedRowView,
    /// Source, in words (`12345 工单 2026-001`).
    pub source_label: String,
    /// 诉求人电话, masked unless revealed.
    pub requester_phone: String,
    /// Who recorded it.
    pub created_by: String,
    /// Feedback, when recorded.
    pub feedback: Option<String>,
    /// 复查日期 of an explained need.
    pub review_on: Option<String>,
    /// Every step so far.
    pub timeline: Vec<TimelineView>,
    /// Steps allowed now (key and label), for buttons.
    pub allowed_steps: Vec<Choice>,
    /// Open conflicts.
    pub conflicts: Vec<ConflictView>,
}

/// Steps a person can take, keys and labels in lifecycle order.
pub const STEP_KEYS: [(&str, &str); 14] = [
    ("register", "登记"),
    ("publish", "发布"),
    ("claim", "领办"),
    ("progress", "记录进展"),
    ("done", "标记已落实"),
    ("feedback", "回访反馈"),
    ("close", "销号"),
    ("explain", "解释"),
    ("transfer", "转办"),
    ("merge", "合并"),
    ("reject", "不予受理"),
    ("reopen", "重新办理"),
    ("urge", "督办"),
    ("settle", "处理冲突"),
];

fn page(store: &Store, r: &NeedRecord, reveal: bool) -> Result<NeedPage> {
    let row = row_of(store, r);
    let allowed: Vec<&str> = need::steps_from(r.folded.status);
    let mut allowed_steps: Vec<Choice> = STEP_KEYS
        .iter()
        .filter(|(_, label)| allowed.contains(label))
        .map(|(k, l)| Choice {
            key: (*k).into(),
            label: (*l).into(),
        })
        .collect();
    if !r.folded.conflicts.is_empty() {
        allowed_steps.push(Choice {
            key: "settle".into(),
            label: "处理冲突".into(),
        });
    }
    Ok(NeedPage {
        row,
        source_label: r.need.source.label(),
        requester_phone: if reveal {
            r.need.requester_phone.clone()
        } else {
            cunwu_core::phone::mask(&r.need.requester_phone)
        },
        created_by: r.need.created_by.clone(),
        feedback: r.folded.feedback.map(|f| f.label().to_string()),
        review_on: r.folded.review_on.map(|d| d.to_string()),
        timeline: r
            .folded
            .timeline
            .iter()
            .map(|t| TimelineView {
                id: t.event.id.clone(),
                date: t.event.date.to_string(),
                by: t.event.by.clone(),
                step: step_key(&t.event.step),
                label: t.event.step.label().into(),
                text: describe(&t.event),
                note: t.event.note.clone(),
                status: status_choice(t.status),
                applied: t.applied,
            })
            .collect(),
        allowed_steps,
        conflicts: r
            .folded
            .conflicts
            .iter()
            .map(|c| ConflictView {
                events: c.events.to_vec(),
                text: format!(
                    "{} {} 与 {} {} 是在两台电脑上分别办理的，请核实后点“处理冲突”记录结论",
                    c.by[0], c.steps[0], c.by[1], c.steps[1]
                ),
            })
            .collect(),
    })
}

/// The list row of one need, read from the index (its household's head included).
fn row_of(store: &Store, r: &NeedRecord) -> NeedRowView {
    let f = &r.folded;
    let (household_id, group_no) = match &r.need.target {
        Target::Household { household_id } => (Some(household_id.clone()), None),
        Target::Group { group_no } => (None, Some(group_no.clone())),
        Target::Village => (None, None),
    };
    let head = household_id
        .as_deref()
        .and_then(|h| store.household(h).ok())
        .map(|h| {
            h.get(cunwu_core::household::HouseholdField::HeadName)
                .to_string()
        });
    let visit_id = match &r.need.source {
        Source::Visit { visit_id } => Some(visit_id.clone()),
        _ => None,
    };
    NeedRowView {
        id: r.need.id.clone(),
        code: r.need.code.clone(),
        village: r.need.village.clone(),
        household_id,
        household_head: head,
        group_no,
        visit_id,
        requester: r.need.requester_name.clone(),
        text: r.need.text.clone(),
        kind: kind_choice(r.need.kind),
        category: r.need.category.clone(),
        source: r.need.source.key().into(),
        created_on: r.need.created_on.to_string(),
        status: status_choice(f.status),
        owner: f.owner.clone(),
        promised: f.promised.map(|d| d.to_string()),
        reopens: f.reopens,
        urges: f.urges,
        conflicts: f.conflicts.len() as u32,
        overdue: f.overdue(store.today()),
    }
}

/// Record a need: on a village laptop for its village; on a township
/// laptop (no village of its own) for `form.village`, as `form.by`.
pub fn add(store: &mut Store, form: &NeedForm) -> Result<NeedPage> {
    let input = form.to_input()?;
    let profile = store.profile()?;
    let r = match (profile, nonempty(&form.village)) {
        (Some(_), None) => store.add_need(&input)?,
        (Some(p), Some(v)) if v == p.village => store.add_need(&input)?,
        (Some(p), Some(v)) => {
            return Err(
                Error::Rule(format!("这台电脑属于“{}”，不能给“{v}”登记诉求", p.village)).into(),
            )
        }
        (None, Some(v)) => store.add_need_as(v, nonempty(&form.by).unwrap_or(""), &input)?,
        (None, None) => {
            return Err(
                Error::invalid("村", "请填写诉求所属的村（乡镇电脑转办 12345 工单时）").into(),
            )
        }
    };
    page(store, &r, false)
}

/// A need's page by id or tracking code (phone masked unless `reveal`).
pub fn show(store: &Store, key: &str, reveal: bool) -> Result<NeedPage> {
    page(store, &store.need(key)?, reveal)
}

/// A step as a form sends it: `step` is a key of [`STEP_KEYS`] or its
/// label; the other fields are read by the steps that need them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StepForm {
    /// Step key or label.
    pub step: String,
    /// Note.
    pub note: String,
    /// Who acts (a township laptop; others act as their user).
    pub by: Option<String>,
    /// Claim: owner.
    pub owner: Option<String>,
    /// Claim: the owner's person id.
    pub owner_id: Option<String>,
    /// Claim: 承诺办结时限.
    pub promised: Option<String>,
    /// Feedback: 满意 / 基本满意 / 不满意.
    pub result: Option<String>,
    /// Explain: 解释内容.
    pub explanation: Option<String>,
    /// Explain: 告知人.
    pub told_by: Option<String>,
    /// Explain: 告知日期 (today when empty).
    pub told_on: Option<String>,
    /// Explain: 复查日期.
    pub review_on: Option<String>,
    /// Transfer: 接收单位.
    pub unit: Option<String>,
    /// Merge: the need it duplicates (code or id).
    pub into: Option<String>,
    /// Reject: 理由.
    pub reason: Option<String>,
}

fn required(v: &Option<String>, field: &str, what: &str) -> Result<String> {
    nonempty(v)
        .map(str::to_string)
        .ok_or_else(|| Error::invalid(field, what).into())
}

impl StepForm {
    /// The domain step.
    pub fn to_step(&self, store: &Store) -> Result<Step> {
        let key = STEP_KEYS
            .iter()
            .find(|(k, l)| *k == self.step.trim() || *l == self.step.trim())
            .map(|(k, _)| *k)
            .ok_or_else(|| {
                Error::invalid(
                    "办理步骤",
                    format!(
                        "“{}”不是办理步骤，请从以下选择：{}",
                        self.step.trim(),
                        STEP_KEYS.map(|(_, l)| l).join("、")
                    ),
                )
            })?;
        Ok(match key {
            "register" => Step::Register,
            "publish" => Step::Publish,
            "claim" => {
                let owner = required(&self.owner, "领办人", "请填写领办人的姓名")?;
                let owner_id = match nonempty(&self.owner_id) {
                    Some(id) => Some(store.person(id)?.id),
                    None => store.person(&owner).ok().map(|p| p.id),
                };
                Step::Claim {
                    owner,
                    owner_id,
                    promised: date_opt(&self.promised)?.ok_or_else(|| {
                        Error::invalid("承诺办结时限", "领办要承诺办结时限，请填写日期")
                    })?,
                }
            }
            "progress" => {
                if self.note.trim().is_empty() {
                    return Err(Error::invalid("进展", "请写下这次的进展").into());
                }
                Step::Progress
            }
            "done" => Step::Done,
            "feedback" => Step::Feedback {
                result: Satisfaction::parse(self.result.as_deref().unwrap_or(""))?,
            },
            "close" => Step::Close,
            "explain" => Step::Explain {
                explanation: required(&self.explanation, "解释内容", "请写下向群众解释的内容")?,
                told_by: required(&self.told_by, "告知人", "请填写向群众解释的人")?,
                told_on: date_opt(&self.told_on)?.unwrap_or(store.today()),
                review_on: date_opt(&self.review_on)?
                    .ok_or_else(|| Error::invalid("复查日期", "请填写复查日期"))?,
            },
            "transfer" => Step::Transfer {
                unit: required(&self.unit, "接收单位", "请填写转办到的单位")?,
            },
            "merge" => Step::Merge {
                into: required(&self.into, "合并到", "请填写重复的那条诉求的查询码")?,
                into_code: String::new(),
            },
            "reject" => Step::Reject {
                reason: required(&self.reason, "不予受理理由", "请写明不予受理的理由")?,
            },
            "reopen" => Step::Reopen,
            "urge" => Step::Urge,
            _ => Step::Settle,
        })
    }
}

/// Take a step on a need (by id or code). Refused with a Chinese message
/// that names the steps allowed now; nothing is written then.
pub fn step(store: &mut Store, key: &str, form: &StepForm) -> Result<NeedPage> {
    let step = form.to_step(store)?;
    let r = store.need_step(key, step, &form.note, nonempty(&form.by))?;
    page(store, &r, false)
}

/// What a villager hears when tracking a code: no phone, the steps in
/// plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tracking {
    /// Code.
    pub code: String,
    /// Village.
    pub village: String,
    /// What was asked.
    pub text: String,
    /// Status label.
    pub status: String,
    /// Owner.
    pub owner: Option<String>,
    /// 承诺办结时限.
    pub promised: Option<String>,
    /// Overdue.
    pub overdue: bool,
    /// `2026-11-29 程鹏 登记` lines.
    pub steps: Vec<String>,
}

/// Track a need by its code (every need carrying it, usually one).
pub fn track(store: &Store, code: &str) -> Result<Vec<Tracking>> {
    let today = store.today();
    Ok(store
        .needs_by_code(code)?
        .into_iter()
        .map(|r| Tracking {
            code: r.need.code.clone(),
            village: r.need.village.clone(),
            text: r.need.text.clone(),
            status: r.folded.status.label().into(),
            owner: r.folded.owner.clone(),
            promised: r.folded.promised.map(|d| d.to_string()),
            overdue: r.folded.overdue(today),
            steps: std::iter::once(format!(
                "{} {} 收集（{}）",
                r.need.created_on,
                r.need.created_by,
                r.need.source.label()
            ))
            .chain(
                r.folded
                    .timeline
                    .iter()
                    .filter(|t| t.applied)
                    .map(|t| format!("{} {}", t.event.date, describe(&t.event))),
            )
            .collect(),
        })
        .collect())
}

/// The 回执 slip handed to the villager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    /// Tracking code.
    pub code: String,
    /// Village.
    pub village: String,
    /// Township.
    pub township: Option<String>,
    /// 诉求人.
    pub requester: String,
    /// What was asked.
    pub text: String,
    /// Recorded on.
    pub created_on: String,
    /// Owner.
    pub owner: Option<String>,
    /// 承诺办结时限.
    pub promised: Option<String>,
    /// Where to ask (the township's phone when set in `needs.township_phone`, else 12345).
    pub phone: String,
}

/// Meta key of the township's phone printed on the 回执.
pub const TOWNSHIP_PHONE_KEY: &str = "needs.township_phone";

/// The 回执 of a need.
pub fn receipt(store: &Store, key: &str) -> Result<Receipt> {
    let r = store.need(key)?;
    let township = store.profile()?.and_then(|p| p.township);
    Ok(Receipt {
        code: r.need.code.clone(),
        village: r.need.village.clone(),
        township,
        requester: r.need.requester_name.clone(),
        text: r.need.text.clone(),
        created_on: r.need.created_on.to_string(),
        owner: r.folded.owner.clone(),
        promised: r.folded.promised.map(|d| d.to_string()),
        phone: store
            .meta_get(TOWNSHIP_PHONE_KEY)?
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "12345".into()),
    })
}

/// The needs of a household (its page), newest first.
pub fn of_household(store: &Store, household: &str) -> Result<Vec<NeedRowView>> {
    let id = store.household_id_of(household)?;
    Ok(store
        .list_needs(&NeedFilter {
            household_id: Some(id),
            ..Default::default()
        })?
        .iter()
        .map(NeedRowView::from)
        .collect())
}

/// A visit with the needs raised in it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VisitWithNeeds {
    /// The visit.
    pub visit: VisitForm,
    /// Needs raised (each becomes a need of the household, linked to the visit).
    pub needs: Vec<NeedForm>,
}

/// What logging a visit with needs made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VisitWithNeedsView {
    /// The visit.
    pub visit: VisitView,
    /// Its needs.
    pub needs: Vec<NeedRowView>,
}

/// Log a visit and its needs in one transaction (nothing is written if any is refused).
pub fn visit_add(
    store: &mut Store,
    household: &str,
    form: VisitWithNeeds,
) -> Result<VisitWithNeedsView> {
    let inputs = form
        .needs
        .iter()
        .map(NeedForm::to_input)
        .collect::<Result<Vec<_>>>()?;
    let user = store.require_profile()?.user;
    let (visit, needs) =
        store.add_visit_with_needs(household, &form.visit.into_input(&user)?, &inputs)?;
    let rows = needs
        .iter()
        .map(|n| store.need(&n.id).map(|r| row_of(store, &r)))
        .collect::<cunwu_store::Result<Vec<_>>>()?;
    Ok(VisitWithNeedsView {
        visit: VisitView::from(&visit),
        needs: rows,
    })
}

/// Categories, kinds and statuses, for the forms' selects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedVocabulary {
    /// Categories.
    pub categories: Vec<String>,
    /// Kinds.
    pub kinds: Vec<Choice>,
    /// Statuses.
    pub statuses: Vec<Choice>,
    /// Sources.
    pub sources: Vec<Choice>,
}

/// The vocabulary of the forms.
pub fn vocabulary() -> NeedVocabulary {
    NeedVocabulary {
        categories: need::CATEGORIES.iter().map(|c| c.to_string()).collect(),
        kinds: Kind::ALL.into_iter().map(kind_choice).collect(),
        statuses: Status::ALL.into_iter().map(status_choice).collect(),
        sources: [
            ("visit", "走访"),
            ("walk_in", "来访"),
            ("joint_meeting", "联席会议"),
            ("hotline", "12345 工单"),
            ("micro_wish", "微心愿"),
        ]
        .iter()
        .map(|(k, l)| Choice {
            key: (*k).into(),
            label: (*l).into(),
        })
        .collect(),
    }
}

/// One row of figures for the front end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FigureRowView {
    /// Group label.
    pub label: String,
    /// 受理.
    pub accepted: u64,
    /// 已解决.
    pub resolved: u64,
    /// 解决率 (`93.53%`, `—` when nothing counted).
    pub resolution_rate: String,
    /// Feedback counted.
    pub feedback: u64,
    /// 满意率.
    pub satisfaction_rate: String,
    /// 按时办结率.
    pub on_time_rate: String,
    /// 办结天数中位数.
    pub median_days_to_close: Option<i64>,
    /// Reopens.
    pub reopens: u64,
    /// Overdue.
    pub overdue: u64,
}

impl From<&FigureRow> for FigureRowView {
    fn from(r: &FigureRow) -> Self {
        FigureRowView {
            label: r.label.clone(),
            accepted: r.accepted,
            resolved: r.resolved,
            resolution_rate: r.resolution_rate.percent(),
            feedback: r.feedback,
            satisfaction_rate: r.satisfaction_rate.percent(),
            on_time_rate: r.on_time_rate.percent(),
            median_days_to_close: r.median_days_to_close,
            reopens: r.reopens,
            overdue: r.overdue,
        }
    }
}

/// Figures of a period ([`cunwu_core::need::figures`] for the definitions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FiguresView {
    /// The whole period.
    pub total: FigureRowView,
    /// Per month.
    pub by_month: Vec<FigureRowView>,
    /// Per kind.
    pub by_kind: Vec<FigureRowView>,
    /// Per owner.
    pub by_owner: Vec<FigureRowView>,
}

/// Figures of needs recorded from `from` to `to` (default: this year so far).
pub fn figures(store: &Store, from: Option<&str>, to: Option<&str>) -> Result<FiguresView> {
    let today = store.today();
    let from = match from.filter(|s| !s.trim().is_empty()) {
        Some(f) => parse_date(f)?,
        None => NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
    };
    let to = match to.filter(|s| !s.trim().is_empty()) {
        Some(t) => parse_date(t)?,
        None => today,
    };
    if from > to {
        return Err(Error::invalid(
            "统计期间",
            format!("开始日期 {from} 晚于结束日期 {to}，请调换"),
        )
        .into());
    }
    let f = need::figures(&store.need_facts()?, from, to, today);
    let rows = |v: &[FigureRow]| v.iter().map(FigureRowView::from).collect();
    Ok(FiguresView {
        total: FigureRowView::from(&f.total),
        by_month: rows(&f.by_month),
        by_kind: rows(&f.by_kind),
        by_owner: rows(&f.by_owner),
    })
}

/// One party member and their 微心愿 this year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaView {
    /// Person id.
    pub person_id: String,
    /// Name.
    pub name: String,
    /// 党支部.
    pub branch: String,
    /// 微心愿 claimed in the year.
    pub claimed: u32,
    /// At least one.
    pub met: bool,
}

/// 每名党员每年领办微心愿不少于1件: every party member with their count
/// in `year` (this year when `None`), those who have not first.
pub fn quota(store: &Store, year: Option<i32>) -> Result<Vec<QuotaView>> {
    let year = year.unwrap_or(store.today().year());
    let mut lines: Vec<QuotaView> =
        need::party_quota(&store.people()?, &store.wish_claims()?, year)
            .into_iter()
            .map(|q| QuotaView {
                person_id: q.person.id,
                name: q.person.name,
                branch: q.person.branch,
                claimed: q.claimed,
                met: q.met,
            })
            .collect();
    lines.sort_by_key(|q| q.met);
    Ok(lines)
}

/// Hide what a 公示 must not show: runs of 7 or more digits (phone and ID
/// numbers) become `＊＊＊`.
pub fn scrub_numbers(text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().filter(|c| c.is_ascii_digit()).count() >= 7 {
            out.push_str("＊＊＊");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() || (!run.is_empty() && matches!(c, 'X' | 'x' | '-' | ' ')) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Export the filtered needs to an .xlsx file; the 公示 variant (`public`)
/// leaves out the requester's phone, shows the requester as surname + 某,
/// hides number runs (phones, ID numbers) in the text, and replaces the
/// text of 医疗 needs (health details) with a placeholder. Returns the rows.
pub fn export(store: &Store, path: &str, query: &NeedQuery, public: bool) -> Result<usize> {
    let filter = NeedQuery {
        limit: None,
        offset: 0,
        ..query.clone()
    }
    .to_filter(store)?;
    let rows = store.list_needs(&filter)?;
    let mut headers = vec!["查询码", "登记日期", "村", "村民小组", "户主", "诉求人"];
    if !public {
        headers.push("诉求人电话");
    }
    headers.extend([
        "诉求内容",
        "分类",
        "类型",
        "来源",
        "状态",
        "领办人",
        "承诺办结时限",
        "是否逾期",
        "重新办理次数",
    ]);
    let mut table = Vec::with_capacity(rows.len());
    for r in &rows {
        let head = r.household_head.clone().unwrap_or_default();
        let mut line = vec![
            r.code.clone(),
            r.created_on.to_string(),
            r.village.clone(),
            r.group_no.clone().unwrap_or_default(),
            if public { surname_only(&head) } else { head },
        ];
        if public {
            line.push(surname_only(&r.requester));
            line.push(if r.category == "医疗" {
                "（医疗类诉求，内容不公示）".into()
            } else {
                scrub_numbers(&r.text)
            });
        } else {
            line.push(r.requester.clone());
            line.push(store.need(&r.id)?.need.requester_phone);
            line.push(r.text.clone());
        }
        line.extend([
            r.category.clone(),
            r.kind.label().to_string(),
            source_label(&r.source),
            r.status.label().to_string(),
            r.owner.clone().unwrap_or_default(),
            r.promised.map(|d| d.to_string()).unwrap_or_default(),
            if r.overdue { "逾期" } else { "" }.to_string(),
            r.reopens.to_string(),
        ]);
        table.push(line);
    }
    cunwu_sheet::write_table(
        Path::new(path),
        if public {
            "诉求公示"
        } else {
            "诉求台账"
        },
        &headers,
        &table,
    )?;
    Ok(table.len())
}

/// `王某` for `王建国` (a 公示 names people by surname only).
fn surname_only(name: &str) -> String {
    match name.trim().chars().next() {
        Some(c) => format!("{c}某"),
        None => String::new(),
    }
}

fn source_label(key: &str) -> String {
    match key {
        "visit" => "走访",
        "walk_in" => "来访",
        "joint_meeting" => "联席会议",
        "hotline" => "12345 工单",
        "micro_wish" => "微心愿",
        other => other,
    }
    .to_string()
}
