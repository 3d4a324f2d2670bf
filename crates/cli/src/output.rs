//! Printing results: JSON for programs, plain Chinese text for people, and
//! errors as `{code, message}` (JSON) or `错误：message` (text) on stderr.

use cunwu_app::WireError;
use serde::Serialize;

/// Print a value as pretty JSON.
pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Report an error the way the caller asked.
pub fn error(e: &anyhow::Error, json: bool) {
    let wire = e
        .chain()
        .find_map(|cause| {
            cunwu_app::wire_error(cause).or_else(|| {
                cause
                    .downcast_ref::<cunwu_hub::HubError>()
                    .map(|h| coded(h.code(), h))
            })
        })
        .unwrap_or_else(|| WireError {
            code: "error".into(),
            message: format!("{e:#}"),
            field: None,
        });
    if json {
        eprintln!(
            "{}",
            serde_json::to_string(&wire).unwrap_or_else(|_| wire.message.clone())
        );
    } else {
        eprintln!("错误：{}", wire.message);
    }
}

fn coded(code: &str, e: &dyn std::fmt::Display) -> WireError {
    WireError {
        code: code.into(),
        message: e.to_string(),
        field: None,
    }
}

/// Pad Chinese text to a display width (CJK characters count two columns).
pub fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}
