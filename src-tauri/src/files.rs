//! Saving files a command produced: one file through the native save dialog,
//! several into a folder chosen with the native folder dialog.
//!
//! Tests answer the dialog with `TAIZHANG_TEST_SAVE_DIR`: files go into that
//! folder without a dialog (the only way an automated test can answer a native
//! GTK dialog reliably).

use std::path::{Path, PathBuf};

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

use taizhang_core::api::OutFile;
use taizhang_core::durable::write_atomically;
use taizhang_core::error::{Error, Result};

const TEST_SAVE_DIR: &str = "TAIZHANG_TEST_SAVE_DIR";

fn extension_filter(name: &str) -> (&'static str, &'static str) {
    match Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
    {
        "json" => ("数据包", "json"),
        "docx" => ("Word 文档", "docx"),
        "xlsx" => ("Excel 工作簿", "xlsx"),
        "html" => ("网页", "html"),
        "pdf" => ("PDF 文档", "pdf"),
        "db" => ("台账数据文件", "db"),
        _ => ("文件", "*"),
    }
}

/// Ask where to save and write the files. `None` when the clerk cancelled.
pub fn save(handle: &AppHandle, files: Vec<OutFile>) -> Result<Option<(PathBuf, Vec<PathBuf>)>> {
    let targets: Vec<(PathBuf, OutFile)> = if let Some(dir) = std::env::var_os(TEST_SAVE_DIR) {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir)?;
        files.into_iter().map(|f| (dir.join(&f.name), f)).collect()
    } else if files.len() == 1 {
        let file = files.into_iter().next().expect("one file");
        let (label, ext) = extension_filter(&file.name);
        let picked = handle
            .dialog()
            .file()
            .set_file_name(&file.name)
            .add_filter(label, &[ext])
            .blocking_save_file();
        let Some(picked) = picked else {
            return Ok(None);
        };
        let path = picked
            .into_path()
            .map_err(|e| Error::Internal(format!("无法使用所选位置：{e}")))?;
        vec![(path, file)]
    } else {
        let picked = handle
            .dialog()
            .file()
            .set_title("选择保存文件的文件夹")
            .blocking_pick_folder();
        let Some(picked) = picked else {
            return Ok(None);
        };
        let dir = picked
            .into_path()
            .map_err(|e| Error::Internal(format!("无法使用所选文件夹：{e}")))?;
        files.into_iter().map(|f| (dir.join(&f.name), f)).collect()
    };
    let mut written = vec![];
    for (path, file) in &targets {
        // Through a temporary file, closed before a durable rename; a failure
        // removes it and names the file (无法写入文件 …).
        write_atomically(path, &file.bytes)?;
        written.push(path.clone());
    }
    let folder = written
        .first()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Ok(Some((folder, written)))
}

/// Open the folder of the last export in the system's file manager.
pub fn open_folder(folder: Option<PathBuf>) -> Result<()> {
    let folder = folder.ok_or_else(|| Error::conflict("还没有导出过文件。"))?;
    let program = if cfg!(windows) {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(&folder)
        .spawn()
        .map_err(|e| Error::Internal(format!("无法打开文件夹“{}”：{e}", folder.display())))?;
    Ok(())
}
