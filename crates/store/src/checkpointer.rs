//! Folding a database's write-ahead log back into the file on a thread of
//! its own while a long write runs, so the writer's commits do not pay for
//! it: with only SQLite's automatic checkpoint, the commit that crosses the
//! threshold copies the whole log and syncs the file. The township hub runs
//! one while it serves (it was a fifth of a push's merge time), a laptop
//! while it loads a snapshot.
//!
//! The checkpoints are PASSIVE: they copy what no reader still needs and
//! never wait for, or hold up, the writer; durability is unchanged (commits
//! are in the log either way). The automatic checkpoint stays as a backstop
//! should this thread fall behind.

use rusqlite::Connection;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the log is folded back.
const EVERY: Duration = Duration::from_millis(200);

/// The checkpoint thread; stopped (and joined) when dropped.
pub struct Checkpointer {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Start checkpointing the database at `db` (opened once more, on its
    /// own connection).
    pub fn start(db: &Path) -> std::io::Result<Checkpointer> {
        let conn = Connection::open(db)
            .and_then(|c| c.busy_timeout(Duration::from_secs(5)).map(|()| c))
            .map_err(std::io::Error::other)?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("cunwu-checkpoint".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
                    // Busy (another checkpoint running) or failed: the next
                    // round, or the automatic checkpoint, does it.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })?;
        Ok(Checkpointer {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
