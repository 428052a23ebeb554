#!/usr/bin/env bash
# Build the portable browser-mode program (taizhang-cli) for 信创 Linux: Kylin V10 / UOS 20,
# glibc 2.28 and later, no WebKitGTK needed.
#
#   scripts/build-linux-portable.sh [amd64|arm64|all]      (default: all)
#
# Installs what it needs first (cargo-zigbuild, zig from PyPI, for arm64 Debian's rustc-web and
# its aarch64 std); quick when all is there. Results, each checked (machine, highest GLIBC
# symbol version ≤ 2.28, shared libraries):
#   target/portable/x86_64-unknown-linux-gnu/release/taizhang-cli
#   target/portable/aarch64-unknown-linux-gnu/release/taizhang-cli
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../packaging/linux/lib.sh
. packaging/linux/lib.sh

which="${1:-all}"
case "$which" in
  all) arches=(amd64 arm64) ;;
  amd64 | arm64) arches=("$which") ;;
  *) die "usage: $0 [amd64|arm64|all]" ;;
esac

for arch in "${arches[@]}"; do
  ensure_build_tools "$arch"
done

export CARGO_ZIGBUILD_PYTHON_PATH="$ZIG_VENV/bin/python3"
export CARGO_TARGET_DIR="$PORTABLE_TARGET_DIR"

for arch in "${arches[@]}"; do
  triple=$(rust_triple "$arch")
  rustc_env=()
  # No downloaded toolchains: the rustup toolchain has only the host's std, so the aarch64
  # build uses Debian's rustc (1.8x+ with libstd-rust-web-dev:arm64).
  if [ "$arch" = arm64 ]; then rustc_env=(RUSTC=/usr/bin/rustc); fi
  log "building taizhang-cli for $arch ($triple, glibc $GLIBC_MAX)"
  start=$(date +%s)
  env "${rustc_env[@]}" cargo zigbuild --locked --release -p taizhang-cli --bin taizhang-cli \
    --target "$triple.$GLIBC_MAX"
  log "built for $arch in $(( $(date +%s) - start )) s"
  check_portable_binary "$(portable_binary "$arch")" "$arch"
done
