//! The co-op's bookkeeping settings that policy rules read (an editable
//! record kept by the store; the ledger only receives its current value).

use serde::{Deserialize, Serialize};

/// Bookkeeping settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerSettings {
    /// The organisation's name, for report headings.
    #[serde(default)]
    pub org_name: String,
    /// 会计、出纳分设: when true, a voucher moving cash or bank money must
    /// name a 出纳 who is not its 会计.
    #[serde(default = "yes")]
    pub separate_cashier: bool,
}

fn yes() -> bool {
    true
}

impl Default for LedgerSettings {
    fn default() -> Self {
        LedgerSettings {
            org_name: String::new(),
            separate_cashier: true,
        }
    }
}
