#!/usr/bin/env bash
# Build and launch the desktop app. Extra arguments go to the app
# (e.g. scripts/run.sh --db /path/to/taizhang.db).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release -p taizhang-app --features custom-protocol
exec target/release/taizhang "$@"
