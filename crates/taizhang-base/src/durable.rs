//! Writing files so that a crash or power cut never leaves half a file under
//! its final name, the same way on Linux and on Windows.
//!
//! - A file is written to a temporary name in the same folder, synced, closed,
//!   and only then renamed: Windows cannot rename or delete a file another
//!   handle holds without `FILE_SHARE_DELETE`, and SQLite never grants it.
//! - A sync needs a handle with write access on Windows (`FlushFileBuffers`
//!   refuses a read-only one with "Access denied"), so [`sync_file`] opens one.
//! - The rename is made durable: on Unix by syncing the folder, on Windows by
//!   `MoveFileExW(MOVEFILE_WRITE_THROUGH)`, which returns only once the rename
//!   is on the disk.
//! - A failure removes the temporary file and names the final one.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The temporary name `path` is written under: `.{name}.part` beside it.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    folder_of(path).join(format!(".{name}.part"))
}

/// The folder a file is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Write `bytes` to `path` through a temporary file and a durable rename,
/// creating its folder. An existing file is replaced. A failure leaves no
/// temporary file behind and names `path` (无法写入文件 …).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_path(path);
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(folder_of(path))?;
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
        } // closed before the rename
        rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::writing(path, e)
    })
}

/// Flush a file another writer (SQLite) wrote to the disk. Opens it with
/// write access, which Windows needs for `FlushFileBuffers`; the handle is
/// closed when this returns.
pub fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

/// Rename `from` to `to` (replacing it), durably: when this returns, the
/// rename survives a power cut. Both must be closed files.
pub fn rename(from: &Path, to: &Path) -> std::io::Result<()> {
    rename_write_through(from, to)?;
    sync_folder(to);
    Ok(())
}

#[cfg(not(windows))]
fn rename_write_through(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::rename(from, to)
}

/// `MoveFileExW` with `MOVEFILE_WRITE_THROUGH`: the Windows counterpart of
/// syncing the folder after a rename. A path it cannot take (longer than
/// `MAX_PATH`) falls back to the standard rename.
#[cfg(windows)]
fn rename_write_through(from: &Path, to: &Path) -> std::io::Result<()> {
    use std::os::windows::ffi::OsStrExt;
    const MOVEFILE_REPLACE_EXISTING: u32 = 0x1;
    const MOVEFILE_WRITE_THROUGH: u32 = 0x8;
    #[link(name = "kernel32")]
    extern "system" {
        fn MoveFileExW(existing: *const u16, new: *const u16, flags: u32) -> i32;
    }
    let wide = |p: &Path| -> Vec<u16> { p.as_os_str().encode_wide().chain(Some(0)).collect() };
    let (f, t) = (wide(from), wide(to));
    // SAFETY: both are NUL-terminated UTF-16 strings that outlive the call.
    let moved = unsafe {
        MoveFileExW(
            f.as_ptr(),
            t.as_ptr(),
            MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH,
        )
    };
    if moved != 0 {
        return Ok(());
    }
    let error = std::io::Error::last_os_error();
    // ERROR_FILENAME_EXCED_RANGE / ERROR_PATH_NOT_FOUND on a long path.
    if matches!(error.raw_os_error(), Some(206) | Some(3)) && from.exists() {
        return std::fs::rename(from, to);
    }
    Err(error)
}

/// Make a rename into the folder of `path` durable on Unix (fsync the
/// folder). On Windows the write-through rename already is, and a folder
/// cannot be opened as a file.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(folder_of(path)) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// A `file://` URL for a local path, as LibreOffice's `-env:` expects.
pub fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replaces_and_leaves_no_temporary_file_in_a_chinese_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("导出 文件夹").join("年报 2018.docx");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("年报 2018.docx")]);
    }

    #[test]
    fn a_failed_write_names_the_file_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder: the rename fails after the temporary file is written.
        let path = dir.path().join("已存在的文件夹");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("x"), b"x").unwrap();
        let e = write_atomically(&path, b"data").unwrap_err().to_string();
        assert!(e.contains("已存在的文件夹"), "{e}");
        assert!(e.contains("无法写入"), "{e}");
        assert!(!temp_path(&path).exists());
    }

    #[test]
    fn a_bare_file_name_is_written_in_the_current_folder() {
        assert_eq!(temp_path(Path::new("a.json")), Path::new("./.a.json.part"));
        assert_eq!(
            temp_path(Path::new("d/报告.html")),
            Path::new("d").join(".报告.html.part")
        );
    }

    #[test]
    fn sync_file_works_on_a_file_and_names_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("备份 1.db");
        std::fs::write(&path, b"x").unwrap();
        sync_file(&path).unwrap();
        assert!(sync_file(&dir.path().join("missing.db")).is_err());
    }
}
