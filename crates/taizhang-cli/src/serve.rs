//! Browser mode: the same user interface and the same commands, over HTTP on
//! 127.0.0.1, for testing in a real browser and for office PCs that cannot run
//! the desktop shell.
//!
//! Safety: the server binds the loopback address only; every command needs the
//! per-launch random token printed in the URL; requests whose `Host` or
//! `Origin` is not this server's are refused (no other web page, and no DNS
//! rebinding, can drive it).
//!
//! One server per data file: it holds the file's instance lock and writes a
//! user-only state file with its port and token (see [`crate::instance`]), so
//! that `launch` opens a new tab on it instead of starting a second writer.
//! Started by `launch`, it exits by itself when no page has been open for a
//! while (`--idle-exit`): no request and no heartbeat (`/alive`, sent by every
//! open page) for that long and none being served; it then makes a backup
//! and removes its state file.

use std::collections::VecDeque;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};

use taizhang_core::api::{self, OutFile, Reply};
use taizhang_core::backup;
use taizhang_core::error::Error;
use taizhang_core::App;

use crate::instance::{self, Idle, InstanceLock, Paths, State as ServerState};

/// The UI's files, inside the program (debug builds too: `debug-embed`), so
/// that one binary is all there is to ship. `serve --ui-dir DIR` (hidden, for
/// developers) serves a folder instead.
#[derive(rust_embed::Embed)]
#[folder = "../../ui/"]
struct Ui;

pub use crate::instance::EXIT_ALREADY_RUNNING;
pub const TOKEN_HEADER: &str = "x-taizhang-token";
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const MAX_BODY: usize = 64 * 1024 * 1024;
/// Downloads kept for the browser to fetch (the latest exports).
const KEPT_DOWNLOADS: usize = 20;

struct Shared {
    app: Mutex<App>,
    token: String,
    port: u16,
    ui_dir: Option<PathBuf>,
    downloads: Mutex<VecDeque<(String, OutFile)>>,
    /// The last request or heartbeat, for the idle exit.
    idle: Mutex<Idle>,
    /// Requests being served now (the idle exit waits for none).
    in_flight: AtomicUsize,
    pid: u32,
    db: String,
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the system's random source works");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// How `serve` runs.
pub struct Options {
    /// `None`: the port this data file's last server used if free, else any free one.
    pub port: Option<u16>,
    /// Open the default browser on the URL once ready.
    pub open: bool,
    pub ui_dir: Option<PathBuf>,
    /// Exit (after a backup) when no page has been open this long.
    pub idle_exit: Option<Duration>,
}

/// Serve `app` until Ctrl+C (or SIGTERM), or until idle when asked. `lock`
/// is this data file's instance lock, held until the server returns.
pub fn run(app: App, paths: &Paths, lock: InstanceLock, options: Options) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("无法启动：{e}")))?;
    runtime.block_on(serve(app, paths, lock, options))
}

/// Why the server stopped.
enum Stop {
    Signal,
    Idle,
}

async fn bind(port: Option<u16>, last: Option<u16>) -> Result<tokio::net::TcpListener, Error> {
    use tokio::net::TcpListener;
    if let Some(port) = port {
        return TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| {
            Error::Internal(format!(
                "无法在 127.0.0.1:{port} 上启动：{e}。请换一个端口（--port），或不指定端口。"
            ))
        });
    }
    if let Some(last) = last {
        if let Ok(listener) = TcpListener::bind(("127.0.0.1", last)).await {
            return Ok(listener);
        }
    }
    TcpListener::bind(("127.0.0.1", 0))
        .await
        .map_err(|e| Error::Internal(format!("无法在 127.0.0.1 上找到空闲端口启动：{e}")))
}

async fn serve(
    app: App,
    paths: &Paths,
    mut lock: InstanceLock,
    options: Options,
) -> Result<(), Error> {
    let listener = bind(options.port, lock.last_port()).await?;
    let port = listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| Error::Internal(format!("无法读取监听端口：{e}")))?;
    lock.remember_port(port);
    let token = random_hex(24);
    let state = ServerState {
        port,
        token: token.clone(),
        pid: std::process::id(),
        db: paths.db.display().to_string(),
        started_at: chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
        idle_exit_secs: options.idle_exit.map(|d| d.as_secs()),
    };
    instance::write_state(&paths.state, &state).map_err(|e| Error::writing(&paths.state, e))?;
    let url = state.url();
    println!(
        "台账已在浏览器模式下启动，数据文件：{}",
        app.store.path().display()
    );
    println!("请用浏览器打开：{url}");
    match options.idle_exit {
        Some(d) => println!(
            "按 Ctrl+C 退出；连续 {} 无人使用时自动备份并退出。",
            human(d)
        ),
        None => println!("按 Ctrl+C 退出。"),
    }
    use std::io::Write;
    std::io::stdout().flush().ok();
    if options.open {
        if let Err(e) = crate::launch::open_url(&url) {
            eprintln!("无法自动打开浏览器（{e}），请手动打开上面的网址。");
        }
    }
    let timeout = options.idle_exit;
    let shared = Arc::new(Shared {
        app: Mutex::new(app),
        token: token.clone(),
        port,
        ui_dir: options.ui_dir,
        downloads: Mutex::new(VecDeque::new()),
        idle: Mutex::new(Idle::new(timeout.unwrap_or(Duration::MAX), Instant::now())),
        in_flight: AtomicUsize::new(0),
        pid: state.pid,
        db: state.db.clone(),
    });
    let router = Router::new()
        .route("/api/{name}", post(api_call))
        .route("/alive", get(alive).post(alive))
        .route("/download/{id}", get(download))
        .fallback(static_file)
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            same_origin_only,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared.clone());
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<Stop>();
    let watcher = shared.clone();
    tokio::spawn(async move {
        let reason = tokio::select! {
            _ = shutdown_signal() => Stop::Signal,
            _ = idle_watch(watcher, timeout) => Stop::Idle,
        };
        let _ = stop_tx.send(reason);
    });
    let (reason_tx, reason_rx) = tokio::sync::oneshot::channel::<Stop>();
    let state_path = paths.state.clone();
    let our_token = token.clone();
    let served = axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            let reason = stop_rx.await.unwrap_or(Stop::Signal);
            // From here on a launcher must not find this server: it starts a
            // new one, which waits for this one's lock.
            instance::remove_state(&state_path, &our_token);
            let _ = reason_tx.send(reason);
        })
        .await;
    instance::remove_state(&paths.state, &token);
    served.map_err(|e| Error::Internal(format!("浏览器模式出错：{e}")))?;
    if let Ok(Stop::Idle) = reason_rx.await {
        let minutes = human(timeout.unwrap_or_default());
        match backup::auto_backup(&paths.db) {
            Ok(copy) => println!(
                "连续 {minutes} 无人使用，已备份（{}）并退出。",
                copy.path.display()
            ),
            Err(e) => eprintln!("连续 {minutes} 无人使用，准备退出，但备份失败：{e}"),
        }
    } else {
        println!("已退出。");
    }
    drop(lock);
    Ok(())
}

fn human(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 && s.is_multiple_of(60) {
        format!("{} 分钟", s / 60)
    } else {
        format!("{s} 秒")
    }
}

/// Ctrl+C, or SIGTERM on Unix (a logout, `kill`).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Resolves when the server has been idle for `timeout` (never without one).
async fn idle_watch(shared: Arc<Shared>, timeout: Option<Duration>) {
    if timeout.is_none() {
        return std::future::pending().await;
    }
    let every = shared.idle.lock().unwrap_or_else(|p| p.into_inner()).tick();
    loop {
        tokio::time::sleep(every).await;
        let busy = shared.in_flight.load(Ordering::SeqCst);
        let mut idle = shared.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.should_exit(Instant::now(), busy) {
            return;
        }
    }
}

/// Counts a request as in flight from its start to its end; both count as
/// activity for the idle exit.
struct InFlight(Arc<Shared>);

impl InFlight {
    fn start(shared: Arc<Shared>) -> InFlight {
        shared.in_flight.fetch_add(1, Ordering::SeqCst);
        shared.touch();
        InFlight(shared)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Shared {
    fn touch(&self) {
        self.idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .activity(Instant::now());
    }
}

/// The heartbeat of an open page, and the launcher's question "are you the
/// server of this data file?": cheap, token-checked, no data.
async fn alive(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let token = headers
        .get(TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !same_secret(token, &shared.token) {
        return bad_token();
    }
    json_response(
        StatusCode::OK,
        &json!({"ok": true, "pid": shared.pid, "db": shared.db}),
    )
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    json_response(status, &json!({"code": code, "message": message}))
}

/// `Host` must name this server; `Origin`, when sent, must be this server.
fn is_same_origin(headers: &HeaderMap, port: u16) -> bool {
    let allowed = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let value = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let host_ok = value(header::HOST).is_some_and(|h| allowed.iter().any(|a| a == h));
    let origin_ok = match value(header::ORIGIN) {
        None => true,
        Some(o) => allowed.iter().any(|a| o == format!("http://{a}")),
    };
    host_ok && origin_ok
}

async fn same_origin_only(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    if std::env::var_os("TAIZHANG_SERVE_LOG").is_some() {
        eprintln!("{} {}", request.method(), request.uri());
    }
    if !is_same_origin(request.headers(), shared.port) {
        return error_response(
            StatusCode::FORBIDDEN,
            "forbidden_origin",
            "拒绝来自其他网站的请求。",
        );
    }
    let _in_flight = InFlight::start(shared.clone());
    next.run(request).await
}

/// Compare without an early exit, so that timing does not reveal the token.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn bad_token() -> Response {
    error_response(
        StatusCode::UNAUTHORIZED,
        "bad_token",
        "访问口令无效，请使用启动时打印的完整网址打开。",
    )
}

fn status_of(e: &Error) -> StatusCode {
    match e.code() {
        "not_found" | "unknown_command" => StatusCode::NOT_FOUND,
        "database" | "io" | "internal" => StatusCode::INTERNAL_SERVER_ERROR,
        _ if e.fault().is_some() => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::BAD_REQUEST,
    }
}

async fn api_call(
    State(shared): State<Arc<Shared>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let token = headers
        .get(TOKEN_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !same_secret(token, &shared.token) {
        return bad_token();
    }
    let args: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    &format!("请求不是有效的 JSON：{e}"),
                )
            }
        }
    };
    // The core is synchronous and the data file has one writer: run commands
    // one at a time, off the async threads.
    let worker = shared.clone();
    let reply = tokio::task::spawn_blocking(move || {
        let mut app = worker.app.lock().unwrap_or_else(|p| p.into_inner());
        api::dispatch(&mut app, &name, args)
    })
    .await;
    match reply {
        Ok(Ok(Reply::Json(v))) => json_response(StatusCode::OK, &v),
        Ok(Ok(Reply::Files { files, message })) => {
            let mut kept = shared.downloads.lock().unwrap_or_else(|p| p.into_inner());
            let links: Vec<Value> = files
                .into_iter()
                .map(|f| {
                    let id = random_hex(12);
                    let link = json!({"name": f.name, "url": format!("/download/{id}?token={}", shared.token)});
                    kept.push_back((id, f));
                    if kept.len() > KEPT_DOWNLOADS {
                        kept.pop_front();
                    }
                    link
                })
                .collect();
            json_response(
                StatusCode::OK,
                &json!({"downloads": links, "message": message}),
            )
        }
        Ok(Err(e)) => json_response(status_of(&e), &e.to_json()),
        Err(e) => error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            &format!("内部错误：{e}"),
        ),
    }
}

#[derive(serde::Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// What a download's name keeps as it is in Content-Disposition's
/// `filename*=UTF-8''…` (RFC 5987): letters, digits, `.`, `-` and `_`.
const FILENAME: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'-').remove(b'_');

fn encode_filename(name: &str) -> String {
    utf8_percent_encode(name, FILENAME).to_string()
}

async fn download(
    State(shared): State<Arc<Shared>>,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<TokenQuery>,
) -> Response {
    if !same_secret(q.token.as_deref().unwrap_or(""), &shared.token) {
        return bad_token();
    }
    let kept = shared.downloads.lock().unwrap_or_else(|p| p.into_inner());
    match kept.iter().find(|(i, _)| *i == id) {
        Some((_, file)) => (
            [
                (header::CONTENT_TYPE, content_type(&file.name)),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename*=UTF-8''{}",
                        encode_filename(&file.name)
                    ),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            file.bytes.clone(),
        )
            .into_response(),
        None => error_response(
            StatusCode::NOT_FOUND,
            "not_found",
            "下载链接已失效，请重新导出。",
        ),
    }
}

/// The Content-Type of a file by its name's extension; text (and JSON and
/// JavaScript) is said to be UTF-8.
fn content_type(name: &str) -> String {
    use mime_guess::mime;
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let utf8 = mime.type_() == mime::TEXT
        || mime.subtype() == mime::JSON
        || mime.subtype() == mime::JAVASCRIPT;
    if utf8 {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// A file of the developer's `--ui-dir`: plain names below the folder only
/// (no `..`, no root or drive, no hidden files).
fn read_ui_dir(dir: &Path, rel: &str) -> Option<Vec<u8>> {
    let plain = Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(name) if !name.to_string_lossy().starts_with('.')));
    plain.then(|| std::fs::read(dir.join(rel)).ok()).flatten()
}

async fn static_file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: axum::http::Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "不支持的请求方式。",
        );
    }
    let rel = uri.path().trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    let bytes: Option<Body> = match &shared.ui_dir {
        Some(dir) => read_ui_dir(dir, rel).map(Body::from),
        None => Ui::get(rel).map(|f| Body::from(f.data)),
    };
    match bytes {
        Some(bytes) => Response::builder()
            .header(header::CONTENT_TYPE, content_type(rel))
            .header(header::CONTENT_SECURITY_POLICY, CSP)
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            .header(header::REFERRER_POLICY, "no-referrer")
            .header(header::CACHE_CONTROL, "no-cache")
            .body(bytes)
            .expect("valid response"),
        None => error_response(StatusCode::NOT_FOUND, "not_found", "找不到该文件。"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_comparison_is_exact() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "abc"));
    }

    #[test]
    fn file_names_are_percent_encoded() {
        assert_eq!(
            encode_filename("长庆 a.json"),
            "%E9%95%BF%E5%BA%86%20a.json"
        );
    }

    #[test]
    fn content_types_are_those_the_ui_and_downloads_always_had() {
        for (name, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("js/app.js", "text/javascript; charset=utf-8"),
            ("css/app.css", "text/css; charset=utf-8"),
            ("icons/icon.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("favicon.ico", "image/x-icon"),
            ("a.woff2", "font/woff2"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("长庆 2018.json", "application/json; charset=utf-8"),
            (
                "年报.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            (
                "台账.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("年报.pdf", "application/pdf"),
            ("备份.db", "application/octet-stream"),
            ("LICENSE-htm", "application/octet-stream"),
        ] {
            assert_eq!(content_type(name), expected, "{name}");
        }
    }

    #[test]
    fn the_ui_is_inside_the_program() {
        let index = Ui::get("index.html").expect("ui/index.html is embedded");
        assert!(String::from_utf8_lossy(&index.data).contains("<html"));
        assert!(Ui::get("js/api.js").is_some());
        assert!(Ui::get("../Cargo.toml").is_none());
        assert!(Ui::get("").is_none());
    }

    #[test]
    fn a_developers_ui_folder_gives_plain_names_below_it_only() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("ui");
        std::fs::create_dir_all(dir.join("js")).unwrap();
        std::fs::write(dir.join("js/app.js"), "ok").unwrap();
        std::fs::write(dir.join(".secret"), "no").unwrap();
        std::fs::write(root.path().join("outside.txt"), "no").unwrap();
        assert_eq!(read_ui_dir(&dir, "js/app.js").as_deref(), Some(&b"ok"[..]));
        for bad in [
            "../outside.txt",
            "js/../../outside.txt",
            ".secret",
            "/etc/passwd",
            "missing.js",
        ] {
            assert_eq!(read_ui_dir(&dir, bad), None, "{bad}");
        }
    }

    #[test]
    fn only_this_servers_host_and_origin_pass() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        assert!(is_same_origin(&h, 8080));
        assert!(!is_same_origin(&h, 8081));
        h.insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        assert!(!is_same_origin(&h, 8080));
        h.insert(header::ORIGIN, "http://localhost:8080".parse().unwrap());
        assert!(is_same_origin(&h, 8080));
        h.insert(header::HOST, "evil.example:8080".parse().unwrap());
        assert!(!is_same_origin(&h, 8080));
    }
}
