//! Tests of the need lifecycle, its fold, codes, figures and quota.

use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    crate::visit::parse_date(s).expect("date")
}

fn need() -> Need {
    Need {
        id: "n1".into(),
        code: "WZ-ABC-1-X".into(),
        village: "网周村".into(),
        target: Target::Village,
        requester_name: "王大妈".into(),
        requester_phone: String::new(),
        text: "路灯坏了".into(),
        category: "道路与设施".into(),
        kind: Kind::Common,
        source: Source::WalkIn,
        owner: None,
        promised: None,
        created_on: d("2026-01-05"),
        created_by: "程鹏".into(),
    }
}

fn claim(owner: &str) -> Step {
    Step::Claim {
        owner: owner.into(),
        owner_id: None,
        promised: d("2026-02-01"),
    }
}

/// An event with id `id` at HLC ms `t` on device `dev`, having seen `after`.
fn ev(id: &str, t: i64, dev: &str, step: Step, after: &[&str]) -> Stamped {
    Stamped {
        hlc: Hlc { ms: t, counter: 0 },
        change: ChangeId {
            device: dev.into(),
            counter: t as u64,
        },
        event: NeedEvent {
            id: id.into(),
            need_id: "n1".into(),
            step,
            by: dev.into(),
            date: d("2026-01-10"),
            note: String::new(),
            after: after.iter().map(|s| s.to_string()).collect(),
        },
    }
}

/// The whole happy path, one laptop.
fn happy() -> Vec<Stamped> {
    vec![
        ev("e1", 1, "a", Step::Register, &[]),
        ev("e2", 2, "a", Step::Publish, &["e1"]),
        ev("e3", 3, "a", claim("李党员"), &["e2"]),
        ev("e4", 4, "a", Step::Progress, &["e3"]),
        ev("e5", 5, "a", Step::Done, &["e4"]),
        ev(
            "e6",
            6,
            "a",
            Step::Feedback {
                result: Satisfaction::Satisfied,
            },
            &["e5"],
        ),
        ev("e7", 7, "a", Step::Close, &["e6"]),
    ]
}

#[test]
fn happy_path_folds_to_closed() {
    let f = fold(&need(), &happy());
    assert_eq!(f.status, Status::Closed);
    assert_eq!(f.owner.as_deref(), Some("李党员"));
    assert_eq!(f.feedback, Some(Satisfaction::Satisfied));
    assert!(f.conflicts.is_empty());
    assert_eq!(f.heads, vec!["e7".to_string()]);
    assert_eq!(f.timeline.len(), 7);
    assert!(f.timeline.iter().all(|t| t.applied));
}

#[test]
fn unsatisfied_feedback_returns_to_work_and_counts_a_reopen() {
    let mut evs = happy();
    evs.truncate(5);
    evs.push(ev(
        "e6",
        6,
        "a",
        Step::Feedback {
            result: Satisfaction::Unsatisfied,
        },
        &["e5"],
    ));
    let f = fold(&need(), &evs);
    assert_eq!(f.status, Status::InProgress);
    assert_eq!(f.reopens, 1);
    // Closing now is refused: there is no satisfied feedback record since.
    let err = check_step(&Step::Close, f.status).unwrap_err().to_string();
    assert!(err.contains("落实中") && err.contains("不能销号"), "{err}");
}

#[test]
fn every_refused_step_says_what_can_be_done() {
    let cases: Vec<(Step, Status, &str)> = vec![
        (Step::Close, Status::Done, "销号前要先回访群众"),
        (
            Step::Close,
            Status::InProgress,
            "现在可以：记录进展、标记已落实",
        ),
        (
            Step::Feedback {
                result: Satisfaction::Satisfied,
            },
            Status::Claimed,
            "请先标记已落实",
        ),
        (claim("张三"), Status::Collected, "请先登记"),
        (Step::Publish, Status::Collected, "现在可以：登记"),
        (Step::Register, Status::Closed, "现在可以：重新办理"),
        (Step::Done, Status::Registered, "不能标记已落实"),
        (
            Step::Reject { reason: "x".into() },
            Status::InProgress,
            "不能不予受理",
        ),
        (
            Step::Merge {
                into: "n2".into(),
                into_code: String::new(),
            },
            Status::Claimed,
            "不能合并",
        ),
        (Step::Reopen, Status::Registered, "不能重新办理"),
    ];
    for (step, status, want) in cases {
        let err = check_step(&step, status).unwrap_err().to_string();
        assert!(err.contains(want), "{step:?} from {status:?}: {err}");
        assert!(err.contains(status.label()), "{err}");
    }
    // Field checks.
    let today = d("2026-03-01");
    let past = Step::Claim {
        owner: "张三".into(),
        owner_id: None,
        promised: d("2026-02-28"),
    };
    assert!(past
        .validate(today)
        .unwrap_err()
        .to_string()
        .contains("已经过去"));
    assert!(Satisfaction::parse("")
        .unwrap_err()
        .to_string()
        .contains("满意"));
}

#[test]
fn explained_need_returns_to_registered_on_review() {
    let evs = vec![
        ev("e1", 1, "a", Step::Register, &[]),
        ev(
            "e2",
            2,
            "a",
            Step::Explain {
                explanation: "资金未到位".into(),
                told_by: "程鹏".into(),
                told_on: d("2026-01-10"),
                review_on: d("2026-06-01"),
            },
            &["e1"],
        ),
    ];
    let f = fold(&need(), &evs);
    assert_eq!(f.status, Status::Explained);
    assert_eq!(f.review_on, Some(d("2026-06-01")));
    let mut evs2 = evs.clone();
    evs2.push(ev("e3", 3, "a", Step::Reopen, &["e2"]));
    let f = fold(&need(), &evs2);
    assert_eq!(f.status, Status::Registered);
    assert_eq!(f.reopens, 0, "a review is not a reopen");
}

#[test]
fn two_offline_claims_are_kept_and_conflict_until_settled() {
    let mut evs = happy();
    evs.truncate(2);
    evs.push(ev("c1", 10, "a", claim("李党员"), &["e2"]));
    evs.push(ev("c2", 11, "b", claim("赵党员"), &["e2"]));
    let f = fold(&need(), &evs);
    assert_eq!(f.status, Status::Claimed);
    assert_eq!(
        f.owner.as_deref(),
        Some("李党员"),
        "the earlier claim applies"
    );
    assert_eq!(f.conflicts.len(), 1);
    assert_eq!(f.conflicts[0].events, ["c1".to_string(), "c2".to_string()]);
    assert_eq!(f.heads, vec!["c1".to_string(), "c2".to_string()]);
    assert!(
        !f.timeline
            .iter()
            .find(|t| t.event.id == "c2")
            .unwrap()
            .applied
    );
    // Someone sees both and settles.
    evs.push(ev("s", 12, "a", Step::Settle, &["c1", "c2"]));
    let f = fold(&need(), &evs);
    assert!(f.conflicts.is_empty());
    assert_eq!(f.heads, vec!["s".to_string()]);
}

#[test]
fn close_against_reopen_is_a_conflict() {
    let mut evs = happy();
    evs.truncate(6);
    evs.push(ev("close", 20, "a", Step::Close, &["e6"]));
    evs.push(ev("reopen", 21, "b", Step::Reopen, &["e6"]));
    let f = fold(&need(), &evs);
    assert_eq!(f.conflicts.len(), 1);
    // Closed, then reopened (later HLC): 落实中, one reopen.
    assert_eq!(f.status, Status::InProgress);
    assert_eq!(f.reopens, 1);
    // A township urge concurrent with anything is no conflict.
    evs.push(ev("u", 22, "t", Step::Urge, &["e2"]));
    assert_eq!(fold(&need(), &evs).conflicts.len(), 1);
}

fn any_events() -> impl Strategy<Value = Vec<Stamped>> {
    let step = prop_oneof![
        Just(Step::Register),
        Just(Step::Publish),
        Just(claim("甲")),
        Just(claim("乙")),
        Just(Step::Progress),
        Just(Step::Done),
        Just(Step::Feedback {
            result: Satisfaction::Satisfied
        }),
        Just(Step::Feedback {
            result: Satisfaction::Unsatisfied
        }),
        Just(Step::Close),
        Just(Step::Reopen),
        Just(Step::Urge),
        Just(Step::Settle),
        Just(Step::Reject { reason: "r".into() }),
    ];
    prop::collection::vec(
        (
            step,
            0i64..6,
            0usize..3,
            prop::collection::vec(0usize..12, 0..3),
        ),
        1..12,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(i, (step, t, dev, after))| {
                let after: Vec<String> = after
                    .into_iter()
                    .filter(|a| *a < i)
                    .map(|a| format!("e{a}"))
                    .collect();
                let after: Vec<&str> = after.iter().map(String::as_str).collect();
                let mut e = ev(&format!("e{i}"), t, ["a", "b", "c"][dev], step, &after);
                e.change.counter = i as u64 + 1;
                e
            })
            .collect()
    })
}

proptest! {
    /// Any permutation and any duplication of a need's events folds to the
    /// same status and the same conflict set.
    #[test]
    fn fold_ignores_order_and_duplicates(
        events in any_events(),
        perm in prop::collection::vec(any::<prop::sample::Index>(), 0..30),
        shuffle_seed in any::<u64>(),
    ) {
        let base = fold(&need(), &events);
        let mut mixed: Vec<Stamped> = events.clone();
        for ix in &perm {
            mixed.push(events[ix.index(events.len())].clone());
        }
        // Deterministic shuffle by the seed.
        let mut s = shuffle_seed | 1;
        for i in (1..mixed.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            mixed.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let other = fold(&need(), &mixed);
        let summary = fold_summary(&need(), &mixed);
        prop_assert_eq!(Folded { timeline: Vec::new(), ..other.clone() }, summary);
        prop_assert_eq!(base.status, other.status);
        prop_assert_eq!(&base.conflicts, &other.conflicts);
        prop_assert_eq!(&base.heads, &other.heads);
        prop_assert_eq!(base.reopens, other.reopens);
        prop_assert_eq!(base.owner, other.owner);
        prop_assert_eq!(base.timeline.len(), events.len());
    }
}

#[test]
fn tracking_codes_read_back_and_catch_a_wrong_character() {
    let code = tracking_code("WZC", "3f9a0c1e-device", 12);
    assert!(code.starts_with("WZ-"), "{code}");
    assert!(code.len() <= 12, "{code}");
    assert_eq!(normalize_code(&code).unwrap(), code);
    assert_eq!(
        normalize_code(&code.to_lowercase().replace('-', " ")).unwrap(),
        code
    );
    // Change one character of the counter: the check catches it.
    let wrong = code.replace("-12-", "-13-");
    let err = normalize_code(&wrong).unwrap_err().to_string();
    assert!(err.contains("校验位"), "{err}");
    assert!(normalize_code("hello").is_err());
    // Two devices, same number: different codes.
    assert_ne!(
        tracking_code("WZ", "device-a", 1),
        tracking_code("WZ", "device-b", 1)
    );
    // No confusable characters.
    for c in CODE_ALPHABET[..31].iter() {
        assert!(!b"01OIL".contains(c));
    }
}

#[allow(clippy::too_many_arguments)]
fn facts(
    kind: Kind,
    owner: &str,
    status: Status,
    created: &str,
    promised: Option<&str>,
    done: Option<&str>,
    closed: Option<&str>,
    feedback: Option<Satisfaction>,
    reopens: u32,
) -> NeedFacts {
    NeedFacts {
        kind,
        source: "walk_in".into(),
        owner: (!owner.is_empty()).then(|| owner.to_string()),
        status,
        created_on: d(created),
        promised: promised.map(d),
        claimed_on: None,
        done_on: done.map(d),
        closed_on: closed.map(d),
        feedback,
        reopens,
    }
}

/// A small village computed by hand:
///
/// | # | kind | owner | status | created | promised | done | closed | feedback | reopens |
/// |---|------|-------|--------|---------|----------|------|--------|----------|---------|
/// | 1 | 个性 | 李 | 已销号 | 01-05 | 01-20 | 01-15 | 01-25 | 满意 | 0 |
/// | 2 | 个性 | 李 | 已销号 | 01-10 | 01-20 | 01-28 | 02-09 | 基本满意 | 1 |
/// | 3 | 共性 | 赵 | 落实中 | 02-01 | 02-10 | — | — | 不满意 | 1 |
/// | 4 | 共性 | 赵 | 已反馈 | 02-03 | — | 02-20 | — | 满意 | 0 |
/// | 5 | 个性 | — | 不予受理 | 02-05 | — | — | — | — | 0 |
/// | 6 | 暂不具备条件 | — | 已解释 | 02-06 | — | — | — | — | 0 |
/// | 7 | 个性 | 李 | 已销号 | 02-07 | 02-15 | 02-14 | 02-21 | 满意 | 0 |
///
/// Accepted 6 (not #5). Resolved #1 #2 #4 #7 = 4 → 66.67%. Feedback #1 #2 #3
/// #4 #7 = 5, good 4 → 80.00%. On time: resolved with promised #1 #2 #7,
/// done by the date #1 #7 → 2/3 = 66.67%. Days to close: 20, 30, 14 → sorted
/// 14, 20, 30 → median 20. Reopens 2. Overdue on 03-01: #3 (promised 02-10,
/// 落实中) → 1.
#[test]
fn figures_of_a_hand_computed_village() {
    use Satisfaction::*;
    use Status as S;
    let all = vec![
        facts(
            Kind::Individual,
            "李",
            S::Closed,
            "2026-01-05",
            Some("2026-01-20"),
            Some("2026-01-15"),
            Some("2026-01-25"),
            Some(Satisfied),
            0,
        ),
        facts(
            Kind::Individual,
            "李",
            S::Closed,
            "2026-01-10",
            Some("2026-01-20"),
            Some("2026-01-28"),
            Some("2026-02-09"),
            Some(Basic),
            1,
        ),
        facts(
            Kind::Common,
            "赵",
            S::InProgress,
            "2026-02-01",
            Some("2026-02-10"),
            None,
            None,
            Some(Unsatisfied),
            1,
        ),
        facts(
            Kind::Common,
            "赵",
            S::FedBack,
            "2026-02-03",
            None,
            Some("2026-02-20"),
            None,
            Some(Satisfied),
            0,
        ),
        facts(
            Kind::Individual,
            "",
            S::Rejected,
            "2026-02-05",
            None,
            None,
            None,
            None,
            0,
        ),
        facts(
            Kind::NotYet,
            "",
            S::Explained,
            "2026-02-06",
            None,
            None,
            None,
            None,
            0,
        ),
        facts(
            Kind::Individual,
            "李",
            S::Closed,
            "2026-02-07",
            Some("2026-02-15"),
            Some("2026-02-14"),
            Some("2026-02-21"),
            Some(Satisfied),
            0,
        ),
        // Outside the period: not counted.
        facts(
            Kind::Individual,
            "李",
            S::Closed,
            "2025-12-31",
            None,
            None,
            Some("2026-01-02"),
            Some(Unsatisfied),
            3,
        ),
    ];
    let f = figures(&all, d("2026-01-01"), d("2026-02-28"), d("2026-03-01"));
    let t = &f.total;
    assert_eq!(t.accepted, 6);
    assert_eq!(t.resolved, 4);
    assert_eq!(t.resolution_rate.percent(), "66.67%");
    assert_eq!(t.feedback, 5);
    assert_eq!(t.satisfaction_rate.percent(), "80.00%");
    assert_eq!(t.on_time_rate, Rate { num: 2, den: 3 });
    assert_eq!(t.median_days_to_close, Some(20));
    assert_eq!(t.reopens, 2);
    assert_eq!(t.overdue, 1);
    // Per month: January has #1 #2, February the rest.
    assert_eq!(f.by_month.len(), 2);
    assert_eq!(f.by_month[0].label, "2026-01");
    assert_eq!((f.by_month[0].accepted, f.by_month[0].resolved), (2, 2));
    assert_eq!(
        f.by_month[0].median_days_to_close,
        Some(20),
        "lower median of 20, 30"
    );
    assert_eq!((f.by_month[1].accepted, f.by_month[1].resolved), (4, 2));
    // Per kind: 个性 first.
    assert_eq!(f.by_kind[0].label, "个性");
    assert_eq!((f.by_kind[0].accepted, f.by_kind[0].resolved), (3, 3));
    let zhao = f.by_owner.iter().find(|r| r.label == "赵").unwrap();
    assert_eq!(zhao.satisfaction_rate.percent(), "50.00%");
    assert_eq!(zhao.overdue, 1);
    // The seed's scale: 93.53%.
    assert_eq!(
        Rate {
            num: 9353,
            den: 10000
        }
        .percent(),
        "93.53%"
    );
    assert_eq!(Rate::default().percent(), "—");
}

#[test]
fn quota_lists_who_has_and_has_not_claimed_a_wish() {
    let p = |id: &str, name: &str, party: bool| Person {
        id: id.into(),
        name: name.into(),
        party_member: party,
        ..Default::default()
    };
    let people = vec![
        p("p1", "李明", true),
        p("p2", "赵红", true),
        p("p3", "程鹏", false),
    ];
    let claims = vec![
        (Some("p1".to_string()), "李明".to_string(), d("2026-04-01")),
        (None, "赵红".to_string(), d("2025-04-01")),
        (None, "程鹏".to_string(), d("2026-04-01")),
    ];
    let q = party_quota(&people, &claims, 2026);
    assert_eq!(q.len(), 2, "only party members");
    assert!(q[0].met && q[0].claimed == 1);
    assert!(!q[1].met, "赵红's claim was last year");
}

#[test]
fn input_checks() {
    let today = d("2026-03-01");
    let mut i = NeedInput {
        text: "修路".into(),
        category: "道路与设施".into(),
        ..Default::default()
    };
    assert!(i.validate(today).is_ok());
    i.category = "修路".into();
    assert!(i
        .validate(today)
        .unwrap_err()
        .to_string()
        .contains("道路与设施"));
    i.category = "其他".into();
    i.promised = Some(d("2026-02-01"));
    assert!(i
        .validate(today)
        .unwrap_err()
        .to_string()
        .contains("已经过去"));
    i.promised = None;
    i.source = Some(Source::Hotline {
        order_no: " ".into(),
    });
    assert!(i
        .validate(today)
        .unwrap_err()
        .to_string()
        .contains("工单号"));
    assert_eq!(Kind::parse("老大难").unwrap(), Kind::Legacy);
    assert_eq!(Kind::parse("individual").unwrap(), Kind::Individual);
    assert_eq!(Status::parse("已销号").unwrap(), Status::Closed);
}
