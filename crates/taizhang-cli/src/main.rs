//! `taizhang-cli`: the command-line program over the same core as the desktop
//! app, for district IT, scripts and tests, and browser mode (`serve`).

mod instance;
mod launch;
mod ledger;
mod quiet;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{json, Value};

use taizhang_core::api::{self, Reply};
use taizhang_core::backup;
use taizhang_core::error::Error;
use taizhang_core::report::{Format, Template};
use taizhang_core::store::resolve_db_path;
use taizhang_core::App;

#[derive(Parser)]
#[command(
    name = "taizhang-cli",
    version,
    about = "政务公开台账（taizhang）命令行程序 / command-line program of the taizhang records manager",
    long_about = None,
)]
struct Cli {
    /// 数据文件（默认：环境变量 TAIZHANG_DB，否则用户数据目录中的 taizhang.db）
    #[arg(long, global = true, value_name = "FILE")]
    db: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 导入数据包（taizhang.dataset/1，.json）或原有台账（.xlsx、.xls、.ods）：全部导入或全部不导入
    ///
    /// 台账：按表头判断是主动公开台账还是窗口业务量统计表（也可用 --register 指定）；合计、填表人/审核人、注释行跳过；再导入一次不会重复。
    Import {
        /// 数据包文件（.json）或台账（.xlsx、.xls、.ods）
        file: PathBuf,
        #[command(flatten)]
        ledger: ledger::Options,
    },
    /// 导出数据包（taizhang.dataset/1）
    ExportData {
        /// 输出文件
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 只导出该年度年报用到的记录（含以前年度收到、结转到该年的申请和复议诉讼，该年仍有效的规范性文件）
        #[arg(long, value_name = "Y")]
        year: Option<i32>,
        /// 包含申请人姓名和联系方式（个人信息，请妥善保管）
        #[arg(long)]
        with_personal_data: bool,
    },
    /// 备份数据文件：把当前数据完整地复制到指定文件（可在程序运行时进行）
    Backup {
        /// 备份文件（.db）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 从备份恢复：先把当前数据另存到 backups 文件夹，再用备份替换
    Restore {
        /// 备份文件（.db）
        file: PathBuf,
    },
    /// 抢救数据：数据文件损坏时，把仍能读出的全部记录导出为数据包（恢复备份后再导入）
    Salvage {
        /// 输出的数据包文件（.json）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 导出年度报告；不指定 --out 时以 JSON（taizhang.report/1）输出到标准输出
    ///
    /// 年度数据有错误时：docx、html、xlsx、pdf 拒绝导出（退出码 1）；json 照常导出，错误列在其中的 checks 里，退出码为 0（标准错误输出上另有提醒）。
    ///
    /// 要判断有没有错误，请用 check 命令：有错误时退出码为 1。
    Report {
        /// 报告年度
        #[arg(long, value_name = "Y")]
        year: i32,
        /// 模板
        #[arg(long, value_enum, default_value = "standard")]
        template: TemplateArg,
        /// 格式
        #[arg(long, value_enum, default_value = "json")]
        format: FormatArg,
        /// 输出文件
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// 检查年度数据：列出全部错误和提醒，有错误时退出码为 1
    Check {
        /// 报告年度
        #[arg(long, value_name = "Y")]
        year: i32,
    },
    /// 区县汇总：把多个单位的数据包按年度汇总，输出 .xlsx（含各单位明细）或 .json
    ///
    /// 数据文件中有区县汇总名单时（在“年报 → 区县汇总”中维护），按单位代码、否则按单位名称（街道办事处/街道办/街道视为同一单位）对照名单，列出未报送、年度不符、未通过检查的单位；其他年度的数据包不计入汇总。
    Consolidate {
        /// 各单位的数据包（taizhang.dataset/1）
        #[arg(required = true)]
        packages: Vec<PathBuf>,
        /// 报告年度
        #[arg(long, value_name = "Y")]
        year: i32,
        /// 输出文件（.xlsx 或 .json）
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 浏览器模式：在 127.0.0.1 上提供界面，用浏览器打开打印出的网址
    Serve {
        /// 端口（默认：这个数据文件上次用的端口，被占用时自动选择空闲端口；0 表示任意空闲端口）
        #[arg(long)]
        port: Option<u16>,
        /// 启动后用系统浏览器打开
        #[arg(long)]
        open: bool,
        /// 从该目录提供界面文件，而不是程序内置的（开发用）
        #[arg(long, value_name = "DIR", hide = true)]
        ui_dir: Option<PathBuf>,
        /// 连续这么多秒没有打开的页面时自动备份并退出（launch 使用）
        #[arg(long, value_name = "SECS", hide = true)]
        idle_exit: Option<u64>,
    },
    /// 桌面快捷方式“政务公开台账”运行的命令：在后台启动浏览器模式并用默认浏览器打开；已在运行时只打开一个新页面
    Launch,
    /// Every command of the command table as JSON `[{name, writes}]` (for the UI's contract test)
    #[command(hide = true)]
    Commands,
}

/// A value of `--template` or `--format`: one of the documents' own values,
/// named on the command line by `$name` (its key or extension) and described
/// in the help by its Chinese label.
macro_rules! value_enum {
    ($(#[$doc:meta])* $arg:ident($inner:ident), $name:ident, [$($variant:ident),+]) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        struct $arg($inner);

        impl ValueEnum for $arg {
            fn value_variants<'a>() -> &'a [Self] {
                const ALL: &[$arg] = &[$($arg($inner::$variant)),+];
                ALL
            }

            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.0.$name()).help(self.0.label()))
            }
        }
    };
}

value_enum!(
    /// `--template`: standard, summary, ledger.
    TemplateArg(Template),
    key,
    [Standard, Summary, Ledger]
);
value_enum!(
    /// `--format`: docx, html, xlsx, pdf, json.
    FormatArg(Format),
    ext,
    [Docx, Html, Xlsx, Pdf, Json]
);

fn main() -> ExitCode {
    quiet::exit_quietly_on_closed_stdout();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match cli.command {
        Command::Launch => return launch::run(&resolve_db_path(cli.db.as_deref())),
        Command::Commands => {
            println!("{}", taizhang_core::api::command_list());
            return ExitCode::SUCCESS;
        }
        Command::Serve {
            port,
            open,
            ui_dir,
            idle_exit,
        } => {
            let options = serve::Options {
                port,
                open,
                ui_dir,
                idle_exit: idle_exit.map(std::time::Duration::from_secs),
            };
            return serve_command(cli.db.as_deref(), options);
        }
        _ => {}
    }
    let db = resolve_db_path(cli.db.as_deref());
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if quiet::is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            if e.code() == "damaged" {
                quiet::damage_advice(&db);
            }
            if let Error::Problems { problems } = &e {
                for p in problems {
                    eprintln!("  {p}");
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// Help and version go to stdout as clap prints them; a mistake on the
/// command line gets a Chinese first line, then clap's own detail.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind as K;
    let what = match e.kind() {
        K::DisplayHelp | K::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        K::InvalidSubcommand => "没有这个命令",
        K::UnknownArgument => "无法识别的参数",
        K::MissingRequiredArgument => "缺少必需的参数",
        K::MissingSubcommand | K::DisplayHelpOnMissingArgumentOrSubcommand => "请指定要执行的命令",
        K::InvalidValue | K::ValueValidation | K::InvalidUtf8 => "参数的值不正确",
        K::ArgumentConflict => "这些参数不能同时使用",
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => "参数的个数不对",
        _ => "命令行有误",
    };
    eprintln!("错误：{what}（taizhang-cli --help 查看用法）");
    let _ = e.print();
    ExitCode::from(2)
}

/// Browser mode. One server per data file: a second one exits with
/// [`serve::EXIT_ALREADY_RUNNING`] and says where the first one is.
fn serve_command(db: Option<&Path>, options: serve::Options) -> ExitCode {
    let paths = instance::Paths::for_db(&resolve_db_path(db));
    let fail = |e: Error| {
        eprintln!("错误：{e}");
        ExitCode::FAILURE
    };
    if let Err(e) = std::fs::create_dir_all(&paths.dir) {
        return fail(Error::file(
            "创建",
            &paths.dir,
            format!("{e}。请确认这个位置可以写入，或用 --db 指定别的数据文件"),
        ));
    }
    let lock = match instance::InstanceLock::acquire(&paths.lock) {
        Ok(lock) => lock,
        Err(instance::LockError::Held) => {
            let url = instance::running(&paths)
                .map(|s| format!("请用浏览器打开：{}", s.url()))
                .unwrap_or_else(|| "请稍候再试，或使用已经打开的页面。".into());
            eprintln!(
                "错误：数据文件“{}”已由另一个正在运行的台账程序打开，不能同时打开两次。{url}",
                paths.db.display()
            );
            return ExitCode::from(serve::EXIT_ALREADY_RUNNING);
        }
        Err(instance::LockError::Io(e)) => {
            return fail(Error::file(
                "创建",
                &paths.lock,
                format!("{e}。请确认数据文件所在的文件夹存在并且可以写入"),
            ))
        }
    };
    let app = match open_app(Some(&paths.db)) {
        Ok(app) => app,
        Err(e) => return fail(e),
    };
    backup::spawn_auto(app.store.path().to_path_buf());
    match serve::run(app, &paths, lock, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn open_app(db: Option<&Path>) -> Result<App, Error> {
    let app = App::open(&resolve_db_path(db))?;
    warn_of_clock(&app);
    Ok(app)
}

/// A PC clock years off would silently move every due date: said on stderr
/// before anything else (stdout stays the command's own output). A file too
/// damaged to tell is left to the command's own error.
fn warn_of_clock(app: &App) {
    if let Ok(Some(warning)) = taizhang_core::clock::check(app.store.conn()) {
        eprintln!("警告：{}", warning.message);
    }
}

/// Run one command of the core and expect JSON back.
fn call(app: &mut App, name: &str, args: Value) -> Result<Value, Error> {
    match api::dispatch(app, name, args)? {
        Reply::Json(v) => Ok(v),
        Reply::Files { .. } => Err(Error::Internal(format!("{name} 返回了文件"))),
    }
}

/// Run a command of the core that produces one file, and write it to `out`.
fn call_to_file(app: &mut App, name: &str, args: Value, out: &Path) -> Result<String, Error> {
    match api::dispatch(app, name, args)? {
        Reply::Files { files, message } => {
            let file = files
                .into_iter()
                .next()
                .ok_or_else(|| Error::Internal("没有生成文件".into()))?;
            write_atomically(out, &file.bytes)?;
            Ok(message)
        }
        Reply::Json(_) => Err(Error::Internal(format!("{name} 没有生成文件"))),
    }
}

/// Write through a temporary file in the same folder, so that a crash never
/// leaves half a file under the final name (see `taizhang_core::durable`).
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    taizhang_core::durable::write_atomically(path, bytes)
}

/// The text of a file the user named; an error names the file.
fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::reading(path, e))
}

/// What an import kept, and the conflicts it met (another PC's package).
fn print_merged(merged: &Value) {
    let none = vec![];
    let mut total = 0;
    for counted in merged["counted"].as_array().unwrap_or(&none) {
        let n = counted["count"].as_u64().unwrap_or(0);
        total += n;
        println!("{}：{n} 条", counted["label"].as_str().unwrap_or(""));
    }
    let listed = merged["listed"].as_array().unwrap_or(&none);
    for entry in listed {
        println!("  {}", entry["message"].as_str().unwrap_or(""));
    }
    if total > listed.len() as u64 {
        println!("  ……另有 {} 条未列出", total - listed.len() as u64);
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Import { file, ledger } if ledger::is_ledger(&file) => {
            let mut app = open_app(cli.db.as_deref())?;
            ledger::import(&mut app, &file, &ledger, &mut call)
        }
        Command::Import { file, ledger } if ledger == ledger::Options::default() => {
            let text = read_text(&file)?;
            let mut app = open_app(cli.db.as_deref())?;
            let summary = call(&mut app, "data.import", json!({"text": text}))?;
            println!("已导入，新增或修改 {} 条记录", summary["total"]);
            // In import order, by the names the clerk knows.
            for section in taizhang_core::dataset::sections() {
                let n = &summary["changed"][section.key()];
                if n.as_u64().is_some_and(|n| n > 0) {
                    println!("  {}（{}）：{n}", section.label(), section.key());
                }
            }
            print_merged(&summary["merged"]);
            Ok(())
        }
        Command::Import { file, .. } => Err(Error::invalid(
            "file",
            format!(
                "“{}”不是台账表格（.xlsx、.xls、.ods）：--register、--dry-run、--add-missing、--window、--year、--month 只用于导入台账",
                file.display()
            ),
        )),
        Command::ExportData {
            out,
            year,
            with_personal_data,
        } => {
            let mut app = open_app(cli.db.as_deref())?;
            let message = call_to_file(
                &mut app,
                "data.export",
                json!({"year": year, "personal": with_personal_data}),
                &out,
            )?;
            println!("{message}：{}", out.display());
            Ok(())
        }
        Command::Backup { out } => {
            let app = open_app(cli.db.as_deref())?;
            if out.exists() {
                return Err(Error::invalid(
                    "out",
                    format!("“{}”已存在，请换一个文件名", out.display()),
                ));
            }
            backup::copy_to(app.store.conn(), &out)?;
            println!("已备份到：{}", out.display());
            Ok(())
        }
        Command::Restore { file } => {
            let mut app = open_app(cli.db.as_deref())?;
            let report = backup::restore_path(&mut app, &file)?;
            println!("已从“{}”恢复。", file.display());
            if let Some(copy) = &report.safety_copy {
                println!("恢复前的数据已另存为：{}", copy.path.display());
            }
            for c in report.info.counts.iter().filter(|c| c.count > 0) {
                println!("  {}：{}", c.label, c.count);
            }
            Ok(())
        }
        Command::Salvage { out } => {
            let mut app = open_app(cli.db.as_deref())?;
            let message = call_to_file(&mut app, "health.salvage", json!({}), &out)?;
            println!("{message}已保存到：{}", out.display());
            Ok(())
        }
        Command::Report {
            year,
            template,
            format,
            out,
        } => {
            let app = open_app(cli.db.as_deref())?;
            report(&app, year, template.0, format.0, out.as_deref())
        }
        Command::Check { year } => {
            let app = open_app(cli.db.as_deref())?;
            check(&app, year)
        }
        Command::Consolidate {
            packages,
            year,
            out,
        } => consolidate(&packages, year, &out, cli.db.as_deref()),
        Command::Serve { .. } | Command::Launch | Command::Commands => {
            unreachable!("handled in main")
        }
    }
}

fn report(
    app: &App,
    year: i32,
    template: Template,
    format: Format,
    out: Option<&Path>,
) -> Result<(), Error> {
    let annual = taizhang_core::annual::assemble(app, year)?;
    let file = taizhang_core::exports::export_files(&annual, template, &[format])?
        .pop()
        .expect("one format, one file");
    // Only the data file gets here with errors; say so beside stdout's JSON.
    let errors = annual.errors().count();
    if errors > 0 {
        eprintln!("提醒：{year}年度的数据有 {errors} 处错误，已列在 checks 中（详见 check 命令）");
    }
    match out {
        Some(path) => {
            write_atomically(path, &file.bytes)?;
            println!("已导出：{}", path.display());
        }
        None if format == Format::Json => {
            use std::io::Write;
            std::io::stdout().write_all(&file.bytes)?;
            println!();
        }
        None => {
            let path = PathBuf::from(&file.name);
            write_atomically(&path, &file.bytes)?;
            println!("已导出：{}", path.display());
        }
    }
    Ok(())
}

fn check(app: &App, year: i32) -> Result<(), Error> {
    use taizhang_core::report::figures::CheckLevel;
    let annual = taizhang_core::annual::assemble(app, year)?;
    let checks = &annual.figures().checks;
    if checks.is_empty() {
        println!("{year}年度检查通过，没有发现问题。");
        return Ok(());
    }
    for c in checks {
        let level = match c.level {
            CheckLevel::Error => "错误",
            CheckLevel::Warning => "提醒",
            CheckLevel::Info => "提示",
        };
        let records = if c.records.is_empty() {
            String::new()
        } else {
            format!("（{}）", c.records.join("、"))
        };
        println!("{level} [{}] {}{records}", c.code, c.message);
    }
    let errors = annual.errors().count();
    if errors > 0 {
        return Err(Error::conflict(format!(
            "{year}年度有 {errors} 处错误，需改正后才能导出年报"
        )));
    }
    println!("{year}年度没有错误，有 {} 条提醒。", checks.len());
    Ok(())
}

/// The district's roster, from the data file when there is one: consolidating
/// never creates a data file.
fn district_roster(db: Option<&Path>) -> Result<Vec<taizhang_core::roster::RosterEntry>, Error> {
    let path = resolve_db_path(db);
    if !path.exists() {
        return Ok(vec![]);
    }
    taizhang_core::roster::list(&App::open(&path)?)
}

/// Who reported, entry by entry, and the district's warnings about it.
fn print_roster(c: &taizhang_core::consolidate::Consolidation) {
    if !c.roster.lines.is_empty() {
        println!("名单中的 {} 个单位：", c.roster.lines.len());
    }
    for l in &c.roster.lines {
        let source = l
            .source
            .as_deref()
            .map(|s| format!("（{s}）"))
            .unwrap_or_default();
        let note = if l.note.is_empty() {
            String::new()
        } else {
            format!("：{}", l.note)
        };
        println!("  {} {}{source}{note}", l.name, l.status.label());
    }
    for w in c
        .total
        .checks
        .iter()
        .filter(|x| x.code.starts_with("roster."))
    {
        println!("提醒 [{}] {}", w.code, w.message);
    }
}

fn consolidate(files: &[PathBuf], year: i32, out: &Path, db: Option<&Path>) -> Result<(), Error> {
    use taizhang_core::consolidate;
    let mut packages = vec![];
    for f in files {
        let text = read_text(f)?;
        let source = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        packages.push((source, taizhang_core::dataset::parse(&text)?));
    }
    let c = consolidate::consolidate_for(&packages, year, &district_roster(db)?)?;
    let bytes = match out.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::to_vec_pretty(&consolidate::to_json(&c)).expect("serializable"),
        Some("xlsx") => consolidate::workbook(&c)?,
        _ => {
            return Err(Error::invalid(
                "out",
                "汇总结果应保存为 .xlsx 或 .json 文件",
            ))
        }
    };
    write_atomically(out, &bytes)?;
    for o in &c.offices {
        println!(
            "{}：主动公开 {} 条，新收申请 {} 件",
            o.office,
            o.figures.disclosures.total,
            o.figures.applications.rows.total("new")
        );
    }
    print_roster(&c);
    println!("已汇总 {} 个单位：{}", c.offices.len(), out.display());
    let errors: Vec<_> = c
        .total
        .checks
        .iter()
        .filter(|x| x.level == taizhang_core::report::figures::CheckLevel::Error)
        .collect();
    for e in &errors {
        println!("错误 [{}] {}", e.code, e.message);
    }
    if !errors.is_empty() {
        return Err(Error::conflict(format!(
            "汇总数据有 {} 处错误（已写入“检查”表）",
            errors.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_options_list_every_template_and_format() {
        let templates: Vec<_> = TemplateArg::value_variants().iter().map(|t| t.0).collect();
        assert_eq!(templates, Template::ALL);
        let formats: Vec<_> = FormatArg::value_variants().iter().map(|f| f.0).collect();
        assert_eq!(formats, Format::ALL);
    }
}
