#!/usr/bin/env bash
# Build the Windows command-line program on Debian 12, without rustup targets or the network
# beyond crates.io and Debian's mirror:
#
#   scripts/build-windows-cli.sh                  → target/x86_64-pc-windows-gnu/release/taizhang-cli.exe
#   scripts/build-windows-cli.sh --test-prefix    also prepare the test-only wine prefix
#                                                 (tests/windows/prepare-wine-prefix.sh)
#
# Idempotent like scripts/setup.sh: installs only what is missing (root or sudo), then an
# incremental cargo build (quick when nothing changed).
#
# How: Debian's rustc-web (/usr/bin/rustc; rust-web-src brings its standard library's source)
# builds std itself for x86_64-pc-windows-gnu (-Zbuild-std; RUSTC_BOOTSTRAP=1 allows that flag on a
# stable toolchain), mingw-w64 links. wine64 is for the tests only: tests/windows/cli.wine.test.mjs.
# The .exe needs Windows 10 or 11 (Rust's std imports ProcessPrng from bcryptprimitives.dll).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/install.sh
. scripts/lib/install.sh

test_prefix=0
for arg in "$@"; do
  case "$arg" in
    --test-prefix) test_prefix=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "未知参数：$arg（可用：--test-prefix）" >&2; exit 2 ;;
  esac
done

packages=(
  rustc-web       # /usr/bin/rustc (rust-web-src does not bring it on every Debian 12 point release)
  rust-web-src    # the std source -Zbuild-std compiles
  mingw-w64       # x86_64-w64-mingw32-gcc: links the .exe, compiles the bundled SQLite
  wine64          # runs the .exe in the tests
)
apt_ensure "${packages[@]}"
ensure_cargo

rustc=/usr/bin/rustc
sysroot="$("$rustc" --print sysroot)"
if [ ! -d "$sysroot/lib/rustlib/src/rust/library/std" ]; then
  echo "==> $rustc has no standard library source ($sysroot/lib/rustlib/src): reinstall rust-web-src" >&2
  exit 1
fi

echo "==> building taizhang-cli.exe with $("$rustc" --version)"
RUSTC="$rustc" RUSTC_BOOTSTRAP=1 \
CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc \
  cargo build --locked -Zbuild-std=std,panic_abort --release --target x86_64-pc-windows-gnu -p taizhang-cli

exe=target/x86_64-pc-windows-gnu/release/taizhang-cli.exe
[ -f "$exe" ] || { echo "==> $exe was not made" >&2; exit 1; }
echo "==> $exe ($(du -h "$exe" | cut -f1))"

if [ "$test_prefix" = 1 ]; then
  tests/windows/prepare-wine-prefix.sh >/dev/null
  echo "==> test wine prefix ready: target/wine-test/prefix (node --test tests/windows/)"
fi
