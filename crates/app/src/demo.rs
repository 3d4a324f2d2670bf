//! A realistic demo village: Chinese names, groups, categories, members and
//! a year of visits, made deterministically from a seed so every run (and
//! every test) sees the same village. Written through the same use cases a
//! person would use, so the change log is real.

use cunwu_core::household::{HouseholdField, CATEGORIES, MONITORING, POVERTY_CAUSES};
use cunwu_core::id_number::check_char;
use cunwu_core::member::MemberField;
use cunwu_core::visit::VisitInput;
use cunwu_store::{Result, Store};
use std::collections::BTreeMap;

const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段单解";
const GIVEN: &str = "家龙国强建华秀英桂兰玉梅志刚明辉春生永福德胜海燕丽娟文军红霞小平金凤长青振东保国守信有才淑珍凤英桂芳秋菊立新卫东";
const TEAM: [&str; 4] = ["程鹏", "张浩然", "李娜", "王强"];
const SITUATIONS: [&str; 6] = [
    "独居老人，身体尚可，靠养羊补贴家用",
    "两个孩子上学，母亲长期服药",
    "主要劳力外出务工，留守老人和儿童",
    "种植小麦十亩，今年收成一般",
    "房屋有裂缝，雨季漏水",
    "家庭收入稳定，生活改善明显",
];
const NEEDS: [&str; 6] = [
    "羊卖不上价，希望帮忙找销路",
    "孩子助学金申请",
    "慢性病卡办理",
    "危房改造",
    "",
    "希望介绍就近务工",
];

/// Deterministic pseudo-random numbers (SplitMix64).
pub struct Dice(u64);

impl Dice {
    /// Seeded generator.
    pub fn new(seed: u64) -> Dice {
        Dice(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// One element of a slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// A Chinese name.
pub fn person_name(d: &mut Dice) -> String {
    let s = chars(SURNAMES);
    let g = chars(GIVEN);
    let mut n = String::new();
    n.push(*d.pick(&s));
    n.push(*d.pick(&g));
    if d.chance(70) {
        n.push(*d.pick(&g));
    }
    n
}

/// A valid ID number (泗县 region code) for someone born in `year`.
pub fn id_number(d: &mut Dice, year: u32, male: bool) -> String {
    let body = format!(
        "341324{year:04}{:02}{:02}{:02}{}",
        1 + d.below(12),
        1 + d.below(28),
        d.below(100),
        (d.below(5) * 2 + usize::from(male)) % 10
    );
    let check = check_char(&body).unwrap_or('0');
    format!("{body}{check}")
}

/// What `create` made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    /// Households added.
    pub households: usize,
    /// Members added.
    pub members: usize,
    /// Visits logged.
    pub visits: usize,
}

/// Fill an initialised, empty village with `n` households and a year of visits.
pub fn create(store: &mut Store, n: usize, seed: u64) -> Result<DemoSummary> {
    // Marked first: a demo never syncs, even if generating it stops half-way.
    store.mark_demo()?;
    let mut d = Dice::new(seed);
    let mut summary = DemoSummary {
        households: 0,
        members: 0,
        visits: 0,
    };
    let today = store.today();
    let groups = (n / 120).clamp(3, 12);
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let group = if i == 0 { 3 } else { 1 + d.below(groups) };
        let name = if i == 0 {
            "金家龙".to_string()
        } else {
            person_name(&mut d)
        };
        let mut v = BTreeMap::new();
        v.insert(HouseholdField::Code, format!("{group:02}{:04}", i + 1));
        v.insert(HouseholdField::HeadName, name);
        v.insert(HouseholdField::GroupNo, group.to_string());
        v.insert(
            HouseholdField::Address,
            format!("{group}组{}号", 1 + d.below(200)),
        );
        v.insert(
            HouseholdField::Phone,
            format!(
                "1{}{:09}",
                [3, 5, 8][d.below(3)],
                d.next_u64() % 1_000_000_000
            ),
        );
        let year = 1940 + d.below(50) as u32;
        v.insert(HouseholdField::HeadIdNumber, id_number(&mut d, year, true));
        let category = if i == 0 {
            "脱贫户"
        } else {
            CATEGORIES[[0, 0, 0, 1, 2, 3, 3][d.below(7)]]
        };
        v.insert(HouseholdField::Category, category.to_string());
        if category != "一般户" && d.chance(25) {
            v.insert(HouseholdField::Monitoring, d.pick(&MONITORING).to_string());
        }
        if category == "脱贫户" {
            v.insert(
                HouseholdField::PovertyCauses,
                d.pick(&POVERTY_CAUSES[..9]).to_string(),
            );
        }
        v.insert(HouseholdField::Cadre, d.pick(&TEAM).to_string());
        let h = store.add_household(&v)?;
        summary.households += 1;
        for k in 0..d.below(4) {
            // The head (a man born in `year`): a wife of his age, then
            // children 20–34 years younger, grandchildren in older homes.
            // The dice are drawn in the same order and number as ever, so
            // the rest of the village (codes, groups, visits) stays the same.
            let coin = d.chance(50);
            let name = person_name(&mut d);
            let kind = d.below(5);
            let spread = d.below(70) as u32;
            let male = k > 0 && coin;
            let (relation, born) = match k {
                0 => ("配偶", year + spread % 5),
                _ if year < 1965 && kind < 2 => {
                    (if male { "孙子" } else { "孙女" }, year + 45 + spread % 10)
                }
                _ => (if male { "子" } else { "女" }, year + 20 + spread % 15),
            };
            let mut m = BTreeMap::new();
            m.insert(MemberField::Name, name);
            m.insert(MemberField::Sex, if male { "男" } else { "女" }.to_string());
            m.insert(MemberField::Relation, relation.to_string());
            m.insert(MemberField::IdNumber, id_number(&mut d, born, male));
            store.add_member(&h.id, &m)?;
            summary.members += 1;
        }
        ids.push(h.id);
    }
    let mut raised: Vec<crate::demo_needs::Raised> = Vec::new();
    for id in &ids {
        for _ in 0..d.below(9) {
            let days_ago = d.below(365) as i64;
            let input = VisitInput {
                date: Some(today - chrono::Duration::days(days_ago)),
                visitors: vec![d.pick(&TEAM).to_string()],
                situation: d.pick(&SITUATIONS).to_string(),
                difficulties: String::new(),
                needs: d.pick(&NEEDS).to_string(),
                follow_up: "下次联席会议上报".to_string(),
            };
            let visit = store.add_visit(id, &input)?;
            if !input.needs.is_empty() {
                raised.push((id.clone(), visit.id, visit.date, input.needs));
            }
            summary.visits += 1;
        }
    }
    crate::coop::demo::create(store, seed)?;
    crate::demo_needs::create(store, &raised, seed)?;
    Ok(summary)
}

/// A 农户台账 table of `n` valid rows in the import template's columns, for
/// benchmarks and tests of import at scale.
pub fn register_rows(n: usize, seed: u64) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let headers = vec![
        "户编号",
        "户主姓名",
        "村民小组",
        "住址",
        "联系电话",
        "身份证号",
        "户属性",
        "监测类型",
        "致贫原因",
        "帮扶责任人",
    ];
    let mut d = Dice::new(seed);
    let groups = (n / 120).clamp(3, 12);
    let rows = (0..n)
        .map(|i| {
            let group = 1 + d.below(groups);
            let category = CATEGORIES[[0, 0, 0, 1, 2, 3, 3][d.below(7)]];
            let year = 1940 + d.below(50) as u32;
            vec![
                format!("{group:02}{:04}", i + 1),
                person_name(&mut d),
                group.to_string(),
                format!("{group}组{}号", 1 + d.below(200)),
                format!(
                    "1{}{:09}",
                    [3, 5, 8][d.below(3)],
                    d.next_u64() % 1_000_000_000
                ),
                id_number(&mut d, year, true),
                category.to_string(),
                if category != "一般户" && d.chance(25) {
                    d.pick(&MONITORING).to_string()
                } else {
                    String::new()
                },
                if category == "脱贫户" {
                    d.pick(&POVERTY_CAUSES[..9]).to_string()
                } else {
                    String::new()
                },
                d.pick(&TEAM).to_string(),
            ]
        })
        .collect();
    (headers, rows)
}
