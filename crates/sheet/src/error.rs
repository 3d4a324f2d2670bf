//! What can go wrong reading or writing a spreadsheet, with a stable `code`
//! for programs and a Chinese message for people that says what to do.

use cunwu_core::error::WireError;
use std::io;
use std::path::Path;

/// A spreadsheet could not be read or written. `Display` is the Chinese
/// message shown to the user; [`SheetError::code`] is stable for the UI.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// The file is neither an Excel workbook nor a text (CSV) table.
    #[error(
        "文件“{file}”不是有效的 Excel 表格（.xlsx）或 CSV 文件，请在 Excel 中另存为 .xlsx 后重试"
    )]
    NotSpreadsheet {
        /// File name as the user knows it.
        file: String,
    },
    /// The file is a web page (often a system export named `.xls`).
    #[error("文件“{file}”其实是网页（HTML/XML）格式，只是扩展名像 Excel 表格；请用 Excel 打开它，另存为 .xlsx 后再导入")]
    WebPage {
        /// File name as the user knows it.
        file: String,
    },
    /// The file looks like a workbook but cannot be opened.
    #[error("文件“{file}”看起来是 Excel 表格，但无法打开（可能已损坏，或设置了打开密码）。请在 Excel 中打开，取消密码后另存为 .xlsx 再试（详情：{detail}）")]
    Damaged {
        /// File name as the user knows it.
        file: String,
        /// What the reader reported, for support.
        detail: String,
    },
    /// The file has zero bytes.
    #[error("文件“{file}”是空的（0 字节），请确认选对了文件")]
    EmptyFile {
        /// File name as the user knows it.
        file: String,
    },
    /// No non-blank row, so no header row.
    #[error(
        "文件“{file}”里没有任何内容，找不到表头行；第一行应填写列名，如 户编号、户主姓名、村民小组"
    )]
    NoHeader {
        /// File name as the user knows it.
        file: String,
    },
    /// The file could not be read from disk.
    #[error("无法读取文件“{file}”：{reason}。请确认文件存在，并且没有被其他程序占用")]
    Read {
        /// File name as the user knows it.
        file: String,
        /// Chinese description of the cause.
        reason: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// Export asked for a file type we do not write.
    #[error("无法导出到“{file}”：文件扩展名请使用 .xlsx（Excel 表格）或 .csv")]
    UnsupportedExtension {
        /// File name as the user knows it.
        file: String,
    },
    /// The table does not fit an Excel sheet.
    #[error("无法导出到“{file}”：{reason}")]
    TooLarge {
        /// File name as the user knows it.
        file: String,
        /// Which limit, in Chinese, and what to do.
        reason: String,
    },
    /// The file could not be written; nothing was left behind.
    #[error(
        "无法保存文件“{file}”：{reason}。请确认文件夹存在、允许写入，并且该文件没有在 Excel 中打开"
    )]
    Write {
        /// File name as the user knows it.
        file: String,
        /// Chinese description of the cause.
        reason: String,
    },
}

impl SheetError {
    /// Stable machine-readable code for the UI to switch on.
    pub fn code(&self) -> &'static str {
        match self {
            SheetError::NotSpreadsheet { .. } => "not_spreadsheet",
            SheetError::WebPage { .. } => "web_page",
            SheetError::Damaged { .. } => "damaged",
            SheetError::EmptyFile { .. } => "empty_file",
            SheetError::NoHeader { .. } => "no_header",
            SheetError::Read { .. } => "read_failed",
            SheetError::UnsupportedExtension { .. } => "unsupported_extension",
            SheetError::TooLarge { .. } => "too_large",
            SheetError::Write { .. } => "write_failed",
        }
    }

    /// The `{code, message}` shape the UI and `--json` output receive.
    pub fn to_wire(&self) -> WireError {
        WireError {
            code: self.code().to_string(),
            message: self.to_string(),
            field: None,
        }
    }

    pub(crate) fn read(path: &Path, source: io::Error) -> Self {
        SheetError::Read {
            file: file_name(path),
            reason: io_reason(&source),
            source,
        }
    }

    pub(crate) fn write(path: &Path, source: &io::Error) -> Self {
        SheetError::Write {
            file: file_name(path),
            reason: io_reason(source),
        }
    }
}

/// The file name as the user knows it (not the whole path).
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A Chinese description of an I/O failure.
pub(crate) fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "文件或文件夹不存在".to_string(),
        io::ErrorKind::PermissionDenied => {
            "没有权限（文件可能正在被 Excel 打开，或文件夹不允许写入）".to_string()
        }
        io::ErrorKind::IsADirectory => "这是一个文件夹，不是文件".to_string(),
        io::ErrorKind::NotADirectory => "路径中的某一级不是文件夹".to_string(),
        io::ErrorKind::StorageFull => "磁盘空间不足".to_string(),
        io::ErrorKind::ReadOnlyFilesystem => "磁盘或U盘是只读的".to_string(),
        _ => format!("系统错误（{e}）"),
    }
}
