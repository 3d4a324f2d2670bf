//! Amounts in 大写 (Chinese capital numerals) as receipts and vouchers
//! print them, so a figure cannot be altered by adding a stroke.

use cunwu_core::money::Fen;

/// An amount in 大写 as on Chinese receipts: `壹万伍仟伍佰壹拾贰元整`.
pub fn capital(f: Fen) -> String {
    const D: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const U: [&str; 4] = ["", "拾", "佰", "仟"];
    const BIG: [&str; 5] = ["", "万", "亿", "万亿", "亿亿"];
    let abs = f.0.unsigned_abs();
    let (yuan, jiao, fen) = (abs / 100, (abs / 10) % 10, abs % 10);
    let mut out = String::new();
    if f.0 < 0 {
        out.push('负');
    }
    let digits: Vec<usize> = yuan
        .to_string()
        .bytes()
        .map(|b| usize::from(b - b'0'))
        .collect();
    let n = digits.len();
    let mut zero = false;
    for (i, d) in digits.iter().enumerate() {
        let pos = n - 1 - i;
        if *d == 0 {
            zero = yuan > 0;
        } else {
            if zero {
                out.push('零');
                zero = false;
            }
            out.push(D[*d]);
            out.push_str(U[pos % 4]);
        }
        if pos.is_multiple_of(4)
            && pos > 0
            && digits[i.saturating_sub(3)..=i].iter().any(|d| *d != 0)
        {
            out.push_str(BIG.get(pos / 4).copied().unwrap_or(""));
        }
    }
    if yuan > 0 {
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => out.push_str(if yuan > 0 { "整" } else { "零元整" }),
        (j, 0) => {
            out.push(D[j as usize]);
            out.push_str("角整");
        }
        (j, f) => {
            if j > 0 {
                out.push(D[j as usize]);
                out.push('角');
            } else if yuan > 0 {
                out.push('零');
            }
            out.push(D[f as usize]);
            out.push('分');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capital_amounts_read_like_receipts() {
        assert_eq!(capital(Fen(1_551_200)), "壹万伍仟伍佰壹拾贰元整");
        assert_eq!(capital(Fen(10_000_500)), "壹拾万零伍元整");
        assert_eq!(capital(Fen(100_000_000)), "壹佰万元整");
        assert_eq!(capital(Fen(100_000_000_000)), "壹拾亿元整");
        assert_eq!(capital(Fen(12_345)), "壹佰贰拾叁元肆角伍分");
        assert_eq!(capital(Fen(1_005)), "壹拾元零伍分");
        assert_eq!(capital(Fen(50)), "伍角整");
        assert_eq!(capital(Fen(0)), "零元整");
        assert_eq!(capital(Fen(123_120)), "壹仟贰佰叁拾壹元贰角整");
    }
}
