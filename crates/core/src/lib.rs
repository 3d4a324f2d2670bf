//! Cunwu's domain: households, visits, money, clocks and the change log's
//! vocabulary. Pure Rust: no SQLite, no network, no reading of the system
//! clock (time comes in through [`clock::Clock`]).

pub mod access;
pub mod change;
pub mod change_chain;
pub mod clock;
pub mod entity_kind;
pub mod error;
pub mod hlc;
pub mod household;
pub mod id_number;
pub mod member;
pub mod money;
pub mod name_search;
pub mod need;
pub mod phone;
pub mod visit;

pub use error::{Error, Result};
