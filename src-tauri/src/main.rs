//! The desktop shell: a window showing `ui/`, and one command, `call`, that
//! hands every request to the core's command layer. Nothing else is exposed to
//! the page: files are written here, at a path the native dialog returned.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod files;
mod window_geometry;

use std::path::PathBuf;
use std::sync::{Mutex, Once, OnceLock};
use std::time::Instant;

use clap::Parser;
use serde_json::{json, Value};
use tauri::{AppHandle, Manager, State};

use taizhang_core::api::{self, Reply};
use taizhang_core::error::Error;
use taizhang_core::store::resolve_db_path;
use taizhang_core::App;

/// The open data file, or why it could not be opened (shown by the UI).
struct Shell {
    app: Mutex<Result<App, Error>>,
    /// The folder the last export went to, for 打开文件夹.
    last_folder: Mutex<Option<PathBuf>>,
}

/// The desktop program's own arguments.
#[derive(Parser)]
#[command(
    name = "taizhang",
    version,
    about = "政务公开台账（taizhang）桌面程序 / the desktop program of the taizhang records manager"
)]
struct Args {
    /// 数据文件（默认：环境变量 TAIZHANG_DB，否则用户数据目录中的 taizhang.db）
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// WebKitWebDriver starts the program with `--automation` (the window tests).
    #[arg(long, hide = true)]
    automation: bool,
}

/// When the process started, for the benchmark's launch-time probe.
static STARTED: OnceLock<Instant> = OnceLock::new();
static FIRST_COMMAND: Once = Once::new();

/// With `TAIZHANG_STARTUP_PROBE` set, say on stderr how long after launch the
/// page's first command was answered (the benchmark reads it).
fn probe_first_command() {
    FIRST_COMMAND.call_once(|| {
        if std::env::var_os("TAIZHANG_STARTUP_PROBE").is_some() {
            let ms = STARTED.get().map(|t| t.elapsed().as_millis()).unwrap_or(0);
            eprintln!("taizhang: first command answered {ms} ms after launch");
        }
    });
}

/// Run a core command. Commands that produce files get them saved here.
#[tauri::command]
async fn call(
    handle: AppHandle,
    shell: State<'_, Shell>,
    name: String,
    args: Value,
) -> Result<Value, Value> {
    if name == "shell.open_folder" {
        let folder = shell.last_folder.lock().expect("not poisoned").clone();
        return files::open_folder(folder)
            .map(|_| json!({}))
            .map_err(|e| e.to_json());
    }
    let reply = {
        let mut guard = shell.app.lock().expect("not poisoned");
        let app = guard.as_mut().map_err(|e| e.to_json())?;
        let reply = api::dispatch(app, &name, args).map_err(|e| e.to_json());
        probe_first_command();
        reply?
    };
    match reply {
        Reply::Json(v) => Ok(v),
        Reply::Files { files, message } => {
            let saved = files::save(&handle, files).map_err(|e| e.to_json())?;
            match saved {
                None => Ok(json!({"cancelled": true})),
                Some((folder, paths)) => {
                    *shell.last_folder.lock().expect("not poisoned") = Some(folder.clone());
                    Ok(json!({
                        "message": message,
                        "saved": paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                        "folder": folder.display().to_string(),
                    }))
                }
            }
        }
    }
}

fn main() {
    STARTED.get_or_init(Instant::now);
    // WebKitGTK's compositing mode costs about 60 MB and gains nothing for an
    // office form application; the user may still override it.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    let args = Args::parse();
    let db_path = resolve_db_path(args.db.as_deref());
    tauri::Builder::default()
        // Must come first: a second launch focuses this window and exits
        // while the plugins initialise, before `setup` below has opened the
        // data file or made a launch backup.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        // Runs before the event loop starts, so the page cannot call a
        // command before the state exists.
        .setup(move |app| {
            let opened = App::open(&db_path);
            match &opened {
                // A copy at launch and every few hours, on a thread of its own.
                Ok(_) => taizhang_core::backup::spawn_auto(db_path.clone()),
                Err(e) => eprintln!("无法打开数据文件 {}：{e}", db_path.display()),
            }
            app.manage(Shell {
                app: Mutex::new(opened),
                last_folder: Mutex::new(None),
            });
            // Hidden until sized to the screen (window_geometry.rs).
            if let Some(w) = app.get_webview_window("main") {
                window_geometry::place(&w);
                window_geometry::remember(&w);
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![call])
        .run(tauri::generate_context!())
        .expect("error while running the taizhang window");
}
