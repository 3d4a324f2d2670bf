//! Resident identity card numbers (居民身份证号码, GB 11643-1999): 18
//! characters, the last a checksum digit or `X`. Kept as text, validated by
//! checksum, and masked wherever shown.

use crate::{Error, Result};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The checksum character for the first 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

/// Validate and normalise (upper-case `x`, trim) an ID number.
pub fn validate(text: &str) -> Result<String> {
    let field = "身份证号";
    let id: String = text.trim().to_uppercase();
    let len = id.chars().count();
    if len != 18 {
        return Err(Error::invalid(
            field,
            format!("应为18位，现在是{len}位，请核对后重新输入"),
        ));
    }
    let (body, last) = id.split_at(17);
    let Some(expected) = check_char(body) else {
        return Err(Error::invalid(field, "前17位只能是数字，请核对"));
    };
    if !last.starts_with(expected) {
        return Err(Error::invalid(
            field,
            format!("校验位不对（最后一位应为{expected}），请逐位核对，可能有数字输错"),
        ));
    }
    let month: u32 = body[10..12].parse().unwrap_or(0);
    let day: u32 = body[12..14].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(Error::invalid(field, "其中的出生日期不对，请核对第7到14位"));
    }
    Ok(id)
}

/// Masked for display: `341324********123X`.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..6].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 10));
    out.extend(&chars[chars.len() - 4..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_numbers() {
        // The standard's own example, and one ending in X.
        assert_eq!(
            validate("11010519491231002X").as_deref(),
            Ok("11010519491231002X")
        );
        assert_eq!(
            validate("11010519491231002x").as_deref(),
            Ok("11010519491231002X")
        );
        assert_eq!(check_char("44052418800101001"), Some('4'));
        assert!(validate("440524188001010014").is_ok());
    }

    #[test]
    fn refuses_bad_numbers_with_reason() {
        let e = validate("110105194912310021").unwrap_err().to_string();
        assert!(e.contains("校验位") && e.contains('X'), "{e}");
        assert!(validate("1101051949123100")
            .unwrap_err()
            .to_string()
            .contains("18位"));
        assert!(validate("1101051949A231002X")
            .unwrap_err()
            .to_string()
            .contains("数字"));
        // Month 13: checksum made valid, date still wrong.
        let body = "34132419491331002";
        let id = format!("{body}{}", check_char(body).unwrap_or('0'));
        assert!(validate(&id).unwrap_err().to_string().contains("出生日期"));
    }

    #[test]
    fn masks() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
    }
}
