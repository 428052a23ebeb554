//! Writing files so that a crash or power cut never leaves half a file under
//! its final name, the same way on Linux and on Windows.
//!
//! - A file is written to a temporary file in the same folder
//!   ([`tempfile::NamedTempFile`]), synced, closed, and only then renamed:
//!   Windows cannot rename or delete a file another handle holds without
//!   `FILE_SHARE_DELETE`, and SQLite never grants it.
//! - A sync needs a handle with write access on Windows (`FlushFileBuffers`
//!   refuses a read-only one with "Access denied"), so [`sync_file`] opens one.
//! - The rename is made durable: on Unix by syncing the folder, on Windows by
//!   `MoveFileExW(MOVEFILE_WRITE_THROUGH)`, which returns only once the rename
//!   is on the disk (tempfile's own `persist` does not write through).
//! - A failure removes the temporary file (it is tempfile's until the rename
//!   succeeded) and names the final one.

use std::io::Write;
use std::path::Path;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, Result};

/// The folder a file is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Who may read a file [`write_file`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readers {
    /// As `File::create` makes it: what the user's umask allows (exports, data packages).
    Usual,
    /// The owner only (mode 0600 from the start on Unix): a file holding a secret.
    Owner,
}

/// Write `bytes` to `path` through a temporary file and a durable rename,
/// creating its folder. An existing file is replaced. A failure leaves no
/// temporary file behind and names `path` (无法写入文件 …).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file(path, bytes, Readers::Usual).map_err(|e| Error::writing(path, e))
}

/// [`write_atomically`] with a plain I/O error, for the files a caller
/// names itself, and a choice of who may read the file.
pub fn write_file(path: &Path, bytes: &[u8], readers: Readers) -> std::io::Result<()> {
    write_with(path, readers, |f| f.write_all(bytes))
}

/// Create a temporary file beside `path`, let `fill` write it, sync it, close
/// it, and rename it to `path` durably. Until the rename has succeeded the
/// temporary file is tempfile's: any failure (or a panic) removes it, and
/// `path` is left as it was.
fn write_with(
    path: &Path,
    readers: Readers,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let folder = folder_of(path);
    std::fs::create_dir_all(folder)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    // Opened as `File::create` would (Windows: no FILE_ATTRIBUTE_TEMPORARY,
    // which tempfile's own files carry until its `persist` clears it), or
    // user-only from the start.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(match readers {
            Readers::Usual => 0o666,
            Readers::Owner => 0o600,
        });
    }
    #[cfg(not(unix))]
    let _ = readers;
    // `.{name}.XXXXXX.part`: hidden, and named after the file it becomes.
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".part")
        .make_in(folder, |p| options.open(p))?;
    fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    // Closed before the rename; still removed if the rename fails.
    let mut tmp = tmp.into_temp_path();
    rename(&tmp, path)?;
    // Renamed: nothing is left under the temporary name to remove (tempfile's
    // `keep` would touch that name's attributes on Windows).
    tmp.disable_cleanup(true);
    Ok(())
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

/// What [`file_url`] leaves as it is: letters, digits, the path's separators
/// and a drive's colon, and RFC 3986's other unreserved marks.
const URL_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b':');

/// A `file://` URL for a local path, as LibreOffice's `-env:` expects.
pub fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let root = if text.starts_with('/') { "" } else { "/" };
    format!("file://{root}{}", utf8_percent_encode(&text, URL_PATH))
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
        assert_eq!(names(path.parent().unwrap()), ["年报 2018.docx"]);
    }

    /// The names in a folder, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_rename_names_the_file_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder: the rename fails after the temporary file is written.
        let path = dir.path().join("已存在的文件夹");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("x"), b"x").unwrap();
        let e = write_atomically(&path, b"data").unwrap_err().to_string();
        assert!(e.contains("已存在的文件夹"), "{e}");
        assert!(e.contains("无法写入"), "{e}");
        assert_eq!(names(dir.path()), ["已存在的文件夹"]);
        assert_eq!(names(&path), ["x"]);
    }

    #[test]
    fn a_write_cut_off_halfway_leaves_the_target_unchanged_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("年报 2018.docx");
        write_atomically(&path, b"the old report").unwrap();
        let cut_off = write_with(&path, Readers::Usual, |f| {
            f.write_all(b"half of the new")?;
            Err(std::io::Error::other("磁盘已满"))
        });
        assert_eq!(cut_off.unwrap_err().to_string(), "磁盘已满");
        assert_eq!(std::fs::read(&path).unwrap(), b"the old report");
        assert_eq!(names(dir.path()), ["年报 2018.docx"]);
    }

    #[test]
    fn a_bare_file_name_is_written_in_the_current_folder() {
        assert_eq!(folder_of(Path::new("a.json")), Path::new("."));
        assert_eq!(folder_of(Path::new("d/报告.html")), Path::new("d"));
    }

    #[cfg(unix)]
    #[test]
    fn files_are_readable_as_usual_and_secrets_by_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |name: &str, readers| {
            let path = dir.path().join(name);
            write_file(&path, b"x", readers).unwrap();
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777
        };
        let umask_allowed = {
            let probe = dir.path().join("probe");
            std::fs::File::create(&probe).unwrap();
            std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777
        };
        assert_eq!(mode("导出.json", Readers::Usual), umask_allowed);
        assert_eq!(mode("state.json", Readers::Owner), 0o600);
    }

    #[test]
    fn file_urls_keep_the_path_and_encode_the_rest() {
        assert_eq!(
            file_url(Path::new("/tmp/台账 a/x~y.html")),
            "file:///tmp/%E5%8F%B0%E8%B4%A6%20a/x~y.html"
        );
        assert_eq!(
            file_url(Path::new(r"C:\Users\王 五\a#b.html")),
            "file:///C:/Users/%E7%8E%8B%20%E4%BA%94/a%23b.html"
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
