//! The façade's error: whatever the store or a spreadsheet reported, with
//! one `{code, message}` shape for every front end.

pub use cunwu_core::error::WireError;

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

/// `{code, message, field}` of any error a use case can return — the
/// façade's own, the co-op's, or a lower crate's passed through — so a front
/// end recognises one shape without naming the crates below the façade;
/// `None` for an error that is none of these.
pub fn wire_error(e: &(dyn std::error::Error + 'static)) -> Option<WireError> {
    if let Some(a) = e.downcast_ref::<Error>() {
        Some(a.to_wire())
    } else if let Some(c) = e.downcast_ref::<crate::coop::CoopError>() {
        Some(c.to_wire())
    } else if let Some(s) = e.downcast_ref::<cunwu_sheet::SheetError>() {
        Some(s.to_wire())
    } else if let Some(s) = e.downcast_ref::<cunwu_store::Error>() {
        Some(s.to_wire())
    } else if let Some(c) = e.downcast_ref::<cunwu_core::Error>() {
        Some(c.to_wire())
    } else {
        e.downcast_ref::<cunwu_sync::SyncError>().map(|s| match s {
            cunwu_sync::SyncError::Store(inner) => inner.to_wire(),
            other => WireError {
                code: other.code().into(),
                message: other.to_string(),
                field: None,
            },
        })
    }
}
