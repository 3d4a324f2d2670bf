//! Enrolling this laptop from the desktop: the address and the code are
//! checked first (Chinese messages beside their fields), the hub is asked
//! with the store free, then the sync client's own checks and bookkeeping
//! run on the store with the hub's answer.

use super::{status, StoreLender, SyncGate, SyncView, LAST_ERROR};
use crate::{Error, Result};
use cunwu_sync::enrollment;
use cunwu_sync::http::HttpTransport;
use cunwu_sync::protocol::{EnrollRequest, EnrollResponse, VectorRequest};
use cunwu_sync::transport::Transport;
use cunwu_sync::SyncError;

/// Check the hub address and the code before going to the network.
fn check_enroll_input(hub_url: &str, code: &str) -> Result<(String, String)> {
    let url = hub_url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    if url.is_empty() {
        return Err(cunwu_core::Error::invalid(
            "服务器地址",
            "请填写乡镇服务器地址，例如 http://192.168.1.10:7700",
        )
        .into());
    }
    if rest.is_none_or(|r| r.is_empty() || r.contains(char::is_whitespace)) {
        return Err(cunwu_core::Error::invalid(
            "服务器地址",
            format!("“{url}”不是服务器地址。请照管理员给的写，以 http:// 开头，例如 http://192.168.1.10:7700"),
        )
        .into());
    }
    let letters = code.chars().filter(char::is_ascii_alphanumeric).count();
    let stray = code
        .chars()
        .any(|c| !c.is_ascii_alphanumeric() && c != '-' && !c.is_whitespace());
    if code.trim().is_empty() {
        return Err(cunwu_core::Error::invalid("登记码", "请填写乡镇管理员给的登记码").into());
    }
    if letters != 12 || stray {
        return Err(cunwu_core::Error::invalid(
            "登记码",
            "登记码是 12 位字母和数字，例如 ABCD-EFGH-JK23，请核对后重输",
        )
        .into());
    }
    Ok((url.to_string(), code.trim().to_string()))
}

/// The hub's answer to a code, already fetched: lets the sync client's own
/// checks and bookkeeping run on the store without a network call inside.
struct Redeemed(EnrollResponse);

impl Transport for Redeemed {
    fn enroll(&self, _: &EnrollRequest) -> cunwu_sync::Result<EnrollResponse> {
        Ok(self.0.clone())
    }
    fn vector(
        &self,
        _: &VectorRequest,
    ) -> cunwu_sync::Result<cunwu_sync::protocol::VectorResponse> {
        Err(SyncError::Network("登记时不同步".into()))
    }
    fn push(
        &self,
        _: &cunwu_sync::protocol::PushBatch,
    ) -> cunwu_sync::Result<cunwu_sync::protocol::PushAck> {
        Err(SyncError::Network("登记时不同步".into()))
    }
    fn pull(
        &self,
        _: &cunwu_sync::protocol::PullRequest,
    ) -> cunwu_sync::Result<cunwu_sync::protocol::PullResponse> {
        Err(SyncError::Network("登记时不同步".into()))
    }
    fn snapshot(
        &self,
        _: &cunwu_sync::protocol::SnapshotRequest,
    ) -> cunwu_sync::Result<cunwu_sync::protocol::SnapshotPage> {
        Err(SyncError::Network("登记时不同步".into()))
    }
}

/// A refusal of the code or an unreachable address, said beside its field.
fn enroll_error(e: SyncError) -> Error {
    match e {
        SyncError::Unauthorized(m) => cunwu_core::Error::invalid("登记码", m).into(),
        SyncError::Network(_) => cunwu_core::Error::invalid(
            "服务器地址",
            "连不上这个地址。请核对地址、确认电脑已联网、乡镇服务器已开机，再试",
        )
        .into(),
        other => other.into(),
    }
}

/// Enroll this laptop with the hub at `hub_url` using a one-time `code`.
/// The store is held only to read who this laptop is and to keep the
/// credential, never while waiting for the hub.
pub fn enroll(
    lender: &impl StoreLender,
    gate: &SyncGate,
    hub_url: &str,
    code: &str,
) -> Result<SyncView> {
    let (url, code) = check_enroll_input(hub_url, code)?;
    let _turn = gate.begin()?;
    let (req, sent_ms) = lender.lend(|s| {
        // Before the hub is asked, so a demo village does not use up the code.
        if s.is_demo()? {
            return Err(SyncError::DemoVillage.into());
        }
        let profile = s.require_profile()?;
        let req = EnrollRequest {
            code: code.clone(),
            device_id: s.device_id().to_string(),
            village: Some(profile.village),
            township: profile.township,
            public_key: Some(cunwu_sync::seal::public_key(s)?),
        };
        Ok((req, s.now_ms()))
    })?;
    let resp = HttpTransport::new(&url, None)
        .enroll(&req)
        .map_err(enroll_error)?;
    lender.lend(|s| {
        let received_ms = s.now_ms();
        let hub_ms = resp.hub_time_ms;
        enrollment::enroll(s, &Redeemed(resp), &url, &code)?;
        // The client timed the replayed answer; keep the real round trip's offset.
        let offset = enrollment::clock_offset(hub_ms, sent_ms, received_ms);
        s.meta_set(enrollment::keys::CLOCK_OFFSET_MS, &offset.to_string())?;
        s.meta_set(LAST_ERROR, "")?;
        Ok(())
    })?;
    drop(_turn);
    lender.lend(|s| status(s, gate))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(r: Result<(String, String)>) -> Option<String> {
        r.err().and_then(|e| e.to_wire().field)
    }

    #[test]
    fn enroll_input_is_checked_before_the_network() {
        assert_eq!(
            field_of(check_enroll_input("", "ABCD-EFGH-JK23")).as_deref(),
            Some("服务器地址")
        );
        assert_eq!(
            field_of(check_enroll_input("192.168.1.10:7700", "ABCD-EFGH-JK23")).as_deref(),
            Some("服务器地址")
        );
        assert_eq!(
            field_of(check_enroll_input("http://hub:7700", "ABCD")).as_deref(),
            Some("登记码")
        );
        assert_eq!(
            field_of(check_enroll_input("http://hub:7700", "  ")).as_deref(),
            Some("登记码")
        );
        assert_eq!(
            field_of(check_enroll_input("http://hub:7700", "ABCD-EFGH-JK2码")).as_deref(),
            Some("登记码")
        );
        let ok = check_enroll_input(" http://hub:7700/ ", " abcd efgh jk23 ");
        assert_eq!(
            ok.ok(),
            Some(("http://hub:7700".to_string(), "abcd efgh jk23".to_string()))
        );
    }
}
