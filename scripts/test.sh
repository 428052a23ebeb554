#!/usr/bin/env bash
# Run every test: the core and CLI (unit, property, golden, documents through
# LibreOffice), then the end-to-end suites in browser mode (Playwright +
# Chromium) and in the real Tauri window (tauri-driver under Xvfb).
# Installs what it needs first (scripts/setup.sh test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"

echo "==> core and command-line tests"
cargo test --locked -p taizhang-core -p taizhang-cli

echo "==> building the command-line program and the desktop app for the end-to-end tests"
cargo build --locked -p taizhang-cli -p taizhang-app

echo "==> end-to-end tests"
node --test --test-concurrency=1 tests/e2e/*.test.mjs

echo "==> the benchmark at a small scale (so that it cannot rot; times are not judged here)"
cargo run --locked --profile perf -p taizhang-bench -- --scale 0.01 --runs 1 --app target/debug/taizhang --out target/bench-ci
