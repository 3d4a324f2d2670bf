//! Shared set-up for store tests: a village database on a manual clock.

use cunwu_core::clock::ManualClock;
use cunwu_core::household::HouseholdField;
use cunwu_store::Store;
use std::collections::BTreeMap;
use std::sync::Arc;

/// 2026-11-29 08:00 China time.
pub const T0: i64 = 1_795_910_400_000;

/// A fresh initialised store in `dir` named `name`, with its clock.
pub fn village(dir: &tempfile::TempDir, name: &str, user: &str) -> (Store, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(T0));
    let mut s = Store::open(&dir.path().join(name), clock.clone()).expect("open");
    s.init("网周村", Some("草沟镇"), user).expect("init");
    (s, clock)
}

/// Household field values from `(field, value)` pairs.
pub fn values(pairs: &[(HouseholdField, &str)]) -> BTreeMap<HouseholdField, String> {
    pairs.iter().map(|(f, v)| (*f, v.to_string())).collect()
}

/// A minimal valid household.
pub fn household(code: &str, name: &str, group: &str) -> BTreeMap<HouseholdField, String> {
    values(&[
        (HouseholdField::Code, code),
        (HouseholdField::HeadName, name),
        (HouseholdField::GroupNo, group),
    ])
}

/// The co-op's usual signers: 经办 王芳, 审批 李书记, 会计 刘会计, 出纳 赵出纳.
#[allow(dead_code)] // not every test file posts vouchers
pub fn signers() -> cunwu_ledger::Signers {
    cunwu_ledger::Signers {
        handler: "王芳".into(),
        approver: "李书记".into(),
        accountant: "刘会计".into(),
        cashier: "赵出纳".into(),
    }
}
