//! The façade every front end shares: the desktop app's commands, the
//! `cunwu` CLI and the end-to-end tests call these use cases, so each
//! feature is written once.

pub mod backup;
pub mod changes;
pub mod conflicts;
pub mod coop;
pub mod demo;
pub mod demo_exit;
pub mod demo_needs;
pub mod desk;
mod error;
pub mod location;
pub mod masking;
pub mod needs;
pub mod people;
pub mod register_io;
pub mod sync_desk;
pub mod view;
pub mod village;
pub mod visits;

pub use cunwu_core::clock::{china_offset, local_date};
pub use error::{wire_error, Error, Result, WireError};
