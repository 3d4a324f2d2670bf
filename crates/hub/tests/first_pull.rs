//! A device's first pull: a compacted snapshot only on a device that holds
//! nothing. A laptop that logged work (or took a USB stick) before its first
//! pull gets the whole history, or an edit the snapshot left out would keep
//! an old value there as a false conflict.

mod common;

use common::*;
use cunwu_core::household::HouseholdField;
use cunwu_hub::local::LocalTransport;
use cunwu_hub::Hub;
use cunwu_sync::device_bundle::{self, ExportFor};
use cunwu_sync::protocol::{Role, Scope};
use cunwu_sync::{client, sync_now, SyncOptions};
use std::sync::Arc;

fn join(hub: &Arc<Hub>, user: &str, now: i64) -> Laptop {
    let lap = laptop(Some("东村"), user, now);
    enroll(
        hub,
        &lap,
        &LocalTransport::new(hub.clone(), None),
        "local",
        Scope::Village("东村".into()),
        Role::Member,
    );
    lap
}

fn sync(hub: &Arc<Hub>, lap: &mut Laptop) -> cunwu_sync::SyncReport {
    let t = LocalTransport::new(hub.clone(), token(&lap.store));
    ok(sync_now(&mut lap.store, &t, SyncOptions::default()))
}

/// The writer adds household H001 (head 张三) and hands it to `holder` on a
/// USB stick; then renames the head twice (张山, 张三丰) and syncs.
fn renamed_twice_after_a_stick(hub: &Arc<Hub>, writer: &mut Laptop, holder: &mut Laptop) -> String {
    let id = add_household(&mut writer.store, "H001", "张三");
    let (bytes, _) = ok(device_bundle::export(
        &writer.store,
        &ExportFor::Device(holder.store.device_id().into()),
    ));
    ok(device_bundle::import(&mut holder.store, &bytes));
    writer.clock.advance(60_000);
    edit(&mut writer.store, &id, HouseholdField::HeadName, "张山");
    writer.clock.advance(60_000);
    edit(&mut writer.store, &id, HouseholdField::HeadName, "张三丰");
    sync(hub, writer);
    id
}

#[test]
fn a_laptop_holding_an_old_value_is_not_left_with_a_false_conflict() {
    let (hub, mut writer, _d) = hub_and_laptop("程鹏", Role::Member);
    let mut other = join(&hub, "张浩然", T0 + 1);
    // The other laptop holds the household before it ever pulls.
    let id = renamed_twice_after_a_stick(&hub, &mut writer, &mut other);

    let report = sync(&hub, &mut other);
    assert!(ok(other.store.conflicts()).is_empty(), "no false conflict");
    assert!(
        !report.snapshot,
        "a laptop holding changes pulls the history"
    );
    assert_eq!(
        ok(other.store.household(&id)).get(HouseholdField::HeadName),
        "张三丰"
    );
    assert_eq!(ok(other.store.state_hash()), ok(writer.store.state_hash()));

    // A laptop that holds nothing still starts from the compacted snapshot.
    let mut fresh = join(&hub, "李四", T0 + 2);
    assert!(sync(&hub, &mut fresh).snapshot);
    assert_eq!(ok(fresh.store.state_hash()), ok(writer.store.state_hash()));
}

#[test]
fn a_usb_stick_in_the_middle_of_a_snapshot_turns_it_into_a_whole_pull() {
    let (hub, mut writer, _d) = hub_and_laptop("程鹏", Role::Member);
    add_household(&mut writer.store, "H001", "张三");
    let mut other = join(&hub, "张浩然", T0 + 1);
    // A snapshot cut after its first page, as the pull state records it.
    ok(other
        .store
        .meta_set(cunwu_sync::enrollment::keys::SNAPSHOT, "9,4"));
    assert_eq!(ok(client::pull_state(&other.store)).snapshot, Some((9, 4)));
    let (bytes, _) = ok(device_bundle::export(
        &writer.store,
        &ExportFor::Device(other.store.device_id().into()),
    ));
    ok(device_bundle::import(&mut other.store, &bytes));
    let state = ok(client::pull_state(&other.store));
    assert_eq!((state.snapshot, state.cursor), (None, Some(0)));
    assert!(state.holds_changes);
}

#[test]
fn an_old_stick_after_a_compacted_snapshot_brings_no_false_conflict() {
    let (hub, mut writer, _d) = hub_and_laptop("程鹏", Role::Member);
    let mut early = join(&hub, "张浩然", T0 + 1);
    let id = renamed_twice_after_a_stick(&hub, &mut writer, &mut early);
    // A fresh laptop starts from the compacted snapshot (without 张三 and
    // 张山), then takes `early`'s old stick with 张三 on it.
    let mut fresh = join(&hub, "李四", T0 + 2);
    assert!(sync(&hub, &mut fresh).snapshot);
    let (bytes, _) = ok(device_bundle::export(
        &early.store,
        &ExportFor::Device(fresh.store.device_id().into()),
    ));
    let report = ok(device_bundle::import(&mut fresh.store, &bytes));
    assert!(report.applied > 0, "the stick brought the old value");
    assert!(ok(fresh.store.conflicts()).is_empty(), "no false conflict");
    assert_eq!(
        ok(fresh.store.household(&id)).get(HouseholdField::HeadName),
        "张三丰"
    );
    assert_eq!(ok(fresh.store.state_hash()), ok(writer.store.state_hash()));
}
