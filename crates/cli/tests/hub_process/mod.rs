//! A real hub process (`cunwu hub serve` on port 0) and its enrollment
//! codes, for tests that run the `cunwu` binary end to end.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

/// The `cunwu` binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_cunwu");

/// A hub process; its stderr log lines arrive on `log`.
pub struct HubProcess {
    /// The server process.
    pub child: Child,
    /// Its base URL.
    pub url: String,
    /// Its log lines.
    pub log: mpsc::Receiver<String>,
}

/// Start `cunwu hub serve` on `listen` (e.g. `127.0.0.1:0`).
pub fn start_hub(data: &Path, listen: &str) -> HubProcess {
    let mut child = Command::new(BIN)
        .args(["hub", "serve", "--data"])
        .arg(data)
        .args(["--listen", listen])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start hub: {e}"));
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    let url = line
        .split("http://")
        .nth(1)
        .map(|r| {
            format!(
                "http://{}",
                r.chars()
                    .take_while(|c| c.is_ascii_graphic() && *c != '（')
                    .collect::<String>()
            )
        })
        .unwrap_or_else(|| panic!("hub did not start: {line}"));
    let (tx, log) = mpsc::channel();
    if let Some(err) = child.stderr.take() {
        std::thread::spawn(move || {
            for l in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(l);
            }
        });
    }
    HubProcess { child, url, log }
}

impl Drop for HubProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A one-time enrollment code made with `cunwu hub enroll`.
pub fn code(hub_data: &Path, scope: &[&str], role: &str) -> String {
    let mut args = vec![
        "hub",
        "enroll",
        "--data",
        hub_data.to_str().unwrap_or_default(),
    ];
    args.extend_from_slice(scope);
    args.extend_from_slice(&["--role", role, "--json"]);
    let out = Command::new(BIN)
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("run cunwu: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    v["code"].as_str().unwrap_or_default().to_string()
}
