//! USB-stick bundles from the desktop: export what the township hub lacks to
//! a file the user chose, import a bundle file. The file is read and written
//! with the store free; only collecting and applying the changes hold it.

use super::StoreLender;
use crate::Result;
use cunwu_store::Store;
use cunwu_sync::device_bundle::{self, ExportFor};
use cunwu_sync::SyncError;
use serde::Serialize;
use std::path::Path;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleExport {
    /// The file.
    pub path: String,
    /// Changes in it.
    pub changes: usize,
    /// Its size in bytes.
    pub bytes: usize,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleImport {
    /// Changes new here.
    pub applied: usize,
    /// Changes this laptop already held (importing twice is safe).
    pub duplicates: usize,
    /// Changes not imported, each as "id：why" (not signed by their
    /// author, a revoked laptop's later work, or naming this laptop).
    pub refused: Vec<String>,
}

/// Write through a temporary file, so a stick pulled out never holds half a bundle.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("part");
    let failed = |e: std::io::Error| {
        SyncError::Bundle(format!(
            "保存数据包到 {} 失败：{e}。请检查U盘是否插好、空间是否足够",
            path.display()
        ))
    };
    std::fs::write(&tmp, bytes).map_err(failed)?;
    std::fs::rename(&tmp, path).map_err(failed)?;
    Ok(())
}

/// Export, for the township hub, every change it has not acknowledged.
pub fn export(lender: &impl StoreLender, path: &str) -> Result<BundleExport> {
    let (bytes, changes) =
        lender.lend(|s: &mut Store| Ok(device_bundle::export(s, &ExportFor::Hub)?))?;
    write_file(Path::new(path), &bytes)?;
    Ok(BundleExport {
        path: path.to_string(),
        changes,
        bytes: bytes.len(),
    })
}

/// Import a bundle file (from the hub or another laptop of this village).
/// Everything is checked before anything is written.
pub fn import(lender: &impl StoreLender, path: &str) -> Result<BundleImport> {
    let bytes = std::fs::read(path).map_err(|e| {
        SyncError::Bundle(format!(
            "读取数据包 {path} 失败：{e}。请确认U盘已插好，再重新选择文件"
        ))
    })?;
    let r = lender.lend(|s| Ok(device_bundle::import(s, &bytes)?))?;
    Ok(BundleImport {
        applied: r.applied,
        duplicates: r.duplicates,
        refused: r
            .refused
            .into_iter()
            .map(|(id, why)| format!("{id}：{why}"))
            .collect(),
    })
}
