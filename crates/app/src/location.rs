//! Where the village database lives by default: the per-user data directory,
//! shared by the CLI and the desktop app (`$XDG_DATA_HOME/cunwu/village.db`
//! on Linux, `%APPDATA%\cunwu\village.db` on Windows).

use std::path::PathBuf;

/// Default database path for this user.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("cunwu")
        .join("village.db")
}
