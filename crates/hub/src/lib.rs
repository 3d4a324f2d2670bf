//! The Cunwu township hub: a server process that enrolls village laptops,
//! authenticates them, checks every change against its author's village and
//! role, and relays changes between the laptops of a village (and to the
//! township's devices) by cursor, with snapshots for fresh devices.
//!
//! - [`hub::Hub`]: the core, independent of HTTP.
//! - [`storage::HubStorage`]: what is kept; [`sqlite::SqliteStorage`] by default.
//! - [`server`]: axum routes, `serve` with graceful shutdown.
//! - [`local::LocalTransport`]: the hub in-process, for tests.
//! - [`rules`]: who may write what.
//! - [`voucher_chain`]: each device's voucher hash chain, checked on receipt.

pub mod authorship;
mod authorship_store;
pub mod error;
pub mod hub;
mod hub_bundle;
pub mod local;
mod merge;
mod relay;
pub mod rules;
pub mod schema;
pub mod server;
pub mod sqlite;
pub mod storage;
pub mod voucher_chain;

pub use error::{HubError, Result};
pub use hub::Hub;
