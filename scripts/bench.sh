#!/usr/bin/env bash
# The benchmark at full scale (ten years of data), with the release desktop app.
# Results: target/bench/results.md and results.json. Takes about ten minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --locked --release -p taizhang-app --features custom-protocol
cargo run --locked --profile perf -p taizhang-bench -- --scale "${SCALE:-1.0}" --runs "${RUNS:-3}" \
  --app target/release/taizhang --out target/bench "$@"
