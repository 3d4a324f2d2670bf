//! The books' errors: a ledger rule's refusal or a database failure, one
//! `{code, message}` shape for front ends.

use cunwu_ledger::LedgerError;

/// Result with [`BooksError`].
pub type BooksResult<T, E = BooksError> = std::result::Result<T, E>;

/// Why an action on the co-op's books failed. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum BooksError {
    /// A ledger rule refused the input (unbalanced, closed month, paid twice …).
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// The database or a register rule refused.
    #[error(transparent)]
    Store(#[from] crate::Error),
}

impl From<rusqlite::Error> for BooksError {
    fn from(e: rusqlite::Error) -> Self {
        BooksError::Store(e.into())
    }
}

impl From<cunwu_core::Error> for BooksError {
    fn from(e: cunwu_core::Error) -> Self {
        BooksError::Store(e.into())
    }
}

impl BooksError {
    /// A register-side rule, in Chinese.
    pub fn rule(message: impl Into<String>) -> Self {
        cunwu_core::Error::Rule(message.into()).into()
    }

    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            BooksError::Ledger(e) => e.code(),
            BooksError::Store(e) => e.code(),
        }
    }

    /// The `{code, message, field}` shape front ends receive.
    pub fn to_wire(&self) -> cunwu_core::error::WireError {
        match self {
            BooksError::Ledger(e) => e.to_wire(),
            BooksError::Store(e) => e.to_wire(),
        }
    }
}
