//! The façade's error: whatever the store or a spreadsheet reported, with
//! one `{code, message}` shape for every front end.

use cunwu_core::error::WireError;

/// Result with the façade [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A use case failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database or a domain rule refused.
    #[error(transparent)]
    Store(#[from] cunwu_store::Error),
    /// A spreadsheet could not be read or written.
    #[error(transparent)]
    Sheet(#[from] cunwu_sheet::SheetError),
    /// Syncing with the hub, or a USB bundle, failed.
    #[error(transparent)]
    Sync(#[from] cunwu_sync::SyncError),
    /// Leaving the demo village was refused or failed.
    #[error(transparent)]
    DemoExit(#[from] crate::demo_exit::DemoExitError),
    /// Another exchange with the hub is already under way.
    #[error("正在同步，请等这次同步结束（状态栏会显示结果），不用重复点击")]
    SyncBusy,
}

impl From<cunwu_core::Error> for Error {
    fn from(e: cunwu_core::Error) -> Self {
        Error::Store(e.into())
    }
}

impl Error {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Store(e) => e.code(),
            Error::Sheet(e) => e.code(),
            Error::Sync(cunwu_sync::SyncError::Store(e)) => e.code(),
            Error::Sync(e) => e.code(),
            Error::SyncBusy => "syncing",
            Error::DemoExit(e) => e.code(),
        }
    }
    /// `{code, message, field}` for the UI and `--json`.
    pub fn to_wire(&self) -> WireError {
        match self {
            Error::Store(e) => e.to_wire(),
            Error::Sheet(e) => e.to_wire(),
            Error::Sync(cunwu_sync::SyncError::Store(e)) => e.to_wire(),
            Error::Sync(_) | Error::SyncBusy | Error::DemoExit(_) => WireError {
                code: self.code().into(),
                message: self.to_string(),
                field: None,
            },
        }
    }
}
