//! Cunwu sync: how village laptops and the township hub exchange changes.
//!
//! - [`protocol`]: the messages (enroll, vector, push/ack, pull, snapshot).
//! - [`codec`] and [`columns`]: versioned, zstd-compressed, fuzz-safe frames.
//! - [`bundle`]: the same change sets in a file for a USB stick.
//! - [`plan`]: the pure diff → operations step.
//! - [`transport`]: the seam to the hub; `http` its HTTP implementation.
//! - [`enrollment`], [`client`], [`device_bundle`]: the device side: enroll,
//!   `sync now` (pushing pipelined, two requests on the wire, `push_pipeline`), status, USB bundle
//!   export/import.
//! - [`restore`]: a database restored from a copy takes a new device
//!   identity instead of reusing its old one's ids.

pub mod bundle;
pub mod client;
pub mod codec;
pub mod columns;
pub mod device_bundle;
pub mod enrollment;
pub mod error;
pub mod fields;
#[cfg(feature = "http")]
pub mod http;
pub mod plan;
pub mod protocol;
mod push_pipeline;
pub mod restore;
pub mod seal;
mod snapshot_pages;
pub mod transport;

pub use client::{status, sync_now, SyncOptions, SyncReport, SyncStatus};
pub use error::{Result, SyncError};
