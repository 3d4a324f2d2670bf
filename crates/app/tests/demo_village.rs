//! The demo village's families hang together: a member's relation to the
//! head agrees with their sex and with the sex digit of their ID number,
//! and a wife is of her husband's generation, children younger.

mod common;

use cunwu_core::member::MemberField;
use cunwu_store::HouseholdFilter;

/// Birth year and whether the ID number says male (17th digit odd).
fn born_and_male(id_number: &str) -> (u32, bool) {
    let year = id_number[6..10].parse().expect("birth year");
    let digit = id_number[16..17].parse::<u32>().expect("sex digit");
    (year, digit % 2 == 1)
}

#[test]
fn demo_members_agree_with_their_relation_sex_and_id_number() {
    let dir = tempfile::tempdir().expect("tmp");
    let s = common::demo_village(&dir, 150, 7);
    let mut seen = std::collections::BTreeSet::new();
    for h in s
        .list_households(&HouseholdFilter::default())
        .expect("list")
    {
        let (head_born, head_male) =
            born_and_male(h.get(cunwu_core::household::HouseholdField::HeadIdNumber));
        assert!(head_male, "{}: the demo's heads are men", h.id);
        for m in s.members_of(&h.id).expect("members") {
            let relation = m.get(MemberField::Relation);
            let sex = m.get(MemberField::Sex);
            let (born, id_male) = born_and_male(m.get(MemberField::IdNumber));
            let want_male = matches!(relation, "子" | "孙子");
            assert_eq!(sex == "男", want_male, "{relation} is {sex}");
            assert_eq!(id_male, want_male, "{relation}'s ID number sex digit");
            let gap = born as i64 - head_born as i64;
            let ok = match relation {
                "配偶" => (0..5).contains(&gap),
                "子" | "女" => (20..35).contains(&gap),
                "孙子" | "孙女" => (45..55).contains(&gap),
                other => panic!("unexpected relation {other}"),
            };
            assert!(ok, "{relation} born {born}, head {head_born}");
            seen.insert(relation.to_string());
        }
    }
    assert!(seen.len() >= 5, "all kinds of relative appear: {seen:?}");
}
