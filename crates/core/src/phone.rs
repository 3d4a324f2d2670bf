//! Mobile phone numbers: 11 digits starting with 1. Masked when shown.

use crate::{Error, Result};

/// Validate a mobile number; spaces and dashes are dropped, `+86` allowed.
pub fn validate(text: &str) -> Result<String> {
    let digits: String = text
        .trim()
        .trim_start_matches("+86")
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::invalid(
            "联系电话",
            format!("“{text}”含有非数字字符，请只填11位手机号"),
        ));
    }
    if digits.len() != 11 || !digits.starts_with('1') {
        return Err(Error::invalid(
            "联系电话",
            format!(
                "手机号应为以1开头的11位数字，现在是{}位，请核对",
                digits.len()
            ),
        ));
    }
    Ok(digits)
}

/// Masked for display: `138****5678`.
pub fn mask(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        "*".repeat(phone.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_mobiles() {
        assert_eq!(validate("138 0013 8000").as_deref(), Ok("13800138000"));
        assert_eq!(validate("+8613800138000").as_deref(), Ok("13800138000"));
        assert!(validate("1380013800")
            .unwrap_err()
            .to_string()
            .contains("10位"));
        assert!(validate("23800138000").is_err());
        assert!(validate("1380013800a")
            .unwrap_err()
            .to_string()
            .contains("非数字"));
        assert_eq!(mask("13800138000"), "138****8000");
    }
}
