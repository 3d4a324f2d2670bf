//! What people type, parsed with Chinese messages: dates, money in yuan,
//! weights in 斤 or kg, prices per kg or per 斤, percentages, cash or bank,
//! the people who sign, and households resolved to co-op members.

use super::error::{CoopError, CoopResult};
use cunwu_core::money::{Fen, Grams, WeightUnit};
use cunwu_core::visit::parse_date;
use cunwu_ledger::{MemberNo, PayFrom, Signers, UnitPrice};
use cunwu_store::{CoopMember, Ledger, Store};
use serde::Deserialize;

/// A date as typed, or today by the store's clock when blank.
pub fn date_or_today(store: &Store, text: Option<&str>) -> CoopResult<chrono::NaiveDate> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Ok(parse_date(t)?),
        None => Ok(store.today()),
    }
}

/// A weight unit: `kg`/`公斤`/`千克` or `斤`; kg when blank.
pub fn unit(text: Option<&str>) -> CoopResult<WeightUnit> {
    match text.map(str::trim).unwrap_or("") {
        "" | "kg" | "KG" | "公斤" | "千克" => Ok(WeightUnit::Kg),
        "斤" | "jin" => Ok(WeightUnit::Jin),
        other => Err(CoopError::invalid(
            "计量单位",
            format!("“{other}”不是重量单位，请写 kg（公斤）或 斤"),
        )),
    }
}

/// A weight: `54`, `54.5kg`, `109斤`; must be more than zero.
pub fn weight(text: &str, default: WeightUnit) -> CoopResult<Grams> {
    let g = Grams::parse(text, default)?;
    if g.0 <= 0 {
        return Err(CoopError::invalid(
            "重量",
            format!("重量“{text}”必须大于零"),
        ));
    }
    Ok(g)
}

/// Money in yuan: `1234.56`, `¥1,234.5`; must be more than zero.
pub fn money(text: &str, field: &str) -> CoopResult<Fen> {
    let f = Fen::parse_yuan(text)?;
    if f.0 <= 0 {
        return Err(CoopError::invalid(field, format!("金额“{text}”必须大于零")));
    }
    Ok(f)
}

/// A unit price: `28` (per `default`), `28/kg`, `14元/斤`, `¥14/斤`.
pub fn price(text: &str, default: WeightUnit) -> CoopResult<UnitPrice> {
    let (amount, per) = match text.split_once('/') {
        Some((a, u)) => (a, unit(Some(u))?),
        None => (text, default),
    };
    let fen = Fen::parse_yuan(amount).map_err(|_| {
        CoopError::invalid(
            "单价",
            format!("“{text}”不是有效的单价，请写成如 28 或 28/kg、14/斤"),
        )
    })?;
    if fen.0 <= 0 {
        return Err(CoopError::invalid(
            "单价",
            format!("单价“{text}”必须大于零"),
        ));
    }
    Ok(UnitPrice { fen, unit: per })
}

/// `cash`/`现金` or `bank`/`银行`.
pub fn pay_from(text: &str) -> CoopResult<PayFrom> {
    match text.trim() {
        "cash" | "现金" | "库存现金" => Ok(PayFrom::Cash),
        "bank" | "银行" | "银行存款" => Ok(PayFrom::Bank),
        other => Err(CoopError::invalid(
            "收付方式",
            format!("“{other}”不是收付方式，请写 现金（cash）或 银行（bank）"),
        )),
    }
}

/// A percentage as basis points: `10` → 1000, `12.5%` → 1250.
pub fn percent_bp(text: &str, field: &str) -> CoopResult<u32> {
    let t = text.trim().trim_end_matches(['%', '％']).trim();
    let bad = || {
        CoopError::invalid(
            field,
            format!("“{text}”不是有效的百分比，请写成如 60 或 12.5"),
        )
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !whole
            .chars()
            .chain(frac.chars())
            .all(|c| c.is_ascii_digit())
    {
        return Err(bad());
    }
    let w: u32 = whole.parse().map_err(|_| bad())?;
    let f: u32 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| bad())?
    };
    let f = if frac.len() == 1 { f * 10 } else { f };
    let bp = w
        .checked_mul(100)
        .and_then(|v| v.checked_add(f))
        .ok_or_else(bad)?;
    if bp > 10_000 {
        return Err(CoopError::invalid(field, "比例不能超过100%"));
    }
    Ok(bp)
}

/// Who signs, as a form sends it; blanks take the books' defaults and the
/// current user as 经办人.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignForm {
    /// 经办人.
    pub handler: Option<String>,
    /// 审批人.
    pub approver: Option<String>,
    /// 会计.
    pub accountant: Option<String>,
    /// 出纳.
    pub cashier: Option<String>,
}

impl SignForm {
    /// The signers: form values over the books' defaults.
    pub fn signers(&self, store: &Store, ledger: &Ledger) -> CoopResult<Signers> {
        let user = store.require_profile()?.user;
        let mut s = ledger.settings().signers(&user);
        if s.accountant.trim().is_empty() {
            s.accountant = user;
        }
        let pick = |v: &Option<String>, into: &mut String| {
            if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                *into = v.to_string();
            }
        };
        pick(&self.handler, &mut s.handler);
        pick(&self.approver, &mut s.approver);
        pick(&self.accountant, &mut s.accountant);
        pick(&self.cashier, &mut s.cashier);
        Ok(s)
    }
}

/// The co-op member a household is (or becomes): its member number, and
/// the fact to write when it is new to the books.
pub fn member_for(store: &Store, ledger: &Ledger, key: &str) -> CoopResult<(CoopMember, bool)> {
    let h = store.find_household(key)?;
    if let Some(m) = ledger.member_of_household(&h.id) {
        return Ok((m.clone(), false));
    }
    let code = h.get(cunwu_core::household::HouseholdField::Code);
    let name = h.get(cunwu_core::household::HouseholdField::HeadName);
    let member = MemberNo::parse(code).map_err(|_| {
        CoopError::rule(format!(
            "农户 {name} 的户编号“{code}”不能作成员编号（须为1到16位字母、数字、- 或 _），请先把户编号改成这样的格式"
        ))
    })?;
    if let Some(other) = ledger.members().get(&member) {
        return Err(CoopError::rule(format!(
            "成员编号 {member} 已属于另一户（{}），请先修改农户 {name} 的户编号",
            other.name
        )));
    }
    Ok((
        CoopMember {
            member,
            household_id: h.id.clone(),
            name: name.to_string(),
        },
        true,
    ))
}

/// The member a household already is in the books, or a Chinese error.
pub fn existing_member(store: &Store, ledger: &Ledger, key: &str) -> CoopResult<CoopMember> {
    if let Ok(no) = MemberNo::parse(key) {
        if let Some(m) = ledger.members().get(&no) {
            return Ok(m.clone());
        }
    }
    let h = store.find_household(key)?;
    ledger.member_of_household(&h.id).cloned().ok_or_else(|| {
        CoopError::rule(format!(
            "农户“{key}”还没有和合作社发生过交易，不是账上的成员",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_weights_and_percentages_parse_without_floats() {
        assert_eq!(
            price("28", WeightUnit::Kg).ok(),
            Some(UnitPrice::per_kg(2_800))
        );
        assert_eq!(
            price("14元/斤", WeightUnit::Kg).ok(),
            Some(UnitPrice::per_jin(1_400))
        );
        assert_eq!(
            price("¥68.00/kg", WeightUnit::Jin).ok(),
            Some(UnitPrice::per_kg(6_800))
        );
        assert!(price("-3", WeightUnit::Kg).is_err());
        assert!(price("3/两", WeightUnit::Kg).is_err());
        assert_eq!(weight("108斤", WeightUnit::Kg).ok(), Some(Grams(54_000)));
        assert_eq!(weight("54", WeightUnit::Kg).ok(), Some(Grams(54_000)));
        assert!(weight("-5", WeightUnit::Kg).is_err());
        assert!(weight("0", WeightUnit::Kg).is_err());
        assert_eq!(percent_bp("60", "返还比例").ok(), Some(6_000));
        assert_eq!(percent_bp("12.5%", "返还比例").ok(), Some(1_250));
        assert!(percent_bp("101", "返还比例").is_err());
        assert!(percent_bp("1.234", "返还比例").is_err());
        assert_eq!(pay_from("银行").ok(), Some(PayFrom::Bank));
        assert!(pay_from("支付宝").is_err());
    }
}
