//! The co-op façade's error: a ledger rule, the database, a spreadsheet or
//! a file, with one `{code, message}` shape for every front end.

use cunwu_core::error::WireError;
use cunwu_ledger::LedgerError;
use cunwu_store::BooksError;

/// Result with [`CoopError`].
pub type CoopResult<T, E = CoopError> = std::result::Result<T, E>;

/// Why a co-op action was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum CoopError {
    /// A ledger rule (unbalanced, closed month, paid twice, under 60 % …).
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// The database or a register rule (unknown household …).
    #[error(transparent)]
    Store(#[from] cunwu_store::Error),
    /// A spreadsheet could not be written.
    #[error(transparent)]
    Sheet(#[from] cunwu_sheet::SheetError),
    /// A print file could not be written.
    #[error("无法写入文件 {path}（{reason}），请检查文件夹是否存在、是否有写入权限")]
    File {
        /// The file.
        path: String,
        /// The system's reason.
        reason: String,
    },
}

impl From<BooksError> for CoopError {
    fn from(e: BooksError) -> Self {
        match e {
            BooksError::Ledger(l) => CoopError::Ledger(l),
            BooksError::Store(s) => CoopError::Store(s),
        }
    }
}

impl From<cunwu_core::Error> for CoopError {
    fn from(e: cunwu_core::Error) -> Self {
        CoopError::Store(e.into())
    }
}

impl From<crate::Error> for CoopError {
    fn from(e: crate::Error) -> Self {
        match e {
            crate::Error::Store(s) => CoopError::Store(s),
            crate::Error::Sheet(s) => CoopError::Sheet(s),
            #[allow(unreachable_patterns)]
            other => CoopError::rule(other.to_string()),
        }
    }
}

impl CoopError {
    /// A rule of the co-op's work, in Chinese.
    pub fn rule(message: impl Into<String>) -> Self {
        cunwu_core::Error::Rule(message.into()).into()
    }

    /// An invalid field, in Chinese.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        cunwu_core::Error::invalid(field, message).into()
    }

    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            CoopError::Ledger(e) => e.code(),
            CoopError::Store(e) => e.code(),
            CoopError::Sheet(e) => e.code(),
            CoopError::File { .. } => "io",
        }
    }

    /// `{code, message, field}` for the UI and `--json`.
    pub fn to_wire(&self) -> WireError {
        match self {
            CoopError::Ledger(e) => e.to_wire(),
            CoopError::Store(e) => e.to_wire(),
            CoopError::Sheet(e) => e.to_wire(),
            CoopError::File { .. } => WireError {
                code: self.code().into(),
                message: self.to_string(),
                field: None,
            },
        }
    }
}
