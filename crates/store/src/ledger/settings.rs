//! The co-op's bookkeeping settings, an editable record (entity
//! `ledger_settings`, id `books`) merged per field like any record: chart
//! template, organisation name, whether 会计 and 出纳 must differ, and the
//! people who sign by default. Plus this device's voucher series, which is
//! device-local (`meta`), never synced.

use super::error::{BooksError, BooksResult};
use crate::device::meta_get;
use crate::{Draft, Store};
use cunwu_core::change::entity;
use cunwu_ledger::{ChartTemplate, LedgerSettings, Signers};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

const RECORD: &str = "books";

/// The settings of the books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BooksSettings {
    /// Chart of accounts (fixed once anything is posted).
    pub template: ChartTemplate,
    /// Organisation name for report headings, e.g. 网周村肉羊养殖专业合作社.
    pub org_name: String,
    /// 会计、出纳分设.
    pub separate_cashier: bool,
    /// Default 审批人.
    pub approver: String,
    /// Default 会计.
    pub accountant: String,
    /// Default 出纳.
    pub cashier: String,
}

impl Default for BooksSettings {
    fn default() -> Self {
        BooksSettings {
            template: ChartTemplate::Coop2008,
            org_name: String::new(),
            separate_cashier: true,
            approver: String::new(),
            accountant: String::new(),
            cashier: String::new(),
        }
    }
}

impl BooksSettings {
    /// What the ledger's policy rules read.
    pub fn ledger(&self) -> LedgerSettings {
        LedgerSettings {
            org_name: self.org_name.clone(),
            separate_cashier: self.separate_cashier,
        }
    }

    /// Default signers, with `handler` as 经办人.
    pub fn signers(&self, handler: &str) -> Signers {
        Signers {
            handler: handler.to_string(),
            approver: self.approver.clone(),
            accountant: self.accountant.clone(),
            cashier: self.cashier.clone(),
        }
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        vec![
            (
                "template",
                serde_json::to_value(self.template).unwrap_or_default(),
            ),
            ("org_name", self.org_name.clone().into()),
            ("separate_cashier", self.separate_cashier.into()),
            ("approver", self.approver.clone().into()),
            ("accountant", self.accountant.clone().into()),
            ("cashier", self.cashier.clone().into()),
        ]
    }

    /// Read the shown value of every field (the winning head, as for any
    /// record); missing fields keep their defaults.
    pub(crate) fn read(conn: &Connection) -> BooksResult<BooksSettings> {
        let mut s = BooksSettings::default();
        let mut stmt = conn.prepare_cached(concat!(
            "SELECT h.field, c.value FROM field_head h",
            crate::change_log::join_change!("JOIN", "h"),
            "WHERE h.entity = ?1 AND h.entity_id = ?2
             ORDER BY h.field, h.hlc DESC, h.device DESC, h.counter DESC",
        ))?;
        let rows = stmt
            .query_map([entity::LEDGER_SETTINGS, RECORD], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut seen = std::collections::BTreeSet::new();
        for (field, json) in rows {
            if !seen.insert(field.clone()) {
                continue;
            }
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&json) else {
                continue;
            };
            let text = v.as_str().unwrap_or_default().to_string();
            match field.as_str() {
                "template" => {
                    if let Ok(t) = serde_json::from_value(v) {
                        s.template = t;
                    }
                }
                "org_name" => s.org_name = text,
                "separate_cashier" => s.separate_cashier = v.as_bool().unwrap_or(true),
                "approver" => s.approver = text,
                "accountant" => s.accountant = text,
                "cashier" => s.cashier = text,
                _ => {}
            }
        }
        Ok(s)
    }
}

impl Store {
    /// The co-op's bookkeeping settings.
    pub fn books_settings(&self) -> BooksResult<BooksSettings> {
        BooksSettings::read(&self.conn)
    }

    /// Save the settings: one change per field that differs. The chart
    /// template cannot change once the books hold any fact.
    pub fn set_books_settings(&mut self, new: &BooksSettings) -> BooksResult<BooksSettings> {
        let old = self.books_settings()?;
        if new.template != old.template {
            let used: bool = self
                .conn
                .prepare_cached("SELECT 1 FROM ledger_change LIMIT 1")?
                .exists([])?;
            if used {
                return Err(BooksError::rule(
                    "账套已经有记账数据，不能再更换科目表；如确需更换，请新建一个账套（另一个数据库文件）",
                ));
            }
        }
        let before = old.to_fields();
        let drafts: Vec<Draft> = new
            .to_fields()
            .into_iter()
            .zip(before)
            .filter(|((_, a), (_, b))| a != b)
            .map(|((field, v), _)| Draft::set(entity::LEDGER_SETTINGS, RECORD, field, v))
            .collect();
        if !drafts.is_empty() {
            self.commit_local(drafts)?;
        }
        self.books_settings()
    }

    /// This device's voucher series (凭证字): set here, or the first four
    /// characters of the device id, so offline devices never share one.
    pub fn voucher_series(&self) -> BooksResult<String> {
        let key = format!("ledger.series.{}", self.device_id);
        Ok(match meta_get(&self.conn, &key)? {
            Some(s) if !s.trim().is_empty() => s,
            _ => self
                .device_id
                .chars()
                .take(4)
                .collect::<String>()
                .to_uppercase(),
        })
    }

    /// Set this device's voucher series; refused when another device's
    /// vouchers already use it.
    pub fn set_voucher_series(&mut self, series: &str) -> BooksResult<String> {
        let s = series.trim();
        if s.is_empty()
            || s.chars().count() > 8
            || !s.chars().all(|c| c.is_alphanumeric() || c == '-')
        {
            return Err(cunwu_core::Error::invalid(
                "凭证字",
                "请用1到8个字母、数字或汉字，如 A、记",
            )
            .into());
        }
        let taken: Option<String> = rusqlite::OptionalExtension::optional(
            self.conn
                .prepare_cached(
                    "SELECT voucher_device FROM ledger_voucher WHERE series = ?1 AND voucher_device <> ?2 LIMIT 1",
                )?
                .query_row([s, &self.device_id], |r| r.get(0)),
        )?;
        if let Some(other) = taken {
            return Err(BooksError::rule(format!(
                "凭证字“{s}”已由设备“{other}”使用，每台电脑的凭证字必须不同，请换一个"
            )));
        }
        crate::device::meta_set(&self.conn, &format!("ledger.series.{}", self.device_id), s)?;
        Ok(s.to_string())
    }
}
