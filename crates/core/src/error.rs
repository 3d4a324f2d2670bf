//! The error every domain rule returns: a stable `code` for programs and a
//! Chinese `message` for people that says what went wrong and what to do.

use serde::Serialize;

/// Result with the domain [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A domain error. `code()` is stable for the UI to switch on; `Display` is
/// the Chinese message shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A field failed validation; `field` names it (Chinese label).
    #[error("{field}：{message}")]
    Invalid {
        /// The field's Chinese label, e.g. "身份证号".
        field: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// Something the user named does not exist.
    #[error("找不到{what}“{key}”，请检查后重试")]
    NotFound {
        /// What kind of thing, e.g. "农户".
        what: String,
        /// The key the user gave.
        key: String,
    },
    /// The request contradicts a rule of the books or the register.
    #[error("{0}")]
    Rule(String),
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Shorthand for [`Error::NotFound`].
    pub fn not_found(what: impl Into<String>, key: impl Into<String>) -> Self {
        Error::NotFound {
            what: what.into(),
            key: key.into(),
        }
    }

    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Rule(_) => "rule",
        }
    }

    /// The `{code, message}` shape the UI and `--json` output receive.
    pub fn to_wire(&self) -> WireError {
        WireError {
            code: self.code().to_string(),
            message: self.to_string(),
            field: match self {
                Error::Invalid { field, .. } => Some(field.clone()),
                _ => None,
            },
        }
    }
}

/// An error as front ends receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct WireError {
    /// Stable code to switch on.
    pub code: String,
    /// Chinese message for the user.
    pub message: String,
    /// The field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
