//! One module per command group; each is a thin layer over the façade.

pub mod backup;
pub mod bundle;
pub mod changes;
pub mod conflicts;
pub mod coop;
pub mod demo;
pub mod demo_exit;
pub mod household;
pub mod hub;
pub mod hub_refused;
pub mod init;
pub mod ledger;
pub mod member;
pub mod need;
pub mod person;
pub mod sync;
pub mod visit;

use cunwu_core::clock::SystemClock;
use cunwu_store::Store;
use std::path::PathBuf;
use std::sync::Arc;

/// What every command gets: where the database is and how to print.
pub struct Ctx {
    /// Database path.
    pub db: PathBuf,
    /// Print JSON.
    pub json: bool,
}

impl Ctx {
    /// From the global flags.
    pub fn new(db: Option<PathBuf>, json: bool) -> Ctx {
        Ctx {
            db: db.unwrap_or_else(cunwu_app::location::default_db_path),
            json,
        }
    }

    /// Open the village database.
    pub fn open(&self) -> anyhow::Result<Store> {
        Ok(Store::open(&self.db, Arc::new(SystemClock))?)
    }

    /// Open the database and require a set-up village.
    pub fn open_village(&self) -> anyhow::Result<Store> {
        let s = self.open()?;
        s.require_profile()?;
        Ok(s)
    }
}
