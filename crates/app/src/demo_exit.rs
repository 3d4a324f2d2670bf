//! Leaving the demo village (离开示范村，建立本村): a work team that opened
//! the demo to try Cunwu sets aside its database as a dated file beside the
//! normal one (`village-demo-20261129-223500.db`) and starts over with an
//! empty database at the normal path, where first start sets up the real
//! village.
//!
//! Nothing is half done: only a database marked demo is ever moved; the
//! store is checkpointed and closed before its file (and any `-wal`/`-shm`)
//! is renamed; if a rename or the new database fails, every file is put
//! back and the demo is open again, as it was.

use crate::view::{self, AppInfo};
use crate::Result;
use cunwu_core::clock::{china_offset, Clock};
use cunwu_store::Store;
use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why the demo village could not be left.
#[derive(Debug, thiserror::Error)]
pub enum DemoExitError {
    /// The open database is a real village: it is never moved this way.
    #[error(
        "现在打开的是真实村庄的数据，不是示范村，不能“离开示范村”。数据没有被移动，请继续使用"
    )]
    NotDemo,
    /// The demo database could not be closed cleanly or renamed.
    #[error("示范村的数据没能另存为 {kept_as}（{reason}）。示范村仍然打开，可以继续使用；请检查数据文件夹是否可写、磁盘是否已满，然后再试")]
    Move {
        /// The name it was to get.
        kept_as: String,
        /// What the system said.
        reason: String,
    },
}

impl DemoExitError {
    /// Stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            DemoExitError::NotDemo => "not_demo",
            DemoExitError::Move { .. } => "demo_move_failed",
        }
    }
}

/// Where the demo's data would be kept, for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoExitPlan {
    /// The folder of the village database.
    pub folder: String,
    /// The name the demo database gets in it.
    pub file_name: String,
}

/// The demo was set aside and an empty database is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoExit {
    /// The fresh database's facts (`initialized` is false: first start).
    pub info: AppInfo,
    /// Full path of the kept demo database.
    pub kept_as: String,
}

/// The dated sibling name the demo at `path` gets at `now_ms` (China time),
/// skipping names already taken.
pub fn kept_path(path: &Path, now_ms: i64) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "village".into());
    let ext = path
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "db".into());
    let stamp = chrono::DateTime::from_timestamp_millis(now_ms)
        .unwrap_or_default()
        .with_timezone(&china_offset())
        .format("%Y%m%d-%H%M%S");
    let name = |n: u32| match n {
        1 => format!("{stem}-demo-{stamp}.{ext}"),
        n => format!("{stem}-demo-{stamp}-{n}.{ext}"),
    };
    let mut n = 1;
    loop {
        let candidate = path.with_file_name(name(n));
        // No cap: a taken name is never returned, so no kept demo is replaced.
        if !taken(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

fn taken(path: &Path) -> bool {
    path.exists()
        || ["-wal", "-shm"]
            .iter()
            .any(|s| with_suffix(path, s).exists())
}

/// What the confirmation shows: the folder and the name the demo gets.
pub fn plan(path: &Path, now_ms: i64) -> DemoExitPlan {
    let kept = kept_path(path, now_ms);
    DemoExitPlan {
        folder: kept
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        file_name: kept
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Leave the demo village whose database is at `path` (open in `slot`, or
/// opened now): set it aside under a dated name and open an empty database
/// at `path`. A real village is refused untouched.
pub fn leave(slot: &mut Option<Store>, path: &Path, clock: Arc<dyn Clock>) -> Result<DemoExit> {
    leave_with(slot, path, clock, &|from, to| std::fs::rename(from, to))
}

/// [`leave`] with the file system's rename given, so a failing rename can
/// be tested.
pub fn leave_with(
    slot: &mut Option<Store>,
    path: &Path,
    clock: Arc<dyn Clock>,
    rename: &dyn Fn(&Path, &Path) -> io::Result<()>,
) -> Result<DemoExit> {
    let store = match slot {
        Some(store) => store,
        None => slot.insert(Store::open(path, clock.clone())?),
    };
    if !store.is_demo()? {
        return Err(DemoExitError::NotDemo.into());
    }
    let kept = kept_path(path, clock.now_ms());
    let fail = |reason: String| DemoExitError::Move {
        kept_as: kept.display().to_string(),
        reason,
    };
    // Everything in the WAL goes into the main file, so the file alone is
    // the whole demo; SQLite removes the empty WAL when the store closes.
    let busy: i64 = store
        .conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .map_err(cunwu_store::Error::from)?;
    if busy != 0 {
        return Err(fail("数据库正被其他程序使用".into()).into());
    }
    drop(slot.take());

    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut outcome = rename(path, &kept).map_err(|e| e.to_string());
    if outcome.is_ok() {
        moved.push((path.to_path_buf(), kept.clone()));
        for suffix in ["-wal", "-shm"] {
            let (from, to) = (with_suffix(path, suffix), with_suffix(&kept, suffix));
            if from.exists() {
                if let Err(e) = rename(&from, &to) {
                    outcome = Err(e.to_string());
                    break;
                }
                moved.push((from, to));
            }
        }
    }
    let made_fresh = outcome.is_ok();
    let fresh = match outcome {
        Ok(()) => Store::open(path, clock.clone())
            .and_then(|s| Ok((view::app_info(&s)?, s)))
            .map_err(|e| e.to_string()),
        Err(e) => Err(e),
    };
    match fresh {
        Ok((info, store)) => {
            *slot = Some(store);
            Ok(DemoExit {
                info,
                kept_as: kept.display().to_string(),
            })
        }
        Err(reason) => {
            put_back(path, &moved, made_fresh);
            // The demo opens again as it was; if even that fails, the next
            // command tries to open it again.
            *slot = Store::open(path, clock).ok();
            Err(fail(reason).into())
        }
    }
}

/// Undo the renames, last first; a fresh empty database that was made at
/// the normal path is removed first so the demo can take its place (only
/// then: otherwise the files left at `path` are the demo's own).
fn put_back(path: &Path, moved: &[(PathBuf, PathBuf)], made_fresh: bool) {
    if made_fresh {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(path, suffix));
        }
    }
    for (from, to) in moved.iter().rev() {
        let _ = std::fs::rename(to, from);
    }
}
