//! One error type for the whole core. It reaches the user interface as
//! `{code, message, field?, problems?}`: `code` is stable and English (tests and
//! scripts match on it), `message` is Chinese and says what is wrong and how to fix it.

use serde::Serialize;
use serde_json::{json, Value};

use crate::fault::Fault;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem found while checking input, located by a JSON path
/// (`applications[3].received_on`) or by a form field name (`received_on`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}：{}", self.path, self.message)
    }
}

/// One field of a record someone else changed since a form showed it: its
/// Chinese label and the values before and after, as a clerk reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A single field of a form is wrong. The message names the field.
    #[error("{message}")]
    Invalid { field: String, message: String },

    /// Several problems at once (a form with many bad fields, an import).
    #[error("{}", summarize(.problems))]
    Problems { problems: Vec<Problem> },

    #[error("找不到{what}（{id}），可能已被删除。")]
    NotFound { what: String, id: String },

    /// A rule of the domain forbids the change (a duplicate name, a unit in use …).
    #[error("{message}")]
    Conflict { message: String },

    /// A save or delete from a form opened before the record last changed
    /// (another window, the CLI): refused, never a silent overwrite. The
    /// message names what changed and when; `changes` lists it field by
    /// field and `version` is the record's version now.
    #[error("{message}")]
    Stale {
        message: String,
        changes: Vec<Change>,
        version: i64,
    },

    /// The year is locked after its report was filed.
    #[error("{year}年度已锁定（{locked_at}），不能修改该年度的数据。如确需修改，请先在“年报”页解锁该年度。")]
    YearLocked { year: i32, locked_at: String },

    #[error("该数据文件由更新版本的台账程序创建（数据版本 {found}，本程序支持到 {supported}）。为保护数据，本程序不会打开或修改它，请升级程序后再打开。")]
    SchemaTooNew { found: i64, supported: i64 },

    #[error("“{path}”不是台账数据文件，或文件已损坏。")]
    NotADatabase { path: String },

    #[error("没有名为“{0}”的操作。")]
    UnknownCommand(String),

    #[error("{}", io_message(.0))]
    Io(#[from] std::io::Error),

    /// Reading or writing a file the user named failed: the message names it.
    #[error("无法{action}文件 {path}：{reason}")]
    File {
        /// 读取 or 写入.
        action: &'static str,
        path: String,
        reason: String,
        /// What kind of disk failure it was, for the code.
        fault: Option<Fault>,
    },

    #[error("{}", db_message(.0))]
    Db(#[from] rusqlite::Error),

    /// The data file failed its check (`quick_check`): writes are refused
    /// until it is restored. `detail` is SQLite's first finding.
    #[error("{}", Fault::Damaged.data_file_message())]
    Damaged { detail: String },

    #[error("{0}")]
    Internal(String),
}

/// Why a file operation failed, in words a clerk reads, with the system's own.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let words = match (e.kind(), Fault::of_io(e)) {
        (_, Some(fault)) => fault.file_advice(),
        (NotFound, _) => "文件或所在文件夹不存在，请确认位置（U盘是否已插好）后再试",
        (AlreadyExists, _) => "文件已存在",
        (IsADirectory, _) => "这是一个文件夹",
        _ => return e.to_string(),
    };
    format!("{words}（{e}）")
}

/// A system error met while working on the data file or a temporary file.
fn io_message(e: &std::io::Error) -> String {
    match Fault::of_io(e) {
        Some(fault) => format!("读写文件失败：{}（{e}）", fault.file_advice()),
        None => format!("读写文件失败：{e}"),
    }
}

/// A SQLite error: a disk or file fault in the clerk's words, anything else
/// (a bug) with SQLite's own.
fn db_message(e: &rusqlite::Error) -> String {
    match Fault::of_db(e) {
        Some(fault) => fault.data_file_message().to_string(),
        None => format!("数据库操作失败：{e}"),
    }
}

fn summarize(problems: &[Problem]) -> String {
    match problems {
        [] => "数据有误。".to_string(),
        [one] => one.message.clone(),
        [first, ..] => format!("共有 {} 处问题，第一处：{}", problems.len(), first),
    }
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Error::Conflict {
            message: message.into(),
        }
    }

    pub fn not_found(what: impl Into<String>, id: impl Into<String>) -> Self {
        Error::NotFound {
            what: what.into(),
            id: id.into(),
        }
    }

    /// Reading the file at `path` failed.
    pub fn reading(path: &std::path::Path, e: std::io::Error) -> Self {
        Error::file_fault("读取", path, io_reason(&e), Fault::of_io(&e))
    }

    /// Writing the file at `path` (or its folder) failed.
    pub fn writing(path: &std::path::Path, e: std::io::Error) -> Self {
        Error::file_fault("写入", path, io_reason(&e), Fault::of_io(&e))
    }

    /// Writing the file at `path` through SQLite (`VACUUM INTO`) failed.
    pub fn writing_db(path: &std::path::Path, e: rusqlite::Error) -> Self {
        let fault = Fault::of_db(&e);
        let reason = match fault {
            Some(f) => f.file_advice().to_string(),
            None => e.to_string(),
        };
        Error::file_fault("写入", path, reason, fault)
    }

    pub fn file(action: &'static str, path: &std::path::Path, reason: impl Into<String>) -> Self {
        Error::file_fault(action, path, reason, None)
    }

    fn file_fault(
        action: &'static str,
        path: &std::path::Path,
        reason: impl Into<String>,
        fault: Option<Fault>,
    ) -> Self {
        Error::File {
            action,
            path: path.display().to_string(),
            reason: reason.into(),
            fault,
        }
    }

    /// The disk or file fault behind this error, if any.
    pub fn fault(&self) -> Option<Fault> {
        match self {
            Error::Db(e) => Fault::of_db(e),
            Error::Io(e) => Fault::of_io(e),
            Error::File { fault, .. } => *fault,
            Error::Damaged { .. } => Some(Fault::Damaged),
            _ => None,
        }
    }

    /// Collapse collected problems into `Ok` when there are none.
    pub fn from_problems(problems: Vec<Problem>) -> Result<()> {
        match problems.len() {
            0 => Ok(()),
            1 => {
                let p = problems.into_iter().next().expect("one problem");
                Err(Error::Invalid {
                    field: p.path,
                    message: p.message,
                })
            }
            _ => Err(Error::Problems { problems }),
        }
    }

    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::Problems { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Conflict { .. } => "conflict",
            Error::Stale { .. } => "stale_record",
            Error::YearLocked { .. } => "year_locked",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::NotADatabase { .. } => "not_a_database",
            Error::UnknownCommand(_) => "unknown_command",
            Error::Io(_) | Error::File { .. } | Error::Db(_) | Error::Damaged { .. } => {
                match (self.fault(), self) {
                    (Some(fault), _) => fault.code(),
                    (None, Error::Db(_)) => "database",
                    (None, _) => "io",
                }
            }
            Error::Internal(_) => "internal",
        }
    }

    /// The shape the user interface receives: `{code, message}` plus `field`
    /// for a single bad field, `problems` for many, and `changes` and
    /// `version` for a stale record.
    pub fn to_json(&self) -> Value {
        let mut v = json!({ "code": self.code(), "message": self.to_string() });
        match self {
            Error::Invalid { field, .. } => v["field"] = json!(field),
            Error::Problems { problems } => v["problems"] = json!(problems),
            Error::Stale {
                changes, version, ..
            } => {
                v["changes"] = json!(changes);
                v["version"] = json!(version);
            }
            _ => {}
        }
        v
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_field_serializes_with_code_message_and_field() {
        let e = Error::invalid("published_on", "公开日期不能早于形成日期");
        assert_eq!(
            e.to_json(),
            json!({"code": "invalid", "message": "公开日期不能早于形成日期", "field": "published_on"})
        );
    }

    #[test]
    fn a_file_error_names_the_file_and_says_why() {
        let e = Error::writing(
            std::path::Path::new("/proc/nope/x.json"),
            std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        assert_eq!(e.code(), "io");
        let message = e.to_string();
        assert!(
            message.starts_with("无法写入文件 /proc/nope/x.json：文件或所在文件夹不存在"),
            "{message}"
        );
    }

    #[test]
    fn many_problems_keep_every_path() {
        let e = Error::Problems {
            problems: vec![
                Problem::new("units[0].kind", "类型无效"),
                Problem::new("office.name", "必填"),
            ],
        };
        let v = e.to_json();
        assert_eq!(v["code"], "invalid");
        assert_eq!(v["problems"].as_array().unwrap().len(), 2);
        assert_eq!(v["problems"][1]["path"], "office.name");
        assert!(v["message"].as_str().unwrap().contains("共有 2 处问题"));
    }

    #[test]
    fn schema_too_new_has_its_own_code_and_a_chinese_message() {
        let e = Error::SchemaTooNew {
            found: 9,
            supported: 3,
        };
        let v = e.to_json();
        assert_eq!(v["code"], "schema_too_new");
        assert!(v["message"].as_str().unwrap().contains("更新版本"));
        assert_eq!(
            v.as_object().unwrap().len(),
            2,
            "only code and message: {v}"
        );
    }

    #[test]
    fn a_stale_record_carries_its_changes_and_version() {
        let e = Error::Stale {
            message: "这条留言已被修改".into(),
            changes: vec![Change {
                field: "topic".into(),
                label: "主题".into(),
                before: "路灯".into(),
                after: "井盖".into(),
            }],
            version: 3,
        };
        let v = e.to_json();
        assert_eq!(v["code"], "stale_record");
        assert_eq!(v["version"], 3);
        assert_eq!(v["changes"][0]["label"], "主题");
        assert_eq!(v["changes"][0]["after"], "井盖");
    }

    #[test]
    fn one_problem_becomes_a_field_error() {
        let err = Error::from_problems(vec![Problem::new("title", "请填写标题")]).unwrap_err();
        assert_eq!(err.to_json()["field"], "title");
        assert!(Error::from_problems(vec![]).is_ok());
    }
}
