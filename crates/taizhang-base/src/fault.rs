//! The one place that says, in a clerk's words, what went wrong with the disk
//! or the data file and what to do about it. SQLite's and the system's errors
//! are classified here ([`Fault::of_db`], [`Fault::of_io`]); `Error` takes its
//! code and message from the result, so every command, the CLI and the status
//! bar say the same thing.

use rusqlite::ErrorCode;
use std::io::ErrorKind;

/// A failure of the disk or the file, not of the clerk's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// No space left on the disk.
    DiskFull,
    /// The file or its folder cannot be written (read-only attribute, read-only disk).
    ReadOnly,
    /// The data file was moved, renamed or deleted while the program had it open.
    Moved,
    /// The disk stopped answering (a USB stick pulled out, a network drive gone).
    Gone,
    /// The system refuses access to the path.
    Permission,
    /// The file's content is damaged.
    Damaged,
    /// Another program is writing the file.
    Busy,
}

/// SQLite's extended code for "the file was unlinked or renamed while open".
const SQLITE_READONLY_DBMOVED: i32 = 1032;

impl Fault {
    /// The fault behind a SQLite error, if it is one.
    pub fn of_db(e: &rusqlite::Error) -> Option<Fault> {
        let rusqlite::Error::SqliteFailure(f, _) = e else {
            return None;
        };
        Some(match f.code {
            ErrorCode::DiskFull => Fault::DiskFull,
            ErrorCode::ReadOnly if f.extended_code == SQLITE_READONLY_DBMOVED => Fault::Moved,
            ErrorCode::ReadOnly => Fault::ReadOnly,
            ErrorCode::SystemIoFailure | ErrorCode::CannotOpen => Fault::Gone,
            ErrorCode::PermissionDenied | ErrorCode::AuthorizationForStatementDenied => {
                Fault::Permission
            }
            ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => Fault::Damaged,
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Fault::Busy,
            _ => return None,
        })
    }

    /// The fault behind a system error, if it is one.
    pub fn of_io(e: &std::io::Error) -> Option<Fault> {
        Some(match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Fault::DiskFull,
            ErrorKind::ReadOnlyFilesystem => Fault::ReadOnly,
            ErrorKind::PermissionDenied => Fault::Permission,
            // ENXIO / EIO: the device behind the path went away.
            _ if matches!(e.raw_os_error(), Some(5) | Some(6)) => Fault::Gone,
            _ => return None,
        })
    }

    /// The stable code the UI and scripts match on.
    pub fn code(self) -> &'static str {
        match self {
            Fault::DiskFull => "disk_full",
            Fault::ReadOnly => "read_only",
            Fault::Moved => "file_moved",
            Fault::Gone => "disk_gone",
            Fault::Permission => "permission",
            Fault::Damaged => "damaged",
            Fault::Busy => "busy",
        }
    }

    /// Whether the open connection may be stale and should be opened again
    /// once the cause is fixed (a read-only connection stays read-only, a
    /// pulled USB stick leaves a dead file handle).
    pub fn needs_reopen(self) -> bool {
        matches!(
            self,
            Fault::ReadOnly | Fault::Moved | Fault::Gone | Fault::Permission
        )
    }

    /// What happened to the data file, and what to do, in one message.
    pub fn data_file_message(self) -> &'static str {
        match self {
            Fault::DiskFull => "磁盘空间已满，这次的修改没有保存，已保存的数据没有受影响。请删除不需要的文件（或把数据文件移到空间更大的磁盘）后再试一次，不需要重新启动程序。",
            Fault::ReadOnly => "数据文件是只读的，这次的修改没有保存，已保存的数据没有受影响。请在文件属性中取消“只读”，并确认对数据文件所在的文件夹有写入权限，然后再试一次，不需要重新启动程序。",
            Fault::Moved => "数据文件已不在原来的位置（被移动、改名、删除，或所在的U盘已拔出），这次的修改没有保存。请插回U盘或把数据文件放回原处（或从回收站还原）后再试一次，不需要重新启动程序；如果找不到，请在“设置 → 备份与恢复”中从备份恢复。",
            Fault::Gone => "无法读写数据文件：文件所在的磁盘或U盘可能已断开，这次的修改没有保存。请插好U盘（或连接好磁盘）后再试一次，不需要重新启动程序。",
            Fault::Permission => "没有读写数据文件的权限，这次的修改没有保存。请确认当前用户对数据文件和它所在的文件夹有读写权限（或请管理员开放），然后再试一次。",
            Fault::Damaged => "数据文件已损坏。为防止损坏扩大，程序已停止保存修改。请在“设置 → 备份与恢复”中先“抢救数据”导出仍能读出的记录，再从最新的完好备份恢复，然后导入抢救出的数据。",
            Fault::Busy => "数据文件正被另一个台账程序使用，请稍等片刻再试。",
        }
    }

    /// What to do about a file the clerk named (a backup, an export target).
    pub fn file_advice(self) -> &'static str {
        match self {
            Fault::DiskFull => "磁盘已满，请清理磁盘空间或换一个位置后再试",
            Fault::ReadOnly => "磁盘或文件是只读的，请换一个可以写入的位置，或取消文件的“只读”属性",
            Fault::Moved | Fault::Gone => "磁盘或U盘可能已断开，请插好后再试",
            Fault::Permission => "没有权限，请换一个有读写权限的位置，或请管理员开放权限",
            Fault::Damaged => "文件已损坏，请换一个文件",
            Fault::Busy => "文件正被其他程序使用，请稍后再试",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn sqlite_errors_are_classified_by_their_codes() {
        assert_eq!(Fault::of_db(&sqlite(13)), Some(Fault::DiskFull)); // SQLITE_FULL
        assert_eq!(Fault::of_db(&sqlite(8)), Some(Fault::ReadOnly));
        assert_eq!(Fault::of_db(&sqlite(1032)), Some(Fault::Moved));
        assert_eq!(Fault::of_db(&sqlite(10)), Some(Fault::Gone)); // SQLITE_IOERR
        assert_eq!(Fault::of_db(&sqlite(11)), Some(Fault::Damaged)); // SQLITE_CORRUPT
        assert_eq!(Fault::of_db(&sqlite(26)), Some(Fault::Damaged)); // SQLITE_NOTADB
        assert_eq!(Fault::of_db(&sqlite(5)), Some(Fault::Busy));
        assert_eq!(Fault::of_db(&sqlite(1)), None); // a plain SQL error is a bug, not a fault
    }

    #[test]
    fn system_errors_are_classified_by_their_kinds() {
        let io = |k| std::io::Error::from(k);
        assert_eq!(Fault::of_io(&io(ErrorKind::StorageFull)), Some(Fault::DiskFull));
        assert_eq!(Fault::of_io(&io(ErrorKind::ReadOnlyFilesystem)), Some(Fault::ReadOnly));
        assert_eq!(Fault::of_io(&io(ErrorKind::PermissionDenied)), Some(Fault::Permission));
        assert_eq!(Fault::of_io(&std::io::Error::from_raw_os_error(5)), Some(Fault::Gone));
        assert_eq!(Fault::of_io(&io(ErrorKind::NotFound)), None);
    }
}
