//! The blocking HTTP [`Transport`] (ureq; rustls, no OpenSSL): each call is
//! one `POST` of a codec frame with the device credential as a bearer
//! token. A non-200 answer carries a JSON `{code, message}` whose Chinese
//! message is passed on to the user as it is.

use crate::codec;
use crate::error::{Result, SyncError};
use crate::protocol::{
    EnrollRequest, EnrollResponse, HubErrorBody, MoveDeviceRequest, MoveDeviceResponse,
    PullRequest, PullResponse, PushAck, PushBatch, SnapshotPage, SnapshotRequest, VectorRequest,
    VectorResponse, Wire,
};
use crate::transport::{path, Transport, FRAME_CONTENT_TYPE};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Largest hub answer read (bytes on the wire, compressed).
const MAX_RESPONSE: u64 = 64 << 20;

/// A hub reached over HTTP(S).
pub struct HttpTransport {
    base: String,
    token: Option<String>,
    agent: ureq::Agent,
    sent: AtomicU64,
    received: AtomicU64,
}

impl HttpTransport {
    /// A transport to the hub at `base_url` (e.g. `http://192.168.1.10:7700`),
    /// with the device credential once enrolled.
    pub fn new(base_url: &str, token: Option<String>) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(120)))
            .build();
        HttpTransport {
            base: base_url.trim_end_matches('/').to_string(),
            token,
            agent: config.into(),
            sent: AtomicU64::new(0),
            received: AtomicU64::new(0),
        }
    }

    /// Body bytes sent and received so far (compressed frames, without
    /// HTTP headers).
    pub fn bytes(&self) -> (u64, u64) {
        (
            self.sent.load(Ordering::Relaxed),
            self.received.load(Ordering::Relaxed),
        )
    }

    fn call<Req: Wire, Resp: Wire>(&self, route: &str, req: &Req) -> Result<Resp> {
        self.post(route, &codec::encode(req))
    }

    /// `POST` one encoded frame and decode the answer.
    fn post<Resp: Wire>(&self, route: &str, body: &[u8]) -> Result<Resp> {
        let url = format!("{}{}", self.base, route);
        let mut builder = self
            .agent
            .post(&url)
            .header("Content-Type", FRAME_CONTENT_TYPE);
        if let Some(t) = &self.token {
            builder = builder.header("Authorization", &format!("Bearer {t}"));
        }
        self.sent.fetch_add(body.len() as u64, Ordering::Relaxed);
        let mut resp = builder.send(body).map_err(network)?;
        let status = resp.status().as_u16();
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE)
            .read_to_vec()
            .map_err(network)?;
        if status == 200 {
            return codec::decode(&bytes);
        }
        let message = serde_json::from_slice::<HubErrorBody>(&bytes)
            .map(|b| b.message)
            .unwrap_or_else(|_| String::from_utf8_lossy(&bytes).chars().take(300).collect());
        Err(match status {
            401 => SyncError::Unauthorized(message),
            403 => SyncError::Forbidden(message),
            409 => SyncError::Conflict(message),
            _ => SyncError::Hub { status, message },
        })
    }
}

fn network(e: ureq::Error) -> SyncError {
    SyncError::Network(e.to_string())
}

impl Transport for HttpTransport {
    fn enroll(&self, req: &EnrollRequest) -> Result<EnrollResponse> {
        self.call(path::ENROLL, req)
    }
    fn vector(&self, req: &VectorRequest) -> Result<VectorResponse> {
        self.call(path::VECTOR, req)
    }
    fn push(&self, batch: &PushBatch) -> Result<PushAck> {
        self.call(path::PUSH, batch)
    }
    fn push_frame(&self, frame: &[u8]) -> Result<PushAck> {
        self.post(path::PUSH, frame)
    }
    fn pull(&self, req: &PullRequest) -> Result<PullResponse> {
        self.call(path::PULL, req)
    }
    fn snapshot(&self, req: &SnapshotRequest) -> Result<SnapshotPage> {
        self.call(path::SNAPSHOT, req)
    }
    fn move_device(&self, req: &MoveDeviceRequest) -> Result<MoveDeviceResponse> {
        self.call(path::MOVE_DEVICE, req)
    }
}
