//! The demo village's needs and people: party members, 村两委 and the
//! work team; needs drawn from the demo visits' 诉求 plus walk-ins,
//! meetings, 12345 orders and 微心愿 over every month of the last two
//! years, walked to every status (some overdue, some reopened), each step
//! dated as it would have been. Deterministic from the seed; written
//! through the store's own need and step use cases.

use crate::demo::{person_name, Dice};
use chrono::{Duration, NaiveDate};
use cunwu_core::need::{Kind, NeedInput, PersonField, Satisfaction, Source, Step, Target};
use cunwu_store::{Result, Store};
use std::collections::BTreeMap;

/// A need a demo visit raised: (household id, visit id, visit date, 诉求 text).
pub type Raised = (String, String, NaiveDate, String);

/// What the demo made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DemoNeeds {
    /// People added.
    pub people: usize,
    /// Needs recorded.
    pub needs: usize,
    /// Steps taken.
    pub steps: usize,
}

const TEAM: [(&str, &str); 4] = [
    ("程鹏", "工作队队长"),
    ("张浩然", "工作队员"),
    ("李娜", "工作队员"),
    ("王强", "工作队员"),
];
const COMMITTEE: [&str; 3] = ["党支部书记", "村委会主任", "村两委委员"];

const OTHER_NEEDS: [(&str, &str, Kind); 10] = [
    ("村口路灯不亮，晚上出行不便", "道路与设施", Kind::Common),
    ("三组到镇上的路坑洼积水", "道路与设施", Kind::Common),
    ("自来水水压低，高处人家接不上水", "饮水", Kind::Common),
    ("垃圾清运不及时", "环境", Kind::Common),
    ("邻里宅基地界线纠纷", "矛盾纠纷", Kind::Legacy),
    ("咨询新农合缴费标准", "政策咨询", Kind::Individual),
    ("想学电商卖农产品", "产业", Kind::Individual),
    ("老宅确权遗留问题", "住房", Kind::Legacy),
    ("希望修建村文化广场", "其他", Kind::NotYet),
    ("灌溉渠年久失修", "产业", Kind::Common),
];
const WISHES: [&str; 6] = [
    "想要一台收音机",
    "孩子想要一套课外书",
    "希望有人帮忙修电灯",
    "想要一副老花镜",
    "希望陪同去县医院复查",
    "想要一个轮椅",
];

fn category_of(text: &str) -> (&'static str, Kind) {
    if text.contains("销路") {
        ("产业", Kind::Individual)
    } else if text.contains("助学") {
        ("教育", Kind::Individual)
    } else if text.contains("慢性病") {
        ("医疗", Kind::Individual)
    } else if text.contains("危房") {
        ("住房", Kind::Individual)
    } else if text.contains("务工") {
        ("就业", Kind::Individual)
    } else {
        ("其他", Kind::Individual)
    }
}

/// Add the people and the needs to a demo village.
pub fn create(store: &mut Store, raised: &[Raised], seed: u64) -> Result<DemoNeeds> {
    let mut d = Dice::new(seed ^ 0x6E65_6564_7321);
    let mut out = DemoNeeds::default();
    let today = store.today();
    let village = store
        .profile()?
        .map(|p| p.village)
        .unwrap_or_else(|| "网周村".into());
    // People: the team, the 两委 and eight party members.
    let mut party: Vec<(String, String)> = Vec::new();
    let mut committee: Vec<String> = Vec::new();
    let mut add = |store: &mut Store, name: String, role: &str, member: bool| -> Result<String> {
        let mut v = BTreeMap::new();
        v.insert(PersonField::Name, name.clone());
        v.insert(PersonField::Role, role.to_string());
        if member {
            v.insert(PersonField::Branch, format!("{village}党支部"));
            v.insert(PersonField::PartyMember, "1".into());
        }
        let p = store.add_person(&v)?;
        out.people += 1;
        Ok(p.id)
    };
    for (name, role) in TEAM {
        let id = add(store, name.to_string(), role, name == "程鹏")?;
        if name == "程鹏" {
            party.push((id, name.to_string()));
        }
    }
    for role in COMMITTEE {
        let name = person_name(&mut d);
        let id = add(store, name.clone(), role, true)?;
        party.push((id, name.clone()));
        committee.push(name);
    }
    for _ in 0..8 {
        let name = person_name(&mut d);
        let id = add(store, name.clone(), "党员", true)?;
        party.push((id, name));
    }
    // Two members never claim a 微心愿: the quota shows them.
    let claimers = &party[..party.len() - 2];

    // The needs: from the visits' 诉求, then the other sources over two years.
    struct Plan {
        input: NeedInput,
        on: NaiveDate,
    }
    let mut plans: Vec<Plan> = Vec::new();
    // About half of the visits' 诉求, at most about 300 (a large demo
    // village stays quick to make).
    let percent = (30_000 / raised.len().max(1)).clamp(1, 55);
    for (household, visit, date, text) in raised {
        if !d.chance(percent) {
            continue;
        }
        let (category, kind) = category_of(text);
        plans.push(Plan {
            input: NeedInput {
                target: Some(Target::Household {
                    household_id: household.clone(),
                }),
                requester_name: String::new(),
                requester_phone: String::new(),
                text: text.clone(),
                category: category.into(),
                kind: Some(kind),
                source: Some(Source::Visit {
                    visit_id: visit.clone(),
                }),
                owner: None,
                promised: None,
            },
            on: *date,
        });
    }
    for month in 0..24 {
        for _ in 0..(2 + d.below(4)) {
            let on = today - Duration::days(month * 30 + d.below(30) as i64);
            let requester = person_name(&mut d);
            let input = match d.below(4) {
                0 => {
                    let (text, category, kind) = *d.pick(&OTHER_NEEDS);
                    NeedInput {
                        target: Some(Target::Group {
                            group_no: (1 + d.below(3)).to_string(),
                        }),
                        text: text.into(),
                        category: category.into(),
                        kind: Some(kind),
                        source: Some(Source::JointMeeting),
                        ..Default::default()
                    }
                }
                1 => {
                    let (text, category, kind) = *d.pick(&OTHER_NEEDS);
                    NeedInput {
                        text: text.into(),
                        category: category.into(),
                        kind: Some(kind),
                        source: Some(Source::Hotline {
                            order_no: format!("SX{}-{:04}", on.format("%Y%m%d"), d.below(10_000)),
                        }),
                        requester_name: requester,
                        requester_phone: format!("139{:08}", d.next_u64() % 100_000_000),
                        ..Default::default()
                    }
                }
                2 => NeedInput {
                    text: d.pick(&WISHES).to_string(),
                    category: "其他".into(),
                    kind: Some(Kind::Individual),
                    source: Some(Source::MicroWish),
                    requester_name: requester,
                    ..Default::default()
                },
                _ => {
                    let (text, category, kind) = *d.pick(&OTHER_NEEDS);
                    NeedInput {
                        text: text.into(),
                        category: category.into(),
                        kind: Some(kind),
                        source: Some(Source::WalkIn),
                        requester_name: requester,
                        ..Default::default()
                    }
                }
            };
            plans.push(Plan { input, on });
        }
    }
    plans.sort_by_key(|p| p.on);
    let mut closed_recent: Vec<String> = Vec::new();
    let mut last: Option<String> = None;
    for plan in plans {
        let recorder = TEAM[d.below(TEAM.len())].0;
        let r = store.add_need_on(&village, recorder, &plan.input, plan.on)?;
        out.needs += 1;
        let id = r.need.id.clone();
        let previous = last.replace(id.clone());
        let kind = r.need.kind;
        let wish = r.need.source == Source::MicroWish;
        let age = (today - plan.on).num_days();
        // Older needs have gone further; a few old ones are stuck (overdue).
        let stage = match age {
            0..=7 => d.below(3),
            8..=45 => 1 + d.below(6),
            46..=90 => 3 + d.below(6),
            _ if d.chance(8) => 3 + d.below(2),
            _ => 5 + d.below(4),
        };
        let on = std::cell::Cell::new(plan.on);
        let mut step =
            |store: &mut Store, s: Step, note: &str, gap: i64, by: &str| -> Result<bool> {
                let next = (on.get() + Duration::days(gap)).min(today);
                on.set(next);
                store.need_step_on(&id, s, note, Some(by), next)?;
                out.steps += 1;
                Ok(true)
            };
        if stage == 0 {
            continue;
        }
        step(store, Step::Register, "", 1, recorder)?;
        match kind {
            Kind::NotYet => {
                step(
                    store,
                    Step::Explain {
                        explanation: "村集体资金不足，已列入明年计划".into(),
                        told_by: committee[0].clone(),
                        told_on: (plan.on + Duration::days(3)).min(today),
                        review_on: today + Duration::days(30 + d.below(200) as i64),
                    },
                    "列入待办档案",
                    3,
                    &committee[0],
                )?;
                continue;
            }
            Kind::Legacy if d.chance(40) => {
                step(
                    store,
                    Step::Transfer {
                        unit: "镇自然资源所".into(),
                    },
                    "报镇里协调",
                    5,
                    &committee[0],
                )?;
                continue;
            }
            _ => {}
        }
        if let Some(first) = previous.clone().filter(|_| d.chance(3)) {
            step(
                store,
                Step::Merge {
                    into: first,
                    into_code: String::new(),
                },
                "与前一条诉求重复",
                1,
                recorder,
            )?;
            continue;
        }
        if d.chance(4) {
            step(
                store,
                Step::Reject {
                    reason: "不属于村里办理的事项，已告知群众向县信访局反映".into(),
                },
                "",
                2,
                recorder,
            )?;
            continue;
        }
        if stage == 1 {
            continue;
        }
        step(store, Step::Publish, "", 1, recorder)?;
        if stage == 2 {
            continue;
        }
        let (owner_id, owner) = match kind {
            Kind::Common => (None, committee[1 + d.below(2)].clone()),
            Kind::Legacy => (None, committee[0].clone()),
            _ if wish => {
                let (id, name) = &claimers[d.below(claimers.len())];
                (Some(id.clone()), name.clone())
            }
            _ => {
                let (id, name) = &party[d.below(party.len())];
                (Some(id.clone()), name.clone())
            }
        };
        let claim_on = (on.get() + Duration::days(2)).min(today);
        let promised = claim_on + Duration::days(5 + d.below(30) as i64);
        step(
            store,
            Step::Claim {
                owner: owner.clone(),
                owner_id,
                promised,
            },
            "",
            2,
            &owner,
        )?;
        if stage == 3 {
            continue;
        }
        step(store, Step::Progress, "已联系相关部门，正在办理", 3, &owner)?;
        if d.chance(15) {
            step(store, Step::Urge, "请抓紧办理", 2, "草沟镇 督办")?;
        }
        if stage == 4 {
            continue;
        }
        // Done on time or late.
        let late = d.chance(20);
        let gap = if late {
            (promised - on.get()).num_days() + 3
        } else {
            1 + d.below(((promised - on.get()).num_days().max(1)) as usize) as i64
        };
        step(store, Step::Done, "", gap.max(1), &owner)?;
        if stage == 5 {
            continue;
        }
        let reopen = d.chance(12);
        if reopen {
            step(
                store,
                Step::Feedback {
                    result: Satisfaction::Unsatisfied,
                },
                "群众反映问题没有彻底解决",
                2,
                recorder,
            )?;
            step(store, Step::Progress, "重新落实", 3, &owner)?;
            step(store, Step::Done, "", 4, &owner)?;
        }
        let result = match d.below(20) {
            0 => Satisfaction::Unsatisfied,
            1..=3 => Satisfaction::Basic,
            _ => Satisfaction::Satisfied,
        };
        step(store, Step::Feedback { result }, "电话回访", 2, recorder)?;
        if result == Satisfaction::Unsatisfied || stage == 6 {
            continue;
        }
        step(store, Step::Close, "", 1, recorder)?;
        if age < 90 && d.chance(10) {
            closed_recent.push(id.clone());
        }
    }
    // A few closed needs reopened after the villager came back.
    for id in closed_recent.iter().take(3) {
        store.need_step_on(
            id,
            Step::Reopen,
            "群众反映又出现同样问题",
            Some("程鹏"),
            today,
        )?;
        out.steps += 1;
    }
    Ok(out)
}
