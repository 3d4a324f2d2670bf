//! Who signs a co-op voucher and on which date: the flags every posting
//! command of `cunwu coop` and `cunwu ledger` shares.

use clap::Args;
use cunwu_app::coop::{SignForm, StepForm};

/// Who signs (blank: the books' defaults; 经办人 is the current user).
#[derive(Args, Clone, Default)]
pub struct SignArgs {
    /// 经办人。
    #[arg(long)]
    handler: Option<String>,
    /// 审批人。
    #[arg(long)]
    approver: Option<String>,
    /// 会计（制单）。
    #[arg(long)]
    accountant: Option<String>,
    /// 出纳。
    #[arg(long)]
    cashier: Option<String>,
}

impl SignArgs {
    /// The façade's form.
    pub fn form(&self) -> SignForm {
        SignForm {
            handler: self.handler.clone(),
            approver: self.approver.clone(),
            accountant: self.accountant.clone(),
            cashier: self.cashier.clone(),
        }
    }
}

/// Date and signers of a step.
#[derive(Args, Clone, Default)]
pub struct StepArgs {
    /// 业务日期，如 2026-11-05（默认今天）。
    #[arg(long)]
    pub date: Option<String>,
    #[command(flatten)]
    pub sign: SignArgs,
}

impl StepArgs {
    /// The façade's form.
    pub fn form(&self) -> StepForm {
        StepForm {
            date: self.date.clone(),
            sign: self.sign.form(),
        }
    }
}
