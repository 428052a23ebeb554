//! The footprint on disk: the data file against the package it was imported
//! from, one backup against the data file, and what the backups folder can
//! grow to (issue 17 item 6).

use std::path::Path;

use taizhang_core::backup::{self, rotation, Kind};
use taizhang_core::App;

use crate::results::Results;

const MB: f64 = 1_048_576.0;

/// `data_file_bytes` is the data file with its WAL, as `file_size` reports it.
pub fn measure(
    app: &App,
    db: &Path,
    package_bytes: usize,
    data_file_bytes: u64,
    results: &mut Results,
) -> Result<(), String> {
    let data = data_file_bytes as f64;
    let ratio = data / package_bytes as f64;
    results.push(
        "file_vs_package",
        "数据文件大小 ÷ 数据包 JSON 大小",
        ratio,
        "×",
        format!("{:.1} MB ÷ {:.1} MB", data / MB, package_bytes as f64 / MB),
        Some(("≤ 2", ratio <= 2.0)),
    );
    eprintln!("backup …");
    let made = backup::create(app.store.conn(), db, Kind::Manual).map_err(|e| e.to_string())?;
    let ratio = made.size as f64 / data;
    results.push(
        "backup_vs_file",
        "一份备份 ÷ 数据文件大小",
        ratio,
        "×",
        format!("{:.1} MB（zstd 压缩）", made.size as f64 / MB),
        Some(("≤ 0.5", ratio <= 0.5)),
    );
    let usage = backup::usage(db).map_err(|e| e.to_string())?;
    // Rotation keeps at most this many copies, whatever the clerk does.
    let most = rotation::DAYS + rotation::MONTHS + 2 * rotation::KEPT_OTHERS;
    results.push(
        "backup_folder",
        "备份文件夹最多占用",
        (most as u64 * made.size) as f64 / MB,
        "MB",
        format!(
            "最多 {most} 份 × 一份 {:.1} MB；本次运行后实际 {:.1} MB（{} 个文件）",
            made.size as f64 / MB,
            usage.total_bytes as f64 / MB,
            usage.files
        ),
        None,
    );
    Ok(())
}
