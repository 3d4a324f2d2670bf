//! Changes the hub refused (each by id, with its Chinese reason), as every
//! front end shows them: the 同步 page lists [`list`] (in `SyncView`), and
//! `cunwu sync now` / `cunwu sync status` print [`exchange_lines`] and
//! [`status_lines`]. The rest of each batch was stored; a refused change is
//! kept in the database (`Store::refused_changes`) and not pushed again.

use crate::Result;
use cunwu_store::{RefusedChange, Store};
use serde::Serialize;

/// One refused change, as the 同步 page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefusedNote {
    /// The change id, `device#counter`.
    pub id: String,
    /// True when this laptop made it (not a change it carried for another).
    pub own: bool,
    /// Why the hub refused it, in Chinese.
    pub message: String,
    /// When this laptop learnt of it, device clock UTC ms.
    pub at_ms: i64,
}

fn note(store: &Store, r: &RefusedChange) -> RefusedNote {
    RefusedNote {
        id: r.id.to_string(),
        own: r.id.device == store.device_id(),
        message: r.message.clone(),
        at_ms: r.at_ms,
    }
}

/// Every change the hub refused, newest first.
pub fn list(store: &Store) -> Result<Vec<RefusedNote>> {
    Ok(store
        .refused_changes()?
        .iter()
        .map(|r| note(store, r))
        .collect())
}

/// What `cunwu sync now` says of the changes refused in this exchange.
pub fn exchange_lines(refused: &[cunwu_sync::protocol::RefusedChange]) -> Vec<String> {
    if refused.is_empty() {
        return Vec::new();
    }
    let mut out = vec![format!(
        "注意：服务器拒收了 {} 条修改（同一批的其他修改已照常上传，拒收的不会再上传）：",
        refused.len()
    )];
    out.extend(
        refused
            .iter()
            .take(20)
            .map(|r| format!("  变更 {}：{}", r.id, r.message)),
    );
    if refused.len() > 20 {
        out.push(format!(
            "  另有 {} 条，见 cunwu sync status",
            refused.len() - 20
        ));
    }
    out
}

/// What `cunwu sync status` says of every refused change.
pub fn status_lines(refused: &[RefusedChange]) -> Vec<String> {
    if refused.is_empty() {
        return Vec::new();
    }
    let mut out = vec![format!(
        "被服务器拒收的修改：{} 条（不会再上传；如有疑问请联系乡镇管理员）",
        refused.len()
    )];
    out.extend(
        refused
            .iter()
            .take(50)
            .map(|r| format!("  变更 {}：{}", r.id, r.message)),
    );
    if refused.len() > 50 {
        out.push(format!("  另有 {} 条未列出", refused.len() - 50));
    }
    out
}
