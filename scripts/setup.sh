#!/usr/bin/env bash
# Install what taizhang needs on Debian 12 / Ubuntu 22.04+, idempotently.
#   scripts/setup.sh run    what building and launching the desktop app needs
#   scripts/setup.sh test   everything the test suite needs (a superset)
# Quick when everything is already installed: it only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/install.sh
. scripts/lib/install.sh

purpose="${1:-test}"

run_packages=(
  build-essential pkg-config curl file libssl-dev
  libwebkit2gtk-4.1-dev      # the Tauri window (WebKitGTK 4.1, GTK 3)
  fonts-noto-cjk             # Chinese text; without it the window shows boxes
)
test_packages=(
  xvfb xauth                 # a display for the real window
  webkit2gtk-driver          # WebKitWebDriver, driven through tauri-driver
  chromium                   # browser-mode tests (Playwright drives Debian's Chromium)
  firefox-esr                # browser-mode tests in Firefox (Kylin's default browser), through geckodriver
  libreoffice-writer-nogui libreoffice-calc-nogui  # .docx/.xlsx → PDF
  poppler-utils              # pdftotext / pdftoppm
  sqlite3                    # the benchmark's bare-SQL baseline
  zstd                       # the Windows suite decompresses the .exe's compressed backups to check them
  imagemagick                # screenshots of the window
  dbus                       # dbus-run-session for the single-instance test
  procps                     # ps / pkill in the harnesses
  qemu-user binutils         # the portable ARM64 program run under qemu-aarch64, its ELF read
  python3 python3-venv       # openxml-audit, the documents test's .docx/.xlsx validator
)
# The cross builds' own tools (Debian's rustc-web with the aarch64 and Windows
# standard libraries, mingw-w64, wine64, cargo-zigbuild, zig) are installed by
# scripts/build-windows-cli.sh and scripts/build-linux-portable.sh.

packages=("${run_packages[@]}")
if [ "$purpose" = "test" ]; then
  packages+=("${test_packages[@]}")
fi

apt_ensure "${packages[@]}"
ensure_cargo

if [ "$purpose" = "test" ]; then
  # npm dev packages: playwright-core, selenium-webdriver, the Tauri CLI.
  if ! command -v npm >/dev/null 2>&1; then
    echo "==> installing Node.js and npm"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> installing npm dev packages"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  # tauri-driver: the WebDriver bridge to the real Tauri window.
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! command -v tauri-driver >/dev/null 2>&1; then
    echo "==> installing tauri-driver"
    cargo install tauri-driver --locked --version '^2' --quiet
  fi

  # openxml-audit (PyPI), pinned: the Office Open XML validator that
  # crates/taizhang-documents/tests/openxml_audit.rs runs on every export.
  oxa_venv="$HOME/.cache/taizhang/oxa"
  oxa_version=0.8.0
  if ! "$oxa_venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('openxml-audit') != '$oxa_version')" 2>/dev/null; then
    echo "==> installing openxml-audit $oxa_version in $oxa_venv"
    # A virtual environment whose Python no longer runs is made anew.
    "$oxa_venv/bin/python" -c '' 2>/dev/null || rm -rf "$oxa_venv"
    [ -x "$oxa_venv/bin/python" ] || python3 -m venv "$oxa_venv"
    "$oxa_venv/bin/python" -m pip install --quiet --disable-pip-version-check "openxml-audit==$oxa_version"
  fi

  # geckodriver: WebDriver for Firefox ESR (the browser-mode suite's second browser),
  # built from crates.io at a pinned version.
  geckodriver_version=0.36.0
  if ! geckodriver --version 2>/dev/null | grep -q "^geckodriver $geckodriver_version"; then
    echo "==> installing geckodriver $geckodriver_version"
    cargo install geckodriver --locked --version "=$geckodriver_version" --quiet --force
  fi
fi
