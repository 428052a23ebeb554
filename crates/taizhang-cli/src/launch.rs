//! `taizhang-cli launch`: what the desktop entry 政务公开台账 runs.
//!
//! If this data file's server is running (its state file names a port and a
//! token, and the server there answers with that token), open a new browser
//! tab on it. Otherwise start `serve` in the background (detached, output to
//! `logs/taizhang-web.log` in the data folder, exiting by itself after 30
//! minutes without an open page), wait until it answers, and open the browser
//! on it. Two clicks at once give one server: the server holds the data file's
//! instance lock, the second exits at once, and its launcher waits for the
//! first one's state file.
//!
//! When the server cannot start, the clerk has no terminal to read: the
//! launcher writes a small page saying what went wrong and what to do (with
//! the end of the log) and opens it in the browser — the window the clerk
//! expects to see anyway, and one that works on every desktop without a
//! dialog toolkit.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use crate::instance::{self, Paths, EXIT_ALREADY_RUNNING};

/// For tests: append the URL to this file instead of opening a browser.
pub const OPEN_URL_LOG_ENV: &str = "TAIZHANG_OPEN_URL_LOG";
/// For tests: seconds without a page before the server exits (default 30 minutes).
pub const IDLE_EXIT_ENV: &str = "TAIZHANG_IDLE_EXIT_SECS";
const IDLE_EXIT_DEFAULT: u64 = 30 * 60;
/// How long a cold start may take (a large data file's migrations, a slow disk).
const START_TIMEOUT: Duration = Duration::from_secs(90);
/// The log is started afresh (the old one kept as `.1`) beyond this size.
const LOG_LIMIT: u64 = 1024 * 1024;

/// Open `url` in the default browser (a new tab when it is running), or
/// append it to the file named by [`OPEN_URL_LOG_ENV`].
pub fn open_url(url: &str) -> Result<(), String> {
    if let Some(log) = std::env::var_os(OPEN_URL_LOG_ENV).filter(|v| !v.is_empty()) {
        let log = Path::new(&log);
        return OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            // One write of the whole line: with O_APPEND it cannot interleave
            // with another launcher's line (`writeln!` writes in pieces).
            .and_then(|mut f| f.write_all(format!("{url}\n").as_bytes()))
            .map_err(|e| format!("无法写入“{}”：{e}", log.display()));
    }
    opener::open_browser(url).map_err(|e| e.to_string())
}

pub fn run(db: &Path) -> ExitCode {
    let paths = Paths::for_db(db);
    match launch(&paths) {
        Ok(url) => match open_url(&url) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(
                &paths,
                "台账程序已经启动，但无法自动打开浏览器",
                &format!(
                    "{e}\n\n请打开浏览器（如奇安信、360、火狐或 Chrome），在地址栏中输入：\n{url}"
                ),
            ),
        },
        Err(Failure { title, detail }) => fail(&paths, &title, &detail),
    }
}

struct Failure {
    title: String,
    detail: String,
}

fn failure(title: impl Into<String>, detail: impl Into<String>) -> Failure {
    Failure {
        title: title.into(),
        detail: detail.into(),
    }
}

/// The URL of this data file's server, started if need be.
fn launch(paths: &Paths) -> Result<String, Failure> {
    if let Some(state) = instance::running(paths) {
        return Ok(state.url());
    }
    std::fs::create_dir_all(paths.dir.join("logs")).map_err(|e| {
        failure(
            "无法创建数据文件夹",
            format!(
                "无法在“{}”中创建 logs 文件夹：{e}。\n请确认这个文件夹存在、可以写入，且磁盘没有满。",
                paths.dir.display()
            ),
        )
    })?;
    let deadline = Instant::now() + START_TIMEOUT;
    let mut child = Some(start_server(paths)?);
    let mut last_spawn = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        if let Some(state) = instance::running(paths) {
            return Ok(state.url());
        }
        if let Some(c) = child.as_mut() {
            match c.try_wait() {
                Ok(None) => {}
                Ok(Some(status)) if status.code() == Some(EXIT_ALREADY_RUNNING.into()) => {
                    // Another server holds the lock: a launcher clicked at the
                    // same moment (its state file comes soon), or a server
                    // finishing its idle exit (then start again once it is gone).
                    child = None;
                }
                Ok(Some(status)) => {
                    return Err(failure(
                        "台账程序没有启动成功",
                        format!(
                            "程序退出了（{status}）。下面是日志“{}”的最后几行：\n\n{}",
                            paths.log.display(),
                            log_tail(&paths.log)
                        ),
                    ));
                }
                Err(e) => return Err(failure("台账程序没有启动成功", e.to_string())),
            }
        } else if last_spawn.elapsed() > Duration::from_secs(1) {
            child = Some(start_server(paths)?);
            last_spawn = Instant::now();
        }
        if Instant::now() > deadline {
            return Err(failure(
                "台账程序启动超时",
                format!(
                    "等了 {} 秒，程序仍没有准备好。请稍后再双击“政务公开台账”；如果仍然不行，请重新启动电脑后再试。\n\n日志“{}”的最后几行：\n\n{}",
                    START_TIMEOUT.as_secs(),
                    paths.log.display(),
                    log_tail(&paths.log)
                ),
            ));
        }
    }
}

/// Start `serve` for this data file in the background, detached from the
/// launcher (which exits soon), its output appended to the log.
fn start_server(paths: &Paths) -> Result<std::process::Child, Failure> {
    let log = open_log(&paths.log).map_err(|e| {
        failure(
            "无法写入日志文件",
            format!(
                "无法写入“{}”：{e}。请确认数据文件夹可以写入，且磁盘没有满。",
                paths.log.display()
            ),
        )
    })?;
    let err = log
        .try_clone()
        .map_err(|e| failure("无法写入日志文件", e.to_string()))?;
    let exe = std::env::current_exe()
        .map_err(|e| failure("找不到台账程序本身", format!("{e}。请重新安装台账程序。")))?;
    let idle = std::env::var(IDLE_EXIT_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(IDLE_EXIT_DEFAULT);
    let mut command = Command::new(&exe);
    command
        .arg("--db")
        .arg(&paths.db)
        .arg("serve")
        .arg("--idle-exit")
        .arg(idle.to_string())
        .current_dir(&paths.dir)
        .stdin(Stdio::null())
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(err));
    detach(&mut command);
    command.spawn().map_err(|e| {
        failure(
            "台账程序没有启动成功",
            format!("无法运行“{}”：{e}。请重新安装台账程序。", exe.display()),
        )
    })
}

/// Its own process group: a terminal's Ctrl+C or hang-up (when run from one)
/// does not reach it, and it outlives the launcher.
#[cfg(unix)]
fn detach(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

/// No console window, and not in the launcher's console's process group
/// (CREATE_NO_WINDOW is ignored together with DETACHED_PROCESS: a detached
/// process has no console at all).
///
/// Windows hands every inheritable handle to a child, and the launcher's own
/// standard handles usually are inheritable: the server would hold them for
/// its whole life, and whatever started the launcher and waits for its output
/// to end (a script, a shortcut runner reading a pipe) would wait for the
/// server too. So they are made non-inheritable first; the server gets the log
/// as its output explicitly.
#[cfg(windows)]
fn detach(command: &mut Command) {
    use std::os::windows::process::CommandExt;
    const DETACHED_PROCESS: u32 = 0x0000_0008;
    const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
    const HANDLE_FLAG_INHERIT: u32 = 0x1;
    // STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE as u32 (-10, -11, -12).
    const STD_HANDLES: [u32; 3] = [0xFFFF_FFF6, 0xFFFF_FFF5, 0xFFFF_FFF4];
    #[link(name = "kernel32")]
    extern "system" {
        fn GetStdHandle(which: u32) -> *mut core::ffi::c_void;
        fn SetHandleInformation(handle: *mut core::ffi::c_void, mask: u32, flags: u32) -> i32;
    }
    for which in STD_HANDLES {
        // SAFETY: GetStdHandle returns a handle of this process or null/invalid,
        // which SetHandleInformation rejects harmlessly.
        unsafe {
            let handle = GetStdHandle(which);
            if !handle.is_null() {
                SetHandleInformation(handle, HANDLE_FLAG_INHERIT, 0);
            }
        }
    }
    command.creation_flags(DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP);
}

#[cfg(not(any(unix, windows)))]
fn detach(_command: &mut Command) {}

/// The log, appended to; when it has grown past [`LOG_LIMIT`] it is kept as
/// `….log.1` (replacing the older one) and a new one begins.
fn open_log(path: &Path) -> std::io::Result<File> {
    if std::fs::metadata(path).is_ok_and(|m| m.len() > LOG_LIMIT) {
        let mut old = path.as_os_str().to_owned();
        old.push(".1");
        let _ = std::fs::rename(path, &old);
    }
    let mut f = OpenOptions::new().create(true).append(true).open(path)?;
    writeln!(
        f,
        "==== {} 启动（taizhang-cli {}）====",
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S"),
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(f)
}

/// The last lines of the log, for the error page.
fn log_tail(path: &Path) -> String {
    let read = || -> std::io::Result<String> {
        let mut f = File::open(path)?;
        let len = f.metadata()?.len();
        f.seek(SeekFrom::Start(len.saturating_sub(4096)))?;
        let mut bytes = vec![];
        f.read_to_end(&mut bytes)?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    match read() {
        Ok(text) => {
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(15)..].join("\n")
        }
        Err(e) => format!("（无法读取日志：{e}）"),
    }
}

/// Say why on stderr and on a page in the browser; exit non-zero.
fn fail(paths: &Paths, title: &str, detail: &str) -> ExitCode {
    eprintln!("错误：{title}。{detail}");
    let page = error_page(title, detail, paths);
    let written = std::fs::create_dir_all(paths.error_page.parent().unwrap_or(&paths.dir))
        .and_then(|_| std::fs::write(&paths.error_page, &page))
        .map(|_| paths.error_page.clone())
        .or_else(|_| {
            let tmp = std::env::temp_dir().join("taizhang-启动失败.html");
            std::fs::write(&tmp, &page).map(|_| tmp)
        });
    match written {
        Ok(file) => {
            // As a file:// URL: the browser's protocol handler opens it on
            // every system, where a bare path needs a file-type association.
            if let Err(e) = open_url(&taizhang_core::durable::file_url(&file)) {
                eprintln!("也无法用浏览器显示这个错误（{e}）：{}", file.display());
            }
        }
        Err(e) => eprintln!("也无法写出说明页：{e}"),
    }
    ExitCode::FAILURE
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn error_page(title: &str, detail: &str, paths: &Paths) -> String {
    format!(
        r#"<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title} - 政务公开台账</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{{font:16px/1.7 sans-serif;max-width:46em;margin:2em auto;padding:0 1em;color:#222}}
h1{{font-size:1.4em;color:#a40000}}pre{{background:#f4f4f4;padding:1em;white-space:pre-wrap;word-break:break-all}}</style>
</head><body>
<h1>{title}</h1>
<pre>{detail}</pre>
<p>您的数据没有受到影响。可以稍后再双击桌面或开始菜单中的“政务公开台账”重试。</p>
<p>如果一直打不开，请把这个页面截图发给负责电脑的同事。数据文件：{db}</p>
</body></html>
"#,
        title = escape(title),
        detail = escape(detail),
        db = escape(&paths.db.display().to_string()),
    )
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_page_escapes_what_it_shows() {
        let paths = Paths::for_db(Path::new("/d/<x>.db"));
        let page = error_page("无法启动", "a <script>alert(1)</script> & b", &paths);
        assert!(page.contains("a &lt;script&gt;alert(1)&lt;/script&gt; &amp; b"));
        assert!(page.contains("/d/&lt;x&gt;.db"));
        assert!(!page.contains("<script>"));
    }

    #[test]
    fn the_log_is_kept_from_growing_without_bound() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("taizhang-web.log");
        std::fs::write(&log, vec![b'x'; (LOG_LIMIT + 1) as usize]).unwrap();
        drop(open_log(&log).unwrap());
        assert!(std::fs::metadata(&log).unwrap().len() < 200);
        assert_eq!(
            std::fs::metadata(dir.path().join("taizhang-web.log.1"))
                .unwrap()
                .len(),
            LOG_LIMIT + 1
        );
        std::fs::write(&log, "a\nb\nc\n").unwrap();
        assert_eq!(log_tail(&log), "a\nb\nc");
    }
}

