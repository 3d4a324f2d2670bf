//! What front ends receive: rows and pages shaped for the UI (camelCase),
//! with sensitive fields masked unless the user asked to reveal them.

use cunwu_core::household::{Household, HouseholdField};
use cunwu_core::member::Member;
use cunwu_core::visit::Visit;
use cunwu_store::{Result, Store};
use serde::Serialize;
use std::collections::BTreeMap;

/// One line of the household list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdRow {
    /// Entity id.
    pub id: String,
    /// 户编号.
    pub code: String,
    /// 户主姓名.
    pub head_name: String,
    /// 村民小组.
    pub group_no: u32,
    /// 户属性.
    pub category: String,
    /// 监测类型 (empty when not monitored).
    pub monitoring: String,
    /// 住址.
    pub address: String,
    /// 联系电话, masked.
    pub phone: String,
    /// Last visit date.
    pub last_visit: Option<String>,
    /// Fields in conflict.
    pub conflicts: u32,
}

impl From<&Household> for HouseholdRow {
    fn from(h: &Household) -> Self {
        HouseholdRow {
            id: h.id.clone(),
            code: h.get(HouseholdField::Code).into(),
            head_name: h.get(HouseholdField::HeadName).into(),
            group_no: h.get(HouseholdField::GroupNo).parse().unwrap_or(0),
            category: h.get(HouseholdField::Category).into(),
            monitoring: h.get(HouseholdField::Monitoring).into(),
            address: h.get(HouseholdField::Address).into(),
            phone: HouseholdField::Phone.masked(h.get(HouseholdField::Phone)),
            last_visit: h.last_visit.clone(),
            conflicts: h.conflicts,
        }
    }
}

/// A household as shown on its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdView {
    /// Entity id.
    pub id: String,
    /// Field values by key (`code`, `head_name`, …).
    pub fields: BTreeMap<String, String>,
    /// Last visit date.
    pub last_visit: Option<String>,
    /// Fields in conflict.
    pub conflicts: u32,
}

impl HouseholdView {
    /// From a household, masked unless `reveal`.
    pub fn new(h: &Household, reveal: bool) -> Self {
        let h = if reveal { h.clone() } else { h.masked() };
        HouseholdView {
            id: h.id.clone(),
            fields: h
                .fields
                .iter()
                .map(|(f, v)| (f.key().to_string(), v.clone()))
                .collect(),
            last_visit: h.last_visit.clone(),
            conflicts: h.conflicts,
        }
    }
}

/// A member as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberView {
    /// Entity id.
    pub id: String,
    /// Field values by key.
    pub fields: BTreeMap<String, String>,
}

impl MemberView {
    /// From a member, masked unless `reveal`.
    pub fn new(m: &Member, reveal: bool) -> Self {
        let m = if reveal { m.clone() } else { m.masked() };
        MemberView {
            id: m.id.clone(),
            fields: m
                .fields
                .iter()
                .map(|(f, v)| (f.key().to_string(), v.clone()))
                .collect(),
        }
    }
}

/// A visit as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VisitView {
    /// Visit id.
    pub id: String,
    /// Household id.
    pub household_id: String,
    /// ISO date.
    pub date: String,
    /// Who went.
    pub visitors: Vec<String>,
    /// Who recorded it.
    pub recorder: String,
    /// 家庭情况.
    pub situation: String,
    /// 困难问题.
    pub difficulties: String,
    /// 诉求.
    pub needs: String,
    /// 帮扶计划.
    pub follow_up: String,
    /// The visit this corrects.
    pub amends: Option<String>,
}

impl From<&Visit> for VisitView {
    fn from(v: &Visit) -> Self {
        VisitView {
            id: v.id.clone(),
            household_id: v.household_id.clone(),
            date: v.date.to_string(),
            visitors: v.visitors.clone(),
            recorder: v.recorder.clone(),
            situation: v.situation.clone(),
            difficulties: v.difficulties.clone(),
            needs: v.needs.clone(),
            follow_up: v.follow_up.clone(),
            amends: v.amends.clone(),
        }
    }
}

/// The household page: profile, members and visit timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdPage {
    /// Profile.
    pub household: HouseholdView,
    /// Members.
    pub members: Vec<MemberView>,
    /// Visits, newest first, amendments after what they correct.
    pub visits: Vec<VisitView>,
}

/// Build the household page for `key` (户编号 or id).
pub fn household_page(store: &Store, key: &str, reveal: bool) -> Result<HouseholdPage> {
    let h = store.find_household(key)?;
    Ok(HouseholdPage {
        members: store
            .members_of(&h.id)?
            .iter()
            .map(|m| MemberView::new(m, reveal))
            .collect(),
        visits: store
            .visits_of(&h.id)?
            .iter()
            .map(VisitView::from)
            .collect(),
        household: HouseholdView::new(&h, reveal),
    })
}

/// The status bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// A village is set up.
    pub initialized: bool,
    /// Village.
    pub village: Option<String>,
    /// Township.
    pub township: Option<String>,
    /// Current user.
    pub user: Option<String>,
    /// Device id.
    pub device_id: String,
    /// Local changes not yet at the hub.
    pub pending_changes: u64,
    /// Last successful sync (ISO instant), if any.
    pub last_sync: Option<String>,
    /// The database holds a demo village, which never syncs.
    pub demo: bool,
}

/// Read the status bar's facts.
pub fn app_info(store: &Store) -> Result<AppInfo> {
    let p = store.profile()?;
    Ok(AppInfo {
        initialized: p.is_some(),
        village: p.as_ref().map(|p| p.village.clone()),
        township: p.as_ref().and_then(|p| p.township.clone()),
        user: p.map(|p| p.user),
        device_id: store.device_id().to_string(),
        pending_changes: store.pending_changes()?,
        last_sync: store
            .meta_get(cunwu_sync::enrollment::keys::LAST_SYNC_MS)?
            .and_then(|v| v.parse::<i64>().ok())
            .and_then(chrono::DateTime::<chrono::Utc>::from_timestamp_millis)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        demo: store.is_demo()?,
    })
}
