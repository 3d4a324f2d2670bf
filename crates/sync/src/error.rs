//! Errors of the sync layer: typed for programs, with a Chinese message for
//! people that says what went wrong and what to do about it.

/// Result with the sync [`SyncError`].
pub type Result<T, E = SyncError> = std::result::Result<T, E>;

/// Everything that can go wrong while exchanging changes.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Bytes that are not a well-formed message (truncated, corrupted, forged).
    #[error("收到的数据格式不对（{0}）。可能是传输中断或文件损坏，请重新同步或重新拷贝")]
    Malformed(String),
    /// A frame or bundle written by a newer version of Cunwu.
    #[error("数据格式版本 {0} 比本软件新，请先升级村务软件再同步")]
    UnsupportedVersion(u8),
    /// A message larger than the limit (possibly a decompression bomb).
    #[error("数据超过大小上限（{limit} 字节），已拒收。请分批同步")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The hub does not know this device's credential, or it was revoked (401).
    #[error("{0}")]
    Unauthorized(String),
    /// A change outside this device's village or role (403).
    #[error("{0}")]
    Forbidden(String),
    /// The same change id arrived with different content (409).
    #[error("{0}")]
    Conflict(String),
    /// Any other refusal by the hub.
    #[error("乡镇服务器返回错误（{status}）：{message}")]
    Hub {
        /// HTTP status.
        status: u16,
        /// The hub's message.
        message: String,
    },
    /// The hub could not be reached or the connection broke.
    #[error("连不上乡镇服务器：{0}。请检查网络后再试，也可以用U盘数据包同步")]
    Network(String),
    /// A bundle file that is corrupted, foreign or meant for someone else.
    #[error("{0}")]
    Bundle(String),
    /// This device has not been enrolled with a hub yet.
    #[error("这台电脑还没有登记到乡镇服务器。请向乡镇管理员要登记码，再运行“cunwu sync enroll --hub 地址 --code 登记码”")]
    NotEnrolled,
    /// This database holds a demo village, which never leaves the laptop.
    #[error("这是示范村（演示数据），不能同步到乡镇服务器或拷到别的电脑，以免演示数据混进真实台账。请在新的数据库里建立真实的村（cunwu --db 新文件.db init --village 村名 --user 你的姓名）后再登记")]
    DemoVillage,
    /// The local database refused.
    #[error(transparent)]
    Store(#[from] cunwu_store::Error),
    /// Reading or writing a file.
    #[error("读写文件失败：{0}")]
    Io(#[from] std::io::Error),
}

impl SyncError {
    /// Stable machine-readable code for the UI and `--json` output.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Malformed(_) => "malformed",
            SyncError::UnsupportedVersion(_) => "unsupported_version",
            SyncError::TooLarge { .. } => "too_large",
            SyncError::Unauthorized(_) => "unauthorized",
            SyncError::Forbidden(_) => "forbidden",
            SyncError::Conflict(_) => "conflict",
            SyncError::Hub { .. } => "hub",
            SyncError::Network(_) => "network",
            SyncError::Bundle(_) => "bundle",
            SyncError::NotEnrolled => "not_enrolled",
            SyncError::DemoVillage => "demo_village",
            SyncError::Store(_) => "store",
            SyncError::Io(_) => "io",
        }
    }

    /// Shorthand for [`SyncError::Malformed`].
    pub fn malformed(what: impl Into<String>) -> Self {
        SyncError::Malformed(what.into())
    }

    /// True when retrying later may succeed (network trouble, hub busy).
    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Network(_))
            || matches!(self, SyncError::Hub { status, .. } if *status >= 500)
    }
}
