//! An in-process [`Transport`] straight into a [`Hub`]: the same checks as
//! HTTP without sockets, for fast property tests. Errors cross it as the
//! client would see them over HTTP.

use crate::error::HubError;
use crate::hub::Hub;
use cunwu_sync::protocol::{
    EnrollRequest, EnrollResponse, MoveDeviceRequest, MoveDeviceResponse, PullRequest,
    PullResponse, PushAck, PushBatch, SnapshotPage, SnapshotRequest, VectorRequest, VectorResponse,
    Wire,
};
use cunwu_sync::transport::Transport;
use cunwu_sync::{codec, SyncError};
use std::sync::Arc;

/// A device's view of an in-process hub.
pub struct LocalTransport {
    hub: Arc<Hub>,
    token: Option<String>,
}

impl LocalTransport {
    /// A transport for the device holding `token` (none before enrollment).
    pub fn new(hub: Arc<Hub>, token: Option<String>) -> Self {
        LocalTransport { hub, token }
    }
}

/// The error a device sees for a hub error.
pub fn to_client_error(e: HubError) -> SyncError {
    let message = e.to_string();
    match e.status() {
        401 => SyncError::Unauthorized(message),
        403 => SyncError::Forbidden(message),
        409 => SyncError::Conflict(message),
        status => SyncError::Hub { status, message },
    }
}

/// Round-trip through the codec, as the wire would.
fn wire<M: Wire>(m: &M) -> Result<M, SyncError> {
    codec::decode(&codec::encode(m))
}

impl LocalTransport {
    fn authed<R>(
        &self,
        f: impl FnOnce(&crate::storage::DeviceRecord) -> Result<R, HubError>,
    ) -> Result<R, SyncError> {
        let dev = self
            .hub
            .authenticate(self.token.as_deref())
            .map_err(to_client_error)?;
        f(&dev).map_err(to_client_error)
    }
}

impl Transport for LocalTransport {
    fn enroll(&self, req: &EnrollRequest) -> Result<EnrollResponse, SyncError> {
        wire(&self.hub.enroll(&wire(req)?).map_err(to_client_error)?)
    }
    fn vector(&self, req: &VectorRequest) -> Result<VectorResponse, SyncError> {
        let req = wire(req)?;
        wire(&self.authed(|d| self.hub.vector(d, &req))?)
    }
    fn push(&self, batch: &PushBatch) -> Result<PushAck, SyncError> {
        let batch = wire(batch)?;
        wire(&self.authed(|d| self.hub.push(d, &batch))?)
    }
    fn push_frame(&self, frame: &[u8]) -> Result<PushAck, SyncError> {
        let batch = codec::decode(frame)?;
        wire(&self.authed(|d| self.hub.push(d, &batch))?)
    }
    fn pull(&self, req: &PullRequest) -> Result<PullResponse, SyncError> {
        let req = wire(req)?;
        wire(&self.authed(|d| self.hub.pull(d, &req))?)
    }
    fn snapshot(&self, req: &SnapshotRequest) -> Result<SnapshotPage, SyncError> {
        let req = wire(req)?;
        wire(&self.authed(|d| self.hub.snapshot(d, &req))?)
    }
    fn move_device(&self, req: &MoveDeviceRequest) -> Result<MoveDeviceResponse, SyncError> {
        self.authed(|d| self.hub.move_device(d, &wire(req).map_err(HubError::Sync)?))
            .and_then(|r| wire(&r))
    }
}
