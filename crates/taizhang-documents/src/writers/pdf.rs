//! `.pdf` through LibreOffice: the `.docx` (or, for the ledger, the `.xlsx`)
//! converted by `soffice --headless --convert-to pdf`.
//!
//! - **One conversion at a time on the machine.** LibreOffice can crash on a
//!   cold start when several instances start together (seen as SIGABRT in
//!   `syncRepositories` on a new machine). The desktop app, the command-line
//!   program and test processes are separate, so an in-process mutex is not
//!   enough: conversions take an exclusive lock on a file in the temporary
//!   folder ([`LOCK_FILE`]) and wait their turn.
//! - **Each conversion has its own profile** and its own temporary folder, so
//!   no two conversions share state or overwrite each other's output.
//! - **An abnormal exit is retried once**, with a fresh profile, before the
//!   clerk sees an error; a conversion that takes too long is stopped.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use taizhang_base::durable::file_url;
use taizhang_base::error::{Error, Result};

/// A cold LibreOffice start with a fresh profile takes a few seconds; a
/// large workbook some more.
const TIMEOUT: Duration = Duration::from_secs(180);
/// How long a conversion waits for others on the machine to finish.
const QUEUE_TIMEOUT: Duration = Duration::from_secs(600);
/// Tries of one conversion: the first, and one more after an abnormal exit.
const ATTEMPTS: usize = 2;
/// The machine-wide lock, in the system's temporary folder.
pub const LOCK_FILE: &str = "taizhang-libreoffice.lock";

pub const MISSING_MESSAGE: &str = "导出 PDF 需要安装 LibreOffice（或先导出 Word 文件，再用 WPS 或 Word “另存为 PDF”）。\
Windows：从 libreoffice.org 下载安装包安装；统信 UOS、麒麟、Debian、Ubuntu 等：sudo apt install libreoffice-writer-nogui libreoffice-calc-nogui。";

const PROGRAM_NAMES: &[&str] = &["soffice", "libreoffice"];

/// Where LibreOffice is usually installed when it is not on the PATH.
#[cfg(windows)]
const USUAL_PLACES: &[&str] = &[
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
];
#[cfg(target_os = "macos")]
const USUAL_PLACES: &[&str] = &["/Applications/LibreOffice.app/Contents/MacOS/soffice"];
#[cfg(not(any(windows, target_os = "macos")))]
const USUAL_PLACES: &[&str] = &["/opt/libreoffice/program/soffice", "/usr/lib/libreoffice/program/soffice"];

/// The LibreOffice program: on the `PATH`, else in its usual places.
pub fn find_soffice() -> Option<PathBuf> {
    find_soffice_in(std::env::var_os("PATH"), USUAL_PLACES)
}

/// The LibreOffice program on the given search path or at one of `places`.
pub fn find_soffice_in(path: Option<OsString>, places: &[&str]) -> Option<PathBuf> {
    let exe = |dir: &Path, name: &str| {
        [name.to_string(), format!("{name}.exe")]
            .into_iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
    };
    let on_path = path
        .iter()
        .flat_map(std::env::split_paths)
        .find_map(|dir| PROGRAM_NAMES.iter().find_map(|name| exe(&dir, name)));
    on_path.or_else(|| places.iter().map(PathBuf::from).find(|p| p.is_file()))
}

/// Convert an office file (`ext` is `docx` or `xlsx`) to PDF.
pub fn convert(bytes: &[u8], ext: &str) -> Result<Vec<u8>> {
    let soffice = find_soffice().ok_or_else(|| Error::conflict(MISSING_MESSAGE))?;
    convert_with(&soffice, bytes, ext)
}

/// Convert with the given LibreOffice program, in turn with every other
/// conversion on the machine.
pub fn convert_with(soffice: &Path, bytes: &[u8], ext: &str) -> Result<Vec<u8>> {
    convert_queued(soffice, bytes, ext, &std::env::temp_dir().join(LOCK_FILE))
}

fn convert_queued(soffice: &Path, bytes: &[u8], ext: &str, lock: &Path) -> Result<Vec<u8>> {
    let _turn = wait_for_turn(lock)?;
    let mut crashed = None;
    for _ in 0..ATTEMPTS {
        match convert_once(soffice, bytes, ext)? {
            Attempt::Done(pdf) => return Ok(pdf),
            Attempt::Crashed(detail) => crashed = Some(detail),
        }
    }
    Err(Error::conflict(format!(
        "LibreOffice 两次都没有生成 PDF，请关闭正在运行的 LibreOffice 后重试，或先导出 Word 文件再另存为 PDF。（{}）",
        crashed.unwrap_or_default()
    )))
}

/// The machine-wide conversion lock, held until the returned file is dropped.
/// The lock file may belong to another user (a shared `/tmp`): a read-only
/// handle locks it as well.
fn wait_for_turn(path: &Path) -> Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .or_else(|_| File::open(path))
        .map_err(|e| Error::file("打开", path, e.to_string()))?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < QUEUE_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(200))
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::conflict(format!(
                    "另一个 PDF 转换已进行了{}分钟还没有结束，请稍后再试，或先导出 Word 文件再另存为 PDF。",
                    QUEUE_TIMEOUT.as_secs() / 60
                )))
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::file("锁定", path, e.to_string()))
            }
        }
    }
}

/// What one run of LibreOffice gave.
enum Attempt {
    Done(Vec<u8>),
    /// It exited abnormally or wrote no PDF: worth one more try.
    Crashed(String),
}

fn convert_once(soffice: &Path, bytes: &[u8], ext: &str) -> Result<Attempt> {
    let work = tempfile::Builder::new().prefix("taizhang-pdf-").tempdir()?;
    let input = work.path().join(format!("report.{ext}"));
    let out_dir = work.path().join("out");
    let profile = work.path().join("profile");
    std::fs::write(&input, bytes)?;
    std::fs::create_dir(&out_dir)?;
    // Messages go to a file: a pipe nobody reads while waiting could fill up.
    let log = work.path().join("soffice.log");
    let mut command = Command::new(soffice);
    if let Some(config) = font_config(work.path())? {
        command.env("FONTCONFIG_FILE", config);
    }
    let child = command
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args([
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
        ])
        .arg("--outdir")
        .arg(&out_dir)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(File::create(&log)?))
        .spawn()
        .map_err(|e| Error::conflict(format!("无法启动 LibreOffice（{e}）。{MISSING_MESSAGE}")))?;
    let status = wait_or_stop(child)?;
    match std::fs::read(out_dir.join("report.pdf")) {
        Ok(pdf) if status.success() && pdf.starts_with(b"%PDF") => Ok(Attempt::Done(pdf)),
        _ => {
            let detail = std::fs::read_to_string(&log).unwrap_or_default();
            Ok(Attempt::Crashed(format!("{status}；{}", detail.trim())))
        }
    }
}

fn wait_or_stop(mut child: std::process::Child) -> Result<ExitStatus> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::conflict(format!(
                "LibreOffice 在{}秒内没有完成 PDF 转换，已停止。请关闭正在运行的 LibreOffice 后重试，或先导出 Word 文件再另存为 PDF。",
                TIMEOUT.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The faces an official document names, and what to use in their place
/// where they are not installed: serif faces for 仿宋, 楷体, 宋体 and 小标宋,
/// sans for 黑体 (fontconfig otherwise picks any CJK face, often a sans one).
const FONT_SUBSTITUTES: &[(&str, &[&str])] = &[
    (
        "方正小标宋简体",
        &[
            "方正小标宋_GBK",
            "华文中宋",
            "STZhongsong",
            "宋体",
            "SimSun",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
        ],
    ),
    (
        "仿宋_GB2312",
        &[
            "仿宋",
            "FangSong",
            "STFangsong",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
            "AR PL UMing CN",
        ],
    ),
    (
        "楷体_GB2312",
        &[
            "楷体",
            "KaiTi",
            "STKaiti",
            "AR PL UKai CN",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
        ],
    ),
    (
        "宋体",
        &[
            "SimSun",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
            "AR PL UMing CN",
        ],
    ),
    (
        "黑体",
        &[
            "SimHei",
            "Noto Sans CJK SC",
            "Source Han Sans SC",
            "WenQuanYi Zen Hei",
        ],
    ),
];

/// The system's fontconfig setup plus [`FONT_SUBSTITUTES`], written into
/// `dir`, for LibreOffice on Linux and other fontconfig systems; `None` where
/// fontconfig's usual setup is not found (Windows, macOS).
fn font_config(dir: &Path) -> Result<Option<PathBuf>> {
    const SYSTEM: &str = "/etc/fonts/fonts.conf";
    if !Path::new(SYSTEM).is_file() {
        return Ok(None);
    }
    let mut xml = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n<include ignore_missing=\"yes\">{SYSTEM}</include>\n"
    );
    for (face, instead) in FONT_SUBSTITUTES {
        xml += &format!("<alias binding=\"same\"><family>{face}</family><prefer>");
        for f in *instead {
            xml += &format!("<family>{f}</family>");
        }
        xml += "</prefer></alias>\n";
    }
    xml += "</fontconfig>\n";
    let path = dir.join("fonts.conf");
    std::fs::write(&path, xml)?;
    Ok(Some(path))
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_escape_spaces_and_windows_drives() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/profile")),
            "file:///tmp/a%20b/profile"
        );
        assert_eq!(
            file_url(Path::new(r"C:\Users\李\AppData")),
            "file:///C:/Users/%E6%9D%8E/AppData"
        );
    }

    #[test]
    fn nothing_found_on_an_empty_path() {
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(
            find_soffice_in(Some(empty.path().as_os_str().to_owned()), &[]),
            None
        );
        assert!(MISSING_MESSAGE.contains("LibreOffice"));
        assert!(MISSING_MESSAGE.contains("apt install libreoffice-writer-nogui"));
    }

    #[test]
    fn found_on_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let program = dir.path().join("soffice");
        std::fs::write(&program, b"").unwrap();
        assert_eq!(
            find_soffice_in(Some(dir.path().as_os_str().to_owned()), &[]),
            Some(program)
        );
    }

    /// A stand-in for `soffice` (a shell script): LibreOffice's crash on a
    /// cold start cannot be caused on demand, and its timing cannot be seen
    /// from outside. The script logs its start and end to `log`, runs `body`,
    /// then writes a PDF where LibreOffice would.
    #[cfg(unix)]
    fn fake_soffice(dir: &Path, log: &Path, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join("soffice");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\n\
                 while [ $# -gt 0 ]; do [ \"$1\" = --outdir ] && out=\"$2\"; shift; done\n\
                 echo start >> '{log}'\n\
                 {body}\n\
                 printf '%%PDF-1.4 test' > \"$out/report.pdf\"\n\
                 echo end >> '{log}'\n",
                log = log.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    #[cfg(unix)]
    #[test]
    fn conversions_on_one_machine_run_one_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        let soffice = fake_soffice(dir.path(), &log, "sleep 0.3");
        let lock = dir.path().join(LOCK_FILE);
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    let pdf = convert_queued(&soffice, b"docx", "docx", &lock).unwrap();
                    assert!(pdf.starts_with(b"%PDF"));
                });
            }
        });
        // Overlapping runs would log two starts in a row.
        let lines = std::fs::read_to_string(&log).unwrap();
        assert_eq!(lines, "start\nend\n".repeat(3));
    }

    #[cfg(unix)]
    #[test]
    fn an_abnormal_exit_is_retried_once() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        let marker = dir.path().join("crashed-once");
        let body = format!(
            "if [ ! -e '{m}' ]; then touch '{m}'; kill -ABRT $$; fi",
            m = marker.display()
        );
        let soffice = fake_soffice(dir.path(), &log, &body);
        let pdf = convert_queued(&soffice, b"docx", "docx", &dir.path().join(LOCK_FILE)).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "start\nstart\nend\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_second_abnormal_exit_reaches_the_clerk() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("log");
        let soffice = fake_soffice(dir.path(), &log, "echo 'syncRepositories' >&2; kill -ABRT $$");
        let err = convert_queued(&soffice, b"docx", "docx", &dir.path().join(LOCK_FILE)).unwrap_err();
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "start\nstart\n");
        let message = err.to_string();
        assert!(message.contains("LibreOffice 两次都没有生成 PDF"), "{message}");
        assert!(message.contains("syncRepositories"), "{message}");
    }
}
