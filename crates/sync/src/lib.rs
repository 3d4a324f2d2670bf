//! Cunwu sync: how village laptops and the township hub exchange changes.
//!
//! - [`protocol`]: the messages (enroll, vector, push/ack, pull, snapshot).
//! - [`codec`] and [`columns`]: versioned, zstd-compressed, fuzz-safe frames.
//! - [`bundle`]: the same change sets in a file for a USB stick.
//! - [`plan`]: the pure diff → operations step.
//! - [`transport`]: the seam to the hub; [`http`] its HTTP implementation.

pub mod bundle;
pub mod codec;
pub mod columns;
pub mod error;
#[cfg(feature = "http")]
pub mod http;
pub mod plan;
pub mod protocol;
pub mod transport;

pub use error::{Result, SyncError};
