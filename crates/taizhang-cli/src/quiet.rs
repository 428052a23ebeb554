//! What the command line says when its surroundings fail: stdout closed by
//! the reader (`taizhang-cli … | head -1`) ends the program quietly, and a
//! damaged data file gets the exact commands that repair it.

use std::path::Path;

use taizhang_core::backup;
use taizhang_core::error::Error;

/// Exit quietly, as `cat` does, when a reader closed stdout: Rust's `println!`
/// panics ("failed printing to stdout: Broken pipe") instead.
pub fn exit_quietly_on_closed_stdout() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// A write to stdout that failed because the reader went away.
pub fn is_closed_pipe(e: &Error) -> bool {
    matches!(e, Error::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// After `错误：数据文件已损坏…`: the newest good backup and the commands,
/// ready to copy, that save what can be read and put the backup back.
pub fn damage_advice(db: &Path) {
    let db_arg = quoted(db);
    eprintln!("第一步，抢救仍能读出的记录：taizhang-cli --db {db_arg} salvage --out 抢救出的数据.json");
    match backup::newest_good(db) {
        Ok(Some((file, info))) => {
            let held: Vec<String> = info
                .counts
                .iter()
                .filter(|c| c.count > 0 && c.key != "audit_log")
                .map(|c| format!("{} {}", c.label, c.count))
                .collect();
            eprintln!(
                "第二步，从最新的完好备份（{}，{}）恢复：taizhang-cli --db {db_arg} restore {}",
                backup::format_time(file.at).replace('T', " "),
                held.join("、"),
                quoted(&file.path)
            );
        }
        _ => eprintln!(
            "第二步：backups 文件夹中没有通过完整性检查的备份。请找到以前备份到U盘的文件，用 taizhang-cli --db {db_arg} restore 文件 恢复。"
        ),
    }
    eprintln!("第三步，导入抢救出的记录：taizhang-cli --db {db_arg} import 抢救出的数据.json");
}

fn quoted(path: &Path) -> String {
    format!("\"{}\"", path.display())
}
