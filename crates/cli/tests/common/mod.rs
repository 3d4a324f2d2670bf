//! Running the real `cunwu` binary against a temporary village database.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary directory with a database path in it.
pub struct Village {
    /// Keeps the directory alive.
    pub dir: tempfile::TempDir,
    /// The database file.
    pub db: PathBuf,
}

/// Output of one run.
pub struct Run {
    /// Exit status was success.
    pub ok: bool,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Parse stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

impl Village {
    /// An empty directory; nothing initialised.
    pub fn empty() -> Village {
        let dir = tempfile::tempdir().expect("tmp");
        let db = dir.path().join("village.db");
        Village { dir, db }
    }

    /// Initialised as 网周村 with user 程鹏.
    pub fn new() -> Village {
        let v = Village::empty();
        let r = v.init();
        assert!(r.ok, "{}", r.stderr);
        v
    }

    /// `cunwu init` this database as 网周村 (草沟镇) with user 程鹏.
    pub fn init(&self) -> Run {
        self.run(&[
            "init",
            "--village",
            "网周村",
            "--township",
            "草沟镇",
            "--user",
            "程鹏",
        ])
    }

    /// Run `cunwu --db <db> args…`.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_cunwu"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run cunwu");
        Run {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// A path inside the temporary directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The repository's `samples/` folder.
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}
