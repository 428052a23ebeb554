#!/usr/bin/env bash
# Run every test: the core and CLI (unit, property, golden, documents through
# LibreOffice), the end-to-end suites in browser mode (Playwright + Chromium),
# in the real Tauri window (tauri-driver under Xvfb) and of the launcher; then
# the other systems' programs: the Windows CLI under wine and the portable
# ARM64 program (Kylin/UOS browser mode) under qemu.
# Installs what it needs first (scripts/setup.sh test; the cross builds'
# scripts install their own tools).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"
started=$(date +%s)
step() { echo "==> [$(( $(date +%s) - started )) s] $*"; }

step "import cycles between modules (scripts/module-cycles.py)"
scripts/module-cycles.py

step "library crates' and command-line tests"
cargo test --locked -p taizhang-base -p taizhang-store -p taizhang-documents -p taizhang-records -p taizhang-year-report -p taizhang-services -p taizhang-core -p taizhang-cli

step "building the command-line program and the desktop app for the end-to-end tests"
cargo build --locked -p taizhang-cli -p taizhang-app

step "the UI's command names against the command table"
node --test tests/contract/*.test.mjs

step "end-to-end tests"
node --test --test-concurrency=1 tests/e2e/*.test.mjs

step "Windows: the command-line program built for x86_64-pc-windows-gnu, its tests under wine"
scripts/build-windows-cli.sh
node --test --test-concurrency=1 tests/windows/*.test.mjs

step "Kylin/UOS on ARM64: the portable program (glibc ≤ 2.28) and its package, run under qemu"
scripts/package-linux.sh --web-only --arch arm64
node --test --test-concurrency=1 tests/portable/arm64.test.mjs

step "the benchmark at a small scale (so that it cannot rot; times are not judged here)"
cargo run --locked --profile perf -p taizhang-bench -- --scale 0.01 --runs 1 --app target/debug/taizhang --out target/bench-ci
step "done"
