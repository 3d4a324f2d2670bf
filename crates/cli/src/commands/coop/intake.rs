//! The intake lines of `cunwu coop lot intake`: `--line 户编号:头数:重量:单价[:等级]`
//! or one household given by flags.

use cunwu_app::coop::IntakeRow;

/// The intake rows the flags describe; at least one.
pub fn rows(
    lines: &[String],
    one: Option<IntakeRow>,
    unit: &str,
) -> anyhow::Result<Vec<IntakeRow>> {
    let mut rows: Vec<IntakeRow> = one.into_iter().collect();
    for l in lines {
        let parts: Vec<&str> = l.split([':', '：']).map(str::trim).collect();
        if !(4..=5).contains(&parts.len()) {
            anyhow::bail!(cunwu_core::Error::invalid(
                "收购明细",
                format!("“{l}”应写成 户编号:头数:重量:单价[:等级]，如 030001:3:108斤:14/斤:一等")
            ));
        }
        let head = parts[1].parse().map_err(|_| {
            cunwu_core::Error::invalid("头数", format!("“{}”不是头数，请写整数", parts[1]))
        })?;
        rows.push(IntakeRow {
            household: parts[0].into(),
            head,
            weight: parts[2].into(),
            weight_unit: Some(unit.into()),
            price: parts[3].into(),
            price_unit: Some(unit.into()),
            grade: parts.get(4).map(|g| g.to_string()).unwrap_or_default(),
        });
    }
    if rows.is_empty() {
        anyhow::bail!(cunwu_core::Error::invalid(
            "收购明细",
            "请用 --line 户编号:头数:重量:单价 或 --household/--weight/--price 录入至少一户"
        ));
    }
    Ok(rows)
}
