//! One browser-mode server per data file, and how a launcher finds it.
//!
//! Beside the data file (`taizhang.db`) the server keeps:
//! - `taizhang.db-web.lock`: held with an exclusive lock for the server's
//!   lifetime (the OS drops it when the process ends, however it ends), so a
//!   second server for the same file refuses to start. It also remembers the
//!   port the last server used: the browser keeps a page's saved drafts per
//!   origin (scheme, host and port), so the next server prefers that port.
//! - `taizhang.db-web.json`: the running server's port, token, pid, data file
//!   and start time, readable by the user only (created with mode 0600 on
//!   Unix; on Windows the per-user app-data folder is private already).
//!   Removed when the server exits normally; a stale one (its server gone, or
//!   another token) is ignored by the launcher and replaced by the next server.
//! - `logs/taizhang-web.log`: the output of a server started by `launch`.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use taizhang_core::durable;

/// The exit code of a second server for a data file that already has one.
pub const EXIT_ALREADY_RUNNING: u8 = 3;

/// Where the files of one data file's server live.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The data file, absolute.
    pub db: PathBuf,
    /// The data folder (the data file's folder).
    pub dir: PathBuf,
    pub state: PathBuf,
    pub lock: PathBuf,
    pub log: PathBuf,
    /// The page the launcher opens when the server cannot start.
    pub error_page: PathBuf,
}

impl Paths {
    pub fn for_db(db: &Path) -> Paths {
        let db = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
        let dir = db
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = db
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "taizhang.db".into());
        let stem = db
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "taizhang".into());
        let logs = dir.join("logs");
        Paths {
            state: dir.join(format!("{name}-web.json")),
            lock: dir.join(format!("{name}-web.lock")),
            log: logs.join(format!("{stem}-web.log")),
            error_page: logs.join(format!("{stem}-启动失败.html")),
            dir,
            db,
        }
    }
}

/// What the state file says about the running server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub port: u16,
    pub token: String,
    pub pid: u32,
    pub db: String,
    /// Local time, `2024-01-05T09:30:12`.
    pub started_at: String,
    /// Seconds without a page before it exits by itself (`None`: never).
    #[serde(default)]
    pub idle_exit_secs: Option<u64>,
}

impl State {
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/#token={}", self.port, self.token)
    }

    /// Parse a state file's text; `Err` says what is wrong with it.
    pub fn parse(text: &str) -> Result<State, String> {
        let state: State =
            serde_json::from_str(text).map_err(|e| format!("不是有效的状态文件：{e}"))?;
        if state.port == 0 {
            return Err("端口为 0".into());
        }
        if state.token.len() < 16 || !state.token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("访问口令格式不对".into());
        }
        Ok(state)
    }
}

/// Read the state file; `None` when it is missing or unreadable (a stale or
/// broken file is as good as none: the next server replaces it).
///
/// On Windows the file is opened sharing delete access: a launcher polls it
/// while the server renames its new state over it, and a handle without
/// `FILE_SHARE_DELETE` makes that rename fail with "Access denied" (seen
/// under load, when the launcher's read and the rename coincide).
pub fn read_state(path: &Path) -> Option<State> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_SHARE_READ_WRITE_DELETE: u32 = 0x1 | 0x2 | 0x4;
        options.share_mode(FILE_SHARE_READ_WRITE_DELETE);
    }
    let mut text = String::new();
    options.open(path).ok()?.read_to_string(&mut text).ok()?;
    State::parse(&text).ok()
}

/// Write the state file through a temporary file created user-only (mode
/// 0600 from the start on Unix), then renamed: a reader sees the old file or
/// the whole new one.
pub fn write_state(path: &Path, state: &State) -> io::Result<()> {
    let text = serde_json::to_string_pretty(state).expect("serializable");
    durable::write_file(path, text.as_bytes(), durable::Readers::Owner)
}

/// Remove the state file if it is still this server's (never another's).
pub fn remove_state(path: &Path, token: &str) {
    if read_state(path).is_some_and(|s| s.token == token) {
        let _ = std::fs::remove_file(path);
    }
}

/// What `/alive` answers.
#[derive(Debug, Deserialize)]
pub struct Alive {
    pub pid: u32,
    pub db: String,
}

/// Ask the server on `port` whether it is alive and holds `token`: a plain
/// HTTP request on the loopback address, so that a stale state file (its
/// server gone, the port now someone else's) is never trusted.
pub fn probe(port: u16, token: &str, timeout: Duration) -> Option<Alive> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, timeout).ok()?;
    stream.set_read_timeout(Some(timeout)).ok()?;
    stream.set_write_timeout(Some(timeout)).ok()?;
    let request = format!(
        "GET /alive HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Taizhang-Token: {token}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.take(64 * 1024).read_to_end(&mut response).ok()?;
    let text = String::from_utf8_lossy(&response);
    let (head, body) = text.split_once("\r\n\r\n")?;
    if !head.starts_with("HTTP/1.1 200") {
        return None;
    }
    serde_json::from_str(body.trim()).ok()
}

/// The state of a live server for this data file that answers with its token.
pub fn running(paths: &Paths) -> Option<State> {
    let state = read_state(&paths.state)?;
    let alive = probe(state.port, &state.token, Duration::from_secs(3))?;
    (alive.pid == state.pid && Path::new(&alive.db) == paths.db).then_some(state)
}

/// The exclusive lock a server holds for its lifetime.
pub struct InstanceLock {
    file: File,
    path: PathBuf,
}

pub enum LockError {
    /// Another server holds it.
    Held,
    Io(io::Error),
}

impl InstanceLock {
    pub fn acquire(path: &Path) -> Result<InstanceLock, LockError> {
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(path).map_err(LockError::Io)?;
        match file.try_lock() {
            Ok(()) => Ok(InstanceLock {
                file,
                path: path.to_path_buf(),
            }),
            Err(std::fs::TryLockError::WouldBlock) => Err(LockError::Held),
            Err(std::fs::TryLockError::Error(e)) => Err(LockError::Io(e)),
        }
    }

    /// The port the last server of this data file used.
    pub fn last_port(&mut self) -> Option<u16> {
        let mut text = String::new();
        self.file.seek(SeekFrom::Start(0)).ok()?;
        self.file.read_to_string(&mut text).ok()?;
        text.trim().parse().ok().filter(|p| *p != 0)
    }

    pub fn remember_port(&mut self, port: u16) {
        let write = |f: &mut File| -> io::Result<()> {
            f.set_len(0)?;
            f.seek(SeekFrom::Start(0))?;
            writeln!(f, "{port}")
        };
        if let Err(e) = write(&mut self.file) {
            eprintln!("无法记下端口（{}）：{e}", self.path.display());
        }
    }
}

/// When a server started by `launch` may exit: no request and no heartbeat
/// for `timeout`, and none being served. Browsers slow the timers of
/// background tabs and stop them while the computer sleeps, so the judgement
/// is generous: a wake-up (the checker itself was not run for much longer
/// than its interval) counts as activity, giving the page time to send its
/// heartbeat, and the end of a request counts as well as its start.
#[derive(Debug)]
pub struct Idle {
    timeout: Duration,
    tick: Duration,
    last_activity: Instant,
    last_tick: Instant,
}

impl Idle {
    pub fn new(timeout: Duration, now: Instant) -> Idle {
        Idle {
            timeout,
            tick: Idle::tick_for(timeout),
            last_activity: now,
            last_tick: now,
        }
    }

    /// How often the checker looks: often enough to exit close to the
    /// timeout, at most every 15 s.
    pub fn tick_for(timeout: Duration) -> Duration {
        (timeout / 4).clamp(Duration::from_millis(100), Duration::from_secs(15))
    }

    pub fn tick(&self) -> Duration {
        self.tick
    }

    /// A request started or ended, or a heartbeat came.
    pub fn activity(&mut self, now: Instant) {
        self.last_activity = self.last_activity.max(now);
    }

    /// The checker's turn at `now` with `in_flight` requests being served:
    /// `true` when the server should exit.
    pub fn should_exit(&mut self, now: Instant, in_flight: usize) -> bool {
        let gap = now.saturating_duration_since(self.last_tick);
        self.last_tick = now;
        if gap > self.tick * 4 {
            // The computer slept (or the process was stopped): start counting again.
            self.activity(now);
            return false;
        }
        in_flight == 0 && now.saturating_duration_since(self.last_activity) >= self.timeout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State {
            port: 48123,
            token: "0123456789abcdef0123456789abcdef".into(),
            pid: 4242,
            db: "/home/a/taizhang.db".into(),
            started_at: "2024-01-05T09:30:12".into(),
            idle_exit_secs: Some(1800),
        }
    }

    #[test]
    fn the_state_file_round_trips_and_bad_ones_are_refused() {
        let s = state();
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(State::parse(&text).unwrap(), s);
        assert_eq!(
            s.url(),
            "http://127.0.0.1:48123/#token=0123456789abcdef0123456789abcdef"
        );
        assert!(State::parse("").is_err());
        assert!(State::parse("{\"port\": 1}").is_err());
        let mut bad = s.clone();
        bad.port = 0;
        assert!(State::parse(&serde_json::to_string(&bad).unwrap()).is_err());
        let mut bad = s.clone();
        bad.token = "<script>".into();
        assert!(State::parse(&serde_json::to_string(&bad).unwrap()).is_err());
    }

    #[test]
    fn the_state_file_is_private_and_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taizhang.db-web.json");
        write_state(&path, &state()).unwrap();
        assert_eq!(read_state(&path).unwrap(), state());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "mode {mode:o}");
        }
        let mut next = state();
        next.port = 50000;
        write_state(&path, &next).unwrap();
        assert_eq!(read_state(&path).unwrap().port, 50000);
        // Only the server whose token it holds removes it.
        remove_state(&path, "ffffffffffffffffffffffffffffffff");
        assert!(path.exists());
        remove_state(&path, &next.token);
        assert!(!path.exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "no temporary file left"
        );
    }

    #[test]
    fn a_second_lock_on_the_same_file_is_refused_and_the_port_is_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taizhang.db-web.lock");
        let mut first = InstanceLock::acquire(&path).ok().unwrap();
        assert_eq!(first.last_port(), None);
        assert!(matches!(InstanceLock::acquire(&path), Err(LockError::Held)));
        first.remember_port(48123);
        first.remember_port(5000);
        drop(first);
        let mut again = InstanceLock::acquire(&path)
            .ok()
            .expect("free once dropped");
        assert_eq!(again.last_port(), Some(5000));
    }

    #[test]
    fn paths_sit_beside_the_data_file() {
        let p = Paths::for_db(Path::new("/data/office/taizhang.db"));
        assert_eq!(p.dir, Path::new("/data/office"));
        assert_eq!(p.state, Path::new("/data/office/taizhang.db-web.json"));
        assert_eq!(p.lock, Path::new("/data/office/taizhang.db-web.lock"));
        assert_eq!(p.log, Path::new("/data/office/logs/taizhang-web.log"));
        assert!(Paths::for_db(Path::new("rel.db")).db.is_absolute());
    }

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn idle_means_no_request_and_no_heartbeat_for_the_whole_timeout() {
        let t0 = Instant::now();
        let mut idle = Idle::new(30 * MIN, t0);
        assert_eq!(idle.tick(), Duration::from_secs(15));
        let mut now = t0;
        let mut step = |idle: &mut Idle, by: Duration, in_flight| {
            // The checker runs every tick in between, as it does in the server.
            let end = now + by;
            let mut exit = false;
            while now < end {
                now += idle.tick();
                exit = idle.should_exit(now, in_flight);
            }
            (exit, now)
        };
        assert!(!step(&mut idle, 29 * MIN, 0).0);
        let (_, at) = step(&mut idle, Duration::ZERO, 0);
        idle.activity(at); // a heartbeat at 29 min
        assert!(
            !step(&mut idle, 29 * MIN, 0).0,
            "counted from the heartbeat"
        );
        assert!(step(&mut idle, 2 * MIN, 0).0, "30 min after the heartbeat");
    }

    #[test]
    fn never_while_a_request_is_being_served() {
        let t0 = Instant::now();
        let mut idle = Idle::new(Duration::from_secs(4), t0);
        let tick = idle.tick();
        let mut now = t0;
        for _ in 0..100 {
            now += tick;
            assert!(!idle.should_exit(now, 1));
        }
        // The request ends: its end counts as activity.
        idle.activity(now);
        now += tick;
        assert!(!idle.should_exit(now, 0));
        let mut exit = false;
        for _ in 0..4 {
            now += tick;
            exit = idle.should_exit(now, 0);
        }
        assert!(exit);
    }

    #[test]
    fn a_wake_from_sleep_gives_the_page_time_to_speak() {
        let t0 = Instant::now();
        let mut idle = Idle::new(30 * MIN, t0);
        // The checker last ran at 10 min, then the computer slept for 8 hours.
        let mut now = t0;
        while now < t0 + 10 * MIN {
            now += idle.tick();
            assert!(!idle.should_exit(now, 0));
        }
        now += 8 * 60 * MIN;
        assert!(!idle.should_exit(now, 0), "not at the moment of waking");
        let woke = now;
        while now < woke + 29 * MIN {
            now += idle.tick();
            assert!(!idle.should_exit(now, 0));
        }
        let mut exit = false;
        while now < woke + 31 * MIN {
            now += idle.tick();
            exit = idle.should_exit(now, 0);
        }
        assert!(exit, "30 min after waking with no page");
    }
}
