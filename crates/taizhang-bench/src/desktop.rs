//! The desktop app under Xvfb: time from launch until the page's first command
//! is answered, and the memory (PSS) of the app and its WebKit processes once
//! 首页 is showing the benchmark's data.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::results::{median, ms, Results};

const LAUNCHES: usize = 3;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

struct Display {
    child: Child,
    name: String,
}

impl Drop for Display {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: Xvfb then removes its socket and lock file.
        // Killed outright it leaves both behind, and on a machine that runs the
        // benchmark and the window tests day after day they pile up.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

/// Xvfb on a display number it chooses itself (`-displayfd`): it skips the
/// numbers in use and takes over the stale locks and sockets of X servers that
/// were killed, which a search of /tmp for a free number cannot tell apart.
fn start_xvfb() -> Result<Display, String> {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("Xvfb: {e} (install xvfb)"))?;
    let stdout = child.stdout.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let number = rx
        .recv_timeout(Duration::from_secs(10))
        .ok()
        .and_then(|line| line.trim().parse::<u32>().ok());
    let display = Display {
        child,
        name: number.map(|n| format!(":{n}")).unwrap_or_default(),
    };
    match number {
        Some(_) => Ok(display),
        None => Err("Xvfb did not start (no display number within 10 s)".into()),
    }
}

/// The process and all its descendants, from /proc.
fn tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = vec![];
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // The command name may hold spaces: the parent pid follows the closing parenthesis.
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 2..]) else {
            continue;
        };
        let ppid = after
            .split(' ')
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        parents.push((pid, ppid));
    }
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        out.extend(parents.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    out
}

/// Proportional set size of a process in kB.
fn pss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .map(str::to_string)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn launch(app: &Path, db: &Path, display: &str) -> Result<(f64, f64, usize), String> {
    let start = Instant::now();
    let mut child = Command::new(app)
        .arg("--db")
        .arg(db)
        .env("DISPLAY", display)
        .env("TAIZHANG_STARTUP_PROBE", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", app.display()))?;
    let stderr = child.stderr.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("first command answered") {
                let _ = tx.send(());
            }
        }
    });
    let answered = rx.recv_timeout(Duration::from_secs(30));
    let launch_ms = ms(start);
    if answered.is_err() {
        let _ = child.kill();
        return Err("the app did not answer its first command within 30 s".into());
    }
    // Let 首页 load its cards with the data.
    std::thread::sleep(Duration::from_secs(5));
    let pids = tree(child.id());
    let pss: u64 = pids.iter().map(|p| pss_kb(*p)).sum();
    let _ = child.kill();
    let _ = child.wait();
    for p in &pids[1..] {
        let _ = Command::new("kill").arg("-9").arg(p.to_string()).status();
    }
    Ok((launch_ms, pss as f64 / 1024.0, pids.len()))
}

pub fn measure(app: &Path, db: &Path, results: &mut Results) -> Result<(), String> {
    let size = std::fs::metadata(app).map_err(err)?.len() as f64 / 1_048_576.0;
    results.push(
        "binary_mb",
        "发行版程序大小",
        size,
        "MB",
        app.display().to_string(),
        Some(("< 15 MB", size < 15.0)),
    );
    let display = start_xvfb()?;
    let mut launches = vec![];
    let mut memory = vec![];
    let mut processes = 0;
    for _ in 0..LAUNCHES {
        let (t, m, n) = launch(app, db, &display.name)?;
        launches.push(t);
        memory.push(m);
        processes = n;
    }
    let (t, m) = (median(launches), median(memory));
    results.push(
        "launch_ms",
        "启动到界面响应第一个命令",
        t,
        "ms",
        format!("{LAUNCHES} 次中位数"),
        Some(("< 1 s", t < 1000.0)),
    );
    results.push(
        "memory_pss_mb",
        "程序与 WebKit 进程内存（PSS，首页已载入）",
        m,
        "MB",
        format!("{processes} 个进程，{LAUNCHES} 次中位数"),
        Some(("< 350 MB", m < 350.0)),
    );
    Ok(())
}
