//! The change log as a person inspects it (`cunwu changes`): one device's
//! changes in counter order, sensitive field values masked
//! ([`crate::masking`]) unless revealed.

use crate::masking;
use crate::Result;
use cunwu_core::change::Change;
use cunwu_store::Store;

/// Up to `limit` changes of `device` (this laptop when `None`) after
/// counter `since`; the values of sensitive fields masked unless `reveal`.
pub fn list(
    store: &Store,
    device: Option<&str>,
    since: u64,
    limit: usize,
    reveal: bool,
) -> Result<Vec<Change>> {
    let device = device.unwrap_or_else(|| store.device_id());
    let mut changes = store.changes_by_device(device, since, limit)?;
    if !reveal {
        for c in &mut changes {
            if let Some(field) = &c.field {
                if masking::is_sensitive(&c.entity, field) {
                    let shown = masking::shown(&c.entity, field, &masking::text(&c.value), false);
                    c.value = serde_json::Value::String(shown);
                }
            }
        }
    }
    Ok(changes)
}
