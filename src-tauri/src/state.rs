//! The open village (`cunwu_app::village::Village`: the database, the
//! folded books and their lock order), managed by Tauri; every failure
//! reaches the UI as `{code, message, field}`.
//!
//! The database is opened when the window starts. If it cannot be opened,
//! the window still opens: every command answers with the store's Chinese
//! message, the UI shows it with a 重试 button, and each retry tries to open
//! it again (the village handle does that).

pub use cunwu_app::village::Village as AppState;

/// What commands return on failure.
pub type CmdResult<T> = cunwu_app::village::VillageResult<T>;

/// The village at `$CUNWU_DB` or the per-user default; a database that
/// cannot be opened now is told on stderr and tried again by each command.
pub fn open_default() -> AppState {
    let (village, error) = AppState::open_default();
    if error.is_none() {
        // The day's automatic backup, on a thread and connection of its own.
        cunwu_app::backup::spawn_daily_backup(village.path().to_path_buf());
    }
    if let Some(e) = error {
        eprintln!(
            "无法打开村务数据库 {}：{}",
            village.path().display(),
            e.message
        );
    }
    village
}
