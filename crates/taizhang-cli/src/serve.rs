//! Browser mode: the same user interface and the same commands, over HTTP on
//! 127.0.0.1, for testing in a real browser and for office PCs that cannot run
//! the desktop shell.
//!
//! Safety: the server binds the loopback address only; every command needs the
//! per-launch random token printed in the URL; requests whose `Host` or
//! `Origin` is not this server's are refused (no other web page, and no DNS
//! rebinding, can drive it).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use include_dir::{include_dir, Dir};
use serde_json::{json, Value};

use taizhang_core::api::{self, OutFile, Reply};
use taizhang_core::error::Error;
use taizhang_core::App;

static UI: Dir = include_dir!("$CARGO_MANIFEST_DIR/../../ui");

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
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the system's random source works");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn run(app: App, port: u16, open: bool, ui_dir: Option<PathBuf>) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("无法启动：{e}")))?;
    runtime.block_on(serve(app, port, open, ui_dir))
}

async fn serve(app: App, port: u16, open: bool, ui_dir: Option<PathBuf>) -> Result<(), Error> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| Error::Internal(format!("无法在 127.0.0.1:{port} 上启动：{e}")))?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    let token = random_hex(24);
    let url = format!("http://127.0.0.1:{port}/#token={token}");
    println!(
        "台账已在浏览器模式下启动，数据文件：{}",
        app.store.path().display()
    );
    println!("请用浏览器打开：{url}");
    println!("按 Ctrl+C 退出。");
    use std::io::Write;
    std::io::stdout().flush().ok();
    if open {
        open_in_browser(&url);
    }
    let shared = Arc::new(Shared {
        app: Mutex::new(app),
        token,
        port,
        ui_dir,
        downloads: Mutex::new(VecDeque::new()),
    });
    let router = Router::new()
        .route("/api/{name}", post(api_call))
        .route("/download/{id}", get(download))
        .fallback(static_file)
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            same_origin_only,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared);
    axum::serve(listener, router)
        .await
        .map_err(|e| Error::Internal(format!("浏览器模式出错：{e}")))
}

fn open_in_browser(url: &str) {
    let result = if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = result {
        eprintln!("无法自动打开浏览器（{e}），请手动打开上面的网址。");
    }
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

/// RFC 5987 encoding of a file name for Content-Disposition.
fn encode_filename(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
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
                (header::CONTENT_TYPE, content_type(&file.name).to_string()),
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

fn content_type(path: &str) -> &'static str {
    match Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "json" => "application/json; charset=utf-8",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
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
    if rel
        .split('/')
        .any(|part| part == ".." || part.starts_with('.'))
    {
        return error_response(StatusCode::NOT_FOUND, "not_found", "找不到该文件。");
    }
    let bytes = match &shared.ui_dir {
        Some(dir) => std::fs::read(dir.join(rel)).ok(),
        None => UI.get_file(rel).map(|f| f.contents().to_vec()),
    };
    match bytes {
        Some(bytes) => Response::builder()
            .header(header::CONTENT_TYPE, content_type(rel))
            .header(header::CONTENT_SECURITY_POLICY, CSP)
            .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
            .header(header::REFERRER_POLICY, "no-referrer")
            .header(header::CACHE_CONTROL, "no-cache")
            .body(Body::from(bytes))
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
