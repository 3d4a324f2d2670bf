//! Store errors: domain errors pass through; database, schema and change-log
//! failures get their own codes and Chinese messages that say what to do.

/// Result with the store [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in the local database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A domain rule refused the input.
    #[error(transparent)]
    Domain(#[from] cunwu_core::Error),
    /// SQLite failed.
    #[error("数据库操作失败（{0}）。本次操作未写入任何数据，请重试；反复出现请联系技术支持")]
    Sqlite(#[from] rusqlite::Error),
    /// The file was written by a newer Cunwu.
    #[error("这个数据库由更新版本的村务创建（结构版本 {found}），本程序只支持到版本 {supported}。请先升级村务再打开；数据库没有被改动")]
    SchemaTooNew {
        /// Version in the file.
        found: i64,
        /// Newest version this binary knows.
        supported: i64,
    },
    /// A migration found data it cannot carry forward.
    #[error("这个数据库不能升级到新版本：{reason}。数据库没有被改动，请联系技术支持")]
    UpgradeRefused {
        /// What was found, in Chinese.
        reason: String,
    },
    /// No village set up yet.
    #[error("还没有初始化村庄，请先运行：cunwu init --village 村名 --user 你的姓名")]
    NotInitialized,
    /// A foreign change reuses an id with different content.
    #[error("变更 {id} 已经存在但内容不同，可能是复制了数据库文件或数据被改动。这一批数据没有写入，请联系乡镇管理员核查")]
    ChangeIdReused {
        /// The change id.
        id: String,
    },
    /// A foreign change's counter is 0 or not below 2^40.
    #[error("变更 {id} 的编号超出范围（应为 1 到 2^40−1），数据可能被改动。这一批数据没有写入，请联系乡镇管理员核查")]
    ChangeCounterOutOfRange {
        /// The change id.
        id: String,
    },
    /// A file could not be read or written.
    #[error("文件读写失败：{0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Domain(e) => e.code(),
            Error::Sqlite(_) => "database",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::UpgradeRefused { .. } => "upgrade_refused",
            Error::NotInitialized => "not_initialized",
            Error::ChangeIdReused { .. } => "change_id_reused",
            Error::ChangeCounterOutOfRange { .. } => "change_counter_out_of_range",
            Error::Io(_) => "io",
        }
    }

    /// The `{code, message, field}` shape front ends receive.
    pub fn to_wire(&self) -> cunwu_core::error::WireError {
        match self {
            Error::Domain(e) => e.to_wire(),
            other => cunwu_core::error::WireError {
                code: other.code().into(),
                message: other.to_string(),
                field: None,
            },
        }
    }
}
