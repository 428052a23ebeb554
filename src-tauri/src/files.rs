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
    let written = write_files(&targets)?;
    let folder = written
        .first()
        .and_then(|p| p.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Ok(Some((folder, written)))
}

/// Write each file at its path, in order, through the one atomic write the
/// CLI uses too (a temporary file beside it, synced, closed, durably renamed);
/// a failure stops there, leaves that file as it was and no temporary file,
/// and names the file (无法写入文件 …).
fn write_files(targets: &[(PathBuf, OutFile)]) -> Result<Vec<PathBuf>> {
    let mut written = vec![];
    for (path, file) in targets {
        write_atomically(path, &file.bytes)?;
        written.push(path.clone());
    }
    Ok(written)
}

/// Open the folder of the last export in the system's file manager.
pub fn open_folder(folder: Option<PathBuf>) -> Result<()> {
    let folder = folder.ok_or_else(|| Error::conflict("还没有导出过文件。"))?;
    opener::open(&folder)
        .map_err(|e| Error::Internal(format!("无法打开文件夹“{}”：{e}", folder.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_save_leaves_the_file_unchanged_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("导出 文件夹");
        std::fs::create_dir_all(folder.join("年报.docx")).unwrap();
        std::fs::write(folder.join("台账.xlsx"), b"old").unwrap();
        let file = |name: &str| OutFile {
            name: name.into(),
            bytes: b"new".to_vec(),
        };
        // The first is written; the second's name is a folder, so its rename fails.
        let targets = vec![
            (folder.join("台账.xlsx"), file("台账.xlsx")),
            (folder.join("年报.docx"), file("年报.docx")),
        ];
        let e = write_files(&targets).unwrap_err().to_string();
        assert!(e.contains("年报.docx") && e.contains("无法写入"), "{e}");
        // No temporary file beside them, nothing put in the folder's place.
        assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
        assert_eq!(std::fs::read(folder.join("台账.xlsx")).unwrap(), b"new");
        assert!(std::fs::read_dir(folder.join("年报.docx"))
            .unwrap()
            .next()
            .is_none());
    }
}
