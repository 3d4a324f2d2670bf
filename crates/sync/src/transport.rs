//! The seam between the sync client and the hub: a blocking [`Transport`]
//! the client calls, with an HTTP implementation ([`crate::http`]) and an
//! in-process one in the hub crate for fast tests. Sync logic never does
//! its own HTTP (as in mozilla/application-services).

use crate::error::Result;
use crate::protocol::{
    EnrollRequest, EnrollResponse, MoveDeviceRequest, MoveDeviceResponse, PullRequest,
    PullResponse, PushAck, PushBatch, SnapshotPage, SnapshotRequest, VectorRequest, VectorResponse,
};

/// One hub, as the client sees it. Every call except `enroll` carries the
/// device credential the transport was built with.
pub trait Transport {
    /// Redeem a one-time enrollment code.
    fn enroll(&self, req: &EnrollRequest) -> Result<EnrollResponse>;
    /// How far the hub holds the named devices' changes.
    fn vector(&self, req: &VectorRequest) -> Result<VectorResponse>;
    /// Push one bounded batch; the ack comes only after the hub committed it.
    fn push(&self, batch: &PushBatch) -> Result<PushAck>;
    /// Push one batch already encoded as a [`crate::codec`] frame (the
    /// client encodes the next batch while this one is in flight). The
    /// default decodes it and calls [`Transport::push`].
    fn push_frame(&self, frame: &[u8]) -> Result<PushAck> {
        self.push(&crate::codec::decode(frame)?)
    }
    /// Pull changes after a hub cursor.
    fn pull(&self, req: &PullRequest) -> Result<PullResponse>;
    /// One page of a compacted snapshot.
    fn snapshot(&self, req: &SnapshotRequest) -> Result<SnapshotPage>;
    /// Move this laptop's enrollment to the new device id it took after a
    /// restore (see `crate::restore`). A transport that cannot answers so.
    fn move_device(&self, req: &MoveDeviceRequest) -> Result<MoveDeviceResponse> {
        let _ = req;
        Err(crate::SyncError::Hub {
            status: 501,
            message: "这条连接不能改登记的设备编号".into(),
        })
    }
}

/// URL paths of the hub's API (all `POST` with a codec frame body).
pub mod path {
    /// Redeem an enrollment code.
    pub const ENROLL: &str = "/v1/enroll";
    /// Hub version vector.
    pub const VECTOR: &str = "/v1/vector";
    /// Push a batch.
    pub const PUSH: &str = "/v1/push";
    /// Pull by cursor.
    pub const PULL: &str = "/v1/pull";
    /// Snapshot page.
    pub const SNAPSHOT: &str = "/v1/snapshot";
    /// Move an enrollment to a new device id (after a restore).
    pub const MOVE_DEVICE: &str = "/v1/move_device";
    /// Liveness (GET, JSON).
    pub const HEALTH: &str = "/v1/health";
}

/// Content type of codec frames.
pub const FRAME_CONTENT_TYPE: &str = "application/x-cunwu-frame";
