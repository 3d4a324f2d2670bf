//! Cunwu's local database. The change log is the source of truth: every
//! user action is one SQLite transaction that appends its changes and
//! materializes them into the domain tables, through the same code path
//! that applies changes arriving from other devices.
//!
//! ```no_run
//! use std::sync::Arc;
//! use cunwu_core::clock::SystemClock;
//! let mut store = cunwu_store::Store::open("village.db".as_ref(), Arc::new(SystemClock))?;
//! store.init("网周村", Some("草沟镇"), "程鹏")?;
//! # Ok::<(), cunwu_store::Error>(())
//! ```

mod change_log;
pub mod checkpointer;
mod conflict;
mod demo_mark;
mod device;
mod error;
mod field_heads;
mod foreign_batch;
mod household;
pub mod ledger;
mod materialize;
mod member;
mod reidentify;
pub use reidentify::remove_db_files;
mod need;
pub mod schema;
mod state_hash;
mod visit;
mod write_guard;

pub use change_log::{ApplyReport, Draft};
pub use conflict::{Conflict, ConflictValue};
pub use device::Profile;
pub use error::{Error, Result};
pub use household::HouseholdFilter;
pub use ledger::{BooksError, BooksResult, BooksSettings, CoopMember, Ledger};
pub use need::{NeedFilter, NeedRecord, NeedRow};
pub use reidentify::{NewIdentity, SET_ASIDE_KEY};
pub use write_guard::RefusedChange;

use cunwu_core::clock::Clock;
use cunwu_core::hlc::Hlc;
use rusqlite::Connection;
use std::path::Path;
use std::sync::Arc;

/// An open village database.
pub struct Store {
    conn: Connection,
    clock: Arc<dyn Clock>,
    device_id: String,
    /// This device's number in `change_device` (where its changes sit in the log).
    device_no: i64,
    /// Last HLC stamp issued or observed; persisted in `meta`.
    hlc: Hlc,
    /// Highest counter this device has written (its last change's).
    counter: u64,
    /// The village profile, cached; changed only by `init` and `use_user`.
    profile: Option<Profile>,
}

impl Store {
    /// Open (creating if needed) the database at `path`.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = Connection::open(path)?;
        schema::prepare(&mut conn)?;
        // Every transaction takes the write lock at BEGIN (waiting up to the
        // busy timeout): a deferred one that read first would fail at once,
        // not wait, when another process wrote in between.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // Every statement of the hot paths stays prepared. With SQLite's
        // STAT4 planner a statement may otherwise be re-prepared each time
        // a parameter is bound (the plan must not depend on the values).
        conn.set_prepared_statement_cache_capacity(128);
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        let identity = device::load_identity(&conn, path)?;
        let profile = device::read_profile(&conn)?;
        let device_no = change_log::device_no(&conn, &identity.device_id)?;
        let mut store = Store {
            conn,
            clock,
            device_id: identity.device_id,
            device_no,
            hlc: identity.hlc,
            counter: identity.counter,
            profile,
        };
        store.rebuild_needs_if_asked()?;
        Ok(store)
    }

    /// This replica's device id.
    pub fn device_id(&self) -> &str {
        &self.device_id
    }

    /// The store's clock reading, UTC milliseconds.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Today's date in China by the store's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// Checkpoint this database's log on a background thread until the
    /// returned value is dropped (for long writes such as loading a
    /// snapshot; see [`checkpointer`]).
    pub fn background_checkpoints(&self) -> Result<checkpointer::Checkpointer> {
        let path = self.conn.path().unwrap_or_default();
        if path.is_empty() {
            return Err(Error::Io(std::io::Error::other("内存数据库没有日志文件")));
        }
        Ok(checkpointer::Checkpointer::start(Path::new(path))?)
    }

    /// The underlying connection, for read-only reporting queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}
