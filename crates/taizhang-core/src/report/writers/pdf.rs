//! `.pdf` through LibreOffice: the `.docx` (or, for the ledger, the `.xlsx`)
//! converted by `soffice --headless --convert-to pdf`. Each conversion runs in
//! its own temporary folder with its own LibreOffice profile, so parallel
//! conversions neither collide nor overwrite each other's output, and it is
//! stopped when it takes too long.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// A cold LibreOffice start with a fresh profile takes a few seconds; a
/// large workbook some more.
const TIMEOUT: Duration = Duration::from_secs(180);

pub const MISSING_MESSAGE: &str = "导出 PDF 需要安装 LibreOffice（或先导出 Word 文件，再用 WPS 或 Word “另存为 PDF”）。\
Windows：从 libreoffice.org 下载安装包安装；统信 UOS、麒麟、Debian、Ubuntu 等：sudo apt install libreoffice-writer-nogui libreoffice-calc-nogui。";

const PROGRAM_NAMES: &[&str] = &["soffice", "libreoffice"];

/// Where LibreOffice is usually installed when it is not on the PATH.
const USUAL_PLACES: &[&str] = &[
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/opt/libreoffice/program/soffice",
];

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

pub fn convert_with(soffice: &Path, bytes: &[u8], ext: &str) -> Result<Vec<u8>> {
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
    let mut child = command
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
        .stderr(Stdio::from(std::fs::File::create(&log)?))
        .spawn()
        .map_err(|e| Error::conflict(format!("无法启动 LibreOffice（{e}）。{MISSING_MESSAGE}")))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
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
    };
    let pdf = out_dir.join("report.pdf");
    match std::fs::read(&pdf) {
        Ok(bytes) if status.success() && bytes.starts_with(b"%PDF") => Ok(bytes),
        _ => {
            let detail = std::fs::read_to_string(&log).unwrap_or_default();
            Err(Error::conflict(format!(
                "LibreOffice 没有生成 PDF（{status}）。{}",
                detail.trim()
            )))
        }
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

/// A `file://` URL for a local path, as LibreOffice's `-env:` expects.
fn file_url(path: &Path) -> String {
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
}
