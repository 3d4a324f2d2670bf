//! Tauri commands, one file per feature, each a line over the façade.

pub mod app;
pub mod backup;
pub mod coop;
pub mod household;
pub mod need;
pub mod register_io;
pub mod sync;
pub mod visit;
