//! Hub errors: each maps to an HTTP status and carries a Chinese message
//! that is sent to the device as `{code, message}` and shown to its user.

/// Result with the hub [`HubError`].
pub type Result<T, E = HubError> = std::result::Result<T, E>;

/// What the hub refuses or fails at.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// Unknown or revoked credential (401).
    #[error("{0}")]
    Unauthorized(String),
    /// Outside the device's village/township or role (403).
    #[error("{0}")]
    Forbidden(String),
    /// A change id reused with different content (409).
    #[error("{0}")]
    Conflict(String),
    /// A malformed request (400).
    #[error("{0}")]
    BadRequest(String),
    /// Something named does not exist (404).
    #[error("{0}")]
    NotFound(String),
    /// The data directory was written by a newer hub.
    #[error("数据目录由更新版本的村务服务器创建（结构版本 {found}），本程序只支持到版本 {supported}。请先升级村务再启动；数据没有被改动")]
    SchemaTooNew {
        /// Version in the file.
        found: i64,
        /// Newest version this binary knows.
        supported: i64,
    },
    /// SQLite failed.
    #[error("服务器数据库出错（{0}）。本次请求没有写入任何数据，请稍后重试")]
    Sqlite(#[from] rusqlite::Error),
    /// A file could not be read or written.
    #[error("服务器读写文件失败：{0}")]
    Io(#[from] std::io::Error),
    /// A sync-layer error (codec, bundle).
    #[error(transparent)]
    Sync(#[from] cunwu_sync::SyncError),
}

impl HubError {
    /// HTTP status for this error.
    pub fn status(&self) -> u16 {
        match self {
            HubError::Unauthorized(_) => 401,
            HubError::Forbidden(_) => 403,
            HubError::Conflict(_) => 409,
            HubError::BadRequest(_) => 400,
            HubError::NotFound(_) => 404,
            HubError::Sync(e) => match e {
                cunwu_sync::SyncError::TooLarge { .. } => 413,
                cunwu_sync::SyncError::Malformed(_)
                | cunwu_sync::SyncError::UnsupportedVersion(_)
                | cunwu_sync::SyncError::Bundle(_) => 400,
                cunwu_sync::SyncError::Forbidden(_) => 403,
                cunwu_sync::SyncError::Unauthorized(_) => 401,
                cunwu_sync::SyncError::Conflict(_) => 409,
                _ => 500,
            },
            HubError::SchemaTooNew { .. } | HubError::Sqlite(_) | HubError::Io(_) => 500,
        }
    }

    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            HubError::Unauthorized(_) => "unauthorized",
            HubError::Forbidden(_) => "forbidden",
            HubError::Conflict(_) => "conflict",
            HubError::BadRequest(_) => "bad_request",
            HubError::NotFound(_) => "not_found",
            HubError::SchemaTooNew { .. } => "schema_too_new",
            HubError::Sqlite(_) => "database",
            HubError::Io(_) => "io",
            HubError::Sync(e) => e.code(),
        }
    }
}
