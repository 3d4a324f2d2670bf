//! Matching a register file's column headers to household fields: the
//! Chinese label or any alias, after removing what people add around it —
//! spaces (also full-width and inside: “户 主 姓 名”), line breaks, a `*`
//! marking required columns, “（必填）” / “（选填）” notes.

use cunwu_core::household::HouseholdField;

/// The field a header names, if any.
pub(crate) fn field(header: &str) -> Option<HouseholdField> {
    HouseholdField::parse(&normalise(header))
}

/// The header reduced to its bare name.
pub(crate) fn normalise(header: &str) -> String {
    let mut name: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    loop {
        let before = name.len();
        for mark in ["*", "＊"] {
            name = name
                .trim_start_matches(mark)
                .trim_end_matches(mark)
                .to_string();
        }
        for note in [
            "（必填）",
            "(必填)",
            "（选填）",
            "(选填)",
            "【必填】",
            "[必填]",
        ] {
            if let Some(rest) = name.strip_suffix(note) {
                name = rest.to_string();
            }
        }
        if name.len() == before {
            return name;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_headers() {
        let check = |h: &str, want: Option<HouseholdField>| assert_eq!(field(h), want, "{h}");
        check("户编号", Some(HouseholdField::Code));
        check(" 户编号* ", Some(HouseholdField::Code));
        check("*户主姓名", Some(HouseholdField::HeadName));
        check("户　主　姓　名", Some(HouseholdField::HeadName));
        check("村民小组（必填）", Some(HouseholdField::GroupNo));
        check("村民小组*(必填)", Some(HouseholdField::GroupNo));
        check("联系\n电话", Some(HouseholdField::Phone));
        check("手机号", Some(HouseholdField::Phone));
        check("身份证号码", Some(HouseholdField::HeadIdNumber));
        check("家庭人口", None);
        check("", None);
    }
}
