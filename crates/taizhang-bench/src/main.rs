//! `taizhang-bench`: ten years of data through the app's own code paths, and
//! the figures the performance issue asks for, each the median (or p50/p95)
//! of several runs in one process on this machine. Writes `results.json` and
//! `results.md` and prints the table.
//!
//!     cargo run --profile perf -p taizhang-bench -- [--scale 1.0] [--app target/release/taizhang]

mod desktop;
mod footprint;
mod generate;
mod measure;
mod report;
mod results;

use std::path::PathBuf;

use clap::Parser;

#[derive(Parser)]
#[command(name = "taizhang-bench", about = "taizhang 性能基准 / the benchmark")]
pub struct Args {
    /// Data size: 1.0 = 100,000 disclosures, 10,000 applications, 1,000 appeals, ten years of daily tallies.
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Repetitions of the expensive measurements (import, report).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Where results.json and results.md go.
    #[arg(long, default_value = "target/bench")]
    out: PathBuf,
    /// The desktop app to measure under Xvfb (launch time, memory); skipped when absent.
    #[arg(long)]
    app: Option<PathBuf>,
    /// Keep the generated data file here (for looking at it afterwards).
    #[arg(long)]
    keep_db: Option<PathBuf>,
}

fn main() {
    let args = Args::parse();
    match measure::run(&args) {
        Ok(results) => {
            let md = report::markdown(&results);
            std::fs::create_dir_all(&args.out).expect("output folder");
            std::fs::write(
                args.out.join("results.json"),
                serde_json::to_string_pretty(&results.to_json()).unwrap(),
            )
            .expect("write results.json");
            std::fs::write(args.out.join("results.md"), &md).expect("write results.md");
            println!("{md}");
            println!("results: {}", args.out.join("results.json").display());
        }
        Err(e) => {
            eprintln!("benchmark failed: {e}");
            std::process::exit(1);
        }
    }
}
