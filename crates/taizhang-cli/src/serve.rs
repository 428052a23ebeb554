//! Browser mode: the same user interface and the same commands, over HTTP on
//! 127.0.0.1, for testing in a real browser and for office PCs that cannot run
//! the desktop shell.
//!
//! Safety: the server binds the loopback address only; every command needs the
//! per-launch random token printed in the URL; requests whose `Host` or
//! `Origin` is not this server's are refused (no other web page, and no DNS
//! rebinding, can drive it).

use std::collections::VecDeque;
use std::io::Read;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use serde_json::{json, Value};
use tiny_http::{Header, Method, Request, Response, Server};

use taizhang_core::api::{self, OutFile, Reply};
use taizhang_core::error::Error;
use taizhang_core::App;

static UI: Dir = include_dir!("$CARGO_MANIFEST_DIR/../../ui");

pub const TOKEN_HEADER: &str = "X-Taizhang-Token";
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const MAX_BODY: u64 = 64 * 1024 * 1024;
/// Downloads kept for the browser to fetch (the latest exports).
const KEPT_DOWNLOADS: usize = 20;

struct Server_ {
    app: App,
    token: String,
    port: u16,
    ui_dir: Option<PathBuf>,
    downloads: VecDeque<(String, OutFile)>,
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the system's random source works");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn run(app: App, port: u16, open: bool, ui_dir: Option<PathBuf>) -> Result<(), Error> {
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| Error::Internal(format!("无法在 127.0.0.1:{port} 上启动：{e}")))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(port);
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
    let mut state = Server_ {
        app,
        token,
        port,
        ui_dir,
        downloads: VecDeque::new(),
    };
    for request in server.incoming_requests() {
        state.handle(request);
    }
    Ok(())
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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn json_response(status: u16, body: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.to_string().into_bytes())
        .with_status_code(status)
        .with_header(header("Content-Type", "application/json; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

fn error_response(status: u16, code: &str, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    json_response(status, &json!({"code": code, "message": message}))
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
        _ => "application/octet-stream",
    }
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

fn query_param<'a>(url: &'a str, key: &str) -> Option<&'a str> {
    let (_, query) = url.split_once('?')?;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))
}

/// Compare without an early exit, so that timing does not reveal the token.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Server_ {
    fn header_value<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
        request
            .headers()
            .iter()
            .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// `Host` must name this server; `Origin`, when sent, must be this server.
    fn same_origin(&self, request: &Request) -> bool {
        let allowed_hosts = [
            format!("127.0.0.1:{}", self.port),
            format!("localhost:{}", self.port),
        ];
        let host_ok = Self::header_value(request, "Host")
            .is_some_and(|h| allowed_hosts.iter().any(|a| a == h));
        let origin_ok = match Self::header_value(request, "Origin") {
            None => true,
            Some(o) => allowed_hosts.iter().any(|a| o == format!("http://{a}")),
        };
        host_ok && origin_ok
    }

    fn handle(&mut self, mut request: Request) {
        let url = request.url().to_string();
        let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
        if !self.same_origin(&request) {
            let _ = request.respond(error_response(
                403,
                "forbidden_origin",
                "拒绝来自其他网站的请求。",
            ));
            return;
        }
        let response = match (request.method(), path.as_str()) {
            (Method::Post, p) if p.starts_with("/api/") => {
                let token = Self::header_value(&request, TOKEN_HEADER)
                    .unwrap_or("")
                    .to_string();
                if !same_secret(&token, &self.token) {
                    error_response(
                        401,
                        "bad_token",
                        "访问口令无效，请使用启动时打印的完整网址打开。",
                    )
                } else {
                    let name = p.trim_start_matches("/api/").to_string();
                    self.api(&name, &mut request)
                }
            }
            (Method::Get, p) if p.starts_with("/download/") => {
                let token = query_param(&url, "token").unwrap_or("");
                if !same_secret(token, &self.token) {
                    error_response(401, "bad_token", "访问口令无效。")
                } else {
                    self.download(p.trim_start_matches("/download/"))
                }
            }
            (Method::Get | Method::Head, p) => self.static_file(p),
            _ => error_response(405, "method_not_allowed", "不支持的请求方式。"),
        };
        let _ = request.respond(response);
    }

    fn api(&mut self, name: &str, request: &mut Request) -> Response<std::io::Cursor<Vec<u8>>> {
        let mut body = String::new();
        let read = request
            .as_reader()
            .take(MAX_BODY + 1)
            .read_to_string(&mut body);
        if read.is_err() || body.len() as u64 > MAX_BODY {
            return error_response(413, "too_large", "请求内容过大或不是 UTF-8 文本。");
        }
        let args: Value = if body.trim().is_empty() {
            Value::Null
        } else {
            match serde_json::from_str(&body) {
                Ok(v) => v,
                Err(e) => {
                    return error_response(400, "bad_request", &format!("请求不是有效的 JSON：{e}"))
                }
            }
        };
        match api::dispatch(&mut self.app, name, args) {
            Ok(Reply::Json(v)) => json_response(200, &v),
            Ok(Reply::Files { files, message }) => {
                let links: Vec<Value> = files
                    .into_iter()
                    .map(|f| {
                        let id = random_hex(12);
                        let link = json!({"name": f.name, "url": format!("/download/{id}?token={}", self.token)});
                        self.downloads.push_back((id, f));
                        if self.downloads.len() > KEPT_DOWNLOADS {
                            self.downloads.pop_front();
                        }
                        link
                    })
                    .collect();
                json_response(200, &json!({"downloads": links, "message": message}))
            }
            Err(e) => {
                let status = match e.code() {
                    "not_found" => 404,
                    "unknown_command" => 404,
                    "database" | "io" | "internal" => 500,
                    _ => 400,
                };
                json_response(status, &e.to_json())
            }
        }
    }

    fn download(&self, id: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        match self.downloads.iter().find(|(i, _)| i == id) {
            Some((_, file)) => Response::from_data(file.bytes.clone())
                .with_header(header("Content-Type", content_type(&file.name)))
                .with_header(header(
                    "Content-Disposition",
                    &format!(
                        "attachment; filename*=UTF-8''{}",
                        encode_filename(&file.name)
                    ),
                ))
                .with_header(header("Cache-Control", "no-store")),
            None => error_response(404, "not_found", "下载链接已失效，请重新导出。"),
        }
    }

    fn static_file(&self, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        let rel = path.trim_start_matches('/');
        let rel = if rel.is_empty() { "index.html" } else { rel };
        if rel
            .split('/')
            .any(|part| part == ".." || part.starts_with('.'))
        {
            return error_response(404, "not_found", "找不到该文件。");
        }
        let bytes = match &self.ui_dir {
            Some(dir) => std::fs::read(dir.join(rel)).ok(),
            None => UI.get_file(rel).map(|f| f.contents().to_vec()),
        };
        match bytes {
            Some(bytes) => Response::from_data(bytes)
                .with_header(header("Content-Type", content_type(rel)))
                .with_header(header("Content-Security-Policy", CSP))
                .with_header(header("X-Content-Type-Options", "nosniff"))
                .with_header(header("Referrer-Policy", "no-referrer"))
                .with_header(header("Cache-Control", "no-cache")),
            None => error_response(404, "not_found", "找不到该文件。"),
        }
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
    fn query_parameters_are_found_by_exact_key() {
        assert_eq!(
            query_param("/download/x?token=abc&y=1", "token"),
            Some("abc")
        );
        assert_eq!(query_param("/download/x?tokens=abc", "token"), None);
    }
}
