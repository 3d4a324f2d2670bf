//! The ledger's refusals: one variant per rule, each with a stable `code()`
//! for programs and a Chinese message that says what is wrong and what to do.

use cunwu_core::money::Fen;

/// Result with [`LedgerError`].
pub type Result<T, E = LedgerError> = std::result::Result<T, E>;

/// Why the ledger refused an input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// Σdebit ≠ Σcredit.
    #[error("借贷不平衡：借方合计 {debit}，贷方合计 {credit}，请核对各行金额后再保存")]
    Unbalanced {
        /// Sum of the debit column.
        debit: Fen,
        /// Sum of the credit column.
        credit: Fen,
    },
    /// The voucher moves no money.
    #[error("凭证金额合计为零，请至少填写一行借方和一行贷方金额")]
    ZeroVoucher,
    /// A line with neither a debit nor a credit.
    #[error("第{line}行借方、贷方金额都为零，请填写金额或删除这一行")]
    EmptyLine {
        /// 1-based line number.
        line: usize,
    },
    /// A line with both a debit and a credit.
    #[error("第{line}行同时填了借方和贷方，一行只能填一方，请拆成两行")]
    TwoSidedLine {
        /// 1-based line number.
        line: usize,
    },
    /// A negative amount on an ordinary voucher.
    #[error("第{line}行金额为负数；负数（红字）只用于冲销凭证，更正错账请用“红字冲销”")]
    NegativeAmount {
        /// 1-based line number.
        line: usize,
    },
    /// The account code is not in the chart.
    #[error("科目“{code}”不在科目表中，请先增设该科目或改用已有科目")]
    UnknownAccount {
        /// The code given.
        code: String,
    },
    /// Postings go to leaf accounts only.
    #[error("科目“{code} {name}”下设明细科目，只能记到最末级明细科目，请选择明细科目")]
    NotLeaf {
        /// The account's code.
        code: String,
        /// The account's name.
        name: String,
    },
    /// The account has been closed.
    #[error("科目“{code} {name}”已停用，不能再记账，请改用其他科目")]
    AccountClosed {
        /// The account's code.
        code: String,
        /// The account's name.
        name: String,
    },
    /// The voucher's month is closed (结账).
    #[error("{period} 已结账，不能再记入这个月；请把凭证日期改到未结账的月份")]
    PeriodClosed {
        /// The closed period, e.g. "2026-11".
        period: String,
    },
    /// 会计 and 出纳 are the same person where the co-op separates them.
    #[error("会计和出纳不能是同一人（{name}），本社规定两职分设，请由另一人担任出纳")]
    SameClerk {
        /// The person named in both roles.
        name: String,
    },
    /// A required person is not named.
    #[error("请填写{role}")]
    MissingPerson {
        /// Which role, e.g. "经办人".
        role: &'static str,
    },
    /// The voucher named does not exist.
    #[error("找不到凭证“{id}”，请检查凭证号")]
    UnknownVoucher {
        /// The id given.
        id: String,
    },
    /// An original voucher may be reversed only once.
    #[error("凭证“{original}”已被凭证“{by}”红字冲销，一张凭证只能冲销一次")]
    AlreadyReversed {
        /// The original.
        original: String,
        /// The reversal already on the books.
        by: String,
    },
    /// A reversal must exactly negate its original.
    #[error("红字冲销凭证的分录必须与原凭证“{original}”逐行相同、金额相反，请用“冲销”功能生成")]
    ReversalMismatch {
        /// The original.
        original: String,
    },
    /// A reversal cannot itself be reversed.
    #[error("凭证“{id}”本身是红字冲销凭证，不能再冲销；如需更正，请重新填制正确的凭证")]
    ReverseOfReversal {
        /// The reversal voucher.
        id: String,
    },
    /// Same voucher id posted twice with different content, or same number twice.
    #[error("凭证“{id}”已存在：{detail}")]
    DuplicateVoucher {
        /// The id or number.
        id: String,
        /// What collided.
        detail: String,
    },
    /// A line names a member that contradicts its account.
    #[error("第{line}行：科目属于成员“{account_member}”，却标注为成员“{line_member}”，请改正")]
    MemberMismatch {
        /// 1-based line number.
        line: usize,
        /// The member the account belongs to.
        account_member: String,
        /// The member written on the line.
        line_member: String,
    },
    /// Return share below the legal floor (农民专业合作社法第四十四条).
    #[error("盈余返还比例 {percent} 低于法定下限 60%：按交易量返还的总额不得低于可分配盈余的60%，请调高返还比例")]
    ReturnTooLow {
        /// The percentage given, formatted, e.g. "55.00%".
        percent: String,
    },
    /// Checked arithmetic refused.
    #[error("金额或数量超出可记录的范围，请检查输入的数字")]
    Overflow,
    /// A chart or sub-account rule.
    #[error("{0}")]
    Chart(String),
    /// A pooled-lot rule (ownership, phase, stock, payment).
    #[error("{0}")]
    Lot(String),
    /// A field failed validation.
    #[error("{field}：{message}")]
    Invalid {
        /// Chinese label of the field.
        field: &'static str,
        /// What is wrong and how to fix it.
        message: String,
    },
}

impl LedgerError {
    /// Stable machine-readable code for the UI and `--json` output.
    pub fn code(&self) -> &'static str {
        match self {
            LedgerError::Unbalanced { .. } => "unbalanced",
            LedgerError::ZeroVoucher => "zero_voucher",
            LedgerError::EmptyLine { .. } => "empty_line",
            LedgerError::TwoSidedLine { .. } => "two_sided_line",
            LedgerError::NegativeAmount { .. } => "negative_amount",
            LedgerError::UnknownAccount { .. } => "unknown_account",
            LedgerError::NotLeaf { .. } => "not_leaf",
            LedgerError::AccountClosed { .. } => "account_closed",
            LedgerError::PeriodClosed { .. } => "period_closed",
            LedgerError::SameClerk { .. } => "same_clerk",
            LedgerError::MissingPerson { .. } => "missing_person",
            LedgerError::UnknownVoucher { .. } => "unknown_voucher",
            LedgerError::AlreadyReversed { .. } => "already_reversed",
            LedgerError::ReversalMismatch { .. } => "reversal_mismatch",
            LedgerError::ReverseOfReversal { .. } => "reverse_of_reversal",
            LedgerError::DuplicateVoucher { .. } => "duplicate_voucher",
            LedgerError::MemberMismatch { .. } => "member_mismatch",
            LedgerError::ReturnTooLow { .. } => "return_too_low",
            LedgerError::Overflow => "overflow",
            LedgerError::Chart(_) => "chart",
            LedgerError::Lot(_) => "lot",
            LedgerError::Invalid { .. } => "invalid",
        }
    }

    /// The `{code, message}` shape the UI and `--json` output receive.
    pub fn to_wire(&self) -> cunwu_core::error::WireError {
        cunwu_core::error::WireError {
            code: self.code().to_string(),
            message: self.to_string(),
            field: match self {
                LedgerError::Invalid { field, .. } => Some((*field).to_string()),
                _ => None,
            },
        }
    }

    /// Shorthand for [`LedgerError::Invalid`].
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        LedgerError::Invalid {
            field,
            message: message.into(),
        }
    }
}

/// Checked `a + b` on fen.
pub fn add(a: Fen, b: Fen) -> Result<Fen> {
    a.0.checked_add(b.0).map(Fen).ok_or(LedgerError::Overflow)
}

/// Checked `a - b` on fen.
pub fn sub(a: Fen, b: Fen) -> Result<Fen> {
    a.0.checked_sub(b.0).map(Fen).ok_or(LedgerError::Overflow)
}

/// Checked `-a` on fen.
pub fn neg(a: Fen) -> Result<Fen> {
    a.0.checked_neg().map(Fen).ok_or(LedgerError::Overflow)
}

/// Checked sum of fen.
pub fn sum<I: IntoIterator<Item = Fen>>(items: I) -> Result<Fen> {
    items.into_iter().try_fold(Fen::ZERO, add)
}
