//! Backups of the village database and restoring one.
//!
//! - [`backup_to`]: a copy made with SQLite's online backup, consistent as
//!   of one moment while the desktop app or the CLI keeps writing; a USB
//!   folder can be the target. Named with the village and the China-time
//!   date: `东村-备份-20261208-103000.db`.
//! - [`daily_backup`]: at most one automatic backup per China day, made
//!   when the desktop app opens the village and after every successful
//!   sync (CLI or desktop), into the `备份` folder beside the database;
//!   the last [`KEEP_DAILY`] are kept (`东村-自动备份-20261208.db`).
//! - [`restore`]: checks the file is a Cunwu village database this version
//!   can read (not a newer schema), of the same village (or the laptop is
//!   still empty), keeps the current database aside as a backup first,
//!   copies the file in, and gives the restored database a new device
//!   identity at once ([`cunwu_sync::restore`]), so it can never reuse a
//!   change id it had already used after the backup was made. The hub is
//!   told at the next sync, and the laptop's own later changes come back.

use crate::{Error, Result};
use cunwu_core::clock::china_offset;
use cunwu_store::Store;
use cunwu_sync::enrollment::keys;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Automatic daily backups kept.
pub const KEEP_DAILY: usize = 7;

/// Meta key: the last backup made, JSON [`BackupInfo`].
const LAST_BACKUP_KEY: &str = "backup.last";
/// Meta key: the China date of the last automatic backup.
const LAST_DAILY_KEY: &str = "backup.last_daily";

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// Where it is.
    pub path: PathBuf,
    /// When it was made, UTC ms.
    pub made_ms: i64,
    /// Its size in bytes.
    pub bytes: u64,
    /// Made automatically (daily) rather than asked for.
    pub automatic: bool,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreReport {
    /// The file restored from.
    pub restored_from: PathBuf,
    /// The database as it was before, kept as a backup.
    pub kept_aside: BackupInfo,
    /// The device id the restored database had.
    pub old_device: String,
    /// Its new device id.
    pub new_device: String,
}

fn err(message: String) -> Error {
    cunwu_core::Error::Rule(message).into()
}

fn village_of(store: &Store) -> Result<String> {
    Ok(store.require_profile()?.village)
}

/// The database file the store has open.
fn db_path(store: &Store) -> Result<PathBuf> {
    match store.conn().path() {
        Some(p) if !p.is_empty() => Ok(PathBuf::from(p)),
        _ => Err(err("内存中的数据库不能备份".into())),
    }
}

/// The `备份` folder beside the database.
pub fn default_dir(store: &Store) -> Result<PathBuf> {
    let db = db_path(store)?;
    Ok(db.parent().unwrap_or(Path::new(".")).join("备份"))
}

fn stamp(ms: i64, format: &str) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&china_offset())
        .format(format)
        .to_string()
}

/// A file name safe on every file system (a village name is Chinese text;
/// only path separators and the like are replaced).
fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

fn write_backup(store: &Store, dir: &Path, name: &str, automatic: bool) -> Result<BackupInfo> {
    std::fs::create_dir_all(dir).map_err(|e| {
        err(format!(
            "备份文件夹 {} 无法建立（{e}）。请检查U盘是否插好、是否有空间，或换一个文件夹",
            dir.display()
        ))
    })?;
    let path = dir.join(name);
    let made_ms = store.now_ms();
    let bytes = store.backup_to_file(&path).map_err(|e| {
        err(format!(
            "备份没有完成（{e}）。原数据库没有改动；请检查 {} 是否有空间、是否可写",
            dir.display()
        ))
    })?;
    let info = BackupInfo {
        path,
        made_ms,
        bytes,
        automatic,
    };
    store.meta_set(
        LAST_BACKUP_KEY,
        &serde_json::to_string(&info).unwrap_or_default(),
    )?;
    Ok(info)
}

/// Back the database up into `dir` (the `备份` folder beside it when
/// `None`), as `<村>-备份-<China date and time>.db`.
pub fn backup_to(store: &Store, dir: Option<&Path>) -> Result<BackupInfo> {
    let village = village_of(store)?;
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => default_dir(store)?,
    };
    let name = format!(
        "{}-备份-{}.db",
        safe(&village),
        stamp(store.now_ms(), "%Y%m%d-%H%M%S")
    );
    write_backup(store, &dir, &name, false)
}

/// The day's automatic backup of the village at `path`, on a thread and a
/// connection of its own (the desktop at start, so a big village does not
/// hold up the window); a failure is told on stderr.
pub fn spawn_daily_backup(path: std::path::PathBuf) {
    let spawned = std::thread::Builder::new()
        .name("cunwu-backup".into())
        .spawn(move || {
            let made = Store::open(&path, std::sync::Arc::new(cunwu_core::clock::SystemClock))
                .map_err(|e| e.to_string())
                .and_then(|s| daily_backup(&s, KEEP_DAILY).map_err(|e| e.to_string()));
            if let Err(e) = made {
                eprintln!("今天的自动备份没有做成：{e}");
            }
        });
    if let Err(e) = spawned {
        eprintln!("无法开始今天的自动备份：{e}");
    }
}

/// The day's automatic backup (at most one a day) of `store`, keeping the
/// last `keep`; `None` when today's exists or the village is not set up.
pub fn daily_backup(store: &Store, keep: usize) -> Result<Option<BackupInfo>> {
    let Some(profile) = store.profile()? else {
        return Ok(None);
    };
    if store.is_demo()? {
        return Ok(None);
    }
    let today = stamp(store.now_ms(), "%Y%m%d");
    if store.meta_get(LAST_DAILY_KEY)?.as_deref() == Some(today.as_str()) {
        return Ok(None);
    }
    let dir = default_dir(store)?;
    let prefix = format!("{}-自动备份-", safe(&profile.village));
    let info = write_backup(store, &dir, &format!("{prefix}{today}.db"), true)?;
    store.meta_set(LAST_DAILY_KEY, &today)?;
    rotate(&dir, &prefix, keep)?;
    Ok(Some(info))
}

/// Delete the oldest automatic backups beyond `keep` (names sort by date).
fn rotate(dir: &Path, prefix: &str, keep: usize) -> Result<()> {
    let mut daily: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| err(format!("读不了备份文件夹 {}：{e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".db"))
        })
        .collect();
    daily.sort();
    let excess = daily.len().saturating_sub(keep.max(1));
    for old in daily.into_iter().take(excess) {
        cunwu_store::remove_db_files(&old);
    }
    Ok(())
}

/// The last backup made of this database, if any.
pub fn last_backup(store: &Store) -> Result<Option<BackupInfo>> {
    Ok(store
        .meta_get(LAST_BACKUP_KEY)?
        .and_then(|s| serde_json::from_str(&s).ok()))
}

/// What the desktop shows of backups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    /// The last backup made, if any.
    pub last: Option<BackupInfo>,
    /// Where backups go unless another folder is chosen.
    pub folder: PathBuf,
    /// Automatic daily backups kept.
    pub keep_daily: usize,
}

/// The last backup and the default folder.
pub fn status(store: &Store) -> Result<BackupStatus> {
    Ok(BackupStatus {
        last: last_backup(store)?,
        folder: default_dir(store)?,
        keep_daily: KEEP_DAILY,
    })
}

/// What a file offered for restore holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    /// Its village.
    pub village: String,
    /// Its schema version.
    pub schema: i64,
    /// Its device id.
    pub device: Option<String>,
    /// Changes it holds.
    pub changes: u64,
}

/// Read a file offered for restore, refusing what is not a Cunwu village
/// database this version can read.
pub fn inspect(file: &Path) -> Result<BackupFile> {
    let not_ours = || {
        err(format!(
            "{} 不是村务软件的村庄数据库（或已损坏），不能用来恢复。请选“备份”文件夹里的 .db 备份文件",
            file.display()
        ))
    };
    if !file.is_file() {
        return Err(err(format!(
            "找不到备份文件 {}。请检查路径，或插好U盘",
            file.display()
        )));
    }
    let conn = rusqlite::Connection::open_with_flags(
        file,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| not_ours())?;
    let schema: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| not_ours())?;
    if schema > cunwu_store::schema::current_version() {
        return Err(err(format!(
            "这个备份是较新版本的村务软件做的（数据版本 {schema}），本软件读不了。请先升级村务软件再恢复"
        )));
    }
    let meta = |key: &str| -> Option<String> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .ok()
    };
    let village = meta("village").ok_or_else(not_ours)?;
    let changes: i64 = conn
        .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
        .map_err(|_| not_ours())?;
    Ok(BackupFile {
        village,
        schema,
        device: meta("device_id"),
        changes: changes.max(0) as u64,
    })
}

/// Restore the database from `file` (see the module docs). The current
/// database is first kept as a backup in `aside_dir` (the `备份` folder
/// when `None`).
pub fn restore(store: &mut Store, file: &Path, aside_dir: Option<&Path>) -> Result<RestoreReport> {
    let offered = inspect(file)?;
    if let Some(p) = store.profile()? {
        if p.village != offered.village && store.holds_changes()? {
            return Err(err(format!(
                "这个备份是“{}”的，这台电脑的数据库是“{}”的，不能用它恢复。请选“{}”的备份",
                offered.village, p.village, p.village
            )));
        }
    }
    if let (Ok(a), Ok(b)) = (
        std::fs::canonicalize(file),
        db_path(store).and_then(|p| std::fs::canonicalize(p).map_err(|e| err(e.to_string()))),
    ) {
        if a == b {
            return Err(err(
                "不能用正在使用的数据库文件恢复它自己。请选一个备份文件".into(),
            ));
        }
    }
    // Keep the current database aside first (an empty laptop too: cheap).
    let kept_aside = match store.profile()? {
        Some(p) => {
            let dir = match aside_dir {
                Some(d) => d.to_path_buf(),
                None => default_dir(store)?,
            };
            let name = format!(
                "{}-恢复前-{}.db",
                safe(&p.village),
                stamp(store.now_ms(), "%Y%m%d-%H%M%S")
            );
            write_backup(store, &dir, &name, false)?
        }
        None => {
            let dir = match aside_dir {
                Some(d) => d.to_path_buf(),
                None => default_dir(store)?,
            };
            let name = format!("恢复前-{}.db", stamp(store.now_ms(), "%Y%m%d-%H%M%S"));
            write_backup(store, &dir, &name, false)?
        }
    };
    // The laptop's current enrollment (its credential is the valid one)
    // stays; the restored file's own is used only if the laptop has none.
    let enrollment: Vec<(&str, Option<String>)> = [
        keys::HUB_URL,
        keys::HUB_ID,
        keys::TOKEN,
        keys::SCOPE,
        keys::ROLE,
    ]
    .into_iter()
    .map(|k| Ok((k, store.meta_get(k)?)))
    .collect::<Result<_>>()?;
    let current_enrolled = cunwu_sync::enrollment::load(store)?.is_some();
    // The id the hub knows this laptop by (a move may still be pending).
    let current_device = store
        .meta_get(cunwu_sync::restore::MOVE_FROM_KEY)?
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| store.device_id().to_string());

    let restored_device = store.restore_from_file(file)?;
    if current_enrolled {
        for (k, v) in &enrollment {
            store.meta_set(k, v.as_deref().unwrap_or(""))?;
        }
    }
    let enrolled_as = if current_enrolled {
        current_device
    } else {
        restored_device.unwrap_or_else(|| store.device_id().to_string())
    };
    let counter = store.local_counter();
    let taken = cunwu_sync::restore::take_new_identity_enrolled_as(store, counter, &enrolled_as)?;
    Ok(RestoreReport {
        restored_from: file.to_path_buf(),
        kept_aside,
        old_device: taken.old_device,
        new_device: taken.new_device,
    })
}
